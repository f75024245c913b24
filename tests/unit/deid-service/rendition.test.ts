/**
 * The rendition (shared/deid/rendition.ts): the de-identified text built from the original and
 * edits, with an offset map that carries codings onto it. The property test draws random texts,
 * replaced spans and codings from a fixed seed and checks every coding against an independent
 * statement of the rule: "the same words, minus replaced spans".
 */
import { describe, expect, it } from 'vitest';
import type { Utterance } from '../../../shared/contract/index.js';
import { buildRendition, renderUtterances, type RenditionEdit } from '../../../shared/deid/rendition.js';

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const WORDS = ['Hope', 'went', 'to', 'Desa', 'Sakra', 'with', 'Ibu', 'Sumiati', 'café', 'naïve', '🙂', 'on', '3', 'March', 'Nyalenda', 'the', 'police', 'Đỗ', 'reported', 'it'];
const SEPS = [' ', ' ', ' ', ', ', '. ', '\n', ': '];
const REPLACEMENTS = ['[Participant 1]', '[Village A]', '[early teens]', '[redacted]', '[Phone]', 'a district'];

/** A random text as words and separators, with each word's range. */
function randomText(r: ReturnType<typeof rng>) {
  const words: { start: number; end: number }[] = [];
  let text = '';
  const n = r.int(1, 40);
  for (let i = 0; i < n; i++) {
    if (i > 0) text += r.pick(SEPS);
    const w = r.pick(WORDS);
    words.push({ start: text.length, end: text.length + w.length });
    text += w;
  }
  return { text, words };
}

/** Spans over whole words (one to three words each), non-overlapping and not touching, as the scan produces. */
function randomSpans(r: ReturnType<typeof rng>, words: { start: number; end: number }[]): RenditionEdit[] {
  const out: RenditionEdit[] = [];
  let i = 0;
  while (i < words.length) {
    if (r.next() < 0.3) {
      const len = r.int(1, 3);
      const last = Math.min(words.length - 1, i + len - 1);
      out.push({ start: words[i]!.start, end: words[last]!.end, replacement: r.pick(REPLACEMENTS), ref: `c${out.length}` });
      i = last + 2; // leave a word between spans
    } else i++;
  }
  return out;
}

/**
 * The rule, stated independently: a coding's rendition is its original text where each replaced
 * span wholly inside it becomes the replacement, and a replaced span it only partly covers is cut
 * away (with the coding ending where that span starts, or starting where it ends).
 */
function expected(original: string, spans: RenditionEdit[], s: number, e: number): string | null {
  for (const sp of spans) {
    if (sp.start < s && s < sp.end) s = sp.end; // starts inside: begins after it
    if (sp.start < e && e < sp.end) e = sp.start; // ends inside: stops before it
  }
  if (e <= s) return null;
  let out = '';
  let pos = s;
  for (const sp of spans.filter((x) => x.start >= s && x.end <= e).sort((a, b) => a.start - b.start)) {
    out += original.slice(pos, sp.start) + sp.replacement;
    pos = sp.end;
  }
  return out + original.slice(pos, e);
}

