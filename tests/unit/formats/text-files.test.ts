import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, readTranscriptFile, transcriptFromText, type ImportedTranscript } from '../../../electron/backend/formats/index.js';
import { encodingCandidates, looksLikeWindows1252, utf16ByNulPattern } from '../../../electron/backend/formats/decode.js';
import type { Result } from '../../../shared/result.js';
import { encodeSingleByte, fixtureText, noise, readFixture, slices, tilingViolation, utf16, utf8 } from './fixtures.js';

function value(r: Result<ImportedTranscript>): ImportedTranscript {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function error(r: Result<ImportedTranscript>): { code: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

const SAMPLE = 'Interviewer: Selamat pagi.\nR: Pagi, Bu. 😀 ผู้หญิง\n';

describe('.txt and .md: encodings', () => {
  it('reads strict UTF-8', async () => {
    const t = value(await readTranscriptFile(readFixture('interview-en.txt'), 'interview-en.txt'));
    expect(t).toMatchObject({ format: 'txt', encoding: 'utf-8', keepOriginal: false });
    expect(t.text).toBe(fixtureText('interview-en.txt'));
  });

  it('reads .md the same way, markup kept as written', async () => {
    const t = value(await readTranscriptFile(readFixture('wawancara-id.md'), 'wawancara-id.md'));
    expect(t).toMatchObject({ format: 'md', encoding: 'utf-8', keepOriginal: false });
    expect(t.text).toBe(fixtureText('wawancara-id.md'));
    expect(t.utterances.map((u) => u.speaker)).toEqual([null, 'Pewawancara', 'Narasumber', 'Pewawancara', 'Narasumber']);
  });

  it('reads UTF-8 with a BOM and drops the BOM', async () => {
    const t = value(await readTranscriptFile(utf8(`\uFEFF${SAMPLE}`), 'a.txt'));
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.text).toBe(SAMPLE);
  });

  it.each([
    ['le', true, 'utf-16le'],
    ['be', true, 'utf-16be'],
    ['le', false, 'utf-16le'],
    ['be', false, 'utf-16be'],
  ] as const)('reads UTF-16 %s (BOM: %s)', async (endian, bom, encoding) => {
    const t = value(await readTranscriptFile(utf16(SAMPLE, endian, bom), 'a.txt'));
    expect(t.encoding).toBe(encoding);
    expect(t.text).toBe(SAMPLE);
  });

  it('recognises UTF-16 without BOM by its NUL pattern, even in mostly-Thai text', async () => {
    const thai = 'ผู้สัมภาษณ์: สวัสดีครับ คุณสบายดีไหม\nผู้ให้สัมภาษณ์: สบายดี 1 2 3\n';
    expect(utf16ByNulPattern(utf16(thai, 'le', false))).toBe('utf-16le');
    expect(utf16ByNulPattern(utf16(thai, 'be', false))).toBe('utf-16be');
    const t = value(await readTranscriptFile(utf16(thai, 'le', false), 'th.txt'));
    expect(t.text).toBe(thai);
  });

  it('accepts Windows-1252 when every non-ASCII byte is a Latin letter or punctuation', async () => {
    const s = 'Interviewer: “Café” – naïve façade… Œuvre, Señor? ¿Qué? «oui» 20 €\nR: Größe 5 °C · Ÿ\n';
    const t = value(await readTranscriptFile(encodeSingleByte('windows-1252', s), 'latin.txt'));
    expect(t.encoding).toBe('windows-1252');
    expect(t.text).toBe(s);
    expect(t.utterances.map((u) => u.speaker)).toEqual(['Interviewer', 'R']);
  });

  it('does not take text with Windows-1252 control-range or symbol bytes for Windows-1252', () => {
    expect(looksLikeWindows1252('Caf\u00e9')).toBe(true);
    expect(looksLikeWindows1252('a\u0081b')).toBe(false); // unassigned byte 0x81
    expect(looksLikeWindows1252('price ¤ ¬ ´')).toBe(false);
    expect(looksLikeWindows1252('ÐÒÂÃÕ')).toBe(false); // a run of accented capitals (Thai or Cyrillic bytes)
  });

  it('refuses Thai Windows-874 bytes without an encoding, naming windows-874 as the candidate', async () => {
    const thai = 'ผู้สัมภาษณ์: สวัสดีครับ คุณชื่ออะไร\nผู้ให้สัมภาษณ์: ฉันชื่อมาลี อยู่หมู่บ้านริมแม่น้ำ\n';
    const e = error(await readTranscriptFile(encodeSingleByte('windows-874', thai), 'thai.txt'));
    expect(e.code).toBe('UNKNOWN_ENCODING');
    expect(e.message).toMatch(/^thai\.txt: unknown encoding: not valid UTF-8 or UTF-16, and not Windows-1252 text; try --encoding with windows-874/);
    expect(e.message).not.toContain('มาลี');
  });

  it('names Cyrillic encodings for Windows-1251 bytes', async () => {
    const bytes = encodeSingleByte('windows-1251', 'Интервьюер: Здравствуйте, как вас зовут?\nРеспондент: Меня зовут Анна.\n');
    expect(encodingCandidates(bytes)[0]?.label).toBe('windows-1251');
    const e = error(await readTranscriptFile(bytes, 'ru.txt'));
    expect(e.code).toBe('UNKNOWN_ENCODING');
    expect(e.message).toContain('windows-1251 (Cyrillic)');
    expect(e.message).not.toContain('windows-874');
  });

  it('still refuses, with general advice, bytes no candidate explains', async () => {
    const bytes = Uint8Array.from([...utf8('Interviewer: '), 0xc3, 0xa4, 0xff, 0xfe, 0x8d, 0x0a]);
    const e = error(await readTranscriptFile(bytes, 'odd.txt'));
    expect(e.code).toBe('UNKNOWN_ENCODING');
    expect(e.message).toContain('try --encoding with the encoding it was saved in');
  });

  it('decodes Windows-874 when asked with opts.encoding, reporting the label given', async () => {
    const thai = 'ผู้สัมภาษณ์: สวัสดีครับ\nผู้ให้สัมภาษณ์: สบายดี\n';
    const t = value(await readTranscriptFile(encodeSingleByte('windows-874', thai), 'thai.txt', { encoding: 'windows-874' }));
    expect(t.encoding).toBe('windows-874');
    expect(t.text).toBe(thai);
    expect(t.utterances.map((u) => u.speaker)).toEqual(['ผู้สัมภาษณ์', 'ผู้ให้สัมภาษณ์']);
  });

  it('accepts any TextDecoder label, e.g. tis-620', async () => {
    const t = value(await readTranscriptFile(encodeSingleByte('windows-874', 'ผู้หญิง\n'), 'a.txt', { encoding: 'tis-620' }));
    expect(t).toMatchObject({ text: 'ผู้หญิง\n', encoding: 'tis-620' });
  });

  it('refuses an unknown encoding label with INVALID_INPUT naming the label', async () => {
    const e = error(await readTranscriptFile(utf8('hi'), 'a.txt', { encoding: 'klingon-8' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('"klingon-8"');
  });

  it('refuses bytes that are not valid in the encoding given (strict decoding)', async () => {
    const e = error(await readTranscriptFile(encodeSingleByte('windows-1252', 'Café\n'), 'a.txt', { encoding: 'utf-8' }));
    expect(e.code).toBe('UNKNOWN_ENCODING');
    expect(e.message).toBe('a.txt: not valid utf-8 text (some bytes cannot be decoded as utf-8)');
  });

  it('refuses UTF-32, naming it', async () => {
    const e = error(await readTranscriptFile(Uint8Array.of(0xff, 0xfe, 0, 0, 0x41, 0, 0, 0), 'a.txt'));
    expect(e).toEqual({ code: 'UNKNOWN_ENCODING', message: 'a.txt: UTF-32 text is not supported; save the file as UTF-8' });
  });
});

describe('.txt and .md: the text as UTF-8, handed back only when it is the file itself', () => {
  const enc = new TextEncoder();
  const utf8Of = async (bytes: Uint8Array, name: string, encoding?: string) => value(await readTranscriptFile(bytes, name, encoding ? { encoding } : undefined)).utf8;

  it('is the file\'s own bytes for UTF-8 text that normalization leaves as it is', async () => {
    const bytes = enc.encode(SAMPLE);
    expect(await utf8Of(bytes, 'a.txt')).toBe(bytes);
    expect(await utf8Of(bytes, 'a.md', 'utf-8')).toBe(bytes);
  });

  it('is absent whenever the stored text differs from the bytes: a BOM (even with utf-8 named), CRLF, decomposed accents, another encoding, subtitles', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(SAMPLE)]);
    expect(await utf8Of(bom, 'a.txt')).toBeUndefined();
    expect(await utf8Of(bom, 'a.txt', 'utf-8')).toBeUndefined();
    expect(await utf8Of(enc.encode(SAMPLE.replace(/\n/g, '\r\n')), 'a.txt')).toBeUndefined();
    expect(await utf8Of(enc.encode('I: Cafe\u0301 au lait, s\u0327il vous plai\u0302t.\n'), 'a.txt')).toBeUndefined();
    expect(await utf8Of(utf16(SAMPLE, 'le', true), 'a.txt')).toBeUndefined();
    expect(await utf8Of(enc.encode('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n'), 'a.vtt')).toBeUndefined();
  });
});

describe('.txt: size, emptiness and binary files', () => {
  it('refuses a file over 20 MB naming the limit', async () => {
    const e = error(await readTranscriptFile(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x61), 'big.txt'));
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.message).toBe('big.txt: 20.0 MB is over the 20.0 MB (20 MB) import limit');
  });

  it('accepts a file of exactly 20 MB', async () => {
    const bytes = new Uint8Array(MAX_IMPORT_BYTES).fill(0x61);
    bytes[0] = 0x49; // "I"
    expect((await readTranscriptFile(bytes, 'edge.txt')).ok).toBe(true);
  });

  it('refuses an empty file', async () => {
    expect(error(await readTranscriptFile(new Uint8Array(0), 'e.txt'))).toEqual({
      code: 'EMPTY_FILE',
      message: 'e.txt: the file is empty (0 bytes)',
    });
  });

  it('refuses a file of only whitespace or only a BOM', async () => {
    expect(error(await readTranscriptFile(utf8(' \r\n\t\n'), 'w.txt')).code).toBe('EMPTY_FILE');
    expect(error(await readTranscriptFile(utf8('\uFEFF'), 'b.txt')).code).toBe('EMPTY_FILE');
  });

  it('refuses a PNG renamed .txt, saying what it looks like', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise(500)]);
    expect(error(await readTranscriptFile(png, 'photo.txt'))).toEqual({
      code: 'BINARY_FILE',
      message: 'photo.txt: not a text file (it looks like a PNG image)',
    });
  });

  it('refuses a .docx renamed .txt', async () => {
    const e = error(await readTranscriptFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...noise(100)]), 'x.txt'));
    expect(e.code).toBe('BINARY_FILE');
    expect(e.message).toContain('zip archive');
  });

  it('refuses unrecognised binary data by its share of control bytes', async () => {
    const e = error(await readTranscriptFile(noise(4096), 'blob.txt'));
    expect(e.code).toBe('BINARY_FILE');
    expect(e.message).toMatch(/^blob\.txt: not a text file \(\d+% of its bytes are NUL or control bytes\)$/);
  });

  it('refuses valid UTF-8 with more than 1% NUL or control characters', async () => {
    const s = `${'word '.repeat(100)}`.split('').map((c, i) => (i % 40 === 0 ? '\u0000' : c)).join('');
    const e = error(await readTranscriptFile(utf8(s), 'nul.txt'));
    expect(e.code).toBe('BINARY_FILE');
    expect(e.message).toContain('NUL or control characters');
  });

  it('tolerates up to 1% control characters (e.g. a form feed between pages)', async () => {
    const s = `Interviewer: ${'word '.repeat(100)}\f\nR: more`;
    const t = value(await readTranscriptFile(utf8(s), 'ff.txt'));
    expect(t.text).toBe(s);
  });

  it('refuses an unsupported extension and names the supported ones; extensions are case-insensitive', async () => {
    const e = error(await readTranscriptFile(utf8('hi'), 'notes.pdf'));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toContain('.txt, ');
    expect((await readTranscriptFile(utf8('hi'), 'C:\\data\\NOTES.TXT')).ok).toBe(true);
  });

  it('refuses RTF saved as .txt as an unsupported format', async () => {
    expect(error(await readTranscriptFile(utf8('{\\rtf1\\ansi hello}'), 'a.txt')).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('names the file by its base name and never quotes its content in messages', async () => {
    const secret = 'Ibu Rahayu lives in Desa Sukamaju';
    const bytes = Uint8Array.from([...utf8(secret), 0xff, 0xfe, 0x81]);
    const e = error(await readTranscriptFile(bytes, '/home/r/private/p07.txt'));
    expect(e.message.startsWith('p07.txt: ')).toBe(true);
    expect(e.message).not.toMatch(/Rahayu|Sukamaju/);
  });
});

describe('.txt: text and utterances', () => {
  it('normalizes CRLF and lone CR; offsets index the normalized text', async () => {
    const t = value(await readTranscriptFile(utf8('Interviewer: a\r\nb\r\rR: c\r'), 'crlf.txt'));
    expect(t.text).toBe('Interviewer: a\nb\n\nR: c\n');
    expect(slices(t.text, t.utterances)).toEqual(['Interviewer: a\nb', 'R: c']);
  });

  it('composes to NFC', async () => {
    const t = value(await readTranscriptFile(utf8('I: Cafe\u0301'), 'nfc.txt'));
    expect(t.text).toBe('I: Caf\u00e9');
  });

  it('keeps offsets exact over emoji, Thai, Khmer and Amharic, read from UTF-16 and UTF-8 alike', async () => {
    const src = fixtureText('multiscript.txt');
    for (const bytes of [readFixture('multiscript.txt'), utf16(src.replace(/\n/g, '\r\n'), 'le', true)]) {
      const t = value(await readTranscriptFile(bytes, 'm.txt'));
      expect(t.text).toBe(src);
      expect(slices(t.text, t.utterances)).toEqual([
        'I: Hello 👋🏽 family 👨‍👩‍👧 ok?',
        'R: ผู้หญิงคนนั้นไปโรงเรียน 😀',
        'ผู้สัมภาษณ์: สวัสดีครับ คุณสบายดีไหม',
        'អ្នកសម្ភាសន៍: តើអ្នកសុខសប្បាយទេ?',
        'ጠያቂ: ሰላም ነው? እንዴት ነህ?',
        'P1: 𝒜 is one character, two code units.',
      ]);
      expect(tilingViolation(t.text, t.utterances)).toBeNull();
    }
  });

  it('transcriptFromText gives the same transcript as reading the file', async () => {
    const raw = fixtureText('interview-en.txt').replace(/\n/g, '\r\n');
    const fromFile = value(await readTranscriptFile(utf8(raw), 'x.txt'));
    expect(transcriptFromText(raw, 'txt')).toEqual(fromFile);
  });
});
