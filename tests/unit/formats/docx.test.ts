import { Document, Packer, Paragraph, TextRun } from 'docx';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { readTranscriptFile, type ImportedTranscript } from '../../../electron/backend/formats/index.js';
import { normalizeText } from '../../../shared/text/normalize.js';
import type { Result } from '../../../shared/result.js';
import { labels, noise, slices, tilingViolation, utf8 } from './fixtures.js';

async function docxOf(paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function value(r: Result<ImportedTranscript>): ImportedTranscript {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}
function error(r: Result<ImportedTranscript>): { code: string; message: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

/** Renames a zip entry in place (same length, so offsets and CRCs stay valid). */
function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  const out = Uint8Array.from(zip);
  const a = utf8(from);
  const b = utf8(to);
  for (let i = 0; i + a.length <= out.length; i++) {
    if (a.every((x, k) => out[i + k] === x)) out.set(b, i);
  }
  return out;
}

const PARAGRAPHS = [
  'Wawancara 5 (sintetis)',
  'Pewawancara: Selamat pagi 😀',
  'Narasumber: ผู้หญิงคนนั้นไปโรงเรียน',
  'Pewawancara: អ្នកសុខសប្បាយទេ?',
  'Narasumber: ሰላም ነው',
];

describe('.docx', () => {
  it("uses mammoth's raw text, normalized, and keeps the original", async () => {
    const bytes = await docxOf(PARAGRAPHS);
    const t = value(await readTranscriptFile(bytes, 'p05.docx'));
    const raw = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(t.text).toBe(normalizeText(raw.value));
    expect(t.text.startsWith('Wawancara 5 (sintetis)\n\nPewawancara: Selamat pagi 😀\n\n')).toBe(true);
    expect(t).toMatchObject({ format: 'docx', keepOriginal: true, encoding: 'utf-8' });
  });

  it('finds speaker turns with exact offsets over emoji, Thai, Khmer and Amharic', async () => {
    const t = value(await readTranscriptFile(await docxOf(PARAGRAPHS), 'p05.docx'));
    expect(slices(t.text, t.utterances)).toEqual(PARAGRAPHS);
    expect(labels(t.text, t.utterances)).toEqual([null, 'Pewawancara', 'Narasumber', 'Pewawancara', 'Narasumber']);
    expect(tilingViolation(t.text, t.utterances)).toBeNull();
  });

  it('refuses a truncated .docx with CORRUPT_FILE and a reason, not a stack trace', async () => {
    const bytes = await docxOf(PARAGRAPHS);
    const e = error(await readTranscriptFile(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.docx'));
    expect(e).toEqual({ code: 'CORRUPT_FILE', message: 'cut.docx: not a valid .docx (the zip structure is damaged or truncated)' });
  });

  it('refuses a zip without word/document.xml', async () => {
    const bytes = renameEntry(await docxOf(PARAGRAPHS), 'word/document.xml', 'word/documenX.xml');
    const e = error(await readTranscriptFile(bytes, 'nodoc.docx'));
    expect(e.code).toBe('CORRUPT_FILE');
    expect(e.message).toBe('nodoc.docx: not a valid .docx (it has no main document part, word/document.xml)');
  });

  it('refuses an empty (0-byte) .docx as corrupt', async () => {
    expect(error(await readTranscriptFile(new Uint8Array(0), 'empty.docx'))).toEqual({
      code: 'CORRUPT_FILE',
      message: 'empty.docx: not a valid .docx (the file is empty, 0 bytes)',
    });
  });

  it('refuses a valid .docx with no text as EMPTY_FILE', async () => {
    expect(error(await readTranscriptFile(await docxOf([]), 'blank.docx'))).toEqual({
      code: 'EMPTY_FILE',
      message: 'blank.docx: the document has no text',
    });
  });

  it('refuses a text file or random bytes renamed .docx', async () => {
    expect(error(await readTranscriptFile(utf8('Interviewer: hello'), 'a.docx'))).toEqual({
      code: 'CORRUPT_FILE',
      message: 'a.docx: not a valid .docx (not a zip archive)',
    });
    expect(error(await readTranscriptFile(noise(2000), 'b.docx')).code).toBe('CORRUPT_FILE');
  });

  it('explains an old .doc or password-protected document', async () => {
    const ole = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...noise(600)]);
    const e = error(await readTranscriptFile(ole, 'locked.docx'));
    expect(e.code).toBe('CORRUPT_FILE');
    expect(e.message).toContain('password-protected');
  });

  it('refuses a .docx over 20 MB before reading it', async () => {
    expect(error(await readTranscriptFile(new Uint8Array(20 * 1024 * 1024 + 1), 'huge.docx')).code).toBe('FILE_TOO_LARGE');
  });
});

describe('docx zip bombs', () => {
  it('refuses a .docx whose parts unpack past 200 MB, before inflating them', async () => {
    const { zipSync } = await import('fflate');
    // A small zip whose directory declares 250 MB for word/document.xml, as a zip bomb's does.
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(10) }, { level: 0 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    const declared = 250 * 1024 * 1024;
    view.setUint32(22, declared, true); // local file header: uncompressed size
    for (let i = bomb.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, declared, true); // central directory entry
    }
    const r = await readTranscriptFile(bomb, 'bomb.docx');
    expect(r).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE', message: expect.stringMatching(/^bomb\.docx: unpacks to 250 MB, over the 200 MB limit/) } });
  });
});
