/**
 * The pure pieces of REFI-QDA import: what a file's positions count (code points or UTF-16 units,
 * BOM, CR LF), the exact map from a source's text to the text Tandai stores, and the merge of
 * one-selection-per-code into segments.
 */
import { describe, expect, it } from 'vitest';
import { normalisationMap } from '../../../shared/interchange/normalisation-map.js';
import { detectPositionReading, isCleanBoundary, positionToIndex, readingHint, type RawSelection } from '../../../shared/interchange/positions.js';
import { mergeSelections } from '../../../shared/interchange/segments.js';
import { normalizeText } from '../../../shared/text/normalize.js';

/** Code-point positions of `needle` in `text` (what the standard asks exporters to write). */
function cpSpan(text: string, needle: string): RawSelection {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return { start: [...text.slice(0, i)].length, end: [...text.slice(0, i + needle.length)].length };
}
/** UTF-16 positions of `needle` (what NVivo writes). */
function u16Span(text: string, needle: string): RawSelection {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return { start: i, end: i + needle.length };
}

// Synthetic interview: emoji (astral, two UTF-16 units each) before every coded word, CR LF lines.
const TEXT = [
  'Interviewer: How did the meeting go? 🙂',
  'Respondent: The 🎉 committee agreed, but 😟 funding is uncertain.',
  'Interviewer: And the families? 👨‍👩‍👧',
  'Respondent: Families 🙏 trusted the caseworker, 💬 mostly.',
].join('\r\n');
const WORDS = ['committee agreed', 'funding is uncertain', 'Families', 'trusted the caseworker', 'mostly'];

describe('position unit detection', () => {
  it('reads a file written in code points (the standard) as code points', () => {
    const d = detectPositionReading([{ raw: TEXT, selections: WORDS.map((w) => cpSpan(TEXT, w)) }]);
    expect(d.reading).toEqual({ unit: 'codepoint', bomCounted: false, crlfAsOne: false });
    expect(d.scores[0]!.clean).toBe(2 * WORDS.length);
  });

  it('reads a file written in UTF-16 units (NVivo) as UTF-16 units', () => {
    const d = detectPositionReading([{ raw: TEXT, selections: WORDS.map((w) => u16Span(TEXT, w)) }]);
    expect(d.reading).toEqual({ unit: 'utf16', bomCounted: false, crlfAsOne: false });
  });

  it('decides per file: the same words are found under either unit', () => {
    for (const [make, unit] of [
      [cpSpan, 'codepoint'],
      [u16Span, 'utf16'],
    ] as const) {
      const sels = WORDS.map((w) => make(TEXT, w));
      const d = detectPositionReading([{ raw: TEXT, selections: sels }]);
      expect(d.reading.unit).toBe(unit);
      const toIndex = positionToIndex(TEXT, d.reading);
      expect(sels.map((s) => TEXT.slice(toIndex(s.start)!, toIndex(s.end)!))).toEqual(WORDS);
    }
  });

  it('skips a BOM that the positions do not count, and counts one that they do', () => {
    const raw = `\ufeff${TEXT}`;
    const notCounted = detectPositionReading([{ raw, selections: WORDS.map((w) => u16Span(TEXT, w)) }]);
    expect(notCounted.reading).toMatchObject({ unit: 'utf16', bomCounted: false });
    const counted = detectPositionReading([{ raw, selections: WORDS.map((w) => u16Span(raw, w)) }]);
    expect(counted.reading).toMatchObject({ unit: 'utf16', bomCounted: true });
  });

  it('recognises CR LF counted as one position (ATLAS.ti) from where the selections fall', () => {
    const lf = TEXT.replace(/\r\n/g, '\n');
    const d = detectPositionReading([{ raw: TEXT, selections: WORDS.map((w) => cpSpan(lf, w)) }]);
    expect(d.reading).toEqual({ unit: 'codepoint', bomCounted: false, crlfAsOne: true });
  });

  it('uses a selection name that quotes its text as evidence', () => {
    // Positions that start and end between words under both readings; only the names tell them apart.
    const raw = 'a 🙂 b c d e f g h';
    expect(detectPositionReading([{ raw, selections: [{ start: 7, end: 10, name: 'c d' }] }]).reading.unit).toBe('utf16');
    expect(detectPositionReading([{ raw, selections: [{ start: 6, end: 9, name: 'c d' }] }]).reading.unit).toBe('codepoint');
    expect(detectPositionReading([{ raw, selections: [{ start: 6, end: 9 }] }]).scores[0]!.named).toBe(0);
  });

  it('breaks a tie with what the exporter is known to do, else with the standard', () => {
    const raw = 'a 🙂 b c';
    const sels = [{ start: 0, end: 1 }];
    expect(detectPositionReading([{ raw, selections: sels }]).reading.unit).toBe('codepoint');
    expect(detectPositionReading([{ raw, selections: sels }], readingHint('NVivo for Windows 12.6')).reading.unit).toBe('utf16');
    expect(readingHint('ATLAS.ti for Windows 23.2')).toEqual({ crlfAsOne: true });
    expect(readingHint('MAXQDA 24')).toBeUndefined();
  });

  it('maps positions to indices, null outside the text', () => {
    const raw = '\ufeffa😀b\r\nc';
    const cp = positionToIndex(raw, { unit: 'codepoint', bomCounted: false, crlfAsOne: false });
    expect([0, 1, 2, 3, 4, 5, 6].map(cp)).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(cp(7)).toBeNull();
    expect(cp(-1)).toBeNull();
    expect(cp(1.5)).toBeNull();
    const one = positionToIndex(raw, { unit: 'codepoint', bomCounted: true, crlfAsOne: true });
    expect([0, 1, 2, 3, 4, 5, 6].map(one)).toEqual([0, 1, 2, 4, 5, 7, 8]);
    const u16 = positionToIndex(raw, { unit: 'utf16', bomCounted: false, crlfAsOne: false });
    expect(u16(7)).toBe(8);
    expect(u16(8)).toBeNull();
  });

  it('never calls a place inside an emoji, a CR LF or a word clean', () => {
    const raw = 'ab 😀\r\nc';
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => isCleanBoundary(raw, i))).toEqual([true, false, true, true, false, true, false, true, true]);
  });
});

