/**
 * Coded segments as a table (one row per coding: code, excerpt, transcript, attributes, coder,
 * memo) and a code × attribute frequency table, for CSV and XLSX. The excerpt is the rendition's
 * text under the coding's mapped range, so it is exactly as de-identified as the rendition.
 */
import type { AttributeValue } from '../../contract/schemas.js';
import { codePaths, type ExportModel, type ExportVariable } from './model.js';

export type Cell = string | number;

export interface Table {
  header: string[];
  rows: Cell[][];
}

/** Free text, not a category: never a frequency column. */
const NOT_CATEGORICAL = new Set(['sensitivity_note']);
/** An attribute with more distinct values than this in scope is treated as free text. */
export const MAX_FREQUENCY_VALUES = 30;

export function displayValue(v: AttributeValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function memoBodiesByCoding(m: ExportModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const memo of m.memos) {
    if (memo.target.kind !== 'coding') continue;
    const prev = out.get(memo.target.id);
    out.set(memo.target.id, prev === undefined ? memo.body : `${prev}\n\n${memo.body}`);
  }
  return out;
}

/** Codings whose code and source are in the model. */
function codingsInScope(m: ExportModel) {
  const codeIds = new Set(m.codes.map((c) => c.id));
  const sourceIds = new Set(m.sources.map((s) => s.id));
  return m.codings.filter((c) => codeIds.has(c.codeId) && sourceIds.has(c.transcriptId));
}

/** The same, in source order then text order. */
function codingsInOrder(m: ExportModel) {
  const sourceOrder = new Map(m.sources.map((s, i) => [s.id, i]));
  return codingsInScope(m).sort((a, b) => sourceOrder.get(a.transcriptId)! - sourceOrder.get(b.transcriptId)! || a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : 1));
}

export function segmentsTable(m: ExportModel): Table {
  const paths = codePaths(m.codes);
  const codes = new Map(m.codes.map((c) => [c.id, c]));
  const sources = new Map(m.sources.map((s) => [s.id, s]));
  const users = new Map(m.users.map((u) => [u.id, u.name]));
  const memos = memoBodiesByCoding(m);
  const header = ['code', 'code path', 'category', 'excerpt', 'transcript', 'participant', ...m.variables.map((v) => v.name), 'coder', 'memo', 'code id', 'coding id', 'transcript id'];
  const rows: Cell[][] = codingsInOrder(m).map((c) => {
    const code = codes.get(c.codeId)!;
    const s = sources.get(c.transcriptId)!;
    return [
      code.name,
      paths.get(code.id) ?? code.name,
      code.category,
      s.text.slice(c.start, c.end),
      s.title,
      s.participantLabel,
      ...m.variables.map((v) => displayValue(s.attributes[v.key])),
      c.coderId === null ? '' : (users.get(c.coderId) ?? c.coderId),
      memos.get(c.id) ?? '',
      code.id,
      c.id,
      s.id,
    ];
  });
  return { header, rows };
}

/** The attributes worth counting by: categories, not free text. */
export function frequencyVariables(m: ExportModel): ExportVariable[] {
  return m.variables.filter((v) => {
    if (NOT_CATEGORICAL.has(v.key)) return false;
    const distinct = new Set(m.sources.map((s) => displayValue(s.attributes[v.key])).filter((x) => x !== ''));
    return distinct.size > 0 && (v.type === 'choice' || v.type === 'boolean' || distinct.size <= MAX_FREQUENCY_VALUES);
  });
}

export const NO_VALUE = '(no value)';

/**
 * Codings per code (rows, tree order, with the code path) and per attribute value (columns
 * "Attribute: value", values sorted, "(no value)" last when some sources have none), with a total.
 */
export function frequencyTable(m: ExportModel, variables: readonly ExportVariable[] = frequencyVariables(m)): Table {
  const paths = codePaths(m.codes);
  const columns: { key: string; value: string; title: string }[] = [];
  for (const v of variables) {
    const values = new Set(m.sources.map((s) => displayValue(s.attributes[v.key])));
    const named = [...values].filter((x) => x !== '').sort((a, b) => a.localeCompare(b));
    for (const value of named) columns.push({ key: v.key, value, title: `${v.name}: ${value}` });
    if (values.has('')) columns.push({ key: v.key, value: '', title: `${v.name}: ${NO_VALUE}` });
  }
  const colIndex = new Map(columns.map((c, i) => [`${c.key}\u0000${c.value}`, i]));
  const counts = new Map(m.codes.map((c) => [c.id, { total: 0, cols: new Array<number>(columns.length).fill(0) }]));
  // Per variable, the column of each source's value (looked up once, not once per coding).
  const sourceCols = new Map(m.sources.map((s) => [s.id, variables.map((v) => colIndex.get(`${v.key}\u0000${displayValue(s.attributes[v.key])}`))]));
  for (const c of codingsInScope(m)) {
    const row = counts.get(c.codeId)!;
    row.total++;
    for (const i of sourceCols.get(c.transcriptId)!) if (i !== undefined) row.cols[i]!++;
  }
  return {
    header: ['code', 'code path', 'codings', ...columns.map((c) => c.title)],
    rows: m.codes.map((code) => {
      const r = counts.get(code.id)!;
      return [code.name, paths.get(code.id) ?? code.name, r.total, ...r.cols];
    }),
  };
}

/**
 * A cell a spreadsheet would read as a formula or a command (OWASP "CSV injection": `=`, `+`, `-`,
 * `@`, tab, CR) gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
 */
export function neutraliseCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function csvField(cell: Cell): string {
  const s = typeof cell === 'number' ? String(cell) : neutraliseCell(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV: CRLF rows, quoted where needed, with a UTF-8 BOM so spreadsheets read the encoding. */
export function toCsv(t: Table): string {
  const lines = [t.header, ...t.rows].map((r) => r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
