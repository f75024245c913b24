/**
 * Passphrase -> key-encryption key with Argon2id. Parameters are an explicit argument: production
 * calibrates them at creation (ops 3, the largest of 256/128/64 MiB that runs in <= 1 s); tests pass
 * the floor. Nothing weaker than the floor is ever accepted, so a file whose stored parameters were
 * lowered is refused rather than attacked faster.
 */
import { TandaiError } from '../../../shared/result.js';
import { sodium } from './sodium.js';

export interface KdfParams {
  opsLimit: number;
  memLimit: number;
}

export const KDF_FLOOR: KdfParams = Object.freeze({ opsLimit: 2, memLimit: 64 * 1024 * 1024 });
export const SALT_BYTES = 16;

export function assertKdfParams(p: KdfParams): void {
  if (!Number.isInteger(p.opsLimit) || !Number.isInteger(p.memLimit) || p.opsLimit < KDF_FLOOR.opsLimit || p.memLimit < KDF_FLOOR.memLimit) {
    throw new TandaiError('INTEGRITY', `key derivation parameters below the floor (ops ${p.opsLimit}, ${Math.round(p.memLimit / 1048576)} MiB; the floor is ops 2, 64 MiB)`);
  }
  if (p.opsLimit > 10 || p.memLimit > 1024 * 1024 * 1024) {
    throw new TandaiError('INTEGRITY', `key derivation parameters out of range (ops ${p.opsLimit}, ${Math.round(p.memLimit / 1048576)} MiB)`);
  }
}

export function deriveKey(passphrase: string, salt: Uint8Array, p: KdfParams): Uint8Array {
  assertKdfParams(p);
  const s = sodium();
  return s.crypto_pwhash(32, passphrase.normalize('NFC'), salt, p.opsLimit, p.memLimit, s.crypto_pwhash_ALG_ARGON2ID13);
}

/** Production parameters for this machine: ops 3 and the largest memory that runs in <= 1 s. */
export function calibrateKdf(): KdfParams {
  const s = sodium();
  const salt = new Uint8Array(SALT_BYTES);
  for (const mib of [256, 128]) {
    const t0 = performance.now();
    s.crypto_pwhash(32, 'calibration', salt, 3, mib * 1048576, s.crypto_pwhash_ALG_ARGON2ID13);
    if (performance.now() - t0 <= 1000) return { opsLimit: 3, memLimit: mib * 1048576 };
  }
  return { opsLimit: 3, memLimit: 64 * 1048576 };
}

/** Bound into the associated data of every passphrase wrap, so weakening the stored parameters fails. */
export const kdfLabel = (p: KdfParams, salt: Uint8Array): string => `argon2id13:${p.opsLimit}:${p.memLimit}:${Buffer.from(salt).toString('hex')}`;
