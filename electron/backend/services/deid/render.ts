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
import { inOrder } from '../../../../shared/order.js';
import { offsetMapFromHunks } from '../../../../shared/text/offset-map.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { Rendition } from '../export-gate.js';
import { listTranscripts, readVersion } from '../transcripts.js';
import { attributeText, codeFields, UNSCANNED_ATTRIBUTES } from './documents.js';
import { candidateIdBase, candidateRange, digest } from './keys.js';
import type { Statement } from 'better-sqlite3';
import { lookupPseudonym, openPseudonym, type PseudonymRow } from './pseudonyms.js';
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
  /** The decision in force and replacement for a candidate with no decision of its own, by entity. */
  private readonly byEntity = new Map<string, { d: DecisionRow | null; replacement: string | null }>();
  /** After `preload`: every entity's pseudonym row (sealed; opened when first used), and each participant's. */
  private pseudonymRows: Map<string, PseudonymRow> | null = null;
  private participantRows: Map<string, PseudonymRow> | null = null;
  private readonly stmtAt;
  private readonly stmtAtPacked;
  private readonly stmtScanned;
  private readonly stmtDecision;
  private readonly stmtEntity;

  constructor(readonly p: OpenProject) {
    // Raw rows of the few columns rendering uses: building a row object per candidate was most of an
    // export's time on a project with hundreds of thousands of candidates.
    this.stmtAt = p.db.prepare('SELECT id, start, "end", type, entity_id, participant_id, text_ct, decision_id FROM deid_candidates WHERE id >= ? AND id < ? AND source_kind = ? AND source_id = ? AND field = ? AND rev = ?').raw();
    // A transcript text's candidates (nearly all of them, text_ct NULL) as one string a row, split
    // in `unpack`: better-sqlite3 makes a JS value per column, and eight per candidate over half a
    // million candidates was a fifth of the first gate check after opening a project.
    this.stmtAtPacked = p.db
      .prepare(
        `SELECT id || '|' || start || '|' || "end" || '|' || type || '|' || entity_id || '|' || ifnull(participant_id, '') || '|' || ifnull(decision_id, '') || '|' || (text_ct IS NULL) FROM deid_candidates WHERE id >= ? AND id < ? AND source_kind = ? AND source_id = ? AND field = ? AND rev = ?`,
      )
      .pluck();
    this.stmtScanned = p.db.prepare('SELECT rev FROM deid_scanned WHERE source_kind = ? AND source_id = ? AND field = ?').pluck();
    // As rows.ts getDecision / getEntity, prepared once per renderer (an export looks up thousands).
    this.stmtDecision = p.db.prepare('SELECT * FROM deid_decisions WHERE id = ?');
    this.stmtEntity = p.db.prepare('SELECT id, type, register_id, participant_id, decision_id FROM deid_entities WHERE id = ?');
  }

  /**
   * For a renderer about to render most of the project (the gate's first check after opening):
   * every entity, every decision in force on an entity, and the pseudonym rows read in one query
   * each, rather than one query per entity or participant (thousands; the participant pseudonym
   * lookup has no index on participant_id). The same rows the lookups one by one would read: an
   * entity or decision not found here (a candidate's own decision) is still looked up by id.
   */
  preload(): void {
    for (const e of this.p.db.prepare('SELECT id, type, register_id, participant_id, decision_id FROM deid_entities').all() as EntityRow[]) this.entities.set(e.id, e);
    for (const d of this.p.db.prepare('SELECT d.* FROM deid_decisions d JOIN deid_entities e ON e.decision_id = d.id').all() as DecisionRow[]) this.decisions.set(d.id, d);
    // entity_id is UNIQUE: at most one row per entity, as lookupPseudonym's `get`.
    this.pseudonymRows = new Map((this.p.db.prepare('SELECT entity_id, id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE entity_id IS NOT NULL').all() as (PseudonymRow & { entity_id: string })[]).map((r) => [r.entity_id, r]));
    // The first row per participant in (category, n) order, as participantLabel's `get` reads them.
    this.participantRows = new Map();
    for (const r of this.p.db.prepare("SELECT id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE category = 'participant' ORDER BY n").all() as PseudonymRow[]) {
      if (r.participant_id !== null && !this.participantRows.has(r.participant_id)) this.participantRows.set(r.participant_id, r);
    }
  }

  /** An entity's pseudonym (null: none yet), as pseudonyms.ts `lookupPseudonym`. */
  private pseudonymOf(entityId: string): string | null {
    if (!this.pseudonymRows) return lookupPseudonym(this.p, entityId);
    const row = this.pseudonymRows.get(entityId);
    return row ? openPseudonym(this.p, row) : null;
  }

  decision(id: string | null): DecisionRow | null {
    if (!id) return null;
    // One map lookup on a hit (null is kept for a miss): this runs for every candidate rendered.
    let d = this.decisions.get(id);
    if (d === undefined) this.decisions.set(id, (d = (this.stmtDecision.get(id) as DecisionRow | undefined) ?? null));
    return d;
  }

  entity(id: string): EntityRow | null {
    let e = this.entities.get(id);
    if (e === undefined) this.entities.set(id, (e = (this.stmtEntity.get(id) as EntityRow | undefined) ?? null));
    return e;
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
    let pseudonym = this.pseudonyms.get(c.entity_id);
    if (pseudonym === undefined) this.pseudonyms.set(c.entity_id, (pseudonym = this.pseudonymOf(c.entity_id)));
    return pseudonym ?? REDACTED;
  }

  isScanned(loc: Loc): boolean {
    return this.stmtScanned.get(loc.kind, loc.id, loc.field) === loc.rev;
  }

  /** The candidates of one location state, in text order. */
  private rowsAt(loc: Loc): RenderCandidate[] {
    const [lo, hi] = candidateRange(candidateIdBase(this.p, loc.kind, loc.id, loc.field, loc.rev));
    if (loc.kind === 'transcript' && loc.field === 'text') {
      const packed = this.stmtAtPacked.all(lo, hi, loc.kind, loc.id, loc.field, loc.rev) as (string | null)[];
      const rows = new Array<RenderCandidate>(packed.length);
      let ok = true;
      for (let i = 0; i < packed.length && ok; i++) {
        const c = unpack(packed[i]!, loc);
        if (c) rows[i] = c;
        else ok = false;
      }
      if (ok) return inTextOrder(rows);
      // A row that does not split as expected (a '|' where none can be, a sealed text): read by column.
    }
    const raw = this.stmtAt.all(lo, hi, loc.kind, loc.id, loc.field, loc.rev) as [string, number, number, CandidateRow['type'], string, string | null, Uint8Array | null, string | null][];
    const rows = new Array<RenderCandidate>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!; // indexed, not destructured: destructuring walks an iterator per row
      rows[i] = { id: r[0], source_kind: loc.kind, source_id: loc.id, field: loc.field, rev: loc.rev, start: r[1], end: r[2], type: r[3], entity_id: r[4], participant_id: r[5], text_ct: r[6], decision_id: r[7] };
    }
    return inTextOrder(rows);
  }

  at(loc: Loc): LocEdits {
    const rows = this.rowsAt(loc);
    const edits: RenditionEdit[] = [];
    const candidates: LocEdits['candidates'] = [];
    let undecided = 0;
    for (const c of rows) {
      let d: DecisionRow | null;
      let replacement: string | null;
      if (c.decision_id === null) {
        // Most candidates follow their entity's decision: looked up once per entity, not per candidate.
        let hit = this.byEntity.get(c.entity_id);
        if (hit === undefined) {
          const ed = this.effective(c);
          this.byEntity.set(c.entity_id, (hit = { d: ed, replacement: this.replacement(c, ed) }));
        }
        d = hit.d;
        replacement = hit.replacement;
      } else {
        d = this.effective(c);
        replacement = this.replacement(c, d);
      }
      if (!d) undecided++;
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
      const row = this.participantRows
        ? this.participantRows.get(participantId)
        : (this.p.stmt("SELECT id, participant_id, pseudonym_ct FROM deid_pseudonyms WHERE category = 'participant' AND participant_id = ?").get(participantId) as PseudonymRow | undefined);
      label = row ? openPseudonym(this.p, row).replace(/^\[|\]$/g, '') : 'Participant';
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
    const candidates = body.candidates;
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

const byPosition = (a: RenderCandidate, b: RenderCandidate) => a.start - b.start || a.end - b.end;

/** Candidates by start, then end (ids order a location's candidates so already: keys.ts candidateIdFrom). */
const inTextOrder = (rows: RenderCandidate[]): RenderCandidate[] => inOrder(rows, byPosition);

/**
 * One packed row of a transcript text's candidate (Renderer.stmtAtPacked): id, start, end, type,
 * entity, participant ('' for none), decision ('' for none), and 1 when text_ct is NULL. Null when
 * the row is not exactly that (then the location is read column by column). Ids, entity, participant
 * and decision ids are UUIDs or derived hex ids and types are names: none is empty or holds a '|'.
 */
function unpack(row: string | null, loc: Loc): RenderCandidate | null {
  if (row === null) return null;
  // The seven separators' places (no array per row: this runs for every candidate of the project).
  const a = row.indexOf('|');
  const b = a < 0 ? -1 : row.indexOf('|', a + 1);
  const c = b < 0 ? -1 : row.indexOf('|', b + 1);
  const d = c < 0 ? -1 : row.indexOf('|', c + 1);
  const e = d < 0 ? -1 : row.indexOf('|', d + 1);
  const f = e < 0 ? -1 : row.indexOf('|', e + 1);
  const g = f < 0 ? -1 : row.indexOf('|', f + 1);
  if (g < 0 || g !== row.length - 2 || row.charCodeAt(g + 1) !== 0x31 /* '1' */) return null;
  const start = digitsAt(row, a + 1, b);
  const end = digitsAt(row, b + 1, c);
  if (start < 0 || end < 0) return null;
  return {
    id: row.slice(0, a),
    source_kind: loc.kind,
    source_id: loc.id,
    field: loc.field,
    rev: loc.rev,
    start,
    end,
    type: row.slice(c + 1, d) as CandidateRow['type'],
    entity_id: row.slice(d + 1, e),
    participant_id: f > e + 1 ? row.slice(e + 1, f) : null,
    text_ct: null,
    decision_id: g > f + 1 ? row.slice(f + 1, g) : null,
  };
}

/** The decimal integer written in row[from, to) (SQLite's text of an INTEGER >= 0), or -1 when it is not one. */
function digitsAt(row: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = row.charCodeAt(i) - 0x30;
    if (ch < 0 || ch > 9) return -1;
    n = n * 10 + ch;
  }
  return n;
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
