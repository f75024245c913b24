/**
 * The review queue: entities with their counts (from memory after the first call), one entity's
 * candidates in context, and the whole list grouped by entity (`tandai deid list`).
 */
import type { DeidCandidate, DeidEntity } from '../../../../shared/contract/channels/deid.js';
import type { EntityType } from '../../../../shared/deid/types.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { loadCodes } from '../codebook.js';
import { codeFields } from './documents.js';
import { lookupPseudonym } from './pseudonyms.js';
import { Renderer } from './render.js';
import { candidateText, candidateTexts, decisionInfo, getDecision, versionText, type CandidateRow, type TextRef } from './rows.js';
import { cachedText, session, type EntitySummary } from './session-cache.js';

type Detector = DeidEntity['detectors'][number];

const SUMMARY_SQL = `SELECT c.entity_id AS id, e.type AS type, e.register_id AS register_id, e.decision_id AS decision_id, COUNT(*) AS n,
  SUM(CASE WHEN c.decision_id IS NULL AND e.decision_id IS NULL THEN 1 ELSE 0 END) AS undecided,
  COUNT(DISTINCT c.source_kind || '|' || c.source_id) AS docs, MAX(c.confidence) AS conf, GROUP_CONCAT(DISTINCT c.detector) AS detectors,
  GROUP_CONCAT(DISTINCT c.transcript_id) AS transcripts
  FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id WHERE c.current = 1`;

interface SummaryRow {
  id: string;
  type: EntityType;
  register_id: string | null;
  decision_id: string | null;
  n: number;
  undecided: number;
  docs: number;
  conf: number;
  detectors: string;
  transcripts: string | null;
}

function toSummary(r: SummaryRow): EntitySummary {
  return {
    id: r.id,
    type: r.type,
    value: null,
    candidates: r.n,
    undecided: r.undecided,
    documents: r.docs,
    detectors: r.detectors.split(',') as Detector[],
    confidence: r.conf,
    registered: r.register_id !== null,
    decisionId: r.decision_id,
    transcripts: new Set(r.transcripts ? r.transcripts.split(',') : []),
  };
}

/**
 * Display values (each entity's longest form), decrypted only for the entities about to be shown,
 * reading each transcript version once, and kept for the session.
 */
function withValues(p: OpenProject, list: EntitySummary[]): EntitySummary[] {
  const missing = list.filter((sm) => sm.value === null);
  if (missing.length) {
    // A few candidates through the entity index, the longest of them: not a sort of thousands.
    const stmt = p.db.prepare('SELECT id, participant_id, text_ct, source_kind, rev, start, "end" FROM deid_candidates WHERE entity_id = ? AND current = 1 LIMIT 24');
    const firsts = missing.map((sm) => [sm, (stmt.all(sm.id) as TextRef[]).sort((a, b) => b.end - b.start - (a.end - a.start) || (a.id < b.id ? -1 : 1))[0]] as const);
    const texts = candidateTexts(p, firsts.flatMap(([, r]) => (r ? [r] : [])));
    for (const [sm, r] of firsts) sm.value = r ? (texts.get(r.id) ?? '') : '';
  }
  return list;
}

/**
 * Every entity's summary, numbers only, from one sequential pass over the current candidates (the
 * same figures as SUMMARY_SQL grouped by entity, without its random lookups per candidate and
 * temporary b-trees per DISTINCT: seconds on a 500-transcript project, a fraction of one here).
 */
export function buildSummaries(p: OpenProject): Map<string, EntitySummary> {
  const entities = new Map<string, { type: EntityType; register_id: string | null; decision_id: string | null }>();
  for (const [id, type, register_id, decision_id] of p.db.prepare('SELECT id, type, register_id, decision_id FROM deid_entities').raw().all() as [string, EntityType, string | null, string | null][]) {
    entities.set(id, { type, register_id, decision_id });
  }
  const out = new Map<string, EntitySummary>();
  // Distinct documents and transcripts per entity, as small numbers: rows come in id order, so a
  // location's rows are adjacent and each location is looked up once, not each row.
  const docs = new Map<string, Set<number>>();
  const tsets = new Map<string, Set<number>>();
  const docNo = new Map<string, number>();
  const transcriptNo = new Map<string, number>();
  const transcriptIds: string[] = [];
  let lastKind = '';
  let lastSource = '';
  let lastDoc = -1;
  let lastTranscript: string | null = null;
  let lastTranscriptNo = -1;
  const rows = p.db.prepare('SELECT entity_id, source_kind, source_id, confidence, detector, transcript_id, decision_id FROM deid_candidates WHERE current = 1').raw().all() as [string, string, string, number, Detector, string | null, string | null][];
  for (const [entityId, kind, sourceId, confidence, detector, transcriptId, decisionId] of rows) {
    const e = entities.get(entityId);
    if (!e) continue;
    let sm = out.get(entityId);
    if (!sm) {
      sm = { id: entityId, type: e.type, value: null, candidates: 0, undecided: 0, documents: 0, detectors: [], confidence, registered: e.register_id !== null, decisionId: e.decision_id, transcripts: new Set() };
      out.set(entityId, sm);
      docs.set(entityId, new Set());
      tsets.set(entityId, new Set());
    }
    sm.candidates++;
    if (decisionId === null && e.decision_id === null) sm.undecided++;
    if (confidence > sm.confidence) sm.confidence = confidence;
    if (!sm.detectors.includes(detector)) sm.detectors.push(detector);
    if (kind !== lastKind || sourceId !== lastSource) {
      const key = `${kind}|${sourceId}`;
      let n = docNo.get(key);
      if (n === undefined) docNo.set(key, (n = docNo.size));
      lastKind = kind;
      lastSource = sourceId;
      lastDoc = n;
    }
    docs.get(entityId)!.add(lastDoc);
    if (transcriptId !== null) {
      if (transcriptId !== lastTranscript) {
        let n = transcriptNo.get(transcriptId);
        if (n === undefined) {
          transcriptNo.set(transcriptId, (n = transcriptIds.length));
          transcriptIds.push(transcriptId);
        }
        lastTranscript = transcriptId;
        lastTranscriptNo = n;
      }
      tsets.get(entityId)!.add(lastTranscriptNo);
    }
  }
  for (const [id, sm] of out) {
    sm.documents = docs.get(id)!.size;
    for (const n of tsets.get(id)!) sm.transcripts.add(transcriptIds[n]!);
  }
  return out;
}

