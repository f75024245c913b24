/**
 * What a REFI-QDA file's text positions count. The standard says Unicode code points from the
 * first character of the plain-text file; NVivo (Windows) counts UTF-16 code units, ATLAS.ti counts
 * CRLF as one character, and nobody says whether a BOM counts (../shared/refi-qda/SOURCES.md §5).
 * So every reading is tried on every selection of the file, and the one under which selections
 * start and end between words (and match their `name`, where a tool writes the quoted text there)
 * wins. One reading per file: one exporter wrote it.
 *
 * Positions are read against the source text as decoded from its file (BOM and CRs still in it);
 * the result is a UTF-16 index into that raw text, which the normalisation map then carries into
 * the stored text.
 */

export type PositionUnit = 'codepoint' | 'utf16';

export interface PositionReading {
  unit: PositionUnit;
  /** A leading BOM is position 0 (true) or is skipped (false). */
  bomCounted: boolean;
  /** CR LF counts as one position (ATLAS.ti) rather than two. */
  crlfAsOne: boolean;
}

export interface RawSelection {
  start: number;
  end: number;
  /** The selection's `name` attribute; some tools put the quoted text there. */
  name?: string | null;
}

export interface SourceSelections {
  /** The source's text as decoded from its file: BOM and CRs kept. */
  raw: string;
  selections: readonly RawSelection[];
  /** `wideUnits(raw)`, when the caller already has it. */
  wide?: WideUnits;
}

export interface ReadingScore {
  reading: PositionReading;
  /** Selection ends (two per selection) that fall between words, on valid boundaries. */
  clean: number;
  /** Selections whose `name` matches the text they select. */
  named: number;
  /** Selections outside the text under this reading. */
  outside: number;
  score: number;
}

export interface Detection {
  reading: PositionReading;
  /** Every reading tried, best first. */
  scores: ReadingScore[];
  /** Selection ends looked at (two per selection). */
  ends: number;
}

/** The spec's reading first, so it wins every tie that makes no difference. */
export const READINGS: readonly PositionReading[] = [
  { unit: 'codepoint', bomCounted: false, crlfAsOne: false },
  { unit: 'utf16', bomCounted: false, crlfAsOne: false },
  { unit: 'codepoint', bomCounted: false, crlfAsOne: true },
  { unit: 'utf16', bomCounted: false, crlfAsOne: true },
  { unit: 'codepoint', bomCounted: true, crlfAsOne: false },
  { unit: 'utf16', bomCounted: true, crlfAsOne: false },
  { unit: 'codepoint', bomCounted: true, crlfAsOne: true },
  { unit: 'utf16', bomCounted: true, crlfAsOne: true },
];

export const describeReading = (r: PositionReading): string =>
  `${r.unit === 'utf16' ? 'UTF-16 code units' : 'Unicode code points'}${r.bomCounted ? ', BOM counted' : ''}${r.crlfAsOne ? ', CR LF counted as one' : ''}`;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const WORD = /[\p{L}\p{M}\p{N}_]/u;

/** Where in `raw` a reading counts two code units as one position: surrogate pairs, and CRs of CR LF. */
export interface WideUnits {
  astral: Int32Array;
  crlf: Int32Array;
}

/** Start indices of surrogate pairs and of CR LF pairs in `raw`, in order. */
export function wideUnits(raw: string): WideUnits {
  const find = (re: RegExp) => {
    const out: number[] = [];
    for (const m of raw.matchAll(re)) out.push(m.index);
    return Int32Array.from(out);
  };
  return { astral: find(/[\ud800-\udbff][\udc00-\udfff]/g), crlf: find(/\r\n/g) };
}

/**
 * A function from a position under `reading` to a UTF-16 index into `raw` (null when the position
 * is outside the text). A position counts every code unit once, except that each wide unit the
 * reading merges (a surrogate pair, a CR LF) counts once for two: so the index is the position plus
 * the BOM skipped plus the number of merged pairs that start before it, found by binary search.
 */
