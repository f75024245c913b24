/**
 * Word classes per token as bits, looked up once per distinct word (a cached Map) instead of a
 * dozen Set lookups per token in the heuristic: the scan's budget is about a microsecond a word.
 */
import { HOMOGRAPH_NAMES, isCommonAnywhere, isCommonWord, isFrequentIn, lexiconLanguage, listedWords } from './common-words.js';
import { F_LOWER, type Tokens } from './tokens.js';
import { CONNECTORS, GENERIC_CAPITALISED, NOT_IDENTIFIERS, ORG_HEADS, PLACE_CUES_AFTER, PLACE_CUES_BEFORE, TENS_EN, TITLES, UNITS_EN } from './words.js';

export const W_TITLE = 1;
export const W_NOT_ID = 2;
export const W_GENERIC_CAP = 4;
export const W_CONNECTOR = 8;
export const W_NUMBER = 16;
export const W_FUNCTION = 32;
export const W_ORG_HEAD = 64;
export const W_PLACE_BEFORE = 128;
export const W_PLACE_AFTER = 256;
export const W_HOMOGRAPH = 512;
// Language-dependent bits.
export const W_COMMON = 1024; // in the text language's (or English) word list
export const W_FREQUENT = 2048; // frequent in the text's language
export const W_FREQUENT_EN = 4096; // frequent in English
export const W_FREQUENT_ANY = 8192; // frequent in any study language

const NUMBER_WORDS = new Set([...Object.keys(UNITS_EN), ...Object.keys(TENS_EN)]);
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'of', 'and', 'for', 'on', 'in', 'at', 'to', 'with', 'by', 'or']);

/** The fixed word lists and their bits. */
const STATIC: readonly [ReadonlySet<string>, number][] = [
  [TITLES, W_TITLE],
  [NOT_IDENTIFIERS, W_NOT_ID],
  [GENERIC_CAPITALISED, W_GENERIC_CAP],
  [CONNECTORS, W_CONNECTOR],
  [NUMBER_WORDS, W_NUMBER],
  [FUNCTION_WORDS, W_FUNCTION],
  [ORG_HEADS, W_ORG_HEAD],
  [PLACE_CUES_BEFORE, W_PLACE_BEFORE],
  [PLACE_CUES_AFTER, W_PLACE_AFTER],
  [HOMOGRAPH_NAMES, W_HOMOGRAPH],
];

function staticBits(k: string): number {
  let b = 0;
  for (const [set, bit] of STATIC) if (set.has(k)) b |= bit;
  if (isFrequentIn(k, 'en')) b |= W_FREQUENT_EN;
  if (isCommonAnywhere(k)) b |= W_FREQUENT_ANY;
  return b;
}

/**
 * A prefilter: one bit per (first code unit, last code unit, length) of every listed word. A word
 * whose bit is clear is in no list, so its class bits are 0 without a lookup. Most distinct words
 * of a transcript are such: numbers, and runs of Thai or Khmer script (written without spaces,
 * nearly every run is new), which would otherwise fill the cache with words seen once.
 */
let listedShapes: Uint32Array | undefined;

function shapeBit(k: string): number {
  const h = Math.imul(Math.imul(k.charCodeAt(0), 0x9e3779b1) ^ Math.imul(k.charCodeAt(k.length - 1), 0x85ebca77), 0xc2b2ae3d) ^ Math.min(k.length, 255);
  return Math.imul(h, 0x27d4eb2f) >>> 12; // 20 bits
}

function buildListedShapes(): Uint32Array {
  const bits = new Uint32Array(1 << 15);
  const add = (w: string) => {
    if (!w) return;
    const b = shapeBit(w);
    bits[b >>> 5]! |= 1 << (b & 31);
  };
  for (const [set] of STATIC) for (const w of set) add(w);
  for (const w of listedWords()) add(w);
  return bits;
}

/** False only for a folded word that is in none of the lists behind the class bits. */
export function mayBeListed(k: string): boolean {
  if (k.length === 0) return true;
  const bits = (listedShapes ??= buildListedShapes());
  const b = shapeBit(k);
  return (bits[b >>> 5]! & (1 << (b & 31))) !== 0;
}

/** A word's class bits, and the last text (by number) in which it was seen in lower case. */
interface WordInfo {
  bits: number;
  lowerIn: number;
}

const caches = new Map<string, Map<string, WordInfo>>();
const CACHE_LIMIT = 200_000;
let textNo = 0;

export class WordClasses {
  constructor(
    /** Class bits per token. */
    readonly bits: Uint32Array,
    private readonly cache: Map<string, WordInfo>,
    private readonly no: number,
  ) {}

  /** Whether a folded word occurs in lower case somewhere in this text ("hope" beside "Hope").
   *  A method, not a closure made per text, so callers' optimised code keeps one call target. */
  seenLower(key: string): boolean {
    return this.cache.get(key)?.lowerIn === this.no;
  }
}

/**
 * Class bits of every token for a text in `language`; and, from the same lookup per word type (not
 * a second set built over every word), which words the text also writes in lower case.
 */
export function wordClasses(t: Tokens, language?: string): WordClasses {
  const lang = lexiconLanguage(language);
  let cache = caches.get(lang);
  if (!cache) caches.set(lang, (cache = new Map()));
  // Cleared between texts only, so the lower-case marks of this text stay while it is read.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const no = ++textNo;
  // One lookup per word type of the text, not per occurrence.
  const typeBits = new Uint32Array(t.types);
  for (let ty = 0; ty < t.types; ty++) {
    const k = t.typeKey[ty]!;
    const lower = (t.typeFlags[ty]! & F_LOWER) !== 0;
    // A word in no list has no bits; only its lower-case occurrences need an entry (seenLower).
    if (!lower && !mayBeListed(k)) continue;
    let w = cache.get(k);
    if (w === undefined) {
      let b = staticBits(k);
      if (isCommonWord(k, lang)) b |= W_COMMON;
      if (isFrequentIn(k, lang)) b |= W_FREQUENT;
      w = { bits: b, lowerIn: 0 };
      cache.set(k, w);
    }
    if (lower) w.lowerIn = no;
    typeBits[ty] = w.bits;
  }
  const out = new Uint32Array(t.n);
  const type = t.type;
  for (let i = 0; i < t.n; i++) out[i] = typeBits[type[i]!]!;
  return new WordClasses(out, cache, no);
}
