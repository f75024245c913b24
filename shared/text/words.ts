/**
 * Word counts shown for transcripts. The reference is `Intl.Segmenter` (word granularity,
 * `isWordLike`), which handles scripts written without spaces (Thai, Lao, Khmer, Myanmar, CJK).
 * Segmenter is slow in V8 (over a microsecond a segment even without a dictionary, and
 * superlinear on long strings), so:
 *   - whitespace-separated tokens without such characters are counted the way the regex
 *     `[\p{L}\p{M}\p{N}]+(?:['’.][\p{L}\p{M}\p{N}]+)*` counts matches, which agrees with Segmenter
 *     on ordinary words (letters/digits joined once by an apostrophe or a dot count once: "don't",
 *     "3.5"; "e-mail" counts two);
 *   - tokens that need Segmenter are joined by one space into batches of about 200 characters,
 *     which gives the same count as segmenting the whole text; each distinct token is segmented
 *     once and its words counted for every occurrence (Batches).
 * Both are found in one pass over the char codes with a per-character class table (filled lazily,
 * 256 code points at a time, from the same Unicode property regexes): no match arrays and no
 * whole-text copies; only the tokens for Segmenter are sliced out. Measured on the bench corpus (8,000
 * words, busy 2-core machine): 0.35-0.5 ms for a spaced-script transcript, against 0.7-2.1 ms for
 * the `replace` + `match` this replaced; Thai ~16 ms, almost all of it inside Segmenter (~1.3 µs a
 * segment in V8, ~2.7 with the dictionary), ~12.5 ms with distinct tokens segmented once and
 * `containing()` walks (best of 6, 40 Thai transcripts; repetition in real transcripts varies).
 * Counting after an import (services/word-counts.ts) shares a WordCountCache between its
 * transcripts: on the bench corpus (83 Thai transcripts, 154,000 distinct tokens per file summed,
 * 99,000 over all) that saves ~8% of the Thai time, since the tokens that recur are mostly short
 * ones; the long unspaced runs are new in each file. The import itself counts only what needs no
 * Segmenter (countWordsWithoutSegmenter).
 */

