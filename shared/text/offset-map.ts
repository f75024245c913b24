/**
 * Offset maps between two versions of a text (DESIGN principle 5: a correction re-maps codings
 * through the edit). Offsets are UTF-16 indices, as everywhere; a position is a boundary between
 * characters, 0..length.
 *
 * The edit is a list of hunks (old [oldStart, oldEnd) became new [newStart, newEnd)), separated by
 * unchanged text. It is computed as: common prefix and suffix trimmed (cheap, and most corrections
 * touch one place of a long text), then a diff of the middle's words (`diff`'s Myers over tokens:
 * a character diff would match letters across words and split "eport" → "never eport" as
 * n+e+"ver e"), each changed stretch refined by characters (a typo fix stays a one-letter change).
 * A long middle (many fixes spread over a transcript) is first pinned on lines, then words, that
 * occur once in each text (patience diff), so Myers only ever runs on small gaps. Whatever is still
 * undiffed when the time budget runs out counts as replaced whole.
 *
 * Mapping a position that falls at an edge of a hunk is exact (the unchanged neighbour decides).
 * Only a position strictly inside a replaced stretch, or exactly where text was inserted, is
 * ambiguous; `bias` decides: 'backward' goes to the new stretch's start, 'forward' to its end.
 * A coding [s, e) maps to [map(s, forward), map(e, backward)): it keeps its own words and does not
 * swallow text inserted at its edges ("shrink"), except letters glued onto its first or last word
 * (a corrected word is still the coded word); a distress mark maps the other way ("grow"), so it
 * still covers whatever replaced the passage it guarded. A stretch replaced exactly (its edges
 * unchanged) maps to its replacement under either mode: the passage was corrected, not deleted.
 */
import { diffArrays, diffChars, type ChangeObject } from 'diff';

export type Bias = 'forward' | 'backward';