describe('the map from a source text to the stored text', () => {
  it('is exactly DESIGN\'s normalisation: BOM removed, CR LF and lone CR to LF, NFC', () => {
    const raw = '\ufeffCafe\u0301 🙂\r\nline two\rthree e\u0301\u0301\r\n';
    const { text, map } = normalisationMap(raw);
    expect(text).toBe(normalizeText(raw));
    expect(text).toBe('Café 🙂\nline two\nthree \u00e9\u0301\n');
    expect(map.oldLength).toBe(raw.length);
    expect(map.newLength).toBe(text.length);
  });

  it('carries ranges onto the same words, whatever precedes them', () => {
    const raw = '\ufeffIbu Sari:\r\nKami takut 😟 stigma.\r\n\r\nCafe\u0301 owner helped.\rEnd';
    const { text, map } = normalisationMap(raw);
    for (const w of ['Ibu Sari', 'Kami takut', '😟', 'stigma.', 'owner helped', 'End']) {
      const i = raw.indexOf(w);
      const r = map.mapRange(i, i + w.length, 'shrink');
      expect(text.slice(r.start, r.end)).toBe(w);
    }
    const c = raw.indexOf('Cafe\u0301');
    const r = map.mapRange(c, c + 5, 'shrink');
    expect(text.slice(r.start, r.end)).toBe('Café');
  });

  it('ends a range that ends between CR and LF before the line break, and starts one on the BOM at 0', () => {
    const raw = '\ufeffone\r\ntwo';
    const { map, text } = normalisationMap(raw);
    const r = map.mapRange(0, raw.indexOf('\n'), 'shrink');
    expect(text.slice(r.start, r.end)).toBe('one');
  });

  it('maps every position of a long random text monotonically onto the stored text', () => {
    const pieces = ['a', 'é', 'e\u0301', '\r\n', '\r', '\n', ' ', '😀', 'ก', 'ำ', 'ب', '\u0301'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let raw = '\ufeff';
    for (let i = 0; i < 4000; i++) raw += pieces[Math.floor(rnd() * pieces.length)];
    const { text, map } = normalisationMap(raw);
    expect(text).toBe(normalizeText(raw));
    const bad: number[] = [];
    let prev = 0;
    for (let i = 0; i <= raw.length; i++) {
      const m = map.mapOffset(i, 'backward');
      if (m < prev || m > text.length) bad.push(i);
      prev = m;
    }
    expect(bad).toEqual([]);
    expect(map.mapOffset(raw.length, 'forward')).toBe(text.length);
  });
});

describe('merging selections into segments', () => {
  it("merges NVivo's one selection per code into one segment per span, each (code, coder) once", () => {
    const sel = (guid: string, start: number, end: number, code: string, coder = 'u1') => ({
      guid,
      start,
      end,
      codings: [{ guid: `c-${guid}`, codeGuid: code, coder, createdAt: null, noteRefs: [] }],
      description: null,
      noteRefs: [],
    });
    const { segments, duplicates } = mergeSelections([sel('s1', 10, 20, 'A'), sel('s2', 10, 20, 'B'), sel('s3', 5, 25, 'A'), sel('s4', 10, 20, 'A'), sel('s5', 10, 20, 'A', 'u2')]);
    expect(duplicates).toBe(1);
    expect(segments.map((s) => [s.start, s.end, s.codings.map((c) => `${c.codeGuid}/${c.coder}`)])).toEqual([
      [5, 25, ['A/u1']],
      [10, 20, ['A/u1', 'B/u1', 'A/u2']],
    ]);
    expect(segments[1]!.selectionGuids).toEqual(['s1', 's2', 's4', 's5']);
  });

  it('keeps a comment-only selection as a segment without codings, its description once', () => {
    const { segments } = mergeSelections([
      { guid: 'a', start: 1, end: 4, codings: [], description: 'why?', noteRefs: ['n1'] },
      { guid: 'b', start: 1, end: 4, codings: [], description: ' why? ', noteRefs: ['n1', 'n2'] },
    ]);
    expect(segments).toEqual([{ start: 1, end: 4, selectionGuids: ['a', 'b'], codings: [], descriptions: ['why?'], noteRefs: ['n1', 'n2'] }]);
  });
});
