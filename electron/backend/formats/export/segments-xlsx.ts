/**
 * Coded segments as `.xlsx` (exceljs), made in memory: sheet 1 the segments, sheet 2 the code ×
 * attribute frequencies. Every text cell is written as a string value, never a formula, so a
 * transcript line starting with "=" is shown, not evaluated; counts are plain numbers.
 */
import ExcelJS from 'exceljs';
import type { Cell, Table } from '../../../../shared/interchange/export/segments.js';
import { xmlSafe } from '../../../../shared/interchange/export/xml.js';

/** Excel's limit for one cell. */
export const XLSX_CELL_MAX = 32767;
const TRUNCATED = ' […truncated: longer than a spreadsheet cell holds]';

function cellValue(c: Cell): string | number {
  if (typeof c === 'number') return c;
  const s = xmlSafe(c);
  return s.length > XLSX_CELL_MAX ? s.slice(0, XLSX_CELL_MAX - TRUNCATED.length) + TRUNCATED : s;
}

function addSheet(wb: ExcelJS.Workbook, name: string, t: Table, widths: Record<string, number>): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.header.map((h) => ({ header: cellValue(h) as string, key: h, width: widths[h] ?? Math.min(40, Math.max(10, h.length + 2)) }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) {
    const row = ws.addRow(r.map(cellValue));
    r.forEach((c, i) => {
      if (typeof c === 'string') row.getCell(i + 1).numFmt = '@';
    });
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.header.length } };
}

export async function segmentsXlsx(segments: Table, frequencies: Table, meta: { creator: string; created: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.creator;
  wb.created = meta.created;
  wb.modified = meta.created;
  addSheet(wb, 'Coded segments', segments, { excerpt: 80, memo: 40, 'code path': 30 });
  addSheet(wb, 'Code x attribute', frequencies, { 'code path': 40 });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
