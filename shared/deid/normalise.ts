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

/**
 * The fold of each BMP code unit, filled on first sight: -1 unknown, -2 folds to nothing (a
 * combining mark), -3 folds to several code units (in MULTI), else the one code unit it folds to.
 * Folding a word is then a table lookup per character, not NFD and two regexes per word: Thai,
 * Vietnamese and Amharic words are mostly distinct, so a cache of whole words misses on them.
 */
const FOLD = new Int32Array(0x10000).fill(-1);
const MULTI = new Map<number, string>();

function foldUnit(c: number): number {
  let f = FOLD[c]!;
  if (f !== -1) return f;
  const out = foldSlow(String.fromCharCode(c));
  if (out.length === 0) f = -2;
  else if (out.length === 1) f = out.charCodeAt(0);
  else {
    f = -3;
    MULTI.set(c, out);
  }
  FOLD[c] = f;
  return f;
}

/** Lower-cased, accent-stripped form of a word or phrase. */
export function foldKey(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  let out = '';
  let from = 0; // start of the run of code units that fold to themselves
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Surrogate pairs (astral letters, rare) and capital sigma (its lower case depends on the
    // position in the word): the whole word the slow way.
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x3a3) return foldSlow(s);
    const f = c < 0x80 ? (c >= 65 && c <= 90 ? c + 32 : c) : foldUnit(c);
    if (f === c) continue;
    out += s.slice(from, i);
    from = i + 1;
    if (f >= 0) out += String.fromCharCode(f);
    else if (f === -3) out += MULTI.get(c)!;
  }
  return from === 0 ? s : out + s.slice(from);
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
