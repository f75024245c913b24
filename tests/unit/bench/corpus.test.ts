import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { docxRawText, generateTranscript, LABEL_STYLES, PII_DENSITY, PII_KINDS } from '../../../bench/corpus.js';
import { docxBytes, writeCorpus } from '../../../bench/corpus-files.js';
import { LANGUAGES } from '../../../bench/vocab.js';
import { detectUtterances } from '../../../shared/text/speakers.js';
import { normalizeText } from '../../../shared/text/normalize.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tandai-corpus-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A turn's label as the generator writes it: `Name:`, `[Name]` or `Name (hh:mm:ss):`, then a space. */
const LABEL = /^(\[[^\]\n]+\]|[^\n:]+?(?: \(\d{2}:\d{2}:\d{2}\))?:) /;
const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);
const bodyOf = (line: string) => line.replace(LABEL, '');

describe('the bench corpus generator', () => {
  it('gives byte-identical files for the same seed', async () => {
    const a = tempDir();
    const b = tempDir();
    await writeCorpus(a, { format: 'txt', count: 8, words: 500, seed: 7 });
    await writeCorpus(b, { format: 'txt', count: 8, words: 500, seed: 7 });
    const names = readdirSync(a).sort();
    expect(names).toHaveLength(8);
    expect(readdirSync(b).sort()).toEqual(names);
    for (const n of names) expect(Buffer.compare(readFileSync(join(a, n)), readFileSync(join(b, n)))).toBe(0);
  });

  it('gives different text for a different seed, and different text for each transcript', () => {
    const seven = Array.from({ length: 6 }, (_, i) => generateTranscript(i, { seed: 7, words: 300 }).text);
    const eight = Array.from({ length: 6 }, (_, i) => generateTranscript(i, { seed: 8, words: 300 }).text);
    seven.forEach((t, i) => expect(t).not.toBe(eight[i]));
    expect(new Set(seven).size).toBe(6);
  });

  it('makes transcript i the same whatever the corpus size, so a smaller --scale reads a prefix', async () => {
    const small = tempDir();
    const large = tempDir();
    await writeCorpus(small, { format: 'txt', count: 3, words: 200, seed: 11 });
    await writeCorpus(large, { format: 'txt', count: 7, words: 200, seed: 11 });
    for (const n of readdirSync(small)) expect(readFileSync(join(small, n), 'utf8')).toBe(readFileSync(join(large, n), 'utf8'));
  });

  it.each([1, 57, 1000, 8000])('writes exactly %i content words per transcript, labels excluded, in spaced languages', (words) => {
    for (let i = 0; i < 12; i++) {
      const t = generateTranscript(i, { words });
      expect(t.words).toBe(words);
      const lang = LANGUAGES.find((l) => l.code === t.language)!;
      if (!lang.spaced) continue;
      const counted = lines(t.text).reduce((s, l) => s + bodyOf(l).split(/\s+/).filter(Boolean).length, 0);
      expect(counted, `transcript ${i} (${t.language})`).toBe(words);
    }
  });

  it('writes Thai without spaces between words, and about the requested number of words by Intl.Segmenter', () => {
    const thai = Array.from({ length: 12 }, (_, i) => generateTranscript(i, { words: 2000 })).filter((t) => t.language === 'th');
    expect(thai.length).toBe(2);
    const seg = new Intl.Segmenter('th', { granularity: 'word' });
    for (const t of thai) {
      let n = 0;
      for (const l of lines(t.text)) for (const s of seg.segment(bodyOf(l))) if (s.isWordLike) n++;
      // Some vocabulary entries are compounds the segmenter splits, so the count runs a little over.
      expect(n).toBeGreaterThanOrEqual(2000);
      expect(n).toBeLessThanOrEqual(2000 * 1.25);
      expect(t.text).toMatch(/[\u0E00-\u0E7F]{12,}/);
    }
  });

  it('writes speaker turns, one a line, that the app detects as labelled utterances', () => {
    for (let i = 0; i < 30; i++) {
      const t = generateTranscript(i, { words: 1500 });
      const ls = lines(t.text);
      expect(ls.length).toBe(t.turns.length);
      expect(t.turns.length).toBeGreaterThan(10);
      for (const l of ls) expect(l).toMatch(LABEL);
      const labelled = detectUtterances(t.text).filter((u) => u.speaker !== null);
      expect(labelled.length, `transcript ${i} (${t.labelStyle}, ${t.language})`).toBe(t.turns.length);
      expect(new Set(labelled.map((u) => u.speaker))).toEqual(new Set(t.speakers));
    }
  });

  it('uses every label style, including P1-style, Pewawancara/Narasumber, [Name] and Name (00:01:02):', () => {
    const ts = Array.from({ length: 60 }, (_, i) => generateTranscript(i, { words: 100 }));
    expect(new Set(ts.map((t) => t.labelStyle))).toEqual(new Set(LABEL_STYLES));
    const text = ts.map((t) => t.text).join('\n');
    expect(text).toMatch(/^Interviewer: /m);
    expect(text).toMatch(/^P\d+: /m);
    expect(text).toMatch(/^Pewawancara: /m);
    expect(text).toMatch(/^Narasumber: /m);
    expect(text).toMatch(/^\[\p{L}+\] /mu);
    expect(text).toMatch(/^\p{L}+ \(\d{2}:\d{2}:\d{2}\): /mu);
  });

  it('covers six languages with their own scripts and vocabulary, with some English code-switching', () => {
    const ts = Array.from({ length: 6 }, (_, i) => generateTranscript(i, { words: 3000 }));
    expect(ts.map((t) => t.language)).toEqual(['en', 'id', 'fil', 'sw', 'th', 'vi']);
    const has = (i: number, re: RegExp) => expect(ts[i]!.text).toMatch(re);
    has(1, /\byang\b/);
    has(2, /\bang\b/);
    has(3, /\bkatika\b/);
    has(4, /ที่/);
    has(5, /\b(không|được|của)\b/u);
    for (const i of [1, 2, 3, 5]) has(i, /\b(the|and|child|police)\b/);
  });

  it('emits numbers, dates, phone numbers, e-mails, URLs and names near the stated density, and counts them', () => {
    const ts = Array.from({ length: 40 }, (_, i) => generateTranscript(i, { words: 5000 }));
    const words = ts.reduce((s, t) => s + t.words, 0);
    const text = ts.map((t) => t.text).join('\n');
    for (const k of PII_KINDS) {
      const n = ts.reduce((s, t) => s + t.pii[k], 0);
      const perThousand = (n / words) * 1000;
      expect(perThousand, k).toBeGreaterThan(PII_DENSITY[k] * 0.8);
      expect(perThousand, k).toBeLessThan(PII_DENSITY[k] * 1.2);
    }
    const emails = text.match(/[a-z]+\.[a-z]+\d*@[a-z.]+/g) ?? [];
    expect(emails.length).toBe(ts.reduce((s, t) => s + t.pii.email, 0));
    expect(text).toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).toMatch(/\+\d{2,3}-\d{2,3}-555-\d{4}/);
    expect(text).toMatch(/https?:\/\/|www\./);
  });

  it('writes text the importer keeps as is: LF line ends, NFC, no BOM', () => {
    for (let i = 0; i < 6; i++) {
      const t = generateTranscript(i, { words: 2000 });
      expect(normalizeText(t.text)).toBe(t.text);
      expect(t.text).not.toMatch(/\r/);
    }
  });

  it('writes a .docx whose raw text is one paragraph per turn', async () => {
    const t = generateTranscript(1, { words: 300 });
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docxBytes(t)) });
    expect(value).toBe(docxRawText(t));
    expect(value.split('\n\n').filter(Boolean)).toHaveLength(t.turns.length);
  });

  it('refuses a word count that is not a positive whole number', () => {
    expect(() => generateTranscript(0, { words: 0 })).toThrow(/positive integer/);
    expect(() => generateTranscript(0, { words: 2.5 })).toThrow(/positive integer/);
  });
});
