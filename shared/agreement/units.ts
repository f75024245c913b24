// Presence/absence units for one code in one transcript, built from coded ranges by a sweep
// over the range boundaries: one weighted row per stretch of text on which no coder's marking changes.
import type { WeightedMatrix } from './types.js';

/** A half-open character range [start, end) in a transcript's text. */
export type Range = readonly [start: number, end: number];

/**
 * 'char': every character is a unit. The rows are the stretches between consecutive range
 * boundaries (0, the length, and every start and end), each weighted by its length: inside one,
 * no coder's marking changes, so it stands for that many identical per-character rows.
 * 'segment': every given segment (utterance or sentence) is one unit of weight 1, and a coder
 * marks it present if any of the coder's coded text overlaps it, i.e. shares at least one
 * character (a range that only touches the segment's edge does not count); text outside every
 * segment is not a unit.
 */
export type UnitKind = 'char' | 'segment';

export interface UnitOptions {
  readonly unit?: UnitKind;
  /** The segments, required when unit is 'segment'. Empty segments hold no text and are skipped. */
  readonly segments?: readonly Range[];
  /** Drop units no coder marked present: text nobody coded agrees trivially and inflates agreement. */
  readonly excludeUncoded?: boolean;
}

/** 1 = the coder marked the unit present, 0 = absent, null = the coder did not code this transcript. */
export type Presence = 0 | 1 | null;

export interface PresenceUnits extends WeightedMatrix {
  readonly rows: Presence[][];
  readonly weights: number[];
}

export function checkRange(fn: string, where: string, range: unknown, length: number): Range {
  const ok = Array.isArray(range) && range.length === 2 && range.every((x) => Number.isSafeInteger(x));
  const [start, end] = ok ? (range as [number, number]) : [Number.NaN, Number.NaN];
  if (!ok || start < 0 || start > end || end > length) {
    const shown = ok ? `[${start}, ${end})` : 'not a pair of integers';
    throw new TypeError(`${fn}: ${where} is ${shown}; a range needs integers 0 ≤ start ≤ end ≤ length (${length})`);
  }
  return [start, end];
}

/** Sorted, disjoint union of non-empty ranges (touching ranges join: the coder's presence is the same). */
function union(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([s, e]) => s < e).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Index of the first range ending after `at` (ranges sorted and disjoint, so ends increase). */
function firstEndingAfter(ranges: readonly Range[], at: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![1] > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function charUnits(length: number, coders: readonly (Range[] | null)[], excludeUncoded: boolean): PresenceUnits {
  // Sweep over the sorted boundaries: between two consecutive boundaries no coder's coverage changes.
  const cuts = new Set<number>([0, length]);
  for (const ranges of coders) for (const [s, e] of ranges ?? []) cuts.add(s).add(e);
  const boundaries = [...cuts].sort((x, y) => x - y);
  const next = coders.map(() => 0); // per coder, the first range not yet passed
  const rows: Presence[][] = [];
  const weights: number[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const from = boundaries[i]!;
    const row = coders.map((ranges, c): Presence => {
      if (ranges === null) return null;
      while (next[c]! < ranges.length && ranges[next[c]!]![1] <= from) next[c]!++;
      const r = ranges[next[c]!];
      return r !== undefined && r[0] <= from ? 1 : 0;
    });
    if (excludeUncoded && !row.includes(1)) continue;
    rows.push(row);
    weights.push(boundaries[i + 1]! - from);
  }
  return { rows, weights };
}

function segmentUnits(segments: readonly Range[], coders: readonly (Range[] | null)[], excludeUncoded: boolean): PresenceUnits {
  const rows: Presence[][] = [];
  for (const [s, e] of segments) {
    if (s === e) continue;
    const row = coders.map((ranges): Presence => {
      if (ranges === null) return null;
      const r = ranges[firstEndingAfter(ranges, s)];
      return r !== undefined && r[0] < e ? 1 : 0;
    });
    if (excludeUncoded && !row.includes(1)) continue;
    rows.push(row);
  }
  return { rows, weights: rows.map(() => 1) };
}

/** Builds units from ranges already checked; `coders[c]` is coder c's ranges or null (did not code). */
export function unitsFromChecked(length: number, coders: readonly (readonly Range[] | null)[], options: UnitOptions, segments: readonly Range[] | undefined): PresenceUnits {
  const merged = coders.map((r) => (r === null ? null : union(r)));
  const exclude = options.excludeUncoded === true;
  return options.unit === 'segment' ? segmentUnits(segments ?? [], merged, exclude) : charUnits(length, merged, exclude);
}

export function checkUnitOptions(fn: string, options: unknown): UnitOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) throw new TypeError(`${fn}: options must be an object`);
  const { unit, excludeUncoded } = options as UnitOptions;
  if (unit !== undefined && unit !== 'char' && unit !== 'segment') throw new TypeError(`${fn}: options.unit must be 'char' or 'segment'`);
  if (excludeUncoded !== undefined && typeof excludeUncoded !== 'boolean') throw new TypeError(`${fn}: options.excludeUncoded must be a boolean`);
  return options as UnitOptions;
}

export function checkSegments(fn: string, where: string, segments: unknown, length: number): Range[] {
  if (!Array.isArray(segments)) throw new TypeError(`${fn}: ${where} must be an array of [start, end) ranges when unit is 'segment'`);
  return segments.map((seg, i) => checkRange(fn, `${where}[${i}]`, seg, length));
}

/**
 * Weighted presence/absence units for one code in one transcript of `length` characters.
 * `coderRanges[c]` is coder c's coded ranges for the code ([start, end), overlaps allowed), or
 * null when coder c did not code this transcript (missing, not absent).
 */
export function presenceUnits(length: number, coderRanges: ReadonlyArray<ReadonlyArray<Range> | null>, options?: UnitOptions): PresenceUnits {
  const fn = 'presenceUnits';
  if (!Number.isSafeInteger(length) || length < 0) throw new TypeError(`${fn}: length must be an integer ≥ 0, got ${String(length)}`);
  const opts = checkUnitOptions(fn, options);
  if (!Array.isArray(coderRanges)) throw new TypeError(`${fn}: coderRanges must be an array with one entry per coder`);
  const checked = coderRanges.map((ranges, c) => {
    if (ranges === null) return null;
    if (!Array.isArray(ranges)) throw new TypeError(`${fn}: coderRanges[${c}] must be an array of ranges, or null when that coder did not code the transcript`);
    return ranges.map((r, i) => checkRange(fn, `coderRanges[${c}][${i}]`, r, length));
  });
  const segments = opts.unit === 'segment' ? checkSegments(fn, 'options.segments', opts.segments, length) : undefined;
  return unitsFromChecked(length, checked, opts, segments);
}
