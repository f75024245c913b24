/**
 * The one tokenisation every word-level layer shares: runs of letters, marks and digits, with
 * their UTF-16 offsets, folded keys and a few flags computed once. A single pass over char codes
 * with a lookup table for the Basic Multilingual Plane (built once from Unicode property
 * regexes), not Intl.Segmenter (microseconds per segment) nor a regex per token: the scan's
 * budget is about a microsecond per word for every layer together. Scripts written without
 * spaces (Thai, Khmer) come out as long runs, which is fine for names written in Latin script
 * and for the digit-led patterns.
 *
 * Word types: the pass hashes each word's code units and finds its type in a table (tokens
 * written alike share one), so a repeated word is not sliced or folded again, and the layers
 * look up a word's classes, register and gazetteer entries once per type instead of once per
 * occurrence (an interview repeats a few thousand words many times over).
 */
import { foldKey } from './normalise.js';

export const F_CAP = 1; // first character is an upper-case or title-case letter (or "eThekwini")
export const F_UPPER = 2; // two or more letters, all upper case (an acronym: NTB, SMPN)
export const F_DIGIT = 4; // digits only
export const F_HAS_DIGIT = 8; // contains a digit
export const F_SENT = 16; // first word of a sentence (after . ! ? : ; a line break, or a speaker label)
export const F_LINE = 32; // first word of a line
export const F_LOWER = 64; // starts with a lower-case letter

export interface Tokens {
  text: string;
  n: number;
  start: Int32Array;
  end: Int32Array;
  raw: string[];
  key: string[];
  flags: Uint8Array;
  /** Per token, its word type: tokens written alike (same code units) share one, so a layer can
   *  look a word up once per text rather than once per occurrence. */
  type: Int32Array;
  /** Number of word types. */
  types: number;
  /** Folded key of each type (the very string objects in `key`). */
  typeKey: string[];
  /** Flags of each type that do not depend on position (F_CAP, F_UPPER, F_DIGIT, F_HAS_DIGIT, F_LOWER). */
  typeFlags: Uint8Array;
}

// Character classes: bit 1 word character (letter, mark, number), 2 upper/title case, 4 lower
// case, 8 ASCII digit.
const C_WORD = 1;
const C_UPPER = 2;
const C_LOWER = 4;
const C_DIGIT = 8;
let table: Uint8Array | undefined;

function buildTable(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}\p{N}]/u;
  const upper = /[\p{Lu}\p{Lt}]/u;
  const lower = /\p{Ll}/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (!word.test(ch)) continue;
    let v = C_WORD;
    if (upper.test(ch)) v |= C_UPPER;
    else if (lower.test(ch)) v |= C_LOWER;
    if (c >= 48 && c <= 57) v |= C_DIGIT;
    t[c] = v;
  }
  return t;
}

const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]/u;
const ASTRAL_UPPER = /^[\p{Lu}\p{Lt}]/u;
const ASTRAL_LOWER = /^\p{Ll}/u;

/** Class bits of the character at i, and its length in code units (astral letters are rare). */
function classAt(text: string, i: number, tb: Uint8Array): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return tb[c]!;
  const s = text.slice(i, i + 2);
  if (!ASTRAL_WORD.test(s)) return 0;
  return C_WORD | (ASTRAL_UPPER.test(s) ? C_UPPER : ASTRAL_LOWER.test(s) ? C_LOWER : 0) | 16; // 16: two code units
}

/** Abbreviations whose dot does not end a sentence ("Mr. Kinyua", "St. Kizito", "Jl. Timor"). */
const DOT_ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'jl', 'bi', 'pcpl', 'pmsg', 'sgt', 'insp', 'capt', 'cpl', 'prof',
  'rev', 'hon', 'sr', 'jr', 'gen', 'col', 'lt', 'maj', 'ipda', 'aipda', 'brigpol', 'bripka', 'kompol',
  'akp', 'sto', 'sta', 'brgy', 'vs', 'etc', 'nos', 'ro', 'h', 'hj', 'kh', 'drs', 'ir', 'p',
  'mt', 'ft', 'ave', 'rd', 'blvd', 'km', 'kel', 'kec', 'kab', 'prov', 'ds', 'gg', 'rt', 'rw',
]);

