/**
 * Case and accent folding for matching ("Cora" = "cora", "Quỳnh Lưu" = "quynh luu",
 * "Đỗ" = "do"). Two forms:
 *   - `foldKey(word)`: a word's lookup key (no offsets needed), cached because transcripts
 *     repeat the same words;
 *   - `foldWithMap(text)`: a folded copy of a whole string with, for every folded code unit, the
 *     offset of the original code unit it came from, so a match in the folded text maps back
 *     to exact UTF-16 offsets in the original.
 */

const COMBINING = /\p{M}/gu;
const NON_ASCII = /[^\x00-\x7f]/;
/** Letters NFD does not decompose but readers treat as the base letter. */
const SPECIAL: Record<string, string> = {
  đ: 'd', ð: 'd', ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', 'ʼ': "'", '’': "'", '‘': "'",
};
const SPECIAL_RE = /[đðøłßæœıʼ’‘]/g;

function foldSlow(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Lower-cased, accent-stripped form of a word or phrase. */
export function foldKey(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  let v = cache.get(s);
  if (v === undefined) {
    v = foldSlow(s);
    // A bounded cache: cleared wholesale when full (cheap; the working set refills at once).
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, v);
  }
  return v;
}

export interface FoldedText {
  /** The folded text. */
  folded: string;
  /** map[i] = offset in the original of the code unit that produced folded[i]; map[folded.length] = original length. */
  map: Int32Array;
}

/** Folds a whole string, keeping an offset map back to the original. */
export function foldWithMap(text: string): FoldedText {
  if (!NON_ASCII.test(text)) {
    const map = new Int32Array(text.length + 1);
    for (let i = 0; i <= text.length; i++) map[i] = i;
    return { folded: text.toLowerCase(), map };
  }
  const out: string[] = [];
  const map: number[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = ch.charCodeAt(0) < 0x80 ? ch.toLowerCase() : foldSlow(ch);
    for (let k = 0; k < f.length; k++) map.push(i);
    out.push(f);
    i += ch.length;
  }
  map.push(text.length);
  return { folded: out.join(''), map: Int32Array.from(map) };
}

/** Maps a [start, end) range of the folded text back to the original text. */
export function toOriginalRange(f: FoldedText, start: number, end: number): [number, number] {
  const s = f.map[start]!;
  // The end maps to the end of the original character that produced folded[end - 1].
  const lastOrig = f.map[end - 1]!;
  let e = f.map[end]!;
  if (e <= lastOrig) e = lastOrig + 1;
  return [s, e];
}
