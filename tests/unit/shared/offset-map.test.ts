import { describe, expect, it } from 'vitest';
import { buildOffsetMap, commonPrefixLength, commonSuffixLength, computeHunks, type DiffBudget, type Hunk } from '../../../shared/text/offset-map.js';

/** A small seeded generator (mulberry32), so every property run is reproducible from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T,>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

// Synthetic vocabulary: Latin words (with an accent and emoji) outside codings; Greek words, whose
// letters occur nowhere else, inside the coding the property watches.
const LATIN = ['the', 'unit', 'school', 'report', 'we', 'stigma', 'staff', 'family', 'café', 'desa', 'polres', 'help', 'not', 'yes', 'rare', '🙂', 'a', 'I', 'kasus'];
const GREEK = ['αλφα', 'βήτα', 'γάμμα', 'δέλτα', 'ζήτα', 'θήτα', 'κάππα', 'λάμδα'];
const SEP = [' ', ' ', ' ', ', ', '. ', '\n', ' '];

function words(r: Rng, vocab: readonly string[], n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? r.pick(SEP) : '') + r.pick(vocab);
  return s;
}

/** Applies non-overlapping edits on the old text (given by old offsets), right to left. */
function applyEdits(text: string, edits: { at: number; del: number; ins: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.at - x.at)) out = out.slice(0, e.at) + e.ins + out.slice(e.at + e.del);
  return out;
}

/** The hunks are a valid edit script: sorted, separated by unchanged text that really is equal. */
function checkHunks(oldText: string, newText: string, hunks: readonly Hunk[]): void {
  let o = 0;
  let n = 0;
  let rebuilt = '';
  for (const h of hunks) {
    expect(h.oldStart).toBeGreaterThanOrEqual(o);
    expect(h.oldStart - o).toBe(h.newStart - n);
    expect(oldText.slice(o, h.oldStart)).toBe(newText.slice(n, h.newStart));
    expect(h.oldEnd - h.oldStart + (h.newEnd - h.newStart)).toBeGreaterThan(0);
    rebuilt += oldText.slice(o, h.oldStart) + newText.slice(h.newStart, h.newEnd);
    o = h.oldEnd;
    n = h.newEnd;
  }
  expect(oldText.length - o).toBe(newText.length - n);
  rebuilt += oldText.slice(o);
  expect(rebuilt).toBe(newText);
}