/** Every entity's summary, numbers only (cached; entities changed since are recomputed one by one). */
export function summaries(p: OpenProject): Map<string, EntitySummary> {
  const s = session(p);
  s.summaries ??= buildSummaries(p);
  return s.summaries;
}

/** Brings the named entities' summaries up to date (after a decision or an added candidate). */
export function refreshSummaries(p: OpenProject, entityIds: Iterable<string>): void {
  const s = session(p);
  if (!s.summaries) return;
  const stmt = p.db.prepare(`${SUMMARY_SQL} AND c.entity_id = ? GROUP BY c.entity_id`);
  for (const id of entityIds) {
    const r = stmt.get(id) as SummaryRow | undefined;
    const had = s.summaries.get(id);
    if (r) s.summaries.set(id, { ...toSummary(r), value: had?.value ?? null });
    else s.summaries.delete(id);
  }
}

function entityView(p: OpenProject, sm: EntitySummary, r: Renderer): DeidEntity {
  const d = getDecision(p, sm.decisionId);
  const pseudonym = lookupPseudonym(p, sm.id);
  const { decisionId: _d, transcripts: _t, value, ...rest } = sm;
  return { ...rest, value: value ?? '', decision: d ? decisionInfo(p, d, d.action === 'replace' ? pseudonym : r.replacement({ entity_id: sm.id } as CandidateRow, d)) : null, pseudonym };
}

export interface QueueQuery {
  status?: 'undecided' | 'decided' | 'all';
  type?: EntityType;
  transcriptId?: string;
  offset?: number;
  limit?: number;
}

function filtered(p: OpenProject, q: QueueQuery): EntitySummary[] {
  const status = q.status ?? 'undecided';
  const out: EntitySummary[] = [];
  for (const sm of summaries(p).values()) {
    if (q.type && sm.type !== q.type) continue;
    if (q.transcriptId && !sm.transcripts.has(q.transcriptId)) continue;
    if (status === 'undecided' && sm.undecided === 0) continue;
    if (status === 'decided' && sm.undecided > 0) continue;
    out.push(sm);
  }
  // Undecided first, then the most frequent: the biggest wins come first (then by type, then id, stable).
  // Ordinal comparisons: most entities tie on the counts, and a locale-aware compare of thousands of
  // ids costs more than the rest of a page.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => Number(b.undecided > 0) - Number(a.undecided > 0) || b.candidates - a.candidates || cmp(a.type, b.type) || cmp(a.id, b.id));
}

export function queue(p: OpenProject, q: QueueQuery): { total: number; entities: DeidEntity[] } {
  const all = filtered(p, q);
  const offset = q.offset ?? 0;
  const page = withValues(p, all.slice(offset, offset + (q.limit ?? 50)));
  const r = new Renderer(p);
  return { total: all.length, entities: page.map((sm) => entityView(p, sm, r)) };
}

