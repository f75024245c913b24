/**
 * The codebook document's content, whatever it is rendered as (DOCX in the backend, HTML here):
 * title page facts, the hierarchy, every field of every code, example excerpts taken from the
 * renditions under each code's codings, codings per code by country and by interview type, and
 * the terminology check's result. Pure: the renderers only lay it out.
 */
import type { Code } from '../../contract/schemas.js';
import { codePaths, type ExportModel } from './model.js';
import { frequencyTable, type Table } from './segments.js';

export interface TerminologyFinding {
  /** The term found. */
  term: string;
  /** What to write instead. */
  prefer?: string;
  note?: string;
}

/** The terminology checker (from the de-identification work), injected: text in, findings out. */
export type TerminologyChecker = (text: string) => TerminologyFinding[];

export interface ReportExcerpt {
  text: string;
  truncated: boolean;
  /** Who and what: the participant as the gate names them, and the source's title. */
  participantLabel: string;
  transcript: string;
}

export interface ReportCode {
  code: Code;
  path: string;
  depth: number;
  codings: number;
  excerpts: ReportExcerpt[];
}

export interface CodebookReport {
  studyName: string;
  /** "Version 7 of 2024-05-02", or null before the codebook has a version. */
  version: string | null;
  versionId: string | null;
  generatedAt: string;
  /** The gate's label: anonymised, pseudonymised or not-de-identified. */
  label: string;
  exporter: string;
  codes: ReportCode[];
  byCountry: Table;
  byInterviewType: Table;
  terminology: {
    /** False when no checker was wired in: the document says the check was not run. */
    checked: boolean;
    findings: { codeId: string; codeName: string; field: string; finding: TerminologyFinding }[];
  };
}

export interface ReportOptions {
  /** Excerpts shown per code (default 3). */
  excerptsPerCode?: number;
  /** Characters (code points) kept of an excerpt (default 400). */
  excerptChars?: number;
  terminology?: TerminologyChecker | null;
}

export const LABEL_TEXT: Record<string, string> = {
  anonymised: 'Anonymised: participants cannot be re-identified from this document.',
  pseudonymised: 'Pseudonymised: names and identifying details are replaced by consistent pseudonyms.',
  'not-de-identified': 'NOT DE-IDENTIFIED: excerpts are quoted as written in the transcripts. Do not share outside the study team.',
};

export const FIELD_TITLES: Record<string, string> = {
  name: 'Name',
  shortDefinition: 'Short definition',
  definition: 'Definition',
  whenToUse: 'When to use',
  whenNotToUse: 'When not to use',
  examples: 'Examples',
  category: 'Category',
  translations: 'Translations',
};

/** Cuts at a code point boundary and at a word where one is near. */
function clip(text: string, max: number): { text: string; truncated: boolean } {
  const cps = Array.from(text);
  if (cps.length <= max) return { text, truncated: false };
  let cut = cps.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.7) cut = cut.slice(0, space);
  return { text: `${cut.trimEnd()}…`, truncated: true };
}

/** The texts of a code the terminology check reads: the codebook's own words, never participants' quotes. */
function checkedFields(c: Code): { field: string; text: string }[] {
  const out = [
    { field: 'name', text: c.name },
    { field: 'shortDefinition', text: c.shortDefinition },
    { field: 'definition', text: c.definition },
    { field: 'whenToUse', text: c.whenToUse },
    { field: 'whenNotToUse', text: c.whenNotToUse },
    ...c.examples.map((text, i) => ({ field: `examples[${i + 1}]`, text })),
  ];
  for (const [lang, t] of Object.entries(c.translations)) {
    out.push({ field: `translations.${lang}.name`, text: t.name });
    if (t.shortDefinition) out.push({ field: `translations.${lang}.shortDefinition`, text: t.shortDefinition });
    if (t.definition) out.push({ field: `translations.${lang}.definition`, text: t.definition });
  }
  return out.filter((f) => f.text.trim() !== '');
}

/**
 * The codings each code quotes, in order: one per source first (so the examples show the code
 * across interviews, sources in model order), then the next by position. Reads no text: the
 * export service renders only the sources these name.
 */
