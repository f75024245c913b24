/**
 * Renditions from the original and the decisions: transcripts (text, speaker labels, title,
 * attributes), code fields and memo bodies. Read-only: rendering never gives out a pseudonym or
 * writes anything (deciding does), and an undecided candidate is left as written — the gate
 * refuses a scope that still has one.
 */
import type { AttributeValue, Code, TranscriptSummary, Utterance } from '../../../../shared/contract/index.js';
import type { DeidSourceKind } from '../../../../shared/contract/channels/deid.js';
import { bracketed } from '../../../../shared/deid/transforms.js';
import { buildRendition, renderUtterances, type Rendered, type RenditionEdit } from '../../../../shared/deid/rendition.js';
import { offsetMapFromHunks } from '../../../../shared/text/offset-map.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { Rendition } from '../export-gate.js';
import { listTranscripts, readVersion } from '../transcripts.js';
import { attributeText, codeFields, UNSCANNED_ATTRIBUTES } from './documents.js';
import { candidateIdBase, candidateRange, digest } from './keys.js';
import type { Statement } from 'better-sqlite3';
import { lookupPseudonym } from './pseudonyms.js';
import { decisionValue, REDACTED, REMOVES, type CandidateRow, type DecisionRow, type EntityRow } from './rows.js';

export interface Loc {
  kind: DeidSourceKind;
  id: string;
  field: string;
  rev: string;
}

/** What rendering reads of a candidate (the columns it needs, and no more: exports read every one). */
export type RenderCandidate = Pick<CandidateRow, 'id' | 'source_kind' | 'source_id' | 'field' | 'rev' | 'start' | 'end' | 'type' | 'entity_id' | 'participant_id' | 'text_ct' | 'decision_id'>;

export interface LocEdits {
  edits: RenditionEdit[];
  /** Candidates with the decision in force for each (null: undecided). */
  candidates: { c: RenderCandidate; d: DecisionRow | null; replacement: string | null }[];
  undecided: number;
  /** The location was scanned at this state. */
  scanned: boolean;
}

export interface RenderedTranscript {
  rendition: Rendition;
  text: Rendered;
  title: string;
  undecided: number;
  unscanned: Loc[];
  candidates: LocEdits['candidates'];
}

/** The candidates of one location state: one range of the primary key (ids start with the state's keyed digest). */
export function candidatesAt(p: OpenProject, stmt: Statement, loc: Loc): CandidateRow[] {
  const [lo, hi] = candidateRange(candidateIdBase(p, loc.kind, loc.id, loc.field, loc.rev));
  return (stmt.all(lo, hi) as CandidateRow[]).filter((c) => c.source_kind === loc.kind && c.source_id === loc.id && c.field === loc.field && c.rev === loc.rev).sort((a, b) => a.start - b.start || a.end - b.end);
}

export class Renderer {
  private readonly decisions = new Map<string, DecisionRow | null>();
  private readonly entities = new Map<string, EntityRow | null>();
  private readonly pseudonyms = new Map<string, string | null>();
  private readonly values = new Map<string, string | null>();
  private readonly labels = new Map<string, string>();
  private readonly stmtAt;
  private readonly stmtScanned;
  private readonly stmtDecision;
  private readonly stmtEntity;

  constructor(readonly p: OpenProject) {
    // Raw rows of the few columns rendering uses: building a row object per candidate was most of an
    // export's time on a project with hundreds of thousands of candidates.
    this.stmtAt = p.db.prepare('SELECT id, start, "end", type, entity_id, participant_id, text_ct, decision_id FROM deid_candidates WHERE id >= ? AND id < ? AND source_kind = ? AND source_id = ? AND field = ? AND rev = ?').raw();
    this.stmtScanned = p.db.prepare('SELECT rev FROM deid_scanned WHERE source_kind = ? AND source_id = ? AND field = ?').pluck();
    // As rows.ts getDecision / getEntity, prepared once per renderer (an export looks up thousands).
    this.stmtDecision = p.db.prepare('SELECT * FROM deid_decisions WHERE id = ?');
    this.stmtEntity = p.db.prepare('SELECT id, type, register_id, participant_id, decision_id FROM deid_entities WHERE id = ?');
  }

