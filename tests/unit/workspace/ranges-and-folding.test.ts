/** The pure parts of retrieval and search: range algebra, folding with exact offsets, boundaries. */
import { describe, expect, it } from 'vitest';
import { intersectRanges, safeEnd, safeStart, unionRanges } from '../../../electron/backend/services/retrieve.js';
import { findMatches, foldText, isWordBoundary } from '../../../electron/backend/services/search.js';

const r = (start: number, end: number) => ({ start, end });
const insensitive = { caseSensitive: false, accentSensitive: false, wholeWord: false };
const slices = (text: string, query: string, o = insensitive) => findMatches(text, query, o).map((m) => text.slice(m.start, m.end));

describe('range algebra', () => {
  it('a union joins overlapping ranges but keeps ranges that only touch apart', () => {
    expect(unionRanges([r(10, 20), r(0, 5), r(15, 30), r(5, 8)])).toEqual([r(0, 5), r(5, 8), r(10, 30)]);
  });

  it('an intersection keeps only what both unions cover', () => {
    expect(intersectRanges([r(0, 10), r(20, 30)], [r(5, 25)])).toEqual([r(5, 10), r(20, 25)]);
    expect(intersectRanges([r(0, 10)], [r(10, 20)])).toEqual([]);
    expect(intersectRanges([r(0, 100)], [r(10, 20), r(30, 40)])).toEqual([r(10, 20), r(30, 40)]);
  });

  it('context edges never split a surrogate pair', () => {
    const t = 'a🙂b';
    expect(safeStart(t, 2)).toBe(1); // inside the emoji: move to its start
    expect(safeEnd(t, 2)).toBe(3); // inside the emoji: move past its end
    expect(safeStart(t, 1)).toBe(1);
    expect(safeEnd(t, 3)).toBe(3);
  });
});

describe('folding', () => {
  it('keeps offsets as they are when no code point changes length (ASCII, precomposed accents, emoji)', () => {
    const f = foldText('Café 🙂 ÉTÉ', { caseSensitive: false, accentSensitive: false });
    expect(f.folded).toBe('cafe 🙂 ete');
    expect(f.map).toBeNull();
  });

  it('maps every folded unit back to the code point it came from when lengths change', () => {
    // Accent-sensitive: é (one unit, NFC) folds to e + U+0301 (two units).
    const f = foldText('aé🙂', { caseSensitive: false, accentSensitive: true });
    expect(f.folded).toBe('ae\u0301🙂');
    expect([...f.map!]).toEqual([0, 1, 1, 2, 2, 4]);
    // Accent-insensitive: a dropped combining mark joins the letter before it.
    const g = foldText('q\u0303x', { caseSensitive: false, accentSensitive: false });
    expect(g.folded).toBe('qx');
    expect([...g.map!]).toEqual([0, 2, 3]);
    expect(slices('q\u0303x', 'q')).toEqual(['q\u0303']);
  });

  it('keeps Thai and Khmer vowel signs: they are letters of the word, not accents', () => {
    expect(foldText('กิน', { caseSensitive: false, accentSensitive: false }).folded).toBe('กิน');
    expect(slices('ฉันกันไว้', 'กิน')).toEqual([]);
  });
});

describe('findMatches', () => {
  it('finds accented text without accents, and returns the original text at exact offsets', () => {
    const text = 'Le café 🙂 CAFÉ, Cafe and caféine.';
    const ms = findMatches(text, 'cafe', insensitive);
    expect(ms.map((m) => text.slice(m.start, m.end))).toEqual(['café', 'CAFÉ', 'Cafe', 'café']);
    expect(ms[1]).toEqual({ start: text.indexOf('CAFÉ'), end: text.indexOf('CAFÉ') + 4 });
  });

  it('whole words exclude a match inside a longer word', () => {
    expect(slices('Le café 🙂 CAFÉ, Cafe and caféine.', 'cafe', { ...insensitive, wholeWord: true })).toEqual(['café', 'CAFÉ', 'Cafe']);
  });

  it('is case- and accent-sensitive when asked', () => {
    const text = 'café Café cafe';
    expect(slices(text, 'café', { caseSensitive: true, accentSensitive: true, wholeWord: false })).toEqual(['café']);
    expect(slices(text, 'cafe', { caseSensitive: false, accentSensitive: true, wholeWord: false })).toEqual(['cafe']);
    expect(slices(text, 'Cafe', { caseSensitive: true, accentSensitive: false, wholeWord: false })).toEqual(['Café']);
  });

  it('matches a query typed in decomposed form (NFD) against NFC text', () => {
    expect(slices('Ibu Siti dari Bogor, ibu kota: café', 'cafe\u0301', { caseSensitive: false, accentSensitive: true, wholeWord: false })).toEqual(['café']);
  });

  it('finds Vietnamese without tone marks, and đ as d', () => {
    const text = 'Tôi nói tiếng Việt ở Đà Nẵng.';
    expect(slices(text, 'tieng viet')).toEqual(['tiếng Việt']);
    expect(slices(text, 'da nang')).toEqual(['Đà Nẵng']);
  });

  it('never cuts a grapheme: no half of an emoji ZWJ sequence, no base letter without its mark', () => {
    const family = 'we 👨‍👩‍👧 ok';
    expect(findMatches(family, '👨', insensitive)).toEqual([]);
    expect(slices(family, '👨‍👩‍👧')).toEqual(['👨‍👩‍👧']);
    // q + combining tilde has no precomposed form, so NFC keeps two code points.
    expect(slices('q\u0303 q', 'q', { caseSensitive: false, accentSensitive: true, wholeWord: false })).toEqual(['q']);
  });

  it('finds a Thai word inside unspaced text, but not inside a longer word', () => {
    const text = 'ฉันชอบตาของเธอ ตารางนี้ดีมาก';
    const ms = findMatches(text, 'ตา', { ...insensitive, wholeWord: true });
    expect(ms).toEqual([{ start: 6, end: 8 }]);
    expect(text.slice(6, 8)).toBe('ตา');
    // Without whole words, the longer word matches too.
    expect(findMatches(text, 'ตา', insensitive)).toHaveLength(2);
    expect(findMatches('เด็กไปโรงเรียน เรียนหนังสือ', 'เรียน', { ...insensitive, wholeWord: true })).toEqual([{ start: 15, end: 20 }]);
  });

  it('finds a Khmer word inside unspaced text, but not inside a longer word', () => {
    const text = 'ខ្ញុំទៅសាលារៀនរាល់ថ្ងៃ';
    const go = findMatches(text, 'ទៅ', { ...insensitive, wholeWord: true });
    expect(go.map((m) => text.slice(m.start, m.end))).toEqual(['ទៅ']);
    expect(findMatches(text, 'សាលា', { ...insensitive, wholeWord: true })).toEqual([]);
    expect(findMatches(text, 'សាលា', insensitive)).toHaveLength(1); // it is there, inside សាលារៀន
    expect(findMatches(text, 'សាលារៀន', { ...insensitive, wholeWord: true }).map((m) => text.slice(m.start, m.end))).toEqual(['សាលារៀន']);
  });

  it('word boundaries follow the segmenter on apostrophes', () => {
    expect(isWordBoundary("don't", 3)).toBe(false);
    expect(isWordBoundary('stigma, so', 6)).toBe(true);
  });
});
