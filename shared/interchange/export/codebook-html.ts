/**
 * The codebook document as one self-contained HTML file: styles inline, no script, no external URL
 * (a Content-Security-Policy that forbids fetching anything), every piece of text escaped.
 */
import type { Code } from '../../contract/schemas.js';
import { FIELD_TITLES, LABEL_TEXT, terminologySummary, type CodebookReport, type ReportCode } from './codebook-report.js';
import type { Table } from './segments.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** Paragraphs from text with line breaks; `dir="auto"` lays right-to-left text out right to left. */
const paras = (s: string): string =>
  s
    .split(/\n{2,}/)
    .map((p) => `<p dir="auto">${escHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');

const anchor = (id: string) => `code-${id}`;
const safeColour = (c: string) => (/^#[0-9a-f]{6}$/i.test(c) ? c : '#999999');

const STYLE = `
body{font-family:"Noto Sans","Segoe UI",Arial,sans-serif;color:#1a1a1a;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:2rem;margin-bottom:.25rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}h3{margin-bottom:.25rem}
.title{min-height:40vh;page-break-after:always}.label{border:2px solid #b00;padding:.5rem 1rem;font-weight:bold}
.label.ok{border-color:#070}.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #555;vertical-align:middle;margin-right:.4em}
dl{display:grid;grid-template-columns:11rem 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
blockquote{margin:.5rem 0;padding:.25rem 1rem;border-left:4px solid #ccc;background:#f6f6f6}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #bbb;padding:.2rem .5rem;text-align:left}td.n{text-align:right}
.code{page-break-inside:avoid;margin-top:1.5rem}.muted{color:#555}
@media print{body{margin:0}}`;

function fieldsHtml(c: Code): string {
  const rows: [string, string][] = [
    [FIELD_TITLES.category!, escHtml(c.category)],
    [FIELD_TITLES.shortDefinition!, paras(c.shortDefinition) || '<span class="muted">—</span>'],
    [FIELD_TITLES.definition!, paras(c.definition) || '<span class="muted">—</span>'],
    [FIELD_TITLES.whenToUse!, paras(c.whenToUse) || '<span class="muted">—</span>'],
    [FIELD_TITLES.whenNotToUse!, paras(c.whenNotToUse) || '<span class="muted">—</span>'],
    [FIELD_TITLES.examples!, c.examples.length ? `<ul>${c.examples.map((e) => `<li dir="auto">${escHtml(e).replace(/\n/g, '<br>')}</li>`).join('')}</ul>` : '<span class="muted">—</span>'],
  ];
  const tr = Object.entries(c.translations);
  if (tr.length) {
    rows.push([
      FIELD_TITLES.translations!,
      `<ul>${tr
        .map(([lang, t]) => `<li lang="${escHtml(lang)}"><strong>${escHtml(lang)}</strong>: ${escHtml(t.name)}${t.shortDefinition ? ` — ${escHtml(t.shortDefinition)}` : ''}${t.definition ? `<br>${escHtml(t.definition)}` : ''}</li>`)
        .join('')}</ul>`,
    ]);
  }
  return `<dl>${rows.map(([k, v]) => `<dt>${escHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function codeHtml(rc: ReportCode): string {
  const c = rc.code;
  const h = Math.min(3 + rc.depth, 6);
  const excerpts = rc.excerpts.length
    ? rc.excerpts.map((e) => `<blockquote dir="auto"><p>${escHtml(e.text).replace(/\n/g, '<br>')}</p><p class="muted">— ${escHtml(e.participantLabel)}, ${escHtml(e.transcript)}</p></blockquote>`).join('')
    : '<p class="muted">No coded excerpts in this export.</p>';
  return `<section class="code" id="${anchor(c.id)}"><h${h} dir="auto"><span class="swatch" style="background:${safeColour(c.colour)}"></span>${escHtml(c.name)}</h${h}>
<p class="muted">${escHtml(rc.path)} · ${rc.codings} coding${rc.codings === 1 ? '' : 's'}</p>
${fieldsHtml(c)}
<h4>Example excerpts</h4>${excerpts}</section>`;
}

function hierarchyHtml(codes: ReportCode[]): string {
  let html = '';
  let depth = -1;
  for (const rc of codes) {
    if (rc.depth > depth) {
      html += '<ul>'.repeat(rc.depth - depth);
    } else {
      html += '</li>' + '</ul></li>'.repeat(depth - rc.depth);
    }
    depth = rc.depth;
    html += `<li><a href="#${anchor(rc.code.id)}">${escHtml(rc.code.name)}</a>`;
  }
  if (depth >= 0) html += '</li></ul>' + '</li></ul>'.repeat(depth);
  return html;
}

function tableHtml(t: Table, caption: string): string {
  return `<table><caption>${escHtml(caption)}</caption><thead><tr>${t.header
    .filter((_, i) => i !== 1)
    .map((h) => `<th scope="col">${escHtml(h.charAt(0).toUpperCase() + h.slice(1))}</th>`)
    .join('')}</tr></thead><tbody>${t.rows
    .map((r) => `<tr>${r.map((cell, i) => (i === 1 ? '' : typeof cell === 'number' ? `<td class="n">${cell}</td>` : `<th scope="row">${escHtml(cell)}</th>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

export function renderCodebookHtml(r: CodebookReport): string {
  const deid = r.label !== 'not-de-identified';
  const findings = r.terminology.findings.length
    ? `<table><thead><tr><th scope="col">Code</th><th scope="col">Field</th><th scope="col">Term</th><th scope="col">Prefer</th><th scope="col">Note</th></tr></thead><tbody>${r.terminology.findings
        .map((f) => `<tr><td>${escHtml(f.codeName)}</td><td>${escHtml(FIELD_TITLES[f.field] ?? f.field)}</td><td>${escHtml(f.finding.term)}</td><td>${escHtml(f.finding.prefer ?? '')}</td><td>${escHtml(f.finding.note ?? '')}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escHtml(`${r.studyName} — codebook`)}</title>
<style>${STYLE}</style>
</head>
<body>
<section class="title">
<h1>${escHtml(r.studyName)}</h1>
<p><strong>Codebook</strong>${r.version ? ` · ${escHtml(r.version)}` : ' · no codebook version recorded yet'}</p>
${r.versionId ? `<p class="muted">Codebook version id ${escHtml(r.versionId)}</p>` : ''}
<p class="muted">Made ${escHtml(r.generatedAt.slice(0, 10))} by ${escHtml(r.exporter)} with Tandai · ${r.codes.length} code${r.codes.length === 1 ? '' : 's'}</p>
<p class="label${deid ? ' ok' : ''}">${escHtml(LABEL_TEXT[r.label] ?? r.label)}</p>
</section>
<h2>Hierarchy</h2>
<nav>${hierarchyHtml(r.codes)}</nav>
<h2>Codes</h2>
${r.codes.map(codeHtml).join('\n')}
<h2>Frequencies</h2>
<p>Codings per code in this export.</p>
${tableHtml(r.byCountry, 'Codings per code by country')}
${tableHtml(r.byInterviewType, 'Codings per code by interview type')}
<h2>Terminology check</h2>
<p>${escHtml(terminologySummary(r))}</p>
${findings}
</body>
</html>
`;
}