const UNSPACED_SCRIPTS =
  String.raw`\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const UNSPACED = new RegExp(`[${UNSPACED_SCRIPTS}]`, 'u');
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const SPACE = /\s/u;
const BATCH_CHARS = 200;

// Character classes (bits of CLASS[code unit]).
const WORDISH = 1; // \p{L}\p{M}\p{N}
const JOINER = 2; // ' ’ .  (joins two runs of word characters into one word)
const WHITE = 4; // JS \s: separates tokens
const UNSP = 8; // a script written without spaces: the token goes to Segmenter
const SURROGATE = 16; // half of a pair: classified by code point
const UNKNOWN = 128; // block not classified yet

const CLASS = new Uint8Array(0x10000).fill(UNKNOWN);

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let f = 0;
  if (WORD_CHAR.test(ch)) f |= WORDISH;
  if (cp === 0x27 || cp === 0x2019 || cp === 0x2e) f |= JOINER;
  if (SPACE.test(ch)) f |= WHITE;
  if (UNSPACED.test(ch)) f |= UNSP;
  return f;
}

function fillBlock(unit: number): number {
  const base = unit & 0xff00;
  for (let c = base; c < base + 0x100; c++) CLASS[c] = c >= 0xd800 && c <= 0xdfff ? SURROGATE : classify(c);
  return CLASS[unit]!;
}

const astral = new Map<number, number>();
function astralClass(cp: number): number {
  let f = astral.get(cp);
  if (f === undefined) astral.set(cp, (f = classify(cp)));
  return f;
}

/** The class of the character at i and its length in code units (2 for a surrogate pair). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let f = CLASS[c]!;
  if (f & UNKNOWN) f = fillBlock(c);
  if (f & SURROGATE) {
    const d = c <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    // A lone surrogate is neither a word character nor whitespace, as for the u-flag regexes.
    return d >= 0xdc00 && d <= 0xdfff ? astralClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | SURROGATE : 0;
  }
  return f;
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Adds to `words[k]` the word-like segments of `batch` that start in token k (token k ends at
 * `ends[k]`, exclusive). Walks segment to segment with `containing()`, which visits the same
 * segments as iterating but skips the iterator protocol: ~10% less time on Thai (Node 20).
 */
function countPerToken(batch: string, ends: number[], words: number[]): void {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  const segments = segmenter.segment(batch);
  let k = 0;
  for (let i = 0; i < batch.length; ) {
    const seg = segments.containing(i)!;
    if (seg.isWordLike) {
      while (seg.index >= ends[k]!) k++;
      words[k]!++;
    }
    i = seg.index + seg.segment.length;
  }
}

/**
 * Word counts of unspaced tokens already segmented, shared by the countWords calls given it (one
 * import's files: fillers, names and stock phrases recur from one transcript to the next). A
 * token's count depends on the token alone (a word-like segment never spans the space around it:
 * Batches), so a cached count is exactly what segmenting it again would give. Bounded: once it
 * holds MAX_CACHED_CHARS of tokens it takes no more. It holds transcript text, so it lives only as
 * long as the work it serves (one import), never in a module-level variable.
 */
export class WordCountCache {
  private readonly counts = new Map<string, number>();
  private chars = 0;
  get(token: string): number | undefined {
    return this.counts.get(token);
  }
  set(token: string, words: number): void {
    if (this.chars + token.length > MAX_CACHED_CHARS) return;
    this.chars += token.length;
    this.counts.set(token, words);
  }
  /** Tokens held (for tests). */
  get size(): number {
    return this.counts.size;
  }
  clear(): void {
    this.counts.clear();
    this.chars = 0;
  }
}
const MAX_CACHED_CHARS = 4 * 1024 * 1024;

/**
 * Unspaced tokens, each distinct one segmented once however often the transcript repeats it
 * (fillers, names, stock phrases), and not at all when `cache` has it, joined by one space into
 * batches about BATCH_CHARS long. A word-like segment never spans the space between two tokens,
 * so each belongs to the token it starts in, and counts once for every occurrence of that token.
 */
class Batches {
  private readonly times = new Map<string, number>();
  add(tok: string): void {
    this.times.set(tok, (this.times.get(tok) ?? 0) + 1);
  }
  count(cache: WordCountCache | undefined): number {
    let total = 0;
    let batch = '';
    let toks: string[] = [];
    let ends: number[] = [];
    let times: number[] = [];
    const flush = () => {
      const words = new Array<number>(toks.length).fill(0);
      countPerToken(batch, ends, words);
      for (let k = 0; k < toks.length; k++) {
        total += words[k]! * times[k]!;
        cache?.set(toks[k]!, words[k]!);
      }
      batch = '';
      toks = [];
      ends = [];
      times = [];
    };
    for (const [tok, k] of this.times) {
      const known = cache?.get(tok);
      if (known !== undefined) {
        total += known * k;
        continue;
      }
      batch = batch ? `${batch} ${tok}` : tok;
      toks.push(tok);
      ends.push(batch.length);
      times.push(k);
      if (batch.length >= BATCH_CHARS) flush();
    }
    if (batch) flush();
    return total;
  }
}

/**
 * Words in `text`, as Intl.Segmenter counts word-like segments. `cache` (optional) carries the
 * counts of unspaced tokens from one call to the next; the result is the same with or without it.
 */
export function countWords(text: string, cache?: WordCountCache): number {
  const r = scan(text, false)!;
  return r.batches ? r.n + r.batches.count(cache) : r.n;
}

/**
 * The same count when `text` needs no Intl.Segmenter, else null (as soon as a token in a script
 * written without spaces turns up). An import stores transcripts with this, so Thai or Chinese
 * ones do not wait for Segmenter (most of an import's CPU time); their counts follow
 * (services/word-counts.ts).
 */
export function countWordsWithoutSegmenter(text: string): number | null {
  const r = scan(text, true);
  return r === null ? null : r.n;
}

/**
 * One pass over `text`: the regex-style count of its spaced tokens, and its unspaced tokens for
 * Segmenter (Batches). With `quick`, null at the first unspaced character instead.
 */
function scan(text: string, quick: boolean): { n: number; batches: Batches | null } | null {
  // Locals only in the loop (no closure over them), so V8 keeps them in registers.
  const len = text.length;
  let n = 0;
  let inWord = false;
  let tokStart = -1; // start of the current whitespace-separated token, -1 between tokens
  let tokWords = 0; // n when the token started: an unspaced token's regex-style count is dropped
  let tokUnspaced = false;
  let batches: Batches | null = null;
  for (let i = 0; i <= len; i++) {
    let f: number;
    if (i === len) f = WHITE; // ends the last token
    else {
      const c = text.charCodeAt(i);
      f = CLASS[c]!;
      if (f === WORDISH && inWord) continue; // the common case: one more letter of a word
      // Inside a token already bound for Segmenter only whitespace matters (its regex-style count
      // is dropped), except pairs and unclassified blocks, which take the path below.
      if (tokUnspaced && (f & (WHITE | SURROGATE | UNKNOWN)) === 0) continue;
      if (f >= SURROGATE) {
        if (f & UNKNOWN) f = fillBlock(c);
        if (f & SURROGATE) {
          f = classAt(text, i);
          if (f & SURROGATE) i++; // a pair: one character
        }
      }
    }
    if (f & WHITE) {
      if (tokStart >= 0) {
        if (tokUnspaced) {
          n = tokWords;
          (batches ??= new Batches()).add(text.slice(tokStart, i));
          tokUnspaced = false;
        }
        tokStart = -1;
      }
      inWord = false;
      continue;
    }
    if (tokStart < 0) {
      tokStart = f & SURROGATE ? i - 1 : i;
      tokWords = n;
      tokUnspaced = false;
    }
    if (f & UNSP) {
      if (quick) return null;
      tokUnspaced = true;
    }
    if (f & WORDISH) {
      if (!inWord) {
        n++;
        inWord = true;
      }
    } else if (!(f & JOINER) || !inWord || i + 1 >= len || !(classAt(text, i + 1) & WORDISH)) {
      inWord = false;
    }
  }
  return { n, batches };
}
