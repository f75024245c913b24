/**
 * Everything a scan reads, as documents: each transcript's text (speaker labels and inline
 * timestamps are part of it), title and file name; attribute values; memos; every text field of
 * every code. Each document is a location (kind, id, field) at a revision: a transcript's text is
 * revised by versions, a short field by its content (a keyed digest).
 */
import type { AttributeDef, AttributeValue, Code, Utterance } from '../../../../shared/contract/index.js';
import type { DeidSourceKind } from '../../../../shared/contract/channels/deid.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { loadCodes } from '../codebook.js';
import { attributeDefs, unpackUtterances } from '../transcripts.js';
import { digest } from './keys.js';

export interface DeidDoc {
  kind: DeidSourceKind;
  id: string;
  field: string;
  rev: string;
  text: string;
  /** The participant whose key seals what is found here; null for project-level text. */
  participantId: string | null;
  transcriptId: string | null;
  language?: string;
  country?: string;
  /** Transcript text only. */
  utterances?: Utterance[];
  /** Attribute values only. */
  attribute?: AttributeDef;
}

export const locKey = (d: Pick<DeidDoc, 'kind' | 'id' | 'field'>): string => `${d.kind}|${d.id}|${d.field}`;

/** Attributes that are study design, not identifiers (countries are not identifiers by themselves). */
export const UNSCANNED_ATTRIBUTES = new Set(['interview_type', 'language', 'country', 'consent_quoting', 'consent_archiving', 'consent_sharing']);

/** The code fields a scan reads, as [field, text]. */
export function codeFields(c: Pick<Code, 'name' | 'shortDefinition' | 'definition' | 'whenToUse' | 'whenNotToUse' | 'examples' | 'translations'>): [string, string][] {
  const out: [string, string][] = [
    ['name', c.name],
    ['shortDefinition', c.shortDefinition],
    ['definition', c.definition],
    ['whenToUse', c.whenToUse],
    ['whenNotToUse', c.whenNotToUse],
  ];
  c.examples.forEach((e, i) => out.push([`examples.${i}`, e]));
  for (const [lang, t] of Object.entries(c.translations).sort(([a], [b]) => a.localeCompare(b))) {
    out.push([`translations.${lang}.name`, t.name]);
    if (t.shortDefinition) out.push([`translations.${lang}.shortDefinition`, t.shortDefinition]);
    if (t.definition) out.push([`translations.${lang}.definition`, t.definition]);
  }
  return out.filter(([, text]) => text.trim() !== '');
}

const STUDY_COUNTRY_NAMES: Record<string, string> = {
  indonesia: 'ID', malaysia: 'MY', philippines: 'PH', 'the philippines': 'PH', thailand: 'TH', cambodia: 'KH', 'viet nam': 'VN', vietnam: 'VN',
  kenya: 'KE', tanzania: 'TZ', uganda: 'UG', rwanda: 'RW', ethiopia: 'ET', mozambique: 'MZ', namibia: 'NA', 'south africa': 'ZA',
};

/** An ISO 3166 alpha-2 code from the country attribute as people write it ("KE", "Kenya"). */
export function countryCode(value: AttributeValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return v.toUpperCase();
  return STUDY_COUNTRY_NAMES[v.toLowerCase()];
}

export const attributeText = (v: AttributeValue): string => (v === null ? '' : typeof v === 'string' ? v : String(v));

export interface CollectOptions {
  /** Only these transcripts (and what hangs on them); all when omitted. */
  transcriptIds?: readonly string[];
  /** Memos and codes too (default true). */
  projectLevel?: boolean;
  /** Only these memos / codes (for reading one location). */
  memoIds?: ReadonlySet<string>;
  codeIds?: ReadonlySet<string>;
}

interface TranscriptRow {
  id: string;
  participant_id: string;
  title_ct: Uint8Array;
  source_name_ct: Uint8Array;
  current_version: string;
  text_ct: Uint8Array;
  utterances_ct: Uint8Array;
}

/** Transcript metadata the documents need (language, country, participant), by transcript id. */
export interface TranscriptMeta {
  participantId: string;
  language?: string;
  country?: string;
}

