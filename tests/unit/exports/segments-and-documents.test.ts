/**
 * Coded segments (CSV, XLSX) and the codebook document (HTML, DOCX) from a synthetic model:
 * spreadsheet-formula injection neutralised, frequencies counted, the DOCX readable by mammoth with
 * every code in it, the HTML self-contained and escaped, the terminology section honest.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { codebookDocx } from '../../../electron/backend/formats/export/codebook-docx.js';
import { segmentsXlsx } from '../../../electron/backend/formats/export/segments-xlsx.js';
import { renderCodebookHtml } from '../../../shared/interchange/export/codebook-html.js';
import { buildCodebookReport } from '../../../shared/interchange/export/codebook-report.js';
import { frequencyTable, neutraliseCell, segmentsTable, toCsv } from '../../../shared/interchange/export/segments.js';
import { CODES, CODINGS, exportModel, IDS } from './model-fixture.js';

/** A small RFC 4180 reader, to read back what toCsv wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('CSV injection', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tTabbed', "'\tTabbed"],
    ['\rCarriage', "'\rCarriage"],
    ['plain text', 'plain text'],
    ['a = b', 'a = b'],
    ["'already quoted", "'already quoted"],
  ])('%j is written as %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output);
  });

  it('a coded segments CSV neutralises formula-like excerpts, memos and attribute values, and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(segmentsTable(exportModel()));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const header = rows[0]!;
    expect(header.slice(0, 6)).toEqual(['code', 'code path', 'category', 'excerpt', 'transcript', 'participant']);
    expect(header).toEqual(expect.arrayContaining(['Country', 'Interview type', 'coder', 'memo']));
    expect(rows).toHaveLength(1 + CODINGS.length);
    const memoCol = header.indexOf('memo');
    const countryCol = header.indexOf('Country');
    expect(rows.map((r) => r[memoCol])).toContain('\'=HYPERLINK("http://evil.example","click")');
    expect(rows.map((r) => r[countryCol])).toContain("'=Ethiopia");
    // No cell of any row starts with a formula character.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // The excerpt column holds the coded text exactly.
    expect(rows.slice(1).map((r) => r[3]).sort()).toEqual(CODINGS.map((c) => c.text).sort());
  });
});

describe('frequencies', () => {
  it('counts codings per code and attribute value, with "(no value)" where a source has none', () => {
    const t = frequencyTable(exportModel());
    expect(t.header.slice(0, 3)).toEqual(['code', 'code path', 'codings']);
    expect(t.header).toEqual(expect.arrayContaining(['Country: Indonesia', 'Country: =Ethiopia', 'Interview type: caregiver', 'Age: (no value)']));
    const row = (name: string) => t.rows.find((r) => r[0] === name)!;
    const col = (h: string) => t.header.indexOf(h);
    expect(row('Stigma 😔')[2]).toBe(4);
    expect(row('Stigma 😔')[col('Country: Indonesia')]).toBe(2);
    expect(row('Stigma 😔')[col('Interview type: caregiver')]).toBe(3);
    expect(row('Support')[col('Country: Indonesia')]).toBe(2);
    // A date with few values is a category here; the sensitivity note, free text, never is.
    expect(t.header).toContain('Interview date: 2024-03-05');
    expect(frequencyTable(exportModel({ variables: [{ key: 'sensitivity_note', name: 'Sensitivity note', type: 'text' }] })).header).toEqual(['code', 'code path', 'codings']);
  });
});

describe('XLSX', () => {
  it('writes every text cell as a string, never a formula, on two sheets', async () => {
    const m = exportModel();
    const bytes = await segmentsXlsx(segmentsTable(m), frequencyTable(m), { creator: 'Test Lead', created: new Date(m.createdAt) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Coded segments', 'Code x attribute']);
    let strings = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') strings++;
        }),
      );
    }
    expect(strings).toBeGreaterThan(50);
    const seg = wb.getWorksheet('Coded segments')!;
    const header = (seg.getRow(1).values as unknown[]).slice(1);
    const memo = header.indexOf('memo') + 1;
    const memos: unknown[] = [];
    seg.eachRow((r, i) => i > 1 && memos.push(r.getCell(memo).value));
    expect(memos).toContain('=HYPERLINK("http://evil.example","click")');
    const memoCell = [...Array(seg.rowCount).keys()].map((i) => seg.getRow(i + 1).getCell(memo)).find((c) => c.value === '=HYPERLINK("http://evil.example","click")')!;
    expect(memoCell.type).toBe(ExcelJS.ValueType.String);
    expect(memoCell.numFmt).toBe('@');
  });
});

describe('codebook document', () => {
  it('HTML: self-contained (no URL, no script), escaped, with title page, hierarchy, every field, excerpts, frequencies', () => {
    const html = renderCodebookHtml(buildCodebookReport(exportModel(), 'not-de-identified'));
    expect(html).not.toMatch(/https?:\/\/|src=|<script|<link|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Synthetic study &lt;A&amp;B&gt;');
    expect(html).toContain('Version 7 of 2024-05-01');
    expect(html).toContain('Barriers &amp; &lt;obstacles&gt; &quot;quoted&quot;');
    expect(html).not.toContain('<obstacles>');
    for (const c of CODES) expect(html).toContain(`id="code-${c.id}"`);
    expect(html).toContain('Includes distance and cost.');
    expect(html).toContain('Hambatan');
    expect(html).toContain('ครอบครัวกลัวการตีตรา 🙏 มาก');
    expect(html).toContain('Codings per code by country');
    expect(html).toContain('NOT DE-IDENTIFIED');
    expect(html).toContain('Terminology was not checked: no terminology checker was available');
  });

  it('the terminology section reports what an injected checker finds, and says so when it finds nothing', () => {
    const checker = (text: string) => (/stigma/i.test(text) ? [{ term: 'stigma', prefer: 'social judgement', note: 'synthetic rule for this test' }] : []);
    const report = buildCodebookReport(exportModel(), 'pseudonymised', { terminology: checker });
    expect(report.terminology.checked).toBe(true);
    expect(report.terminology.findings.map((f) => [f.codeId, f.field])).toEqual([[IDS.codeChild, 'name']]);
    const html = renderCodebookHtml(report);
    expect(html).toContain('The terminology check found 1 term to review');
    expect(html).toContain('social judgement');
    const clean = renderCodebookHtml(buildCodebookReport(exportModel(), 'pseudonymised', { terminology: () => [] }));
    expect(clean).toContain('The terminology check found no terms to avoid in the codebook.');
  });

  it('excerpts come from the renditions under the codings, one per source first, clipped at code points', () => {
    const report = buildCodebookReport(exportModel(), 'not-de-identified', { excerptsPerCode: 3, excerptChars: 10 });
    const stigma = report.codes.find((c) => c.code.id === IDS.codeChild)!;
    expect(stigma.codings).toBe(4);
    expect(stigma.excerpts.map((e) => e.participantLabel)).toEqual(['P001', 'P002', 'P003']);
    for (const e of stigma.excerpts) {
      expect(e.truncated).toBe(true);
      expect(e.text).not.toMatch(/[\uD800-\uDBFF]…$/);
    }
  });

  it('DOCX: mammoth reads it back, and it contains every code, its fields and the label', async () => {
    const bytes = await codebookDocx(buildCodebookReport(exportModel(), 'not-de-identified'));
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    for (const c of CODES) expect(text).toContain(c.name);
    expect(text).toContain('Synthetic study <A&B>');
    expect(text).toContain('Includes distance and cost.');
    expect(text).toContain('الأسرة تخاف من الوصمة');
    expect(text).toContain('NOT DE-IDENTIFIED');
    expect(text).toContain('Terminology was not checked');
    expect(text).toContain('Codings per code in this export, by country.');
  });

  // LibreOffice is not part of the CI image; where it is installed, the DOCX must convert to PDF.
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));
  it.skipIf(!soffice)(`DOCX: LibreOffice converts it to PDF${soffice ? '' : ' (skipped: LibreOffice is not installed)'}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandai-soffice-'));
    try {
      writeFileSync(join(dir, 'codebook.docx'), await codebookDocx(buildCodebookReport(exportModel(), 'not-de-identified')));
      const r = spawnSync(soffice!, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'codebook.docx')], { encoding: 'utf8', timeout: 170_000 });
      expect(r.status, r.stderr).toBe(0);
      const pdf = readFileSync(join(dir, 'codebook.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
