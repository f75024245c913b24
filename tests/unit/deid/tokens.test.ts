/**
 * The shared tokenisation: offsets, flags, and word types (tokens written alike share one, so the
 * layers look a word up once per text). Word classes: the prefilter that spares words in no list a
 * lookup must let every listed word through.
 */
import { describe, expect, it } from 'vitest';
import { HOMOGRAPH_NAMES, listedWords } from '../../../shared/deid/common-words.js';
import { foldKey } from '../../../shared/deid/normalise.js';
import { F_CAP, F_DIGIT, F_LINE, F_LOWER, F_SENT, F_UPPER, tokenize, type Tokens } from '../../../shared/deid/tokens.js';
import { mayBeListed, wordClasses, W_COMMON, W_TITLE } from '../../../shared/deid/word-classes.js';
import { CONNECTORS, GENERIC_CAPITALISED, NOT_IDENTIFIERS, ORG_HEADS, PLACE_CUES_AFTER, PLACE_CUES_BEFORE, TENS_EN, TITLES, UNITS_EN } from '../../../shared/deid/words.js';

/** Every invariant between tokens and their types (the tokens that break one, listed). */
function expectConsistent(t: Tokens): void {
  const byRaw = new Map<string, number>();
  const broken: string[] = [];
  for (let i = 0; i < t.n; i++) {
    const raw = t.text.slice(t.start[i], t.end[i]);
    const ty = t.type[i]!;
    if (t.raw[i] !== raw) broken.push(`${i}: raw ${t.raw[i]} is not ${raw}`);
    if (t.key[i] !== t.typeKey[ty] || t.key[i] !== foldKey(raw)) broken.push(`${i}: key ${t.key[i]} of ${raw}`);
    // Flags that do not depend on position are the type's.
    if ((t.flags[i]! & ~(F_SENT | F_LINE)) !== t.typeFlags[ty]) broken.push(`${i}: flags of ${raw}`);
    const seen = byRaw.get(raw);
    if (seen === undefined) byRaw.set(raw, ty);
    else if (seen !== ty) broken.push(`${i}: ${raw} has types ${seen} and ${ty}`);
  }
  expect(broken).toEqual([]);
  // One type per distinct written form, no more.
  expect(t.types).toBe(byRaw.size);
  expect(new Set(byRaw.values()).size).toBe(byRaw.size);
}

describe('tokenisation', () => {
  it('gives tokens written alike one word type; other spellings of the same word another', () => {
    const t = tokenize('Hope said hope. HOPE? Hope');
    expect(t.raw).toEqual(['Hope', 'said', 'hope', 'HOPE', 'Hope']);
    expect(t.type[0]).toBe(t.type[4]);
    expect(new Set([t.type[0], t.type[2], t.type[3]]).size).toBe(3);
    expect(t.key).toEqual(['hope', 'said', 'hope', 'hope', 'hope']);
    expectConsistent(t);
  });

  it('keeps sentence and line starts per occurrence, and shape flags per type', () => {
    const t = tokenize('Kiama went home.\nThen Kiama and NTB left 2024');
    const kiama = [0, 4];
    expect(t.type[kiama[0]!]).toBe(t.type[kiama[1]!]);
    expect(t.flags[kiama[0]!]! & (F_SENT | F_LINE)).toBe(F_SENT | F_LINE);
    expect(t.flags[kiama[1]!]! & (F_SENT | F_LINE)).toBe(0);
    expect(t.flags[3]! & F_LINE).toBe(F_LINE);
    expect(t.flags[kiama[1]!]! & F_CAP).toBe(F_CAP);
    expect(t.flags[6]! & F_UPPER).toBe(F_UPPER);
    expect(t.flags[8]! & F_DIGIT).toBe(F_DIGIT);
    expect(t.flags[1]! & F_LOWER).toBe(F_LOWER);
    expectConsistent(t);
  });

  it('keeps offsets and types right in accented, Thai and astral text, and across its table growing', () => {
    const words: string[] = [];
    for (let i = 0; i < 3000; i++) words.push(`w${i.toString(36)}`);
    const text = [
      'Nguyễn Văn Thuận nói: Thuận đi Hải Phòng. nguyễn',
      'ทนกสงคมสงเคราะห ใน กระทรวง ใน',
      '𝐀𝐥𝐢 came with 𝐀𝐥𝐢 and eThekwini',
      words.join(' '),
      words.slice().reverse().join(' '),
    ].join('\n');
    const t = tokenize(text);
    expect(t.types).toBeGreaterThan(3000);
    expectConsistent(t);
    expect(t.type[t.raw.indexOf('w0')]).toBe(t.type[t.raw.lastIndexOf('w0')]);
    expect(t.flags[t.raw.indexOf('eThekwini')]! & F_CAP).toBe(F_CAP);
  });
});

describe('word classes', () => {
  it('lets every word of every class list through the prefilter', () => {
    const lists: Iterable<string>[] = [TITLES, NOT_IDENTIFIERS, GENERIC_CAPITALISED, CONNECTORS, ORG_HEADS, PLACE_CUES_BEFORE, PLACE_CUES_AFTER, HOMOGRAPH_NAMES, Object.keys(UNITS_EN), Object.keys(TENS_EN), listedWords()];
    let checked = 0;
    const missed: string[] = [];
    for (const list of lists) {
      for (const w of list) {
        checked++;
        if (!mayBeListed(w)) missed.push(w);
      }
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(missed).toEqual([]);
  });

  it('gives each occurrence its word bits and tells which words the text writes in lower case', () => {
    const t = tokenize('Mama Grace saw the 15 children. grace is common. ทนกสงคมสงเคราะห');
    const c = wordClasses(t, 'en');
    expect(c.bits[0]! & W_TITLE).toBe(W_TITLE);
    expect(c.bits[t.raw.indexOf('the')]! & W_COMMON).toBe(W_COMMON);
    expect(c.bits[t.raw.indexOf('15')]).toBe(0);
    expect(c.bits[t.n - 1]).toBe(0);
    expect(c.seenLower('grace')).toBe(true);
    expect(c.seenLower('mama')).toBe(false);
  });
});
