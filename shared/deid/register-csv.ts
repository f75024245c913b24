/**
 * The participant-register CSV: header `kind,value,aliases,note`; kind is person, place,
 * organisation or number; aliases are separated by `|`. RFC 4180 quoting: a field may be quoted
 * with ", a quote inside it is doubled, and a quoted field may hold commas and line breaks.
 *
 * Errors name the file, the line and what is wrong, never a field's content: the register holds
 * the names the project protects.
 */
import { err, ok, type Result } from '../result.js';
import type { RegisterEntry, RegisterKind } from './types.js';

const KINDS: readonly RegisterKind[] = ['person', 'place', 'organisation', 'number'];
/** Spellings researchers use for the same kinds. */
const KIND_ALIASES: Record<string, RegisterKind> = { organization: 'organisation', org: 'organisation', location: 'place', phone: 'number', id: 'number' };
const HEADER = ['kind', 'value', 'aliases', 'note'];

interface Row {
  line: number;
  fields: string[];
}

/** Splits CSV text into records, each with the line it starts on. */
export function parseCsvRecords(text: string, file = 'register.csv'): Result<Row[]> {
  const rows: Row[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const rowLine = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) return err('INVALID_INPUT', `${file} line ${quoteLine}: a quoted field is not closed`);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          return err('INVALID_INPUT', `${file} line ${line}: text after a closing quote (a quote inside a field must be doubled)`);
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') return err('INVALID_INPUT', `${file} line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (i >= n) break;
      if (text[i] === ',') {
        i++;
        continue;
      }
      // End of record: \n, \r\n or \r.
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0]!.trim() === '')) rows.push({ line: rowLine, fields });
  }
  return ok(rows);
}

/** Parses a register CSV into entries, or an error naming the line. */
export function parseRegisterCsv(text: string, file = 'register.csv'): Result<RegisterEntry[]> {
  const parsed = parseCsvRecords(text, file);
  if (!parsed.ok) return parsed;
  const rows = parsed.value;
  if (rows.length === 0) return err('INVALID_INPUT', `${file}: empty (expected the header kind,value,aliases,note)`);
  const header = rows[0]!.fields.map((f) => f.trim().toLowerCase());
  if (header.length !== HEADER.length || header.some((h, k) => h !== HEADER[k])) {
    return err('INVALID_INPUT', `${file} line ${rows[0]!.line}: the header must be kind,value,aliases,note`);
  }
  const entries: RegisterEntry[] = [];
  for (const row of rows.slice(1)) {
    const f = row.fields;
    if (f.length > 4) return err('INVALID_INPUT', `${file} line ${row.line}: ${f.length} fields, expected at most 4 (kind,value,aliases,note; quote a field that contains a comma)`);
    if (f.length < 2) return err('INVALID_INPUT', `${file} line ${row.line}: ${f.length} field, expected at least kind and value`);
    const rawKind = f[0]!.trim().toLowerCase();
    const kind = (KINDS as readonly string[]).includes(rawKind) ? (rawKind as RegisterKind) : KIND_ALIASES[rawKind];
    if (!kind) return err('INVALID_INPUT', `${file} line ${row.line}: unknown kind (expected person, place, organisation or number)`);
    const value = f[1]!.trim();
    if (!value) return err('INVALID_INPUT', `${file} line ${row.line}: the value is empty`);
    const aliases = (f[2] ?? '').split('|').map((a) => a.trim()).filter(Boolean);
    entries.push({ kind, value, aliases, note: (f[3] ?? '').trim() });
  }
  return ok(entries);
}
