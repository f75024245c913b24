/**
 * A review item's hash is SHA-256 over its canonical JSON (keys sorted at every level, no
 * whitespace): the hash a sign-off holds. items.ts writes that JSON out field by field and hashes
 * it in pieces; these cases show the bytes are exactly canonicalJson's, for any text.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/prng.js';
import { itemHash, type PackageItem } from '../../../electron/backend/services/deid/items.js';
import { canonicalJson, sha256Hex } from '../../../electron/backend/services/manifest.js';

const reference = (item: PackageItem) => sha256Hex(canonicalJson(item));

/** Random items from a seed: text drawn from quotes, backslashes, controls, emoji, lone surrogates, Thai. */
function randomItem(seed: number): PackageItem {
  const rnd = mulberry32(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const PIECES = ['a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u2028', 'é', 'ภา', '🙏', '\ud800', '\udc00', '</x>', '[Person A]'];
  const text = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => pick(PIECES)).join('');
  const id = () => `${Math.floor(rnd() * 1e9).toString(16)}-${Math.floor(rnd() * 1e9).toString(16)}`;
  const maybe = <T,>(v: T): T | null => (rnd() < 0.3 ? null : v);
  return {
    key: `transcript:${id()}`,
    kind: pick(['transcript', 'code', 'memo'] as const),
    id: id(),
    title: text(10),
    text: text(200),
    attributes: Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [pick(['country', 'age', 'b', 'A', text(3)]) + i, pick([text(5), true, null, 14, -2.5])])),
    participant: maybe(text(8)),
    versionId: maybe(id()),
    edits: Array.from({ length: Math.floor(rnd() * 20) }, () => ({ candidateId: id(), entityId: id(), type: pick(['PERSON', 'LOCATION', 'DATE'] as const), action: pick(['replace', 'generalise', 'redact'] as const), replacement: maybe(text(6)) })),
    kept: Array.from({ length: Math.floor(rnd() * 4) }, () => ({ candidateId: id(), entityId: id(), decisionId: id(), type: pick(['PERSON', 'ORGANIZATION'] as const), text: text(6), reason: text(10) })),
  };
}

describe('the hash of a review item', () => {
  it('is SHA-256 of its canonical JSON, for any text (emoji, lone surrogates, quotes, controls)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const i = randomItem(seed);
      expect(itemHash(i), `seed ${seed}`).toBe(reference(i));
    }
  });

  it('is the same when the item is longer than one piece (a whole transcript and thousands of edits)', () => {
    const i: PackageItem = {
      key: 'transcript:x',
      kind: 'transcript',
      id: '0193a0c4-0000-7000-8000-000000000001',
      title: 'Interview "A"\n',
      text: 'Respondent: ภาษาไทย 🙏 "quoted" \\ back\r\n'.repeat(5000),
      attributes: { country: 'Kenya', age: 14, consent_sharing: true },
      participant: '[Participant 3]',
      versionId: '0193a0c4-0000-7000-8000-000000000002',
      edits: Array.from({ length: 3000 }, (_, n) => ({ candidateId: `c-${n}`, entityId: `e-${n % 7}`, type: 'PERSON' as const, action: 'replace' as const, replacement: n % 5 ? `[Person ${n % 7}]` : null })),
      kept: [{ candidateId: 'k', entityId: 'e', decisionId: 'd', type: 'ORGANIZATION', text: 'the police', reason: 'national agency' }],
    };
    expect(itemHash(i)).toBe(reference(i));
  });

  it('an item of another shape is hashed through canonicalJson itself', () => {
    const odd = { key: 'memo:x', kind: 'memo', id: 'x', title: '', text: 't', attributes: {}, participant: null, versionId: null, edits: [], kept: [], extra: 1 } as unknown as PackageItem;
    expect(itemHash(odd)).toBe(reference(odd));
  });
});