  decision(id: string | null): DecisionRow | null {
    if (!id) return null;
    if (!this.decisions.has(id)) this.decisions.set(id, (this.stmtDecision.get(id) as DecisionRow | undefined) ?? null);
    return this.decisions.get(id)!;
  }

  entity(id: string): EntityRow | null {
    if (!this.entities.has(id)) this.entities.set(id, (this.stmtEntity.get(id) as EntityRow | undefined) ?? null);
    return this.entities.get(id)!;
  }

  /** The decision in force for a candidate: its own, else its entity's. */
  effective(c: Pick<CandidateRow, 'decision_id' | 'entity_id'>): DecisionRow | null {
    return this.decision(c.decision_id) ?? this.decision(this.entity(c.entity_id)?.decision_id ?? null);
  }

  /** A decision's value, decrypted once (an entity's decision applies to each of its candidates). */
  private valueOf(d: DecisionRow): string | null {
    if (!this.values.has(d.id)) this.values.set(d.id, decisionValue(this.p, d));
    return this.values.get(d.id)!;
  }

  /** What replaces the candidate's text under a decision (null: it stays). */
  replacement(c: Pick<CandidateRow, 'entity_id'>, d: DecisionRow | null): string | null {
    if (!d || !REMOVES.has(d.action)) return null;
    if (d.action === 'redact') return REDACTED;
    if (d.action === 'generalise') {
      const v = this.valueOf(d);
      return v ? bracketed(v) : REDACTED;
    }
    // replace: a pseudonym chosen for this one occurrence, else the entity's.
    if (d.candidate_id) {
      const own = this.valueOf(d);
      if (own) return own;
    }
    if (!this.pseudonyms.has(c.entity_id)) this.pseudonyms.set(c.entity_id, lookupPseudonym(this.p, c.entity_id));
    return this.pseudonyms.get(c.entity_id) ?? REDACTED;
  }

  isScanned(loc: Loc): boolean {
    return this.stmtScanned.get(loc.kind, loc.id, loc.field) === loc.rev;
  }