describe('rendition', () => {
  it('replaces each span and maps offsets around them', () => {
    const text = 'Hope lives in Desa Sakra with Ibu Sumiati.';
    const r = buildRendition(text, [
      { start: 0, end: 4, replacement: '[Participant 1]', ref: 'a' },
      { start: 19, end: 24, replacement: '[Village A]', ref: 'b' },
      { start: 34, end: 41, replacement: '[Relative of P1]', ref: 'c' },
    ]);
    expect(r.text).toBe('[Participant 1] lives in Desa [Village A] with Ibu [Relative of P1].');
    expect(r.map.mapRange(5, 10, 'shrink')).toEqual({ start: 16, end: 21, collapsed: false }); // "lives"
    expect(r.text.slice(r.map.mapOffset(0, 'forward'), r.map.mapOffset(24, 'backward'))).toBe('[Participant 1] lives in Desa [Village A]');
    expect(r.edits.map((e) => r.text.slice(e.newStart, e.newEnd))).toEqual(['[Participant 1]', '[Village A]', '[Relative of P1]']);
    expect(r.edits.map((e) => e.refs)).toEqual([['a'], ['b'], ['c']]);
  });

  it('a coding wholly inside a replaced span collapses; one over part of it keeps only its own words', () => {
    const text = 'We met Hope Akinyi at school.';
    const r = buildRendition(text, [{ start: 7, end: 18, replacement: '[Person A]' }]);
    expect(r.map.mapRange(7, 11, 'shrink').collapsed).toBe(true); // "Hope"
    const m = r.map.mapRange(0, 11, 'shrink'); // "We met Hope"
    expect(r.text.slice(m.start, m.end)).toBe('We met ');
  });

  it('joins overlapping edits into one hunk reading each replacement once, and touching edits in order', () => {
    const text = 'Call Hope Akinyi Ochieng now';
    const overlap = buildRendition(text, [
      { start: 5, end: 16, replacement: '[Person A]' },
      { start: 10, end: 24, replacement: '[Person A]' },
    ]);
    expect(overlap.text).toBe('Call [Person A] now');
    expect(overlap.hunks).toHaveLength(1);
    const touching = buildRendition('AB', [
      { start: 0, end: 1, replacement: '[x]' },
      { start: 1, end: 2, replacement: '[y]' },
    ]);
    expect(touching.text).toBe('[x][y]');
    expect(touching.hunks).toHaveLength(1);
  });

  it('gives the same rendition, map and applied edits whatever order the edits come in', () => {
    const text = 'Call Hope Akinyi Ochieng at Desa Sukamaju on 3 March, then Hope again';
    const edits: RenditionEdit[] = [
      { start: 5, end: 16, replacement: '[Person A]', ref: 'a' },
      { start: 5, end: 24, replacement: '[Person A]', ref: 'b' }, // same start, longer: sorts first
      { start: 10, end: 24, replacement: '[Person B]', ref: 'c' }, // inside b: adds nothing of its own
      { start: 28, end: 41, replacement: '[Village A]', ref: 'd' },
      { start: 45, end: 52, replacement: '[March 2024]', ref: 'e' },
      { start: 59, end: 63, replacement: '[Person A]', ref: 'f' },
    ];
    const inOrder = buildRendition(text, edits);
    expect(inOrder.text).toBe('Call [Person A] at [Village A] on [March 2024], then [Person A] again');
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed);
      const shuffled = edits.map((e) => ({ e, k: r.next() })).sort((a, b) => a.k - b.k).map(({ e }) => e);
      const again = buildRendition(text, shuffled);
      expect(again.text).toBe(inOrder.text);
      expect(again.hunks).toEqual(inOrder.hunks);
      expect(again.edits).toEqual(inOrder.edits);
    }
  });

  it('ignores empty and out-of-range edits rather than corrupting the text', () => {
    const r = buildRendition('short', [
      { start: 2, end: 2, replacement: 'X' },
      { start: 3, end: 99, replacement: 'Y' },
      { start: -1, end: 1, replacement: 'Z' },
    ]);
    expect(r.text).toBe('short');
  });

  it('speaker labels become the pseudonym and every turn keeps its whole text', () => {
    const text = 'Interviewer: Hello.\nAmina: I live in Nyalenda.';
    const utterances: Utterance[] = [
      { start: 0, end: 19, labelStart: 0, labelEnd: 11, speaker: 'Interviewer', tStartMs: null, tEndMs: null },
      { start: 20, end: 46, labelStart: 20, labelEnd: 25, speaker: 'Amina', tStartMs: 1000, tEndMs: 2000 },
    ];
    const r = buildRendition(text, [
      { start: 20, end: 25, replacement: '[Participant 3]' },
      { start: 37, end: 45, replacement: '[Village A]' },
    ]);
    const u = renderUtterances(utterances, r);
    expect(u.map((x) => x.speaker)).toEqual(['Interviewer', '[Participant 3]']);
    expect(r.text.slice(u[1]!.start, u[1]!.end)).toBe('[Participant 3]: I live in [Village A].');
    expect(u[1]!.tStartMs).toBe(1000);
  });

  it('property: every coding maps to the same words minus replaced spans (2,000 random cases, fixed seed)', () => {
    const r = rng(0x5eed);
    let checked = 0;
    let collapsed = 0;
    for (let round = 0; round < 2000; round++) {
      const { text, words } = randomText(r);
      const spans = randomSpans(r, words);
      const rendered = buildRendition(text, spans);
      // Codings start and end on word boundaries, as a person selects text.
      const a = r.int(0, words.length - 1);
      const b = r.int(a, words.length - 1);
      const s = r.next() < 0.8 ? words[a]!.start : r.int(words[a]!.start, words[a]!.end);
      const e = r.next() < 0.8 ? words[b]!.end : r.int(Math.max(s + 1, words[b]!.start), Math.max(s + 1, words[b]!.end));
      if (e <= s) continue;
      const m = rendered.map.mapRange(s, e, 'shrink');
      const want = expected(text, spans, s, e);
      if (want === null || want.trim() === '') {
        // Nothing of the coding's own is left: it must collapse or hold only what the rule leaves.
        if (m.collapsed) collapsed++;
        else expect(rendered.text.slice(m.start, m.end).trim(), `${JSON.stringify(text)} [${s},${e})`).toBe((want ?? '').trim());
        continue;
      }
      expect(m.collapsed).toBe(false);
      expect(rendered.text.slice(m.start, m.end), `${JSON.stringify(text)} [${s},${e}) spans ${JSON.stringify(spans)}`).toBe(want);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
    expect(collapsed).toBeGreaterThan(0);
  });
});
