/**
 * The codebook document as DOCX (`docx`), made in memory from the same report as the HTML: a title
 * page, the hierarchy, each code with every field and its example excerpts, the frequency tables
 * and the terminology check. Right-to-left text (Arabic, Hebrew…) gets right-to-left paragraphs.
 */
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { Code } from '../../../../shared/contract/schemas.js';
import { FIELD_TITLES, LABEL_TEXT, terminologySummary, type CodebookReport, type ReportCode } from '../../../../shared/interchange/export/codebook-report.js';
import type { Table as DataTable } from '../../../../shared/interchange/export/segments.js';
import { xmlSafe } from '../../../../shared/interchange/export/xml.js';
import { zip } from './zip.js';

const HEADINGS = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/** Whether the first letter of the text is from a right-to-left script. */
export function startsRtl(text: string): boolean {
  const m = /\p{L}/u.exec(text);
  return m !== null && /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u.test(m[0]);
}

/** Runs for text with line breaks (each line after the first starts with a break). */
function runs(text: string, opts: { bold?: boolean; italics?: boolean; color?: string } = {}): TextRun[] {
  return xmlSafe(text)
    .split('\n')
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...opts }));
}

function para(text: string, opts: { bold?: boolean; italics?: boolean; indentLevel?: number; color?: string } = {}): Paragraph {
  return new Paragraph({
    children: runs(text, opts),
    bidirectional: startsRtl(text),
    ...(opts.indentLevel ? { indent: { left: 360 * opts.indentLevel } } : {}),
  });
}

/** "Label: value" with the label in bold; a value of several paragraphs continues below. */
function field(label: string, value: string): Paragraph[] {
  const [first = '', ...rest] = value.trim() === '' ? ['—'] : value.split(/\n{2,}/);
  return [
    new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(first)], bidirectional: startsRtl(first), spacing: { before: 80 } }),
    ...rest.map((p) => para(p)),
  ];
}

