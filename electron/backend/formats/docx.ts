/**
 * .docx → mammoth's raw text (DESIGN "Text and offsets"); normalization happens in index.ts.
 * Failures become CORRUPT_FILE with a reason we wrote ourselves: library messages can quote
 * document XML, and so transcript text, so they are never passed through.
 */
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../../shared/result.js';

/** Decompressed size we accept for a .docx: a 20 MB file that inflates past this is a zip bomb. */
export const MAX_DOCX_INFLATED = 200 * 1024 * 1024;

/** Sum of the declared uncompressed sizes, read from the zip directory without inflating anything. */
function declaredInflatedSize(bytes: Uint8Array): number | null {
  let total = 0;
  try {
    unzipSync(bytes, {
      filter(file) {
        total += file.originalSize;
        return false;
      },
    });
  } catch {
    return null; // mammoth reports the damaged zip with a better reason
  }
  return total;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

function reasonFor(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/end of central directory|corrupted zip|invalid (?:zip|signature)|is this a zip/i.test(msg)) {
    return 'the zip structure is damaged or truncated';
  }
  if (/main document part|word\/document\.xml/i.test(msg)) return 'it has no main document part, word/document.xml';
  if (/compression|inflate|deflate|invalid (?:block|distance|code)|crc32/i.test(msg)) {
    return 'a part of it cannot be decompressed';
  }
  if (/xml|tag|attribute|parse|unexpected|char/i.test(msg)) return 'its document XML is malformed';
  return 'the document could not be read';
}

export async function extractDocxText(bytes: Uint8Array, name: string): Promise<Result<string>> {
  if (bytes.length === 0) return err('CORRUPT_FILE', `${name}: not a valid .docx (the file is empty, 0 bytes)`);
  if (startsWith(bytes, OLE)) {
    return err(
      'CORRUPT_FILE',
      `${name}: not a valid .docx (it is an old Word .doc or a password-protected document; remove the password or save it as .docx)`,
    );
  }
  if (!startsWith(bytes, ZIP)) return err('CORRUPT_FILE', `${name}: not a valid .docx (not a zip archive)`);
  const inflated = declaredInflatedSize(bytes);
  if (inflated !== null && inflated > MAX_DOCX_INFLATED) {
    return err('FILE_TOO_LARGE', `${name}: unpacks to ${(inflated / 1048576).toFixed(0)} MB, over the ${MAX_DOCX_INFLATED / 1048576} MB limit for a .docx`);
  }
  try {
    const { default: mammoth } = await import('mammoth');
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const result = await mammoth.extractRawText({ buffer });
    return ok(result.value);
  } catch (e) {
    return err('CORRUPT_FILE', `${name}: not a valid .docx (${reasonFor(e)})`);
  }
}