export function excerptCodings(m: Pick<ExportModel, 'codes' | 'sources' | 'codings'>, perCode = 3): Map<string, { codings: number; picked: ExportModel['codings'] }> {
  const sourceOrder = new Map(m.sources.map((s, i) => [s.id, i]));
  const byCode = new Map<string, typeof m.codings>();
  for (const c of m.codings) {
    if (!sourceOrder.has(c.transcriptId)) continue;
    const list = byCode.get(c.codeId);
    if (list) list.push(c);
    else byCode.set(c.codeId, [c]);
  }
  const out = new Map<string, { codings: number; picked: ExportModel['codings'] }>();
  for (const code of m.codes) {
    const list = (byCode.get(code.id) ?? []).slice().sort((a, b) => sourceOrder.get(a.transcriptId)! - sourceOrder.get(b.transcriptId)! || a.start - b.start || (a.id < b.id ? -1 : 1));
    const picked: typeof list = [];
    const seen = new Set<string>();
    for (const c of list) {
      if (picked.length >= perCode) break;
      if (!seen.has(c.transcriptId)) {
        seen.add(c.transcriptId);
        picked.push(c);
      }
    }
    for (const c of list) {
      if (picked.length >= perCode) break;
      if (!picked.includes(c)) picked.push(c);
    }
    out.set(code.id, { codings: list.length, picked });
  }
  return out;
}

export function buildCodebookReport(m: ExportModel, label: string, opts: ReportOptions = {}): CodebookReport {
  const perCode = opts.excerptsPerCode ?? 3;
  const maxChars = opts.excerptChars ?? 400;
  const paths = codePaths(m.codes);
  const parentOf = new Map(m.codes.map((c) => [c.id, c.parentId]));
  const depthOf = (c: Code): number => {
    let d = 0;
    for (let p = c.parentId; p !== null && parentOf.has(p) && d < m.codes.length; p = parentOf.get(p) ?? null) d++;
    return d;
  };
  const sources = new Map(m.sources.map((s) => [s.id, s]));
  const picks = excerptCodings(m, perCode);
  const codes: ReportCode[] = m.codes.map((code) => {
    const { codings, picked } = picks.get(code.id)!;
    const excerpts = picked.map((c) => {
      const s = sources.get(c.transcriptId)!;
      const { text, truncated } = clip(s.text.slice(c.start, c.end).trim(), maxChars);
      return { text, truncated, participantLabel: s.participantLabel, transcript: s.title };
    });
    return { code, path: paths.get(code.id) ?? code.name, depth: depthOf(code), codings, excerpts };
  });

  const variable = (key: string) => m.variables.filter((v) => v.key === key);
  const checker = opts.terminology ?? null;
  const findings: CodebookReport['terminology']['findings'] = [];
  if (checker) {
    for (const c of m.codes) for (const f of checkedFields(c)) for (const finding of checker(f.text)) findings.push({ codeId: c.id, codeName: c.name, field: f.field, finding });
  }
  const v = m.codebookVersion;
  return {
    studyName: m.project.name,
    version: v ? `Version ${v.seq} of ${v.createdAt.slice(0, 10)}` : null,
    versionId: v?.id ?? null,
    generatedAt: m.createdAt,
    label,
    exporter: m.exporter.name,
    codes,
    byCountry: frequencyTable(m, variable('country')),
    byInterviewType: frequencyTable(m, variable('interview_type')),
    terminology: { checked: checker !== null, findings },
  };
}

/** The sentence the document prints for the terminology check. */
export function terminologySummary(r: CodebookReport): string {
  if (!r.terminology.checked) return 'Terminology was not checked: no terminology checker was available when this document was made. Review the wording against the Luxembourg Guidelines by hand.';
  const n = r.terminology.findings.length;
  if (n === 0) return 'The terminology check found no terms to avoid in the codebook.';
  return `The terminology check found ${n} term${n === 1 ? '' : 's'} to review in the codebook (excerpts, which quote participants, are not checked).`;
}
