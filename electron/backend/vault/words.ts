/** Human-facing key material: recovery phrases and fingerprints as BIP39 English words. */
import { entropyToMnemonic, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { TandaiError } from '../../../shared/result.js';
import { sodium } from './sodium.js';

/** 32 random bytes as 24 words (with BIP39's checksum, so a mistyped word is caught). */
export const recoveryPhrase = (key: Uint8Array): string => entropyToMnemonic(key, wordlist);

export function recoveryKeyFromPhrase(phrase: string): Uint8Array {
  const clean = phrase.trim().toLowerCase().split(/[\s,;-]+/).filter(Boolean).join(' ');
  if (!validateMnemonic(clean, wordlist)) {
    throw new TandaiError('WRONG_RECOVERY_KEY', 'that recovery key is not valid: it must be the 24 words shown when the project was created, in order');
  }
  return mnemonicToEntropy(clean, wordlist);
}

/** 12 words = 132 bits of BLAKE2b over the public keys (DESIGN: fingerprints carry >= 128 bits). */
export function fingerprint(signPublicKey: Uint8Array, boxPublicKey: Uint8Array): string {
  const data = new Uint8Array(signPublicKey.length + boxPublicKey.length);
  data.set(signPublicKey, 0);
  data.set(boxPublicKey, signPublicKey.length);
  const h = sodium().crypto_generichash(32, data, null);
  let bits = '';
  for (const b of h) bits += b.toString(2).padStart(8, '0');
  const words: string[] = [];
  for (let i = 0; i < 12; i++) words.push(wordlist[parseInt(bits.slice(i * 11, i * 11 + 11), 2)]!);
  return words.join('-');
}
