/**
 * Positions as REFI-QDA counts them. Tandai's offsets are UTF-16 code units (JavaScript string
 * indices); the standard (§10.2) counts Unicode code points, while NVivo (Windows) counts UTF-16
 * units (SOURCES.md §5.1). An offset converts by subtracting the astral characters (surrogate pairs)
 * before it: a binary search over their positions, so 20,000 codings on long texts stay cheap.
 */

export type PositionUnit = 'code-points' | 'utf16';

export interface PositionConverter {
  /** The position of a UTF-16 offset in the chosen unit. An offset inside a surrogate pair counts as the pair's start. */
  (offset: number): number;
}

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/** Indices of the high surrogates of well-formed pairs in `text`. */
function astralStarts(text: string): number[] {
  const out: number[] = [];
  // Most transcripts have none: the regular expression engine answers that far faster than a loop.
  if (!HIGH_SURROGATE.test(text)) return out;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(i);
        i++;
      }
    }
  }
  return out;
}

export function positionConverter(text: string, unit: PositionUnit): PositionConverter {
  if (unit === 'utf16') return (offset) => offset;
  const pairs = astralStarts(text);
  if (pairs.length === 0) return (offset) => offset;
  return (offset) => {
    // Pairs starting strictly before the offset; one starting at offset - 1 means the offset is inside it.
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    // Inside a pair (one starts at offset - 1): offset - lo is then the pair's own position too.
    return offset - lo;
  };
}