export interface Hunk {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

export interface MappedRange {
  start: number;
  end: number;
  /** The range's text was wholly deleted: start === end, at the place it used to be. */
  collapsed: boolean;
}

export interface OffsetMap {
  readonly oldLength: number;
  readonly newLength: number;
  readonly hunks: readonly Hunk[];
  mapOffset(pos: number, bias: Bias): number;
  /** 'shrink' (codings): [map(s, forward), map(e, backward)); 'grow' (marks, utterances): the reverse. */
  mapRange(start: number, end: number, mode: 'shrink' | 'grow'): MappedRange;
}

export interface DiffBudget {
  /** Milliseconds the whole diff may take; stretches still undiffed then count as replaced whole. */
  timeoutMs?: number;
  /**
   * Largest stretch (old plus new tokens) diffed directly with Myers before anchoring on unique
   * lines and words first. Tests lower it to exercise the anchored path.
   */
  directTokens?: number;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && WORD_CHAR.test(ch);
/** Words (any script; unspaced scripts give a run per phrase), whitespace runs, and single other characters. */
const TOKEN = /[\p{L}\p{M}\p{N}_]+|\s+|[^]/gu;

export function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Never cut a surrogate pair: the diff below works in code points.
  if (i > 0 && i < n && isHigh(a.charCodeAt(i - 1))) i--;
  return i;
}

/** Common suffix of a and b that does not reach into the first `skip` characters of either. */
export function commonSuffixLength(a: string, b: string, skip = 0): number {
  const n = Math.min(a.length, b.length) - skip;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  if (i > 0 && i < n && isLow(a.charCodeAt(a.length - i))) i--;
  return i;
}

/** Hunks from a change list (adjacent removals and additions merge into one hunk). */
function hunksFromChanges<V>(changes: readonly ChangeObject<V>[], length: (v: V) => number, oldBase: number, newBase: number, out: Hunk[]): void {
  let o = oldBase;
  let n = newBase;
  let open: Hunk | null = null;
  for (const c of changes) {
    const len = length(c.value); // UTF-16 units (a change's `count` is tokens or code points)
    if (!c.added && !c.removed) {
      if (open) out.push(open);
      open = null;
      o += len;
      n += len;
      continue;
    }
    open ??= { oldStart: o, oldEnd: o, newStart: n, newEnd: n };
    if (c.removed) o += len;
    else n += len;
    open.oldEnd = o;
    open.newEnd = n;
  }
  if (open) out.push(open);
}

const strLen = (v: string) => v.length;
const tokensLen = (v: string[]) => {
  let n = 0;
  for (const t of v) n += t.length;
  return n;
};

/** Units of a stretch of text with their offsets: offs[i] is where unit i starts, offs[length] the end. */
interface Units {
  units: string[];
  offs: number[];
}

function unitsOf(text: string, from: number, to: number, re: RegExp): Units {
  const units = text.slice(from, to).match(re) ?? [];
  const offs = new Array<number>(units.length + 1);
  let at = from;
  units.forEach((u, i) => {
    offs[i] = at;
    at += u.length;
  });
  offs[units.length] = at;
  return { units, offs };
}

const LINES = /[^\n]*\n|[^\n]+/g;

/** Whitespace and punctuation: too common to confirm anything. */
const isFiller = (u: string | undefined) => u !== undefined && !WORD_CHAR.test(u);

/**
 * Whether the unit pair (i, j) has a matching neighbour on one side: the nearest word before (or
 * after) each is the same, or both sit at the same edge of the range. A unique word
 * with neither is more likely text inserted in one place that happens to equal text deleted in
 * another (an emoji, a moved name) than an unchanged word, and pinning on it would misalign
 * everything between.
 */
function confirmed(a: string[], ai: number, aj: number, b: string[], bi: number, bj: number, i: number, j: number): boolean {
  let pa = i - 1;
  let pb = j - 1;
  while (pa >= ai && isFiller(a[pa])) pa--;
  while (pb >= bi && isFiller(b[pb])) pb--;
  if ((pa < ai && pb < bi) || (pa >= ai && pb >= bi && a[pa] === b[pb])) return true;
  let na = i + 1;
  let nb = j + 1;
  while (na < aj && isFiller(a[na])) na++;
  while (nb < bj && isFiller(b[nb])) nb++;
  return (na >= aj && nb >= bj) || (na < aj && nb < bj && a[na] === b[nb]);
}

/**
 * Unique-unit anchors (patience diff): units that occur exactly once in each of a[ai, aj) and
 * b[bi, bj), paired (never blank or punctuation-only units; words only when a neighbour confirms
 * them, while a unique whole line is evidence enough), then the longest run of pairs in order in
 * both (longest increasing subsequence).
 */
function anchors(a: string[], ai: number, aj: number, b: string[], bi: number, bj: number, confirm: boolean): [number, number][] {
  const count = new Map<string, { a: number; b: number; ia: number; ib: number }>();
  for (let i = ai; i < aj; i++) {
    const c = count.get(a[i]!);
    if (c) c.a++;
    else count.set(a[i]!, { a: 1, b: 0, ia: i, ib: -1 });
  }
  for (let j = bi; j < bj; j++) {
    const c = count.get(b[j]!);
    if (c) {
      c.b++;
      c.ib = j;
    }
  }
  const pairs: [number, number][] = [];
  for (const [u, c] of count) {
    if (c.a !== 1 || c.b !== 1) continue;
    if (isFiller(u) || (confirm && !confirmed(a, ai, aj, b, bi, bj, c.ia, c.ib))) continue;
    pairs.push([c.ia, c.ib]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of the b indices (patience sorting, O(n log n)).
  const tails: number[] = [];
  const prev = new Array<number>(pairs.length);
  pairs.forEach(([, j], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    prev[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
  });
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(pairs[k]!);
  return out.reverse();
}

interface DiffRun {
  oldText: string;
  newText: string;
  deadline: number;
  directTokens: number;
  out: Hunk[];
}

function emit(run: DiffRun, oldStart: number, oldEnd: number, newStart: number, newEnd: number): void {
  if (oldStart < oldEnd || newStart < newEnd) run.out.push({ oldStart, oldEnd, newStart, newEnd });
}

/**
 * Diffs units a[ai, aj) against b[bi, bj): common ends trimmed, then either Myers directly (small
 * stretches), or unique anchors with each gap diffed the same way (`gap` says how: the line level
 * hands gaps down to the word level). A stretch nothing can split in time is one replaced hunk.
 */
function diffUnits(run: DiffRun, A: Units, B: Units, ai: number, aj: number, bi: number, bj: number, gap: (ai: number, aj: number, bi: number, bj: number) => void, direct: boolean): void {
  const a = A.units;
  const b = B.units;
  while (ai < aj && bi < bj && a[ai] === b[bi]) {
    ai++;
    bi++;
  }
  while (aj > ai && bj > bi && a[aj - 1] === b[bj - 1]) {
    aj--;
    bj--;
  }
  if (ai === aj || bi === bj) return emit(run, A.offs[ai]!, A.offs[aj]!, B.offs[bi]!, B.offs[bj]!);
  const left = run.deadline - Date.now();
  if (left <= 0) return emit(run, A.offs[ai]!, A.offs[aj]!, B.offs[bi]!, B.offs[bj]!);
  if (direct && aj - ai + (bj - bi) <= run.directTokens) {
    const changes = diffArrays(a.slice(ai, aj), b.slice(bi, bj), { timeout: left });
    if (changes) return hunksFromChanges(changes, tokensLen, A.offs[ai]!, B.offs[bi]!, run.out);
  }
  const pins = anchors(a, ai, aj, b, bi, bj, direct);
  if (pins.length === 0) {
    if (direct) {
      // No unique word to pin on (a stretch of common words): Myers for what time is left.
      const changes = diffArrays(a.slice(ai, aj), b.slice(bi, bj), { timeout: run.deadline - Date.now() });
      if (changes) return hunksFromChanges(changes, tokensLen, A.offs[ai]!, B.offs[bi]!, run.out);
      return emit(run, A.offs[ai]!, A.offs[aj]!, B.offs[bi]!, B.offs[bj]!);
    }
    return gap(ai, aj, bi, bj);
  }
  let pa = ai;
  let pb = bi;
  for (const [ia, ib] of pins) {
    gap(pa, ia, pb, ib);
    pa = ia + 1;
    pb = ib + 1;
  }
  gap(pa, aj, pb, bj);
}

/** Word-level diff of old [oStart, oEnd) against new [nStart, nEnd). */
function diffWordsIn(run: DiffRun, oStart: number, oEnd: number, nStart: number, nEnd: number): void {
  if (oStart === oEnd || nStart === nEnd) return emit(run, oStart, oEnd, nStart, nEnd);
  const A = unitsOf(run.oldText, oStart, oEnd, TOKEN);
  const B = unitsOf(run.newText, nStart, nEnd, TOKEN);
  const gap = (ai: number, aj: number, bi: number, bj: number): void => diffUnits(run, A, B, ai, aj, bi, bj, gap, true);
  gap(0, A.units.length, 0, B.units.length);
}

/**
 * Splits changed stretches into character hunks where a character diff is cheap (a typo fixed
 * inside a word stays a one-letter change), keeping the stretch whole where it is not.
 */
function refine(oldText: string, newText: string, coarse: readonly Hunk[], deadline: number): Hunk[] {
  const out: Hunk[] = [];
  for (const h of coarse) {
    const left = deadline - Date.now();
    const size = h.oldEnd - h.oldStart + (h.newEnd - h.newStart);
    const changes =
      h.oldEnd > h.oldStart && h.newEnd > h.newStart && size <= 2000 && left > 0
        ? diffChars(oldText.slice(h.oldStart, h.oldEnd), newText.slice(h.newStart, h.newEnd), { timeout: Math.min(50, left) })
        : undefined;
    if (changes) hunksFromChanges(changes, strLen, h.oldStart, h.newStart, out);
    else out.push(h);
  }
  return out;
}

/**
 * The edit from oldText to newText as hunks: common prefix and suffix trimmed back to word
 * boundaries; the middle diffed by words (Myers when small; otherwise anchored first on lines, then
 * on words, that occur once in each text, so hundreds of scattered fixes in a long transcript
 * still diff in well under a second); each changed stretch refined by characters.
 */
export function computeHunks(oldText: string, newText: string, budget: DiffBudget = {}): Hunk[] {
  if (oldText === newText) return [];
  // Trimmed back to word boundaries, so the word diff sees whole words on both sides of a cut.
  let pre = commonPrefixLength(oldText, newText);
  if (isWordChar(oldText[pre]) || isWordChar(newText[pre])) while (pre > 0 && isWordChar(oldText[pre - 1])) pre--;
  let suf = commonSuffixLength(oldText, newText, pre);
  if (isWordChar(oldText[oldText.length - suf - 1]) || isWordChar(newText[newText.length - suf - 1])) while (suf > 0 && isWordChar(oldText[oldText.length - suf])) suf--;
  const oEnd = oldText.length - suf;
  const nEnd = newText.length - suf;
  const timeout = budget.timeoutMs ?? 3000;
  const run: DiffRun = { oldText, newText, deadline: Date.now() + timeout * 0.8, directTokens: budget.directTokens ?? 4000, out: [] };
  if (pre === oEnd || pre === nEnd) {
    emit(run, pre, oEnd, pre, nEnd);
    return run.out;
  }
  const tokensA = unitsOf(oldText, pre, oEnd, TOKEN).units.length;
  const tokensB = unitsOf(newText, pre, nEnd, TOKEN).units.length;
  if (tokensA + tokensB <= run.directTokens) diffWordsIn(run, pre, oEnd, pre, nEnd);
  else {
    // Long stretch: pin unique lines first (utterances rarely repeat), then words within the gaps.
    const A = unitsOf(oldText, pre, oEnd, LINES);
    const B = unitsOf(newText, pre, nEnd, LINES);
    const gap = (ai: number, aj: number, bi: number, bj: number): void => diffWordsIn(run, A.offs[ai]!, A.offs[aj]!, B.offs[bi]!, B.offs[bj]!);
    diffUnits(run, A, B, 0, A.units.length, 0, B.units.length, gap, false);
  }
  return refine(oldText, newText, run.out, run.deadline + timeout * 0.2);
}

export function offsetMapFromHunks(hunks: readonly Hunk[], oldText: string, newText: string): OffsetMap {
  const oldLength = oldText.length;
  /** Index of the last hunk starting at or before pos, or -1. */
  const lastHunkFrom = (pos: number): number => {
    let lo = 0;
    let hi = hunks.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (hunks[mid]!.oldStart <= pos) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return k;
  };
  const mapOffset = (raw: number, bias: Bias): number => {
    const pos = Math.max(0, Math.min(raw, oldLength));
    const k = lastHunkFrom(pos);
    if (k < 0) return pos;
    const h = hunks[k]!;
    if (pos > h.oldEnd) return pos + (h.newEnd - h.oldEnd);
    const pureInsert = h.oldStart === h.oldEnd;
    if (!pureInsert && pos === h.oldStart) return h.newStart;
    if (!pureInsert && pos === h.oldEnd) return h.newEnd;
    return bias === 'forward' ? h.newEnd : h.newStart;
  };
  /**
   * A shrinking range still takes in letters a correction glued onto its first or last word
   * ("stigam" → "stigma" is diffed as a moved "a"; "report" → "reports" adds an "s" at the edge):
   * the corrected word is the coded word. Inserted text that starts with a space or punctuation
   * stays out.
   */
  const glue = (start: number, end: number, s: number, e: number): [number, number] => {
    const ke = lastHunkFrom(end);
    const he = ke >= 0 ? hunks[ke]! : undefined;
    if (he && he.oldStart === end && e === he.newStart && isWordChar(oldText[end - 1])) {
      while (e < he.newEnd && isWordChar(newText[e])) e++;
    }
    // Hunks never touch (unchanged text separates them), so a hunk ending at start is the last one from it.
    const hs = hunks[lastHunkFrom(start)];
    if (hs && hs.oldEnd === start && s === hs.newEnd && isWordChar(oldText[start])) {
      while (s > hs.newStart && isWordChar(newText[s - 1])) s--;
    }
    return [s, e];
  };
  const mapRange = (start: number, end: number, mode: 'shrink' | 'grow'): MappedRange => {
    let s = mapOffset(start, mode === 'shrink' ? 'forward' : 'backward');
    let e = mapOffset(end, mode === 'shrink' ? 'backward' : 'forward');
    if (e > s) {
      if (mode === 'shrink') [s, e] = glue(start, end, s, e);
      return { start: s, end: e, collapsed: false };
    }
    const at = mapOffset(start, 'backward');
    return { start: at, end: at, collapsed: true };
  };
  return { oldLength, newLength: newText.length, hunks, mapOffset, mapRange };
}

/** The offset map from `oldText` to `newText`. */
export function buildOffsetMap(oldText: string, newText: string, budget?: DiffBudget): OffsetMap {
  return offsetMapFromHunks(computeHunks(oldText, newText, budget), oldText, newText);
}