export function collectDocuments(p: OpenProject, opts: CollectOptions = {}): { docs: DeidDoc[]; transcripts: Map<string, TranscriptMeta> } {
  const only = opts.transcriptIds ? new Set(opts.transcriptIds) : null;
  const defs = new Map(attributeDefs(p).map((d) => [d.key, d]));
  const rows = (
    p.db
      .prepare(
        `SELECT t.id, t.participant_id, t.title_ct, t.source_name_ct, t.current_version, v.text_ct, v.utterances_ct
         FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version ORDER BY t.created_at, t.id`,
      )
      .all() as TranscriptRow[]
  ).filter((r) => !only || only.has(r.id));
  const attrs = new Map<string, Record<string, AttributeValue>>();
  const pidOf = new Map(rows.map((r) => [r.id, r.participant_id]));
  for (const a of p.db.prepare('SELECT transcript_id, key, value_ct FROM attribute_values ORDER BY transcript_id, key').all() as { transcript_id: string; key: string; value_ct: Uint8Array }[]) {
    const pid = pidOf.get(a.transcript_id);
    if (!pid) continue;
    const rec = attrs.get(a.transcript_id) ?? {};
    rec[a.key] = p.openJson<AttributeValue>('attribute_values', `${a.transcript_id}/${a.key}`, 'value', pid, a.value_ct);
    attrs.set(a.transcript_id, rec);
  }
  const docs: DeidDoc[] = [];
  const transcripts = new Map<string, TranscriptMeta>();
  for (const r of rows) {
    const pid = r.participant_id;
    const a = attrs.get(r.id) ?? {};
    const language = typeof a.language === 'string' && a.language.trim() ? a.language.trim() : undefined;
    const country = countryCode(a.country);
    transcripts.set(r.id, { participantId: pid, language, country });
    const text = p.openText('transcript_versions', r.current_version, 'text', pid, r.text_ct);
    const utterances = unpackUtterances(p.openBytes('transcript_versions', r.current_version, 'utterances', pid, r.utterances_ct), text);
    const base = { participantId: pid, transcriptId: r.id, language, country };
    docs.push({ ...base, kind: 'transcript', id: r.id, field: 'text', rev: r.current_version, text, utterances });
    const title = p.openText('transcripts', r.id, 'title', pid, r.title_ct);
    docs.push({ ...base, kind: 'title', id: r.id, field: 'title', rev: digest(p, 'rev', title), text: title });
    const fileName = p.openText('transcripts', r.id, 'source_name', pid, r.source_name_ct);
    docs.push({ ...base, kind: 'file-name', id: r.id, field: 'file-name', rev: digest(p, 'rev', fileName), text: fileName });
    for (const [key, value] of Object.entries(a)) {
      if (UNSCANNED_ATTRIBUTES.has(key) || value === null || typeof value === 'boolean') continue;
      const text = attributeText(value);
      if (!text.trim()) continue;
      docs.push({ ...base, kind: 'attribute', id: r.id, field: key, rev: digest(p, 'rev', JSON.stringify(value)), text, attribute: defs.get(key) });
    }
  }
  if (opts.projectLevel !== false) {
    const memos = p.db.prepare('SELECT id, target_kind, target_id, participant_id, body_ct FROM memos ORDER BY created_at, id').all() as {
      id: string;
      target_kind: string;
      target_id: string | null;
      participant_id: string | null;
      body_ct: Uint8Array;
    }[];
    const codingTranscript = p.db.prepare('SELECT transcript_id FROM codings WHERE id = ?').pluck();
    for (const m of memos) {
      const transcriptId = m.target_kind === 'transcript' ? m.target_id : m.target_kind === 'coding' ? ((codingTranscript.get(m.target_id) as string | undefined) ?? null) : null;
      if (opts.memoIds ? !opts.memoIds.has(m.id) : only && transcriptId && !only.has(transcriptId)) continue;
      if (m.participant_id && !p.participantKeys.has(m.participant_id)) continue;
      const body = p.openText('memos', m.id, 'body', m.participant_id ?? PROJECT_KEY_ID, m.body_ct);
      const meta = transcriptId ? transcripts.get(transcriptId) : undefined;
      docs.push({ kind: 'memo', id: m.id, field: 'body', rev: digest(p, 'rev', body), text: body, participantId: m.participant_id, transcriptId, language: meta?.language, country: meta?.country });
    }
    for (const c of loadCodes(p)) {
      if (opts.codeIds && !opts.codeIds.has(c.id)) continue;
      for (const [field, text] of codeFields(c)) docs.push({ kind: 'code', id: c.id, field, rev: digest(p, 'rev', text), text, participantId: null, transcriptId: null });
    }
  }
  return { docs, transcripts };
}

/** The current document at a location, or NOT_FOUND naming it. */
export function documentAt(p: OpenProject, kind: DeidSourceKind, id: string, field: string): DeidDoc {
  const projectLevel = kind === 'memo' || kind === 'code';
  const { docs } = collectDocuments(p, {
    transcriptIds: projectLevel ? [] : [id],
    projectLevel,
    memoIds: new Set(kind === 'memo' ? [id] : []),
    codeIds: new Set(kind === 'code' ? [id] : []),
  });
  const d = docs.find((x) => x.kind === kind && x.id === id && x.field === field);
  if (!d) throw new TandaiError('NOT_FOUND', `no ${kind} ${id} with a field "${field}" holding text`);
  return d;
}
