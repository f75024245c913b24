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
 * Past its time budget the word diff falls back to a line diff, refined the same way, and past
 * that to one whole-middle replacement.
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
import { diffArrays, diffChars, diffLines, type ChangeObject } from 'diff';

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
  /** Milliseconds the word diff of the middle may take before the line fallback. */
  wordTimeoutMs?: number;
  /** Most edits (tokens inserted plus deleted) the word diff may find before the line fallback. */
  wordMaxEdits?: number;
  /** Milliseconds the line fallback (diff plus refinement) may take before the whole middle counts as replaced. */
  lineTimeoutMs?: number;
  /** Milliseconds all character refinement of changed words may take in total. */
  charTimeoutMs?: number;
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
    const len = length(c.value); // UTF-16 units (a change's `count` is tokens, code points or lines)
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

/**
 * Splits changed stretches into character hunks where a character diff is cheap (a typo fixed
 * inside a word stays a one-letter change), keeping the stretch whole where it is not.
 */
function refine(oldText: string, newText: string, coarse: readonly Hunk[], timeoutMs: number): Hunk[] {
  const out: Hunk[] = [];
  const deadline = Date.now() + timeoutMs;
  for (const h of coarse) {
    const left = deadline - Date.now();
    const size = h.oldEnd - h.oldStart + (h.newEnd - h.newStart);
    const changes =
      h.oldEnd > h.oldStart && h.newEnd > h.newStart && size <= 20000 && left > 0
        ? diffChars(oldText.slice(h.oldStart, h.oldEnd), newText.slice(h.newStart, h.newEnd), { timeout: Math.min(100, left) })
        : undefined;
    if (changes) hunksFromChanges(changes, strLen, h.oldStart, h.newStart, out);
    else out.push(h);
  }
  return out;
}

/**
 * The edit from oldText to newText as hunks: common prefix and suffix trimmed back to word
 * boundaries, then a word-level diff of the middle (so an inserted word is an insertion, not
 * letters matched across words), each changed stretch refined by characters.
 */
export function computeHunks(oldText: string, newText: string, budget: DiffBudget = {}): Hunk[] {
  if (oldText === newText) return [];
  // Trimmed back to word boundaries, so the word diff sees whole words on both sides of a cut.
  let pre = commonPrefixLength(oldText, newText);
  if (isWordChar(oldText[pre]) || isWordChar(newText[pre])) while (pre > 0 && isWordChar(oldText[pre - 1])) pre--;
  let suf = commonSuffixLength(oldText, newText, pre);
  if (isWordChar(oldText[oldText.length - suf - 1]) || isWordChar(newText[newText.length - suf - 1])) while (suf > 0 && isWordChar(oldText[oldText.length - suf])) suf--;
  const a = oldText.slice(pre, oldText.length - suf);
  const b = newText.slice(pre, newText.length - suf);
  const whole: Hunk = { oldStart: pre, oldEnd: pre + a.length, newStart: pre, newEnd: pre + b.length };
  if (a.length === 0 || b.length === 0) return [whole];
  const charMs = budget.charTimeoutMs ?? 1000;

  const ta = a.match(TOKEN) ?? [];
  const tb = b.match(TOKEN) ?? [];
  const words = diffArrays(ta, tb, budget.wordMaxEdits === undefined ? { timeout: budget.wordTimeoutMs ?? 1500 } : { timeout: budget.wordTimeoutMs ?? 1500, maxEditLength: budget.wordMaxEdits });
  if (words) {
    const coarse: Hunk[] = [];
    hunksFromChanges(words, tokensLen, pre, pre, coarse);
    return refine(oldText, newText, coarse, charMs);
  }

  // Too many scattered changes for a word diff in time: diff lines, then refine each changed block.
  const lines = diffLines(a, b, { timeout: budget.lineTimeoutMs ?? 1500 });
  if (!lines) return [whole];
  const blocks: Hunk[] = [];
  hunksFromChanges(lines, strLen, pre, pre, blocks);
  return refine(oldText, newText, blocks, charMs);
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