export function positionToIndex(raw: string, reading: PositionReading, wide: WideUnits = wideUnits(raw)): (pos: number) => number | null {
  const skip = raw.charCodeAt(0) === 0xfeff && !reading.bomCounted ? 1 : 0;
  const a = reading.unit === 'codepoint' ? wide.astral : new Int32Array(0);
  const c = reading.crlfAsOne ? wide.crlf : new Int32Array(0);
  // Merge the two sorted lists (they never share an index), dropping a pair that starts on a skipped BOM.
  const pairs = new Int32Array(a.length + c.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length || j < c.length; ) {
    const v = j >= c.length || (i < a.length && a[i]! < c[j]!) ? a[i++]! : c[j++]!;
    if (v >= skip) pairs[n++] = v;
  }
  // logical[k]: the position at which the k-th merged pair starts.
  const logical = new Int32Array(n);
  for (let k = 0; k < n; k++) logical[k] = pairs[k]! - skip - k;
  const units = raw.length - skip - n;
  return (pos) => {
    if (!Number.isInteger(pos) || pos < 0 || pos > units) return null;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (logical[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return pos + skip + lo;
  };
}

/** The code point that ends just before index i / starts at index i (surrogate pairs whole). */
function charBefore(raw: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const c = raw.charCodeAt(i - 1);
  return isLow(c) && i >= 2 && isHigh(raw.charCodeAt(i - 2)) ? raw.slice(i - 2, i) : raw[i - 1];
}
function charAt(raw: string, i: number): string | undefined {
  if (i >= raw.length) return undefined;
  const c = raw.charCodeAt(i);
  return isHigh(c) && isLow(raw.charCodeAt(i + 1)) ? raw.slice(i, i + 2) : raw[i];
}

/** Whether index i is a clean place for a selection to start or end: not inside a character, a CR LF or a word. */
export function isCleanBoundary(raw: string, i: number): boolean {
  if (i < 0 || i > raw.length) return false;
  if (i > 0 && i < raw.length && isHigh(raw.charCodeAt(i - 1)) && isLow(raw.charCodeAt(i))) return false;
  if (i > 0 && raw.charCodeAt(i - 1) === 13 && raw.charCodeAt(i) === 10) return false;
  const a = charBefore(raw, i);
  const b = charAt(raw, i);
  return !(a !== undefined && b !== undefined && WORD.test(a) && WORD.test(b));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Whether a selection's `name` is the text it selects (tools truncate long quotes, so a prefix counts). */
function nameMatches(name: string | null | undefined, selected: string): boolean {
  if (!name) return false;
  const n = squash(name).replace(/(?:…|\.\.\.)$/, '');
  if (n.length < 3) return false;
  return squash(selected.replace(/^\ufeff/, '')).startsWith(n);
}

function scoreReading(sources: readonly SourceSelections[], reading: PositionReading): ReadingScore {
  let clean = 0;
  let named = 0;
  let outside = 0;
  for (const src of sources) {
    if (src.selections.length === 0) continue;
    const toIndex = positionToIndex(src.raw, reading, src.wide);
    for (const s of src.selections) {
      const a = toIndex(s.start);
      const b = toIndex(s.end);
      if (a === null || b === null || a > b) {
        outside++;
        continue;
      }
      if (isCleanBoundary(src.raw, a)) clean++;
      if (isCleanBoundary(src.raw, b)) clean++;
      if (nameMatches(s.name, src.raw.slice(a, b))) named++;
    }
  }
  return { reading, clean, named, outside, score: clean + 3 * named - 2 * outside };
}

/** Whether two readings give the same indices for every source here (so trying both is pointless). */
function relevant(sources: readonly (SourceSelections & { wide: WideUnits })[]): (r: PositionReading) => boolean {
  const astral = sources.some((s) => s.wide.astral.length > 0);
  const bom = sources.some((s) => s.raw.charCodeAt(0) === 0xfeff);
  const crlf = sources.some((s) => s.wide.crlf.length > 0);
  return (r) => (astral || r.unit === 'codepoint') && (bom || !r.bomCounted) && (crlf || !r.crlfAsOne);
}

/**
 * The reading under which the file's selections make the most sense. `prefer` breaks ties (an
 * exporter known to count one way, from the file's `origin`); otherwise the spec's reading wins.
 */
export function detectPositionReading(given: readonly SourceSelections[], prefer?: Partial<PositionReading>): Detection {
  const sources = given.map((s) => ({ ...s, wide: s.wide ?? wideUnits(s.raw) }));
  const ends = 2 * sources.reduce((n, s) => n + s.selections.length, 0);
  const keep = relevant(sources);
  const preferred = (r: PositionReading) =>
    prefer ? (Object.keys(prefer) as (keyof PositionReading)[]).filter((k) => prefer[k] === r[k]).length : 0;
  const scores = READINGS.filter(keep)
    .map((r) => scoreReading(sources, r))
    .map((s, i) => ({ s, i }))
    .sort((x, y) => y.s.score - x.s.score || preferred(y.s.reading) - preferred(x.s.reading) || x.i - y.i)
    .map((x) => x.s);
  return { reading: scores[0]!.reading, scores, ends };
}

/** What an exporter is known to do, from a file's `origin` attribute; used only to break ties. */
export function readingHint(origin: string | null | undefined): Partial<PositionReading> | undefined {
  if (!origin) return undefined;
  if (/nvivo/i.test(origin)) return { unit: 'utf16', bomCounted: false, crlfAsOne: false };
  if (/atlas\.ti/i.test(origin)) return { crlfAsOne: true };
  return undefined;
}