describe('buildOffsetMap: single edits', () => {
  const oldText = 'We fear stigma. Families do not report.';
  const coded = (t: string) => [t.indexOf('stigma'), t.indexOf('stigma') + 'stigma'.length] as const;

  it('maps every position to itself when nothing changed', () => {
    const m = buildOffsetMap(oldText, oldText);
    expect(m.hunks).toEqual([]);
    for (let i = 0; i <= oldText.length; i++) expect(m.mapOffset(i, 'forward')).toBe(i);
  });

  it('shifts positions after an insertion and leaves those before it alone', () => {
    const newText = oldText.replace('We fear', 'We really fear');
    const m = buildOffsetMap(oldText, newText);
    expect(m.mapOffset(2, 'forward')).toBe(2);
    const [s, e] = coded(oldText);
    const r = m.mapRange(s, e, 'shrink');
    expect(newText.slice(r.start, r.end)).toBe('stigma');
  });

  it('keeps text inserted right at a coding\'s edges out of the coding, and inside a mark', () => {
    const [s, e] = coded(oldText);
    const newText = `${oldText.slice(0, s)}[A]${oldText.slice(s, e)}[B]${oldText.slice(e)}`;
    const m = buildOffsetMap(oldText, newText);
    const shrink = m.mapRange(s, e, 'shrink');
    const grow = m.mapRange(s, e, 'grow');
    expect(newText.slice(shrink.start, shrink.end)).toBe('stigma');
    expect(newText.slice(grow.start, grow.end)).toBe('[A]stigma[B]');
  });

  it('keeps a coding over a corrected word inside it (a typo fixed)', () => {
    const typo = 'We fear stigam. Families do not report.';
    const m = buildOffsetMap(typo, oldText);
    const s = typo.indexOf('stigam');
    const r = m.mapRange(s, s + 6, 'shrink');
    expect(oldText.slice(r.start, r.end)).toBe('stigma');
    expect(r.collapsed).toBe(false);
  });

  it('collapses a coding whose text was wholly deleted to an empty range where the text was', () => {
    const newText = oldText.replace(' stigma', '');
    const m = buildOffsetMap(oldText, newText);
    const [s, e] = coded(oldText);
    const r = m.mapRange(s, e, 'shrink');
    expect(r).toEqual({ start: 'We fear'.length, end: 'We fear'.length, collapsed: true });
  });

  it('maps a range whose text was replaced exactly onto the replacement, as a mark and as a coding', () => {
    const newText = oldText.replace('stigma', 'gossip');
    const m = buildOffsetMap(oldText, newText);
    const [s, e] = coded(oldText);
    for (const mode of ['grow', 'shrink'] as const) {
      const r = m.mapRange(s, e, mode);
      expect(newText.slice(r.start, r.end)).toBe('gossip');
    }
  });

  it('keeps letters a correction adds to the coded word at either edge, but not a new word', () => {
    const oldT = 'they eport it, then leave';
    const s = oldT.indexOf('eport');
    const m1 = buildOffsetMap(oldT, 'they reports it, then leave');
    const r1 = m1.mapRange(s, s + 5, 'shrink');
    expect('they reports it, then leave'.slice(r1.start, r1.end)).toBe('reports');
    const newT = 'they never eport, it then';
    const m2 = buildOffsetMap(oldT, newT);
    const r2 = m2.mapRange(s, s + 5, 'shrink');
    expect(newT.slice(r2.start, r2.end)).toBe('eport');
  });

  it('counts offsets in UTF-16 units and never splits a surrogate pair when trimming', () => {
    expect(commonPrefixLength('a😀b', 'a😁b')).toBe(1);
    expect(commonSuffixLength('x😀', 'y😀')).toBe(2);
    expect(commonSuffixLength('😀x', '😁x')).toBe(1);
    const oldT = 'Ibu 🙂 said stigma';
    const newT = 'Ibu 🙂🙂 said stigma';
    const m = buildOffsetMap(oldT, newT);
    const s = oldT.indexOf('stigma');
    expect(m.mapOffset(s, 'forward')).toBe(newT.indexOf('stigma'));
    checkHunks(oldT, newT, m.hunks);
  });

  it('maps a long transcript with one edit in milliseconds, as one hunk', () => {
    const r = rng(7);
    const long = words(r, LATIN, 40000); // about 200 000 characters
    const at = Math.floor(long.length / 2);
    const edited = `${long.slice(0, at)}INSERTED${long.slice(at + 5)}`;
    const t0 = performance.now();
    const m = buildOffsetMap(long, edited);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(m.hunks.length).toBe(1);
    expect(m.mapOffset(long.length, 'backward')).toBe(edited.length);
  });

  it('diffs hundreds of fixes spread over a long transcript word by word, not as one block', () => {
    const r = rng(11);
    // Pseudo-words with a Zipf-like spread: common ones repeat, rare ones (names, places) do not.
    const vocab = Array.from({ length: 5000 }, () => Array.from({ length: r.int(2, 8) }, () => r.pick([...'abcdefghijklmnopqrstuvwxyz'])).join(''));
    const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(r.next() * Math.log(vocab.length))) - 1)]!;
    const ws = Array.from({ length: 40000 }, (_, i) => (i % 60 === 0 ? '\nRespondent:' : word()));
    const oldT = ws.join(' ');
    const newT = ws.map((w, i) => (i % 50 === 25 ? `${w}s` : w)).join(' ');
    const t0 = performance.now();
    const m = buildOffsetMap(oldT, newT);
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(m.hunks).toHaveLength(800);
    expect(m.hunks.every((h) => h.oldStart === h.oldEnd && h.newEnd - h.newStart === 1)).toBe(true);
  });

  it('maps exactly on the anchored path (unique lines, then unique words) used for long stretches', () => {
    const oldT = 'line one stays\nthe cat sat\nline three stays\nthe dog ran\nend';
    const newT = 'line one stays\nthe bat sat\nline three stays\nthe dog swam\nend';
    const budget: DiffBudget = { directTokens: 0 };
    const m = buildOffsetMap(oldT, newT, budget);
    checkHunks(oldT, newT, m.hunks);
    const s = oldT.indexOf('three');
    const r = m.mapRange(s, s + 5, 'shrink');
    expect(newT.slice(r.start, r.end)).toBe('three');
    const sat = oldT.indexOf('sat');
    expect(newT.slice(m.mapOffset(sat, 'forward'), m.mapOffset(sat + 3, 'backward'))).toBe('sat');
  });
});