/** Flags that depend on a word's characters only (not on where it stands), and its key. */
function wordShape(text: string, s: number, e: number, tok: string, tb: Uint8Array): { flags: number; key: string } {
  let f = 0;
  let allDigits = true;
  let hasDigit = false;
  let hasLower = false;
  let hasUpper = false;
  let ascii = true;
  let letters = 0;
  const first = classAt(text, s, tb);
  for (let i = s; i < e; ) {
    const cls = classAt(text, i, tb);
    if (cls & C_DIGIT) hasDigit = true;
    else {
      allDigits = false;
      letters++;
      if (cls & C_LOWER) hasLower = true;
      else if (cls & C_UPPER) hasUpper = true;
      if (ascii && text.charCodeAt(i) > 127) ascii = false;
    }
    i += cls & 16 ? 2 : 1;
  }
  if (first & C_UPPER) f |= F_CAP;
  else if (first & C_LOWER) {
    f |= F_LOWER;
    // "eThekwini", "uMlazi", "iLembe": a lower-case noun-class prefix before a capital is a name.
    if (tok.length >= 4) {
      const c1 = classAt(text, s + 1, tb);
      const c2 = classAt(text, s + 2, tb);
      const c3 = classAt(text, s + 3, tb);
      if ((c1 & C_UPPER && c2 & C_LOWER && c3 & C_LOWER) || (c1 & C_LOWER && c2 & C_UPPER && c3 & C_LOWER && tok.length >= 5)) f = (f & ~F_LOWER) | F_CAP;
    }
  }
  if (hasDigit) {
    f |= F_HAS_DIGIT;
    if (allDigits) f |= F_DIGIT;
  }
  if (f & F_CAP && !hasLower && letters >= 2) f |= F_UPPER;
  // Most words are lower-case ASCII already: their key is the word itself.
  return { flags: f, key: ascii ? (hasUpper ? tok.toLowerCase() : tok) : foldKey(tok) };
}

