import { beforeAll, describe, expect, it } from 'vitest';
import { assertKdfParams, deriveKey, KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { newKey } from '../../../electron/backend/vault/keys.js';
import { checkPassphrase } from '../../../electron/backend/vault/passphrase-policy.js';
import { loadSodium } from '../../../electron/backend/vault/sodium.js';
import { decryptStream, encryptStream } from '../../../electron/backend/vault/stream.js';
import { fingerprint, recoveryKeyFromPhrase, recoveryPhrase } from '../../../electron/backend/vault/words.js';

beforeAll(loadSodium);

describe('Argon2id key derivation', () => {
  it('refuses parameters below the floor of ops 2 / 64 MiB (KDF floor)', () => {
    expect(() => assertKdfParams({ opsLimit: 1, memLimit: KDF_FLOOR.memLimit })).toThrow(/below the floor/);
    expect(() => assertKdfParams({ opsLimit: 2, memLimit: 32 * 1024 * 1024 })).toThrow(/below the floor/);
    expect(() => deriveKey('a passphrase', new Uint8Array(16), { opsLimit: 1, memLimit: 8192 })).toThrow(/below the floor/);
  });

  it('derives the same key for the same passphrase and salt, another for another salt', () => {
    const salt = new Uint8Array(16).fill(1);
    const a = deriveKey('correct horse battery staple', salt, KDF_FLOOR);
    expect(Buffer.from(deriveKey('correct horse battery staple', salt, KDF_FLOOR)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(deriveKey('correct horse battery staple', new Uint8Array(16).fill(2), KDF_FLOOR)).equals(Buffer.from(a))).toBe(false);
  });
});

describe('passphrase policy', () => {
  it('refuses fewer than 12 characters', () => {
    expect(checkPassphrase('Xk#9vL!2qa')).toMatchObject({ ok: false, reason: expect.stringMatching(/at least 12 characters/) });
  });
  it('refuses a long but guessable passphrase with a zxcvbn score under 3', () => {
    expect(checkPassphrase('passwordpassword')).toMatchObject({ ok: false, reason: expect.stringMatching(/too easy to guess/) });
  });
  it('accepts a long unguessable passphrase', () => {
    expect(checkPassphrase('correct horse battery staple').ok).toBe(true);
  });
});

describe('recovery phrase and fingerprints', () => {
  it('turns a 32-byte key into 24 words and back', () => {
    const k = newKey();
    const words = recoveryPhrase(k);
    expect(words.split(' ')).toHaveLength(24);
    expect(Buffer.from(recoveryKeyFromPhrase(`  ${words.toUpperCase()}\n`)).equals(Buffer.from(k))).toBe(true);
  });
  it('catches a mistyped word through the checksum', () => {
    const words = recoveryPhrase(newKey()).split(' ');
    words[3] = words[3] === 'abandon' ? 'ability' : 'abandon';
    expect(() => recoveryKeyFromPhrase(words.join(' '))).toThrow(/not valid/);
  });
  it('gives 12 words (132 bits) per identity, different for different keys', () => {
    const a = fingerprint(newKey(), newKey());
    expect(a.split('-')).toHaveLength(12);
    expect(fingerprint(newKey(), newKey())).not.toBe(a);
  });
});

describe('secretstream files', () => {
  it('round-trips data over several chunks', () => {
    const k = newKey();
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(Buffer.from(decryptStream(k, encryptStream(k, data, 'ad'), 'ad', 'f')).equals(Buffer.from(data))).toBe(true);
  });
  it('refuses a stream cut before its final chunk', () => {
    const k = newKey();
    const parts = encryptStream(k, new Uint8Array(200_000), 'ad');
    expect(() => decryptStream(k, parts.slice(0, -1), 'ad', 'the original file')).toThrow(/the original file is truncated/);
  });
  it('refuses reordered chunks and a stream bound to another place', () => {
    const k = newKey();
    const parts = encryptStream(k, new Uint8Array(200_000), 'ad');
    expect(() => decryptStream(k, [parts[0]!, parts[2]!, parts[1]!, ...parts.slice(3)], 'ad', 'f')).toThrow(/altered or reordered/);
    expect(() => decryptStream(k, parts, 'other', 'f')).toThrow(/integrity/);
  });
});
