/** Writes the synthetic corpus as .txt or .docx files into a folder (a temp dir: never the repo). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { addToStats, docxRawText, emptyStats, generateTranscript, type CorpusStats, type GeneratedTranscript } from './corpus.js';

export type CorpusFormat = 'txt' | 'docx';

export interface CorpusFiles {
  dir: string;
  format: CorpusFormat;
  files: string[];
  /** Of the text the importer will see (for .docx: mammoth's raw text). */
  stats: CorpusStats;
  fileBytes: number;
  ms: number;
}

const enc = new TextEncoder();

export const fileName = (t: GeneratedTranscript, format: CorpusFormat) => `t${String(t.index + 1).padStart(4, '0')}-${t.language}.${format}`;

/** A .docx with one paragraph per turn, the label in bold, as transcription services deliver them. */
export async function docxBytes(t: GeneratedTranscript): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'tandai-bench',
    title: `Synthetic transcript ${t.index + 1}`,
    sections: [{ children: t.turns.map((u) => new Paragraph({ children: [new TextRun({ text: u.label, bold: true }), new TextRun({ text: ` ${u.body}` })] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export async function writeCorpus(dir: string, opts: { format: CorpusFormat; count: number; words: number; seed: number }): Promise<CorpusFiles> {
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  const stats = emptyStats();
  const files: string[] = [];
  let fileBytes = 0;
  for (let i = 0; i < opts.count; i++) {
    const t = generateTranscript(i, { seed: opts.seed, words: opts.words });
    const path = join(dir, fileName(t, opts.format));
    if (opts.format === 'txt') {
      const bytes = enc.encode(t.text);
      writeFileSync(path, bytes);
      fileBytes += bytes.length;
      addToStats(stats, t, bytes.length);
    } else {
      const bytes = await docxBytes(t);
      writeFileSync(path, bytes);
      fileBytes += bytes.length;
      addToStats(stats, t, enc.encode(docxRawText(t)).length);
    }
    files.push(path);
  }
  return { dir, format: opts.format, files, stats, fileBytes, ms: performance.now() - t0 };
}
