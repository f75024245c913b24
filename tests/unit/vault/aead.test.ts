import { beforeAll, describe, expect, it } from 'vitest';
import { adFor, open, openText, seal, sealText } from '../../../electron/backend/vault/aead.js';
import { newKey } from '../../../electron/backend/vault/keys.js';
import { loadSodium } from '../../../electron/backend/vault/sodium.js';
import { TandaiError } from '../../../shared/result.js';

beforeAll(loadSodium);

describe('field encryption (XChaCha20-Poly1305 with place-bound associated data)', () => {
  it('round-trips text', () => {
    const k = newKey();
    const ad = adFor('transcripts', 'row-1', 'title', 'p1');
    expect(openText(k, sealText(k, 'Ibu Sari 🌺', ad), ad, 'x')).toBe('Ibu Sari 🌺');
  });

  it('uses a fresh nonce each time, so equal plaintexts give different ciphertexts', () => {
    const k = newKey();
    const a = sealText(k, 'same', 'ad');
    const b = sealText(k, 'same', 'ad');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('refuses a ciphertext moved to another row (associated-data swap)', () => {
    const k = newKey();
    const ct = sealText(k, 'secret', adFor('transcripts', 'row-1', 'title', 'p1'));
    expect(() => openText(k, ct, adFor('transcripts', 'row-2', 'title', 'p1'), 'title of row-2')).toThrow(/integrity check failed: title of row-2/);
  });

  it('refuses a ciphertext moved to another column or key id', () => {
    const k = newKey();
    const ct = sealText(k, 'secret', adFor('transcripts', 'row-1', 'title', 'p1'));
    expect(() => openText(k, ct, adFor('transcripts', 'row-1', 'source_name', 'p1'), 'x')).toThrow(TandaiError);
    expect(() => openText(k, ct, adFor('transcripts', 'row-1', 'title', 'p2'), 'x')).toThrow(TandaiError);
  });

  it('refuses a flipped byte anywhere in the ciphertext', () => {
    const k = newKey();
    const ct = seal(k, new Uint8Array(100).fill(7), 'ad');
    for (const i of [0, 23, 24, 60, ct.length - 1]) {
      const bad = ct.slice();
      bad[i]! ^= 1;
      expect(() => open(k, bad, 'ad', 'the field')).toThrow(/the field was altered/);
    }
  });

  it('refuses a truncated ciphertext', () => {
    const k = newKey();
    const ct = seal(k, new Uint8Array(10), 'ad');
    expect(() => open(k, ct.subarray(0, 30), 'ad', 'the field')).toThrow(/the field is truncated/);
  });

  it('refuses the wrong key', () => {
    const ct = sealText(newKey(), 'secret', 'ad');
    expect(() => openText(newKey(), ct, 'ad', 'x')).toThrow(TandaiError);
  });
});