/** The text of a location at a state (for context), or null when it is no longer that state. */
function textAt(p: OpenProject, c: CandidateRow): string | null {
  const key = `${c.source_kind}|${c.source_id}|${c.field}|${c.rev}`;
  try {
    return cachedText(p, key, () => {
      const pid = c.participant_id ?? PROJECT_KEY_ID;
      switch (c.source_kind) {
        case 'transcript': {
          const row = p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(c.rev) as { text_ct: Uint8Array } | undefined;
          if (!row) throw new TandaiError('NOT_FOUND', 'version gone');
          return p.openText('transcript_versions', c.rev, 'text', pid, row.text_ct);
        }
        case 'title':
        case 'file-name': {
          const col = c.source_kind === 'title' ? 'title' : 'source_name';
          const row = p.db.prepare(`SELECT ${col}_ct AS ct FROM transcripts WHERE id = ?`).get(c.source_id) as { ct: Uint8Array } | undefined;
          if (!row) throw new TandaiError('NOT_FOUND', 'transcript gone');
          return p.openText('transcripts', c.source_id, col, pid, row.ct);
        }
        case 'attribute': {
          const row = p.db.prepare('SELECT value_ct FROM attribute_values WHERE transcript_id = ? AND key = ?').get(c.source_id, c.field) as { value_ct: Uint8Array } | undefined;
          if (!row) throw new TandaiError('NOT_FOUND', 'attribute gone');
          const v = p.openJson<unknown>('attribute_values', `${c.source_id}/${c.field}`, 'value', pid, row.value_ct);
          return typeof v === 'string' ? v : String(v);
        }
        case 'memo': {
          const row = p.db.prepare('SELECT body_ct FROM memos WHERE id = ?').get(c.source_id) as { body_ct: Uint8Array } | undefined;
          if (!row) throw new TandaiError('NOT_FOUND', 'memo gone');
          return p.openText('memos', c.source_id, 'body', pid, row.body_ct);
        }
        case 'code': {
          const code = loadCodes(p).find((x) => x.id === c.source_id);
          const f = code ? codeFields(code).find(([k]) => k === c.field) : undefined;
          if (!f) throw new TandaiError('NOT_FOUND', 'code field gone');
          return f[1];
        }
      }
    });
  } catch (e) {
    if (e instanceof TandaiError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

export function candidateView(p: OpenProject, c: CandidateRow, r: Renderer, contextChars: number | null, known?: string, whole?: string | null): DeidCandidate {
  const d = r.effective(c);
  const text = known ?? candidateText(p, c);
  const out: DeidCandidate = {
    id: c.id,
    entityId: c.entity_id,
    location: { kind: c.source_kind, id: c.source_id, field: c.field },
    transcriptId: c.transcript_id,
    start: c.start,
    end: c.end,
    type: c.type,
    detector: c.detector as DeidCandidate['detector'],
    confidence: c.confidence,
    text,
    decision: d ? decisionInfo(p, d, r.replacement(c, d)) : null,
  };
  if (contextChars !== null) {
    const full = whole === undefined ? textAt(p, c) : whole;
    if (full !== null && full.slice(c.start, c.end) === text) {
      out.before = full.slice(Math.max(0, c.start - contextChars), c.start);
      out.after = full.slice(c.end, c.end + contextChars);
    }
  }
  return out;
}

/** One entity and a page of its candidates in context (each transcript version read once). */
export function entityDetail(p: OpenProject, id: string, contextChars = 80, offset = 0, limit = 200): { entity: DeidEntity; candidates: DeidCandidate[] } {
  const sm = summaries(p).get(id);
  if (!sm) throw new TandaiError('NOT_FOUND', `no entity ${id} in the review queue (scan first, or it was merged into another)`);
  withValues(p, [sm]);
  const r = new Renderer(p);
  const rows = p.db.prepare('SELECT * FROM deid_candidates WHERE entity_id = ? AND current = 1 ORDER BY transcript_id, source_kind, source_id, field, start LIMIT ? OFFSET ?').all(id, limit, offset) as CandidateRow[];
  const versions = new Map<string, string | null>();
  for (const c of rows) {
    if (c.source_kind !== 'transcript' || versions.has(c.rev)) continue;
    try {
      versions.set(c.rev, versionText(p, c.rev, c.participant_id));
    } catch (e) {
      if (!(e instanceof TandaiError)) throw e;
      versions.set(c.rev, null);
    }
  }
  return {
    entity: entityView(p, sm, r),
    candidates: rows.map((c) => {
      const whole = c.source_kind === 'transcript' ? (versions.get(c.rev) ?? null) : undefined;
      return candidateView(p, c, r, contextChars, whole ? whole.slice(c.start, c.end) : undefined, whole);
    }),
  };
}

export function fullList(p: OpenProject, q: { status?: 'undecided' | 'decided' | 'all'; transcriptId?: string }): { entities: (DeidEntity & { items: DeidCandidate[] })[] } {
  const ents = withValues(p, filtered(p, { status: q.status ?? 'all', transcriptId: q.transcriptId }));
  const r = new Renderer(p);
  const stmt = p.db.prepare('SELECT * FROM deid_candidates WHERE entity_id = ? AND current = 1 ORDER BY transcript_id, source_kind, source_id, field, start');
  const rows = ents.map((sm) => (stmt.all(sm.id) as CandidateRow[]).filter((c) => !q.transcriptId || c.transcript_id === q.transcriptId));
  // Every candidate's text in one pass: each transcript version is decrypted once.
  const texts = candidateTexts(p, rows.flat());
  return { entities: ents.map((sm, i) => ({ ...entityView(p, sm, r), items: rows[i]!.map((c) => candidateView(p, c, r, null, texts.get(c.id))) })) };
}
