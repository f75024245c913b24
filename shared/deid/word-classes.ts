/**
 * Word classes per token as bits, looked up once per distinct word (a cached Map) instead of a
 * dozen Set lookups per token in the heuristic: the scan's budget is about a microsecond a word.
 */
import { HOMOGRAPH_NAMES, isCommonAnywhere, isCommonWord, isFrequentIn, lexiconLanguage } from './common-words.js';
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

function staticBits(k: string): number {
  let b = 0;
  if (TITLES.has(k)) b |= W_TITLE;
  if (NOT_IDENTIFIERS.has(k)) b |= W_NOT_ID;
  if (GENERIC_CAPITALISED.has(k)) b |= W_GENERIC_CAP;
  if (CONNECTORS.has(k)) b |= W_CONNECTOR;
  if (NUMBER_WORDS.has(k)) b |= W_NUMBER;
  if (FUNCTION_WORDS.has(k)) b |= W_FUNCTION;
  if (ORG_HEADS.has(k)) b |= W_ORG_HEAD;
  if (PLACE_CUES_BEFORE.has(k)) b |= W_PLACE_BEFORE;
  if (PLACE_CUES_AFTER.has(k)) b |= W_PLACE_AFTER;
  if (HOMOGRAPH_NAMES.has(k)) b |= W_HOMOGRAPH;
  if (isFrequentIn(k, 'en')) b |= W_FREQUENT_EN;
  if (isCommonAnywhere(k)) b |= W_FREQUENT_ANY;
  return b;
}

/** A word's class bits, and the last text (by number) in which it was seen in lower case. */
interface WordInfo {
  bits: number;
  lowerIn: number;
}

const caches = new Map<string, Map<string, WordInfo>>();
const CACHE_LIMIT = 200_000;
let textNo = 0;

export interface WordClasses {
  /** Class bits per token. */
  bits: Uint32Array;
  /** Whether a folded word occurs in lower case somewhere in this text ("hope" beside "Hope"). */
  seenLower: (key: string) => boolean;
}

/**
 * Class bits of every token for a text in `language`; and, from the same lookup per token (not a
 * second set built over every word), which words the text also writes in lower case.
 */
export function wordClasses(t: Tokens, language?: string): WordClasses {
  const lang = lexiconLanguage(language);
  let cache = caches.get(lang);
  if (!cache) caches.set(lang, (cache = new Map()));
  // Cleared between texts only, so the lower-case marks of this text stay while it is read.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const no = ++textNo;
  const out = new Uint32Array(t.n);
  const flags = t.flags;
  for (let i = 0; i < t.n; i++) {
    const k = t.key[i]!;
    let w = cache.get(k);
    if (w === undefined) {
      let b = staticBits(k);
      if (isCommonWord(k, lang)) b |= W_COMMON;
      if (isFrequentIn(k, lang)) b |= W_FREQUENT;
      w = { bits: b, lowerIn: 0 };
      cache.set(k, w);
    }
    if (flags[i]! & F_LOWER) w.lowerIn = no;
    out[i] = w.bits;
  }
  const c = cache;
  return { bits: out, seenLower: (key) => c.get(key)?.lowerIn === no };
}
