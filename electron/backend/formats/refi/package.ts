/**
 * Opening a REFI-QDA file: a .qdpx (zip: one `*.qde` at the root, any case, plus a `sources/`
 * folder, any case), a bare .qde (project XML), or a .qdc (codebook XML). Pure: bytes in; files a
 * document refers to are read through a `FileLookup` the caller supplies for a bare .qde (its own
 * folder), or from the zip for a .qdpx. Only the XML and the plain-text files are inflated; a zip
 * whose declared sizes are absurd is refused before anything is inflated.
 */
import { unzipSync } from 'fflate';
import { err, ok, type Result } from '../../../../shared/result.js';
import { decodeText } from '../decode.js';
import { MAX_IMPORT_BYTES } from '../index.js';
import type { RefiDocument } from './model.js';
import { readCodebook, readProject } from './read.js';
import { parseXml } from './xml.js';

export type RefiFormat = 'qdpx' | 'qde' | 'qdc';

/** Largest .qdpx/.qde/.qdc accepted, and the most its XML and text files may unpack to. */
export const MAX_REFI_BYTES = 1024 * 1024 * 1024;
export const MAX_REFI_XML_BYTES = 200 * 1024 * 1024;
export const MAX_REFI_INFLATED = 2 * 1024 * 1024 * 1024;

export type FileResult = { ok: true; bytes: Uint8Array; name: string } | { ok: false; reason: string };

/** Reads a file next to a bare .qde: `relPath` is relative to its folder, already checked not to escape it. */
export type FileLookup = (relPath: string) => FileResult;

export interface RefiPackage {
  format: RefiFormat;
  /** The XML file's name (inside the zip for a .qdpx). */
  xmlName: string;
  document: RefiDocument;
  problems: string[];
  /** Reads a source or note file the document names by `plainTextPath`. */
  readReferenced(path: string): FileResult;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (b: Uint8Array, sig: readonly number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** XML bytes → text: UTF-8 (the standard's encoding), or UTF-16 when a byte-order mark says so. */
function xmlText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes); // drops a UTF-8 BOM; bad bytes become U+FFFD
}

/**
 * Where a `plainTextPath` points, relative to the package: `internal://x` → `sources/x`;
 * `relative:///x` → `x` next to the file; a bare name (qc writes these) → `sources/x`. Absolute
 * paths, and anything climbing out with `..`, are not followed: an import reads only what it was given.
 */
export function referencedPath(path: string): { rel: string; nonStandard: boolean } | { refused: string } {
  const p = path.trim().replace(/\\/g, '/');
  let rel: string;
  let nonStandard = false;
  let m: RegExpExecArray | null;
  if ((m = /^internal:\/\/\/?(.*)$/i.exec(p))) rel = `sources/${m[1]}`;
  else if ((m = /^relative:\/\/\/?(.*)$/i.exec(p))) rel = m[1]!;
  else if (/^absolute:/i.test(p) || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('/')) return { refused: 'an absolute path outside the imported file, not read' };
  else {
    rel = `sources/${p}`;
    nonStandard = true;
  }
  try {
    rel = decodeURIComponent(rel);
  } catch {
    // not percent-encoded after all
  }
  const parts = rel.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.some((s) => s === '..')) return { refused: 'a path that climbs out of the imported file\'s folder, not read' };
  return { rel: parts.join('/'), nonStandard };
}

function readDocument(xml: string, xmlName: string): Result<{ document: RefiDocument; problems: string[] }> {
  const parsed = parseXml(xml, xmlName);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  if (root.name === 'Project') return ok(readProject(root, xmlName));
  if (root.name === 'CodeBook') return ok(readCodebook(root, xmlName));
  return err('UNSUPPORTED_FORMAT', `${xmlName}: not a REFI-QDA project or codebook (its root element is <${root.name}>, expected <Project> or <CodeBook>)`);
}

