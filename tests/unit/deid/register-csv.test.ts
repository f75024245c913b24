import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegisterCsv } from '../../../shared/deid/register-csv.js';

const example = readFileSync(fileURLToPath(new URL('../../fixtures/deid-dev/register-example.csv', import.meta.url)), 'utf8');
const HEADER = 'kind,value,aliases,note\n';

function error(csv: string): string {
  const r = parseRegisterCsv(csv, 'reg.csv');
  if (r.ok) throw new Error('expected an error');
  expect(r.error.code).toBe('INVALID_INPUT');
  return r.error.message;
}

describe('participant register CSV', () => {
  it('reads the example register: kinds, aliases split on |, quoted notes with commas', () => {
    const r = parseRegisterCsv(example);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(27);
    expect(r.value[0]).toEqual({ kind: 'person', value: 'Namubiru Joan', aliases: ['Joan', 'Nabs', 'Namubiru'], note: 'dev-en-02: survivor' });
    const bunga = r.value.find((e) => e.value === 'Bunga Lestari')!;
    expect(bunga.note).toBe('dev-id-01: korban; bunga is also a common word (flower, interest)');
    expect(r.value.filter((e) => e.kind === 'number').map((e) => e.value)).toEqual(['CRB 1043/2022', '0711 203 944']);
  });

  it('accepts CRLF, a BOM, doubled quotes and a line break inside a quoted field', () => {
    const r = parseRegisterCsv('\ufeffkind,value,aliases,note\r\nperson,"Rose ""Shiro"" Njoroge",Shiro,"line one\nline two"\r\nplace,Ruiru,,\r\n');
    expect(r.ok && r.value).toEqual([
      { kind: 'person', value: 'Rose "Shiro" Njoroge', aliases: ['Shiro'], note: 'line one\nline two' },
      { kind: 'place', value: 'Ruiru', aliases: [], note: '' },
    ]);
  });

  it('names the line of an unknown kind, without echoing the field', () => {
    const m = error(`${HEADER}person,Joan,,\npersn,Hope Akinyi,,\n`);
    expect(m).toBe('reg.csv line 3: unknown kind (expected person, place, organisation or number)');
    expect(m).not.toContain('Hope');
  });

  it('names the line where an unclosed quote starts', () => {
    expect(error(`${HEADER}person,Joan,,\nperson,"Hope Akinyi,Hope,\nplace,Kisumu,,\n`)).toMatch(/^reg\.csv line 3: a quoted field is not closed/);
  });

  it('counts lines inside quoted fields when naming a later line', () => {
    expect(error(`${HEADER}person,Joan,,"a\nb\nc"\nplace,Kisumu,,,extra\n`)).toMatch(/^reg\.csv line 5: 5 fields, expected at most 4/);
  });

  it('refuses a wrong header, an empty value, a stray quote and text after a closing quote', () => {
    expect(error('name,value\nperson,Joan\n')).toBe('reg.csv line 1: the header must be kind,value,aliases,note');
    expect(error(`${HEADER}person, ,,\n`)).toBe('reg.csv line 2: the value is empty');
    expect(error(`${HEADER}person,Jo"an,,\n`)).toMatch(/^reg\.csv line 2: a quote inside an unquoted field/);
    expect(error(`${HEADER}person,"Joan"x,,\n`)).toMatch(/^reg\.csv line 2: text after a closing quote/);
    expect(error('')).toMatch(/^reg\.csv: empty/);
  });
});