function codeBlock(rc: ReportCode): Paragraph[] {
  const c: Code = rc.code;
  const colour = /^#[0-9a-f]{6}$/i.test(c.colour) ? c.colour.slice(1).toUpperCase() : '999999';
  const out: Paragraph[] = [
    new Paragraph({
      heading: HEADINGS[Math.min(rc.depth, HEADINGS.length - 1)],
      bidirectional: startsRtl(c.name),
      children: [new TextRun({ text: '\u00A0\u00A0\u00A0', shading: { type: ShadingType.CLEAR, fill: colour, color: 'auto' } }), new TextRun({ text: ` ${xmlSafe(c.name)}` })],
    }),
    para(`${rc.path} · ${rc.codings} coding${rc.codings === 1 ? '' : 's'}`, { color: '555555' }),
    ...field(FIELD_TITLES.category!, c.category),
    ...field(FIELD_TITLES.shortDefinition!, c.shortDefinition),
    ...field(FIELD_TITLES.definition!, c.definition),
    ...field(FIELD_TITLES.whenToUse!, c.whenToUse),
    ...field(FIELD_TITLES.whenNotToUse!, c.whenNotToUse),
    new Paragraph({ children: [new TextRun({ text: FIELD_TITLES.examples!, bold: true })], spacing: { before: 120 } }),
  ];
  if (c.examples.length === 0) out.push(para('—', { color: '666666' }));
  for (const ex of c.examples) out.push(new Paragraph({ children: runs(ex), bullet: { level: 0 }, bidirectional: startsRtl(ex) }));
  const tr = Object.entries(c.translations);
  if (tr.length) {
    out.push(new Paragraph({ children: [new TextRun({ text: FIELD_TITLES.translations!, bold: true })], spacing: { before: 120 } }));
    for (const [lang, t] of tr) {
      const text = `${lang}: ${t.name}${t.shortDefinition ? ` — ${t.shortDefinition}` : ''}${t.definition ? `\n${t.definition}` : ''}`;
      out.push(new Paragraph({ children: runs(text), bullet: { level: 0 }, bidirectional: startsRtl(t.name) }));
    }
  }
  out.push(new Paragraph({ children: [new TextRun({ text: 'Example excerpts', bold: true })], spacing: { before: 120 } }));
  if (rc.excerpts.length === 0) out.push(para('No coded excerpts in this export.', { italics: true, color: '555555' }));
  for (const e of rc.excerpts) {
    out.push(
      // A quotation bar on the side the text starts from: the right for Arabic or Hebrew.
      new Paragraph({
        children: [...runs(e.text, { italics: true }), new TextRun({ text: xmlSafe(`— ${e.participantLabel}, ${e.transcript}`), color: '555555', break: 1 })],
        ...(startsRtl(e.text)
          ? { bidirectional: true, indent: { right: 567 }, border: { right: { style: BorderStyle.SINGLE, size: 12, color: 'BBBBBB', space: 8 } } }
          : { indent: { left: 567 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BBBBBB', space: 8 } } }),
      }),
    );
  }
  return out;
}

function dataTable(t: DataTable): Table {
  // The code path column is left out: the codes section shows it. Cells carry no properties they
  // do not need: a 300-code table by 14 countries is thousands of cells.
  const keep = t.header.map((_, i) => i).filter((i) => i !== 1);
  const cell = (v: string | number, header: boolean) =>
    new TableCell({
      children: [
        new Paragraph({
          children: [header ? new TextRun({ text: xmlSafe(String(v)), bold: true }) : new TextRun(typeof v === 'number' ? String(v) : xmlSafe(v))],
          ...(typeof v === 'number' ? { alignment: AlignmentType.RIGHT } : {}),
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: keep.map((i) => cell(capitalise(t.header[i]!), true)) }), ...t.rows.map((r) => new TableRow({ children: keep.map((i) => cell(r[i]!, false)) }))],
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The package's parts zipped with the native zip writer (the `docx` package's own JavaScript
 * deflate took a tenth of the time of a 300-code document); `Packer.toBuffer` if the compiler is
 * not where this version of `docx` keeps it.
 */
async function pack(doc: Document, modified: Date): Promise<Uint8Array> {
  const compiler = (Packer as unknown as { compiler?: { compile?: (f: Document) => Map<string, Uint8Array | string> } }).compiler;
  if (typeof compiler?.compile !== 'function') return new Uint8Array(await Packer.toBuffer(doc));
  const enc = new TextEncoder();
  const parts = [...compiler.compile(doc)].map(([name, data]) => ({ name, data: typeof data === 'string' ? enc.encode(data) : data }));
  // [Content_Types].xml first, as Word writes it.
  parts.sort((a, b) => Number(b.name === '[Content_Types].xml') - Number(a.name === '[Content_Types].xml'));
  return zip(parts, modified);
}

export async function codebookDocx(r: CodebookReport): Promise<Uint8Array> {
  const deid = r.label !== 'not-de-identified';
  const title: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(r.studyName), spacing: { before: 2400 } }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Codebook')] }),
    para(r.version ?? 'No codebook version recorded yet'),
    ...(r.versionId ? [para(`Codebook version id ${r.versionId}`, { color: '555555' })] : []),
    para(`Made ${r.generatedAt.slice(0, 10)} by ${r.exporter} with Tandai · ${r.codes.length} code${r.codes.length === 1 ? '' : 's'}`, { color: '555555' }),
    new Paragraph({
      spacing: { before: 480 },
      border: { top: { style: BorderStyle.SINGLE, size: 12, color: deid ? '007700' : 'BB0000', space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 12, color: deid ? '007700' : 'BB0000', space: 4 } },
      children: [new TextRun({ text: LABEL_TEXT[r.label] ?? r.label, bold: true })],
    }),
  ];
  const hierarchy: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Hierarchy')], pageBreakBefore: true }),
    ...r.codes.map((rc) => para(rc.code.name, { indentLevel: rc.depth })),
  ];
  const codes: Paragraph[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Codes')], pageBreakBefore: true }), ...r.codes.flatMap(codeBlock)];
  const terminology: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Terminology check')], pageBreakBefore: true }), para(terminologySummary(r))];
  if (r.terminology.findings.length) {
    terminology.push(
      dataTable({
        header: ['Code', '', 'Field', 'Term', 'Prefer', 'Note'],
        rows: r.terminology.findings.map((f) => [f.codeName, '', FIELD_TITLES[f.field] ?? f.field, f.finding.term, f.finding.prefer ?? '', f.finding.note ?? '']),
      }),
    );
  }
  const doc = new Document({
    creator: xmlSafe(r.exporter),
    title: xmlSafe(`${r.studyName} — codebook`),
    description: 'Codebook made with Tandai',
    sections: [
      {
        children: [
          ...title,
          ...hierarchy,
          ...codes,
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Frequencies')], pageBreakBefore: true }),
          para('Codings per code in this export, by country.'),
          dataTable(r.byCountry),
          para('Codings per code in this export, by interview type.'),
          dataTable(r.byInterviewType),
          ...terminology,
        ],
      },
    ],
  });
  return pack(doc, new Date(r.generatedAt));
}