function fromZip(bytes: Uint8Array, fileName: string): Result<RefiPackage> {
  // First pass: the directory only (the filter inflates nothing).
  const entries: { name: string; size: number }[] = [];
  try {
    unzipSync(bytes, {
      filter(f) {
        entries.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch {
    return err('CORRUPT_FILE', `${fileName}: not a valid .qdpx (the zip structure is damaged or truncated)`);
  }
  const qdes = entries.filter((e) => !e.name.includes('/') && /\.qde$/i.test(e.name));
  if (qdes.length === 0) return err('CORRUPT_FILE', `${fileName}: not a valid .qdpx (no .qde project file at the top of the zip)`);
  const problems: string[] = [];
  const qde = qdes.find((e) => e.name.toLowerCase() === 'project.qde') ?? qdes[0]!;
  if (qdes.length > 1) problems.push(`${fileName}: holds ${qdes.length} .qde files at the top (${qdes.map((e) => e.name).join(', ')}); read ${qde.name}`);
  if (qde.size > MAX_REFI_XML_BYTES) return err('FILE_TOO_LARGE', `${fileName}: its ${qde.name} unpacks to ${(qde.size / 1048576).toFixed(0)} MB, over the ${MAX_REFI_XML_BYTES / 1048576} MB limit`);
  const wanted = (n: string) => n === qde.name || /\.txt$/i.test(n);
  const inflated = entries.filter((e) => wanted(e.name)).reduce((s, e) => s + e.size, 0);
  if (inflated > MAX_REFI_INFLATED) return err('FILE_TOO_LARGE', `${fileName}: its project and text files unpack to ${(inflated / 1048576).toFixed(0)} MB, over the ${MAX_REFI_INFLATED / 1048576} MB limit`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => wanted(f.name) && (f.name === qde.name || f.originalSize <= MAX_IMPORT_BYTES) });
  } catch {
    return err('CORRUPT_FILE', `${fileName}: not a valid .qdpx (a part of it cannot be decompressed)`);
  }
  const xmlBytes = files[qde.name];
  if (!xmlBytes) return err('CORRUPT_FILE', `${fileName}: not a valid .qdpx (${qde.name} cannot be decompressed)`);
  const read = readDocument(xmlText(xmlBytes), qde.name);
  if (!read.ok) return err(read.error.code, `${fileName}: ${read.error.message}`);
  // Entries by lower-cased path, so `Sources/` (NVivo) and `sources/` (the spec) both resolve.
  const byLower = new Map<string, string>();
  for (const e of entries) byLower.set(e.name.toLowerCase(), e.name);
  const sizeOf = new Map(entries.map((e) => [e.name, e.size]));
  return ok({
    format: 'qdpx',
    xmlName: qde.name,
    document: read.value.document,
    problems: [...problems, ...read.value.problems],
    readReferenced(path) {
      const r = referencedPath(path);
      if ('refused' in r) return { ok: false, reason: r.refused };
      const base = r.rel.split('/').pop()!;
      const name = byLower.get(r.rel.toLowerCase()) ?? byLower.get(base.toLowerCase()) ?? byLower.get(`sources/${base}`.toLowerCase());
      if (!name) return { ok: false, reason: `not in ${fileName}` };
      const b = files[name];
      if (!b) {
        const size = sizeOf.get(name) ?? 0;
        if (!/\.txt$/i.test(name)) return { ok: false, reason: `${name} is not a plain-text (.txt) file` };
        return { ok: false, reason: `${name} is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_IMPORT_BYTES / 1048576} MB limit for one transcript` };
      }
      return { ok: true, bytes: b, name };
    },
  });
}

/**
 * Opens a REFI-QDA file. `lookup` reads the files a bare .qde refers to (its folder and its
 * `sources/` subfolder); without it, every referenced file of a bare .qde is missing.
 */
export function openRefiPackage(bytes: Uint8Array, fileName: string, lookup?: FileLookup): Result<RefiPackage> {
  if (bytes.length === 0) return err('EMPTY_FILE', `${fileName}: the file is empty (0 bytes)`);
  if (bytes.length > MAX_REFI_BYTES) return err('FILE_TOO_LARGE', `${fileName}: ${(bytes.length / 1048576).toFixed(0)} MB is over the ${MAX_REFI_BYTES / 1048576} MB limit`);
  if (startsWith(bytes, ZIP)) return fromZip(bytes, fileName);
  if (bytes.length > MAX_REFI_XML_BYTES) return err('FILE_TOO_LARGE', `${fileName}: ${(bytes.length / 1048576).toFixed(0)} MB is over the ${MAX_REFI_XML_BYTES / 1048576} MB limit for REFI-QDA XML`);
  const read = readDocument(xmlText(bytes), fileName);
  if (!read.ok) return read;
  const format: RefiFormat = read.value.document.kind === 'codebook' ? 'qdc' : 'qde';
  return ok({
    format,
    xmlName: fileName,
    document: read.value.document,
    problems: read.value.problems,
    readReferenced(path) {
      const r = referencedPath(path);
      if ('refused' in r) return { ok: false, reason: r.refused };
      if (!lookup) return { ok: false, reason: 'not found' };
      const direct = lookup(r.rel);
      if (direct.ok) return direct;
      // A name given without the sources folder, or the other way round.
      const base = r.rel.split('/').pop()!;
      const alt = r.rel.startsWith('sources/') ? base : `sources/${base}`;
      const second = lookup(alt);
      return second.ok ? second : direct;
    },
  });
}

/**
 * A referenced text file's characters, exactly as the exporting tool counted over them: a leading
 * BOM kept as U+FEFF, CRs kept. UTF-8 as the standard says, other encodings detected as for any
 * imported text.
 */
export function decodeSourceText(bytes: Uint8Array, name: string): Result<{ raw: string; encoding: string }> {
  const d = decodeText(bytes, name);
  if (!d.ok) return d;
  const hadBom = startsWith(bytes, [0xef, 0xbb, 0xbf]) || startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  const raw = hadBom && d.value.raw.charCodeAt(0) !== 0xfeff ? `\ufeff${d.value.raw}` : d.value.raw;
  return ok({ raw, encoding: d.value.encoding });
}
