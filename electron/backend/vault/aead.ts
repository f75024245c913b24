/**
 * XChaCha20-Poly1305 field encryption. Every ciphertext is `nonce || ct+tag`, bound by its associated
 * data `table|rowId|column|keyId` to its place, so a ciphertext swapped or moved to another row fails.
 */
import { TandaiError } from '../../../shared/result.js';
import { randomBytes, sodium } from './sodium.js';

const NONCE = 24;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const adFor = (table: string, rowId: string, column: string, keyId: string): string => `${table}|${rowId}|${column}|${keyId}`;

export function seal(key: Uint8Array, plaintext: Uint8Array, ad: string): Uint8Array {
  const nonce = randomBytes(NONCE);
  const ct = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key);
  const out = new Uint8Array(NONCE + ct.length);
  out.set(nonce, 0);
  out.set(ct, NONCE);
  return out;
}

/** Opens a ciphertext or throws INTEGRITY naming `what` (a place, never content). */
export function open(key: Uint8Array, blob: Uint8Array, ad: string, what: string): Uint8Array {
  if (!blob || blob.length < NONCE + 16) throw new TandaiError('INTEGRITY', `integrity check failed: ${what} is truncated`);
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, blob.subarray(NONCE), ad, blob.subarray(0, NONCE), key);
  } catch {
    throw new TandaiError('INTEGRITY', `integrity check failed: ${what} was altered, moved or encrypted under another key`);
  }
}

export const sealText = (key: Uint8Array, text: string, ad: string): Uint8Array => seal(key, enc.encode(text), ad);
export const openText = (key: Uint8Array, blob: Uint8Array, ad: string, what: string): string => dec.decode(open(key, blob, ad, what));
export const sealJson = (key: Uint8Array, value: unknown, ad: string): Uint8Array => sealText(key, JSON.stringify(value), ad);
export const openJson = <T>(key: Uint8Array, blob: Uint8Array, ad: string, what: string): T => JSON.parse(openText(key, blob, ad, what)) as T;