export function tokenize(text: string): Tokens {
  const tb = (table ??= buildTable());
  const len = text.length;
  let cap = Math.max(16, len >> 2);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let flagsArr = new Uint8Array(cap);
  let typeArr = new Int32Array(cap);
  const raw: string[] = [];
  const key: string[] = [];
  let n = 0;
  // Word types: an open-addressing table from a word's code units (hashed while scanning them)
  // to its type, so a repeated word is neither sliced nor folded again.
  let slotBits = 6;
  // Sized for a transcript (an eighth of its length, at most 65,536 slots), grown when half full.
  while (slotBits < 16 && 1 << slotBits < len >> 3) slotBits++;
  let mask = (1 << slotBits) - 1;
  let slots = new Int32Array(mask + 1); // type + 1; 0: empty
  let typeCap = (mask + 1) >> 1;
  let typeHash = new Int32Array(typeCap);
  let typeLen = new Int32Array(typeCap);
  let typeFlags = new Uint8Array(typeCap);
  const typeRaw: string[] = [];
  const typeKey: string[] = [];
  let types = 0;
  let prevKey: string | undefined;
  // Gap state between tokens.
  let sawNewline = true;
  let sentence = true;
  let dotAt = -1; // offset of the last '.' in the gap
  let dotFirst = false; // the gap's first character is that '.'
  let gapLen = 0;
  let bracketAtSentence = false;
  let closedBracket = false;
  let openedBracket = false;
  let i = 0;
  while (i < len) {
    let c = text.charCodeAt(i);
    let cls = c < 0xd800 || c > 0xdbff ? tb[c]! : classAt(text, i, tb);
    if (!(cls & C_WORD)) {
      if (c === 10) {
        sawNewline = true;
        sentence = true;
      } else if (c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026) sentence = true;
      else if (c === 46) {
        dotAt = i;
        dotFirst = gapLen === 0;
      }
      if (c === 93 || c === 41) closedBracket = true;
      // An opening bracket counts when it is the last thing before the word ("… shop. [laughs").
      if (c === 91 || c === 40) openedBracket = true;
      else if (c !== 32 && c !== 9) openedBracket = false;
      gapLen++;
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      continue;
    }
    // A token: letters, marks and digits.
    const s = i;
    let h = 0;
    for (;;) {
      h = (Math.imul(h, 31) + c) | 0;
      if (cls & 16) {
        h = (Math.imul(h, 31) + text.charCodeAt(i + 1)) | 0;
        i += 2;
      } else i++;
      if (i >= len) break;
      c = text.charCodeAt(i);
      cls = c < 0xd800 || c > 0xdbff ? tb[c]! : classAt(text, i, tb);
      if (!(cls & C_WORD)) break;
    }
    const tl = i - s;
    let slot = (h ^ (h >>> 15)) & mask;
    let ty = -1;
    for (;;) {
      const v = slots[slot]!;
      if (v === 0) break;
      const u = v - 1;
      if (typeHash[u] === h && typeLen[u] === tl && text.startsWith(typeRaw[u]!, s)) {
        ty = u;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (ty < 0) {
      // A new word type.
      ty = types++;
      if (ty === typeCap) {
        typeCap *= 2;
        typeHash = grow(typeHash, typeCap);
        typeLen = grow(typeLen, typeCap);
        const nf = new Uint8Array(typeCap);
        nf.set(typeFlags);
        typeFlags = nf;
      }
      const tok = text.slice(s, i);
      const shape = wordShape(text, s, i, tok, tb);
      typeHash[ty] = h;
      typeLen[ty] = tl;
      typeFlags[ty] = shape.flags;
      typeRaw.push(tok);
      typeKey.push(shape.key);
      slots[slot] = ty + 1;
      if (types * 2 > mask + 1) {
        // Keep the table at most half full.
        slotBits++;
        mask = (1 << slotBits) - 1;
        slots = new Int32Array(mask + 1);
        for (let u = 0; u < types; u++) {
          let q = (typeHash[u]! ^ (typeHash[u]! >>> 15)) & mask;
          while (slots[q] !== 0) q = (q + 1) & mask;
          slots[q] = u + 1;
        }
      }
    }
    let f = typeFlags[ty]!;
    const k = typeKey[ty]!;
    // Sentence and line starts, from the gap before.
    if (n === 0) {
      f |= F_SENT | F_LINE;
      if (openedBracket) bracketAtSentence = true;
    } else {
      if (sawNewline) f |= F_LINE | F_SENT;
      else if (sentence) f |= F_SENT;
      else if (dotAt >= 0) {
        // A dot ends a sentence unless it follows an abbreviation ("Mr. Kinyua") or is glued
        // between two words ("3.5", "St.Kizito").
        const abbreviation = dotFirst && prevKey !== undefined && DOT_ABBREVIATIONS.has(prevKey);
        if (!abbreviation && gapLen > 1) f |= F_SENT;
      }
      if (!(f & F_SENT) && bracketAtSentence && closedBracket) f |= F_SENT;
      if (closedBracket) bracketAtSentence = false;
      if (openedBracket && f & F_SENT) bracketAtSentence = true;
    }
    if (n === cap) {
      cap *= 2;
      starts = grow(starts, cap);
      ends = grow(ends, cap);
      typeArr = grow(typeArr, cap);
      const nf = new Uint8Array(cap);
      nf.set(flagsArr);
      flagsArr = nf;
    }
    starts[n] = s;
    ends[n] = i;
    flagsArr[n] = f;
    typeArr[n] = ty;
    raw.push(typeRaw[ty]!);
    key.push(k);
    n++;
    prevKey = k;
    sawNewline = false;
    sentence = false;
    dotAt = -1;
    dotFirst = false;
    gapLen = 0;
    closedBracket = false;
    openedBracket = false;
  }
  return {
    text,
    n,
    start: starts.subarray(0, n),
    end: ends.subarray(0, n),
    raw,
    key,
    flags: flagsArr.subarray(0, n),
    type: typeArr.subarray(0, n),
    types,
    typeKey,
    typeFlags: typeFlags.subarray(0, types),
  };
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** The text between token i-1 and token i. */
export function gapBefore(t: Tokens, i: number): string {
  return t.text.slice(i > 0 ? t.end[i - 1]! : 0, t.start[i]!);
}

/** Whether tokens i-1 and i may belong to one name: same line, separated by at most a space,
 *  a hyphen, an apostrophe or an abbreviation dot ("Lapu-Lapu", "St. Kizito", "O'Neil"). */
export function joinable(t: Tokens, i: number): boolean {
  const a = t.end[i - 1]!;
  const b = t.start[i]!;
  const len = b - a;
  if (len < 1 || len > 3) return false;
  for (let k = a; k < b; k++) {
    const c = t.text.charCodeAt(k);
    // space, tab, hyphen, apostrophes, dot, non-breaking space, en dash
    if (c !== 32 && c !== 9 && c !== 45 && c !== 39 && c !== 0x2019 && c !== 46 && c !== 0xa0 && c !== 0x2013) return false;
  }
  if (len > 1 && t.text.charCodeAt(a) === 46 && !DOT_ABBREVIATIONS.has(t.key[i - 1]!)) return false;
  return true;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Tokens of a short phrase (register value, gazetteer name): their folded keys. */
export function phraseKeys(phrase: string): string[] {
  const out: string[] = [];
  for (const m of phrase.matchAll(WORD)) out.push(foldKey(m[0]));
  return out;
}
