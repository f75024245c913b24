/**
 * What the Exchange screen knows without the backend: the export kinds it offers (the contract's
 * `ExportKind`), the file name each writes, and a suggested output path beside the project file.
 * The backend decides everything else (the gate, what is written, whether a file may be replaced).
 */
import type { ChannelInput, ChannelOutput } from '../../api/index.js';

export type ExportKind = ChannelInput<'export.run'>['kind'];
export type ExportPurpose = ChannelInput<'export.run'>['purpose'];
export type ExportResult = ChannelOutput<'export.run'>;
export type GateAnswer = ChannelOutput<'deid.check'>;
export type VerifyReport = ChannelOutput<'export.verify'>;
export type ImportOutcome = ChannelOutput<'interchange.import'>;
export type ImportReport = ImportOutcome['report'];

export const EXPORT_KINDS: readonly ExportKind[] = ['qdpx', 'qdc', 'codebook-docx', 'codebook-html', 'segments-csv', 'segments-xlsx'];
export const PURPOSES: readonly ExportPurpose[] = ['quoting', 'archiving', 'sharing'];

const EXTENSION: Record<ExportKind, string> = {
  qdpx: '.qdpx',
  qdc: '.qdc',
  'codebook-docx': '.docx',
  'codebook-html': '.html',
  'segments-csv': '.csv',
  'segments-xlsx': '.xlsx',
};

/** What the name says the file holds, so two kinds with one extension (none today) would still differ. */
const STEM: Record<ExportKind, string> = {
  qdpx: 'project',
  qdc: 'codebook',
  'codebook-docx': 'codebook',
  'codebook-html': 'codebook',
  'segments-csv': 'coded-segments',
  'segments-xlsx': 'coded-segments',
};

export const extensionOf = (kind: ExportKind): string => EXTENSION[kind];

/** A codebook file (.qdc) carries no transcript: its scope is empty, as the export's own is. */
export const scopeOf = (kind: ExportKind, transcriptIds: readonly string[] | null): string[] | undefined => (kind === 'qdc' ? [] : transcriptIds && transcriptIds.length > 0 ? [...transcriptIds] : undefined);

const folderOf = (path: string): string => {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(0, slash + 1) : '';
};

const slug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'tandai';

/** `<project folder>/<project-name>-<what>.<ext>`: a starting point the person can change. */
export function suggestedPath(projectPath: string, projectName: string, kind: ExportKind): string {
  return `${folderOf(projectPath)}${slug(projectName)}-${STEM[kind]}${EXTENSION[kind]}`;
}

/**
 * The path with the extension `kind` writes: a path whose extension is one of ours gets the new
 * one; any other path is left as the person typed it (they may want no extension, or their own).
 */
export function withKindExtension(path: string, kind: ExportKind): string {
  const p = path.trim();
  if (!p) return path;
  const lower = p.toLowerCase();
  for (const ext of Object.values(EXTENSION)) {
    if (lower.endsWith(ext)) return p.slice(0, p.length - ext.length) + EXTENSION[kind];
  }
  return path;
}

/** The file's name without its folder, for naming it in messages. */
export const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** A refused export because a file is already there: the person may choose to replace it. */
export const isAlreadyThere = (code: string): boolean => code === 'ALREADY_EXISTS';