  /** The candidates of one location state, in text order. */
  private rowsAt(loc: Loc): RenderCandidate[] {
    const [lo, hi] = candidateRange(candidateIdBase(this.p, loc.kind, loc.id, loc.field, loc.rev));
    const raw = this.stmtAt.all(lo, hi, loc.kind, loc.id, loc.field, loc.rev) as [string, number, number, CandidateRow['type'], string, string | null, Uint8Array | null, string | null][];
    const rows = raw.map(([id, start, end, type, entity_id, participant_id, text_ct, decision_id]): RenderCandidate => ({ id, source_kind: loc.kind, source_id: loc.id, field: loc.field, rev: loc.rev, start, end, type, entity_id, participant_id, text_ct, decision_id }));
    return rows.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  at(loc: Loc): LocEdits {
    const rows = this.rowsAt(loc);
    const edits: RenditionEdit[] = [];
    const candidates: LocEdits['candidates'] = [];
    let undecided = 0;
    for (const c of rows) {
      const d = this.effective(c);
      if (!d) undecided++;
      const replacement = this.replacement(c, d);
      if (replacement !== null) edits.push({ start: c.start, end: c.end, replacement, ref: c.id });
      candidates.push({ c, d, replacement });
    }
    return { edits, candidates, undecided, scanned: this.isScanned(loc) };
  }

  /** A short text (title, attribute value, memo, code field) at its current state. */
  short(kind: DeidSourceKind, id: string, field: string, text: string): { text: string; loc: Loc; at: LocEdits } {
    const loc = { kind, id, field, rev: digest(this.p, 'rev', text) };
    const at = this.at(loc);
    return { text: at.edits.length ? buildRendition(text, at.edits).text : text, loc, at };
  }

  /** A participant's label, looked up and decrypted once per renderer (an export renders every transcript). */
  participantLabel(participantId: string): string {
    let label = this.labels.get(participantId);
    if (label === undefined) {
      const row = this.p.stmt("SELECT id, pseudonym_ct FROM deid_pseudonyms WHERE category = 'participant' AND participant_id = ?").get(participantId) as { id: string; pseudonym_ct: Uint8Array } | undefined;
      label = row ? this.p.openText('deid_pseudonyms', row.id, 'pseudonym', participantId, row.pseudonym_ct).replace(/^\[|\]$/g, '') : 'Participant';
      this.labels.set(participantId, label);
    }
    return label;
  }

  /** `summary`: the transcript's listing when the caller has it (listing one by one costs a query per participant). */
  transcript(transcriptId: string, summary?: TranscriptSummary): RenderedTranscript {
    const v = readVersion(this.p, transcriptId);
    const s = summary ?? listTranscripts(this.p, transcriptId)[0];
    const unscanned: Loc[] = [];
    const textLoc: Loc = { kind: 'transcript', id: transcriptId, field: 'text', rev: v.versionId };
    const body = this.at(textLoc);
    if (!body.scanned) unscanned.push(textLoc);
    const rendered = body.edits.length ? buildRendition(v.text, body.edits) : { text: v.text, hunks: [], map: offsetMapFromHunks([], v.text, v.text), edits: [] };
    let undecided = body.undecided;
    const candidates = [...body.candidates];
    const title = this.short('title', transcriptId, 'title', s!.title);
    if (!title.at.scanned) unscanned.push(title.loc);
    undecided += title.at.undecided;
    candidates.push(...title.at.candidates);
    const attributes: Record<string, AttributeValue> = {};
    for (const [key, value] of Object.entries(s!.attributes)) {
      if (UNSCANNED_ATTRIBUTES.has(key) || value === null || typeof value === 'boolean' || !attributeText(value).trim()) {
        attributes[key] = value;
        continue;
      }
      const text = attributeText(value);
      const loc = { kind: 'attribute' as const, id: transcriptId, field: key, rev: digest(this.p, 'rev', JSON.stringify(value)) };
      const at = this.at(loc);
      if (!at.scanned) unscanned.push(loc);
      undecided += at.undecided;
      candidates.push(...at.candidates);
      attributes[key] = at.edits.length ? buildRendition(text, at.edits).text : value;
    }
    const utterances: Utterance[] = renderUtterances(v.utterances, rendered);
    return {
      rendition: {
        transcriptId,
        versionId: v.versionId,
        participantId: v.participantId,
        participantLabel: this.participantLabel(v.participantId),
        title: title.text,
        text: rendered.text,
        utterances,
        attributes,
        map: rendered.map,
      },
      text: rendered,
      title: title.text,
      undecided,
      unscanned,
      candidates,
    };
  }

  /** A code with every text field rendered; what is unscanned or undecided is counted. */
  code(c: Code): { code: Code; undecided: number; unscanned: Loc[]; candidates: LocEdits['candidates'] } {
    const out: Code = { ...c, examples: [...c.examples], translations: JSON.parse(JSON.stringify(c.translations)) as Code['translations'] };
    let undecided = 0;
    const unscanned: Loc[] = [];
    const candidates: LocEdits['candidates'] = [];
    for (const [field, text] of codeFields(c)) {
      const r = this.short('code', c.id, field, text);
      if (!r.at.scanned) unscanned.push(r.loc);
      undecided += r.at.undecided;
      candidates.push(...r.at.candidates);
      setCodeField(out, field, r.text);
    }
    return { code: out, undecided, unscanned, candidates };
  }

  memo(id: string, participantId: string | null, bodyCt: Uint8Array): { body: string; undecided: number; unscanned: Loc[]; candidates: LocEdits['candidates'] } {
    const body = this.p.openText('memos', id, 'body', participantId ?? PROJECT_KEY_ID, bodyCt);
    const r = this.short('memo', id, 'body', body);
    return { body: r.text, undecided: r.at.undecided, unscanned: r.at.scanned ? [] : [r.loc], candidates: r.at.candidates };
  }
}

function setCodeField(c: Code, field: string, value: string): void {
  const ex = /^examples\.(\d+)$/.exec(field);
  if (ex) {
    c.examples[Number(ex[1])] = value;
    return;
  }
  const tr = /^translations\.([^.]+)\.(name|shortDefinition|definition)$/.exec(field);
  if (tr) {
    const t = c.translations[tr[1]!];
    if (t) t[tr[2] as 'name'] = value;
    return;
  }
  (c as unknown as Record<string, string>)[field] = value;
}