describe('buildOffsetMap: properties over seeded random edits', () => {
  it('keeps the coded words unchanged for random edits outside a coding', () => {
    const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{M}\p{N}_]/u.test(ch);
    let glued = 0;
    const runs = 1000;
    for (let seed = 1; seed <= runs; seed++) {
      const r = rng(seed);
      const left = words(r, LATIN, r.int(0, 30));
      const coded = words(r, GREEK, r.int(3, 8));
      const right = words(r, LATIN, r.int(0, 30));
      const sepL = left ? r.pick(SEP) : '';
      const sepR = right ? r.pick(SEP) : '';
      const oldText = left + sepL + coded + sepR + right;
      const s = left.length + sepL.length;
      const e = s + coded.length;
      // Up to three edits, each wholly on one side of the coding (touching its edges is allowed).
      // Inserted text stays shorter than the coding, so no alignment can trade the coding away.
      const edits: { at: number; del: number; ins: string }[] = [];
      let budget = coded.length - 1;
      const sides: [number, number][] = [
        [0, s],
        [e, oldText.length],
      ];
      const taken: [number, number][] = [];
      for (let k = r.int(1, 3); k > 0; k--) {
        const [lo, hi] = r.pick(sides);
        const at = r.int(lo, hi);
        const del = r.int(0, Math.min(12, hi - at));
        // Separators on both sides: an edit outside the coding, not one that glues letters onto its words.
        let ins = r.next() < 0.7 ? r.pick(SEP) + words(r, LATIN, r.int(1, 2)) + r.pick(SEP) : '';
        if (ins.length > budget) ins = '';
        if (del === 0 && ins === '') continue;
        if (taken.some(([a, b]) => at <= b && a <= at + del)) continue; // keep edits apart
        budget -= ins.length;
        taken.push([at, at + del]);
        edits.push({ at, del, ins });
      }
      const newText = applyEdits(oldText, edits);
      // Where the coding really is now. An edit that glues letters onto its first or last word
      // ("stigma café θήτα" → "stigθήτα") has changed the coded words, so it is not "outside".
      const at = s + edits.filter((x) => x.at + x.del <= s).reduce((n, x) => n + x.ins.length - x.del, 0);
      expect(newText.slice(at, at + coded.length)).toBe(coded);
      if (isWord(newText[at - 1]) || isWord(newText[at + coded.length])) {
        glued++;
        continue;
      }
      const mapped = buildOffsetMap(oldText, newText).mapRange(s, e, 'shrink');
      expect(newText.slice(mapped.start, mapped.end), `seed ${seed}`).toBe(coded);
      expect(mapped.collapsed).toBe(false);
    }
    expect(glued).toBeLessThan(runs / 10); // the property really ran on almost every seed
  });

  it('keeps the coded words unchanged for random edits outside codings of long transcripts (anchored diff)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(5000 + seed);
      const vocab = Array.from({ length: 3000 }, () => Array.from({ length: r.int(2, 8) }, () => r.pick([...'abcdefghijklmnopqrstuvwxyz'])).join(''));
      const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(r.next() * Math.log(vocab.length))) - 1)]!;
      const filler = (n: number) => Array.from({ length: n }, (_, i) => (i % 40 === 39 ? '\nRespondent:' : word())).join(' ');
      // Six coded Greek phrases spread through about 5000 words (over 10 000 tokens: the anchored path).
      const phrases = Array.from({ length: 6 }, () => words(r, GREEK, r.int(2, 5)));
      let text = filler(r.int(50, 900));
      const coded: [number, number][] = [];
      for (const ph of phrases) {
        text += ' ';
        coded.push([text.length, text.length + ph.length]);
        text += `${ph} ${filler(r.int(200, 900))}`;
      }
      // Ten edits (insert, delete or replace a few words) at word starts outside the codings.
      const edits: { at: number; del: number; ins: string }[] = [];
      const starts = [...text.matchAll(/ (?=\S)/g)].map((m) => m.index! + 1);
      for (let k = 0; k < 10; k++) {
        const at = r.pick(starts);
        const del = r.next() < 0.5 ? 0 : (text.slice(at).match(/^(?:\S+ ){1,3}/)?.[0].length ?? 0);
        const ins = r.next() < 0.3 && del > 0 ? '' : `${filler(r.int(1, 4))} `;
        const clash = (a: number, b: number) => at <= b + 1 && a - 1 <= at + del;
        if (coded.some(([a, b]) => clash(a, b)) || edits.some((x) => at <= x.at + x.del + 1 && x.at <= at + del + 1)) continue;
        edits.push({ at, del, ins });
      }
      expect(edits.length).toBeGreaterThan(5);
      const newText = applyEdits(text, edits);
      const m = buildOffsetMap(text, newText);
      checkHunks(text, newText, m.hunks);
      const got = coded.map(([a, b]) => {
        const x = m.mapRange(a, b, 'shrink');
        return newText.slice(x.start, x.end);
      });
      expect(got, `seed ${seed}`).toEqual(phrases);
    }
  });

  it('gives a valid, monotone, bounded map for random edits anywhere (and through the fallback)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(1000 + seed);
      const oldText = words(r, [...LATIN, ...GREEK], r.int(0, 40));
      const edits: { at: number; del: number; ins: string }[] = [];
      let cursor = 0;
      for (let k = r.int(0, 4); k > 0 && cursor <= oldText.length; k--) {
        const at = r.int(cursor, Math.min(oldText.length, cursor + 40));
        const del = r.int(0, Math.min(15, oldText.length - at));
        edits.push({ at, del, ins: r.next() < 0.6 ? words(r, [...LATIN, ...GREEK], r.int(1, 3)) : '' });
        cursor = at + del + 1;
      }
      const newText = applyEdits(oldText, edits);
      for (const budget of [{}, { directTokens: 0 }] as DiffBudget[]) {
        const m = buildOffsetMap(oldText, newText, budget);
        checkHunks(oldText, newText, m.hunks);
        expect(m.mapOffset(0, 'backward')).toBe(0);
        expect(m.mapOffset(oldText.length, 'forward')).toBe(newText.length);
        let prevF = 0;
        let prevB = 0;
        const bad: number[] = [];
        for (let i = 0; i <= oldText.length; i++) {
          const f = m.mapOffset(i, 'forward');
          const b = m.mapOffset(i, 'backward');
          if (b > f || f < prevF || b < prevB || f > newText.length) bad.push(i);
          prevF = f;
          prevB = b;
        }
        expect(bad, `seed ${seed}: positions mapped out of order or out of bounds`).toEqual([]);
        // Every coding maps to a proper range or collapses, never to an inverted one.
        for (let k = 0; k < 10 && oldText.length > 1; k++) {
          const a = r.int(0, oldText.length - 1);
          const z = r.int(a + 1, oldText.length);
          const c = m.mapRange(a, z, 'shrink');
          expect(c.start <= c.end && (c.collapsed ? c.start === c.end : c.start < c.end)).toBe(true);
        }
      }
    }
  });

  it('agrees with computeHunks on an empty old or new text', () => {
    expect(computeHunks('', 'abc')).toEqual([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 3 }]);
    expect(computeHunks('abc', '')).toEqual([{ oldStart: 0, oldEnd: 3, newStart: 0, newEnd: 0 }]);
  });
});
