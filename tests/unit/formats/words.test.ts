import { describe, expect, it } from 'vitest';
import { countWords, countWordsWithoutSegmenter, WordCountCache } from '../../../shared/text/words.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const reference = (s: string): number => [...segmenter.segment(s)].filter((x) => x.isWordLike).length;

describe('countWords', () => {
  it('counts space-separated words, ignoring punctuation and emoji', () => {
    expect(countWords('Hello, world! 😀 — how are you?')).toBe(5);
    expect(countWords('')).toBe(0);
    expect(countWords('  \n\t ')).toBe(0);
  });

  it('counts contractions and decimals once, hyphenated words as two, like Intl.Segmenter', () => {
    const s = "Don't say 3.5 per cent; e-mail ibu-ibu now.";
    expect(countWords(s)).toBe(reference(s));
    expect(countWords(s)).toBe(10);
  });

  it('segments Thai and Khmer, which have no spaces between words', () => {
    expect(countWords('ฉันชอบกินข้าวมาก')).toBe(5);
    expect(countWords('ខ្ញុំចូលចិត្តញ៉ាំបាយ')).toBe(reference('ខ្ញុំចូលចិត្តញ៉ាំបាយ'));
    expect(countWords('ខ្ញុំចូលចិត្តញ៉ាំបាយ')).toBeGreaterThan(1);
  });

  it('agrees with Intl.Segmenter on long mixed-script text (fast path and segmenter batches)', () => {
    const parts = ['Interviewer:', 'ผู้หญิงคนนั้นไปโรงเรียน', 'ሰላም ነው?', 'Café', "don't", 'ខ្ញុំចូលចិត្ត', '東京に行きました', '😀', 'P1:', '12:30'];
    let s = '';
    for (let i = 0; i < 600; i++) s += parts[(i * 7) % parts.length] + (i % 5 === 4 ? '\n' : ' ');
    expect(countWords(s)).toBe(reference(s));
  });

  it('counts a repeated unspaced token once per occurrence, however the distinct tokens fall into batches', () => {
    const tokens = ['ผู้หญิงคนนั้น', 'ครับ', 'ไปโรงเรียนแล้วก็กลับบ้าน', 'ค่ะ', 'ខ្ញុំចូលចិត្ត', '東京に行きました'];
    let s = '';
    for (let i = 0; i < 900; i++) s += tokens[(i * i + 3 * i) % tokens.length] + (i % 9 === 8 ? '\n' : ' ');
    expect(countWords(s)).toBe(reference(s));
    expect(countWords('ครับ ครับ ครับ')).toBe(3 * countWords('ครับ'));
  });

  it('agrees with Intl.Segmenter on one unspaced token far longer than a batch, with emoji (surrogate pairs) and digits inside', () => {
    const s = `P1: ${'ผู้หญิงคนนั้น😀ไปโรงเรียน12แล้วก็กลับบ้าน'.repeat(40)}.`;
    expect(countWords(s)).toBe(reference(s));
  });

  describe('with a WordCountCache shared between texts (one import\'s files)', () => {
    const interview = (i: number) =>
      [`P${i}: ผู้หญิงคนนั้นไปโรงเรียน ครับ`, `I: แล้วก็กลับบ้านตอนเย็น${i % 3 ? 'ค่ะ' : ''} ครับ`, 'P1: ខ្ញុំចូលចិត្ត 東京に行きました ok 3.5', `I: ${'ไปโรงเรียน '.repeat(i)}ครับ`].join('\n');

    it('gives every text the same count as without the cache, in any order', () => {
      const texts = Array.from({ length: 12 }, (_, i) => interview(i));
      const cache = new WordCountCache();
      expect(texts.map((t) => countWords(t, cache))).toEqual(texts.map((t) => reference(t)));
      expect(cache.size).toBeGreaterThan(0);
      expect([...texts].reverse().map((t) => countWords(t, cache))).toEqual([...texts].reverse().map((t) => countWords(t)));
    });

    it('does not segment a token again once the cache holds its count (so a count is read from it)', () => {
      const cache = new WordCountCache();
      expect(countWords('ครับ ผู้หญิงคนนั้น ครับ', cache)).toBe(reference('ครับ ผู้หญิงคนนั้น ครับ'));
      cache.set('ผู้หญิงคนนั้น', 40); // not its real count: shows the cached figure is the one used
      expect(countWords('P1: ผู้หญิงคนนั้น ok', cache)).toBe(2 + 40);
      expect(countWords('P1: ผู้หญิงคนนั้น ok')).toBe(reference('P1: ผู้หญิงคนนั้น ok'));
    });

    it('takes no more tokens once it holds its bound of characters, and forgets everything when cleared', () => {
      const cache = new WordCountCache();
      const huge = 'ก'.repeat(4 * 1024 * 1024 + 1);
      cache.set(huge, 1);
      expect(cache.size).toBe(0);
      countWords('ครับ ค่ะ', cache);
      expect(cache.size).toBe(2);
      cache.clear();
      expect(cache.size).toBe(0);
      expect(cache.get('ครับ')).toBeUndefined();
    });
  });
});

describe('countWordsWithoutSegmenter (what an import counts at once)', () => {
  it('gives the same count as countWords for text in spaced scripts', () => {
    for (const s of ['', 'Hello, world! 😀 — how are you?', "Don't say 3.5 per cent; e-mail ibu-ibu now.", 'Pewawancara: Selamat pagi, Bu.\nNarasumber: Pagi 🌺', 'ሰላም ነው? Café 12:30 P1:']) {
      expect(countWordsWithoutSegmenter(s)).toBe(countWords(s));
    }
  });

  it('gives null for any text with a word in a script written without spaces, however little of it', () => {
    expect(countWordsWithoutSegmenter('ฉันชอบกินข้าวมาก')).toBeNull();
    expect(countWordsWithoutSegmenter('Interviewer: thank you. P1: ครับ')).toBeNull();
    expect(countWordsWithoutSegmenter('We went to 東京 in May')).toBeNull();
    expect(countWordsWithoutSegmenter('ខ្ញុំ')).toBeNull();
  });
});
