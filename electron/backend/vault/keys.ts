/**
 * The project key hierarchy: a random master key, wrapped by the passphrase's KEK, optionally by a
 * recovery key, and sealed to each member identity; purpose subkeys derived from it; a random data
 * key per participant, wrapped by the master key (never derived, so destroying it shreds the data).
 */
import { TandaiError } from '../../../shared/result.js';
import { open, seal } from './aead.js';
import { randomBytes, sodium } from './sodium.js';

export const KEY_BYTES = 32;
export const newKey = (): Uint8Array => randomBytes(KEY_BYTES);

const SUBKEY_CONTEXT = 'tandaiPK'; // exactly 8 bytes, as crypto_kdf requires
export const Subkey = { fields: 1, dedup: 2, header: 3 } as const;
export type SubkeyName = keyof typeof Subkey;

export function deriveSubkey(master: Uint8Array, name: SubkeyName): Uint8Array {
  return sodium().crypto_kdf_derive_from_key(KEY_BYTES, Subkey[name], SUBKEY_CONTEXT, master);
}

export function wrapKey(kek: Uint8Array, key: Uint8Array, ad: string): Uint8Array {
  return seal(kek, key, ad);
}

export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, ad: string, onFail: () => TandaiError): Uint8Array {
  try {
    const key = open(kek, wrapped, ad, 'key wrap');
    if (key.length !== KEY_BYTES) throw onFail();
    return key;
  } catch {
    throw onFail();
  }
}

/** The master key sealed to a member's X25519 public key (crypto_box_seal): only they can open it. */
export const sealToMember = (master: Uint8Array, boxPublicKey: Uint8Array): Uint8Array => sodium().crypto_box_seal(master, boxPublicKey);

export function openSealed(sealed: Uint8Array, boxPublicKey: Uint8Array, boxSecretKey: Uint8Array): Uint8Array {
  try {
    return sodium().crypto_box_seal_open(sealed, boxPublicKey, boxSecretKey);
  } catch {
    throw new TandaiError('INTEGRITY', 'integrity check failed: the project key sealed to this identity does not open');
  }
}

/** Keyed BLAKE2b: duplicate detection without an unkeyed hash that would confirm who took part. */
export function keyedHash(key: Uint8Array, data: Uint8Array | string): Uint8Array {
  return sodium().crypto_generichash(32, data, key);
}
