/**
 * Transcript importers: bytes + file name → the transcript text (exactly per DESIGN "Text and
 * offsets") and its utterances. Pure: no disk, no logging; messages never carry file content.
 */
import type { Utterance } from '../../../shared/contract/schemas.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { normalizeText } from '../../../shared/text/normalize.js';
import { detectUtterances } from '../../../shared/text/speakers.js';
import { decodeText } from './decode.js';
import { extractDocxText } from './docx.js';
import { parseSubtitles } from './subtitles.js';

export type TranscriptFormat = 'txt' | 'md' | 'docx' | 'vtt' | 'srt';

export interface ImportedTranscript {
  /** Exactly per DESIGN "Text and offsets". */
  text: string;
  utterances: Utterance[];
  format: TranscriptFormat;
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', the label given, or 'utf-8' for docx. */
  encoding: string;
  /** True for docx/vtt/srt: the original bytes are kept (encrypted) beside the text. */
  keepOriginal: boolean;
  /**
   * The text as UTF-8 when that is exactly the file's bytes (a .txt/.md in UTF-8 without a BOM
   * that normalization left unchanged), so an importer need not encode it again.
   */
  utf8?: Uint8Array;
}

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const FORMAT_BY_EXTENSION: Record<string, TranscriptFormat> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  docx: 'docx',
  vtt: 'vtt',
  srt: 'srt',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION).map((e) => `.${e}`);

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** The format a file name's extension says, case-insensitively; null if unsupported. */
export function formatOfFileName(fileName: string): TranscriptFormat | null {
  const base = baseName(fileName);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  return FORMAT_BY_EXTENSION[base.slice(dot + 1).toLowerCase()] ?? null;
}

/**
 * Text already decoded (a file's characters, or mammoth's raw text for docx) → the transcript.
 * The one path shared by the importer, `tandai deid scan` and `tandai show`.
 */
export function transcriptFromText(raw: string, format: TranscriptFormat, encoding = 'utf-8'): ImportedTranscript {
  return build(raw, format, encoding).transcript;
}

function build(raw: string, format: TranscriptFormat, encoding: string): { transcript: ImportedTranscript; cues: number } {
  const normalized = normalizeText(raw);
  const keepOriginal = format === 'docx' || format === 'vtt' || format === 'srt';
  if (format === 'vtt' || format === 'srt') {
    const { text, utterances, cues } = parseSubtitles(normalized, format);
    return { transcript: { text, utterances, format, encoding, keepOriginal }, cues };
  }
  const transcript = { text: normalized, utterances: detectUtterances(normalized), format, encoding, keepOriginal };
  return { transcript, cues: 0 };
}

const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;

export async function readTranscriptFile(
  bytes: Uint8Array,
  fileName: string,
  opts: { encoding?: string } = {},
): Promise<Result<ImportedTranscript>> {
  const name = baseName(fileName);
  const format = formatOfFileName(name);
  if (format === null) {
    return err('UNSUPPORTED_FORMAT', `${name}: unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`);
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    return err('FILE_TOO_LARGE', `${name}: ${mb(bytes.length)} is over the ${mb(MAX_IMPORT_BYTES)} (20 MB) import limit`);
  }

  if (format === 'docx') {
    const raw = await extractDocxText(bytes, name);
    if (!raw.ok) return raw;
    const t = transcriptFromText(raw.value, 'docx');
    if (t.utterances.length === 0) return err('EMPTY_FILE', `${name}: the document has no text`);
    return ok(t);
  }

  if (bytes.length === 0) return err('EMPTY_FILE', `${name}: the file is empty (0 bytes)`);
  const decoded = decodeText(bytes, name, opts.encoding);
  if (!decoded.ok) return decoded;
  const { transcript: t, cues } = build(decoded.value.raw, format, decoded.value.encoding);
  // Strict UTF-8 without a BOM round-trips: the same characters encode to the same bytes. (The
  // decoder drops a BOM even when the caller named utf-8, so the bytes are checked for one.)
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if ((format === 'txt' || format === 'md') && decoded.value.encoding === 'utf-8' && !bom && t.text === decoded.value.raw) t.utf8 = bytes;

  if (format === 'vtt' || format === 'srt') {
    if (cues === 0 && t.utterances.length > 0) {
      const example = format === 'vtt' ? '00:00:01.000 --> 00:00:04.000' : '00:00:01,000 --> 00:00:04,000';
      return err('CORRUPT_FILE', `${name}: not a valid .${format} file (no cue timings such as ${example})`);
    }
    if (t.utterances.length === 0) return err('EMPTY_FILE', `${name}: the file has no cues with text`);
    return ok(t);
  }
  if (t.utterances.length === 0) return err('EMPTY_FILE', `${name}: the file has no text (only whitespace)`);
  return ok(t);
}
