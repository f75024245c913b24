/**
 * Scanning: every document of the project (documents.ts) through every layer (shared/deid/scan.ts),
 * with register and validated-pattern hits and every entity a person confirmed propagated to all
 * documents; plus each speaker label that is not a role word, and attribute values that are dates
 * or ages by their definition. Candidates are written per document, in batches of transactions:
 * a candidate's id is derived from its location, so a scan stopped part-way and run again writes
 * each candidate once, and each document is either at its old state or its new one.
 *
 * A rescan keeps every candidate a person decided or added; a candidate no layer finds any more and
 * nobody decided is removed, as are undecided candidates of a location's earlier states.
 */
import { readFileSync } from 'node:fs';
import type { Emit } from '../../../../shared/contract/index.js';
import type { DeidCoverage, ScanHit } from '../../../../shared/contract/channels/deid.js';
import { parseRegisterCsv } from '../../../../shared/deid/register-csv.js';
import { compileResources, mergeCandidates, scanDocuments, type CompiledResources } from '../../../../shared/deid/scan.js';
import type { Candidate, ConfirmedEntity } from '../../../../shared/deid/types.js';
import { newId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import { buildOffsetMap } from '../../../../shared/text/offset-map.js';
import { readTranscriptFile } from '../../formats/index.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { collectDocuments, type DeidDoc } from './documents.js';
import { candidatesAt } from './render.js';
import { entityFor, NamePartIndex, nameWords, normalisedValue, RegisterIndex, type EntityRef } from './entities.js';
import { candidateIdBase, candidateIdFrom, digest } from './keys.js';
import { allocateParticipantPseudonyms, resealEntity } from './pseudonyms.js';
import { loadGazetteers } from './resources.js';
import { loadRegister, registerDigest } from './register.js';
import { CONFIRMS, candidateTexts, decisionReason, decisionValue, versionText, type CandidateRow, type DecisionRow, type TextRef } from './rows.js';
import { buildSummaries } from './queue.js';
import { invalidate, session, type EntitySummary } from './session-cache.js';

/** Speaker labels that name a role, not a person (numbered or not), and bare letters with digits (I, R, P1, Q). */
const ROLE_LABEL =
  /^(?:interviewer|interviewee|respondent|participant|moderator|facilitator|researcher|interpreter|translator|speaker|enumerator|note[- ]?taker|pewawancara|narasumber|informan|responden|peserta|partisipan|fasilitator|peneliti|penerjemah|pendamping|mhojiwa|mhoji|mkalimani|tagapanayam|kinapanayam|người phỏng vấn|người trả lời|\p{L}{1,2})(?:[ \t]*\d+)?$/iu;
const AGE_ATTRIBUTE = /(^|[^a-z])(age|umur|usia|edad|umri|tuổi)([^a-z]|$)/i;

export interface ScanOptions {
  resourcesDir?: string;
  emit?: Emit;
  /** Documents per transaction at most (default 256; a transaction also ends after 60,000 candidates). */
  batchDocs?: number;
  /** Called after each committed batch with the documents done so far (tests stop a scan here). */
  afterBatch?: (done: number) => void;
  /** Candidates found from which a scan into a (nearly) empty table builds the entity index after writing (default 5,000). */
  bulkFrom?: number;
}

/** Whether a span overlaps one of `sorted` (merged candidates: by start, none overlapping, so their
 *  ends rise too): a binary search, not a pass over a transcript's candidates per speaker label. */
function overlapsAny(sorted: readonly Candidate[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.start < end;
}

/** Extra candidates the layers do not make: speaker labels, and attribute values typed as dates or ages. */
function extraCandidates(doc: DeidDoc, found: Candidate[]): Candidate[] {
  if (doc.kind === 'attribute' && doc.attribute) {
    const a = doc.attribute;
    const trimmedStart = doc.text.length - doc.text.trimStart().length;
    const trimmedEnd = doc.text.trimEnd().length;
    const whole = (type: Candidate['type']): Candidate[] => [{ start: trimmedStart, end: trimmedEnd, type, text: doc.text.slice(trimmedStart, trimmedEnd), detector: 'pattern', confidence: 0.9 }];
    if (a.type === 'date') return whole('DATE');
    if (a.type === 'number' && (AGE_ATTRIBUTE.test(a.key) || AGE_ATTRIBUTE.test(a.name))) return whole('AGE');
    return found;
  }
  if (doc.kind === 'file-name') {
    // "Sumiati interview.txt" holds no web address or handle: the link finder reads the extension as a domain.
    const ext = /\.[A-Za-z0-9]{1,5}$/.exec(doc.text)?.[0];
    return ext ? found.filter((c) => !((c.type === 'URL' || c.type === 'HANDLE') && c.end === doc.text.length && !/[/@]/.test(c.text) && c.text.endsWith(ext))) : found;
  }
  if (doc.kind !== 'transcript' || !doc.utterances) return found;
  const out = [...found];
  for (const u of doc.utterances) {
    if (u.labelStart === null || u.labelEnd === null || u.labelEnd <= u.labelStart) continue;
    const label = doc.text.slice(u.labelStart, u.labelEnd);
    if (ROLE_LABEL.test(label.trim())) continue;
    if (overlapsAny(found, u.labelStart, u.labelEnd)) continue;
    out.push({ start: u.labelStart, end: u.labelEnd, type: 'PERSON', text: label, detector: 'heuristic', confidence: 0.5 });
  }
  return out.length === found.length ? found : mergeCandidates(out, doc.text);
}

/** Entities a person confirmed (any decision but not-identifier), every form seen, and their digest. */
export function confirmedEntities(p: OpenProject, withTexts: boolean): { list: ConfirmedEntity[]; digest: string } {
  if (!withTexts) {
    // The digest alone: entities with a confirming decision of their own or on one of their candidates
    // (through the decisions, not a pass over every candidate: CROSS JOIN keeps that order, and the
    // partial index deid_candidates_decision finds each decision's candidates).
    const ids = p.db
      .prepare(
        `SELECT e.id FROM deid_entities e JOIN deid_decisions d ON d.id = e.decision_id WHERE d.action <> 'not-identifier'
         UNION SELECT c.entity_id FROM deid_decisions d CROSS JOIN deid_candidates c ON c.decision_id = d.id WHERE d.candidate_id IS NOT NULL AND d.action <> 'not-identifier'
         ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
    return { list: [], digest: digest(p, 'confirmed', ids.join(',')) };
  }
  const rows = p.db
    .prepare(
      `SELECT c.id, c.participant_id, c.text_ct, c.source_kind, c.rev, c.start, c."end", c.type, c.entity_id, COALESCE(cd.action, ed.action) AS action
       FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id
       LEFT JOIN deid_decisions cd ON cd.id = c.decision_id LEFT JOIN deid_decisions ed ON ed.id = e.decision_id
       WHERE COALESCE(cd.action, ed.action) IS NOT NULL`,
    )
    .all() as (TextRef & { type: Candidate['type']; entity_id: string; action: string })[];
  const confirmed = rows.filter((r) => CONFIRMS.has(r.action as never));
  const list: ConfirmedEntity[] = [];
  const texts = candidateTexts(p, confirmed);
  const seen = new Set<string>();
  for (const r of confirmed) {
    const text = texts.get(r.id);
    if (text === undefined) continue;
    const k = `${r.type}|${normalisedValue(r.type, text)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    list.push({ text, type: r.type });
  }
  return { list, digest: confirmedEntities(p, false).digest };
}

/** The digest a location scanned now would carry: the register and confirmed entities in force. */
export function currentScanDigest(p: OpenProject): string {
  return digest(p, 'scan', registerDigest(p), confirmedEntities(p, false).digest);
}

/** Recomputes the owner (the one participant all candidates belong to, else the project) of each entity. */
export function settleOwners(p: OpenProject, entityIds: Iterable<string>): void {
  const stmt = p.db.prepare('SELECT participant_id AS pid, COUNT(*) AS n FROM deid_candidates WHERE entity_id = ? GROUP BY participant_id');
  const owner = p.db.prepare('SELECT participant_id FROM deid_entities WHERE id = ?').pluck();
  for (const id of entityIds) {
    const groups = stmt.all(id) as { pid: string | null; n: number }[];
    if (groups.length === 0) continue;
    const next = groups.length === 1 ? groups[0]!.pid : null;
    const was = owner.get(id) as string | null | undefined;
    if (was === undefined || was === next) continue;
    resealEntity(p, id, was, next);
  }
}

/**
 * Who each entity's candidates belong to, kept in memory through a scan (read once, then updated
 * with every candidate written or removed), so owners settle per batch without counting again.
 */
class Owners {
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly owner = new Map<string, string | null>();
  constructor(private readonly p: OpenProject) {
    for (const r of p.db.prepare('SELECT entity_id, participant_id, COUNT(*) AS n FROM deid_candidates GROUP BY entity_id, participant_id').all() as { entity_id: string; participant_id: string | null; n: number }[]) {
      this.bump(r.entity_id, r.participant_id, r.n);
    }
    for (const r of p.db.prepare('SELECT id, participant_id FROM deid_entities').all() as { id: string; participant_id: string | null }[]) this.owner.set(r.id, r.participant_id);
  }
  bump(entity: string, participant: string | null, by: number): void {
    let m = this.counts.get(entity);
    if (!m) this.counts.set(entity, (m = new Map<string, number>()));
    const k = participant ?? '';
    const n = (m.get(k) ?? 0) + by;
    if (n <= 0) m.delete(k);
    else m.set(k, n);
  }
  created(entity: string, participant: string | null): void {
    if (!this.owner.has(entity)) this.owner.set(entity, participant);
  }
  /** Re-seals entities whose owner changed; returns those left without candidates. */
  settle(entities: Iterable<string>): string[] {
    const empty: string[] = [];
    for (const id of entities) {
      const m = this.counts.get(id);
      if (!m || m.size === 0) {
        empty.push(id);
        continue;
      }
      const only = m.size === 1 ? [...m.keys()][0]! : null;
      const next = only === null || only === '' ? null : only;
      const was = this.owner.get(id);
      if (was === undefined || was === next) continue;
      resealEntity(this.p, id, was, next);
      this.owner.set(id, next);
    }
    return empty;
  }
  /** Candidates counted (every state, every entity). */
  total(): number {
    let n = 0;
    for (const m of this.counts.values()) for (const k of m.values()) n += k;
    return n;
  }
  forget(entity: string): void {
    this.counts.delete(entity);
    this.owner.delete(entity);
  }
}

/** Page cache while a scan writes (KiB, negative as SQLite takes it): the candidate table and its
 *  entity index grow by hundreds of MB on a large project, written at scattered places. */
const SCAN_CACHE_KIB = 65_536;

/** The candidates' entity index, as migration 4 creates it (built again here after a bulk scan). */
const ENTITY_INDEX = 'deid_candidates_entity';
const ENTITY_INDEX_SQL = 'CREATE INDEX deid_candidates_entity ON deid_candidates(entity_id, current)';

/**
 * Builds the entity index when it is missing: after a scan that wrote without it, or at the next
 * scan when one that had dropped it was killed before building it again (until then statements on
 * candidates still work, by scanning the table).
 */
function ensureEntityIndex(p: OpenProject): void {
  if (p.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(ENTITY_INDEX)) return;
  // CREATE INDEX sorts; SQLite may sort with a helper thread when allowed (off by default).
  const threads = p.db.pragma('threads', { simple: true }) as number;
  p.db.pragma('threads = 2');
  try {
    p.db.exec(ENTITY_INDEX_SQL);
  } finally {
    p.db.pragma(`threads = ${threads}`);
  }
}

export function scanProject(p: OpenProject, options: ScanOptions = {}) {
  const before = p.db.pragma('cache_size', { simple: true }) as number;
  p.db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
  try {
    ensureEntityIndex(p);
    return scanAll(p, options);
  } catch (e) {
    // Batches committed before the failure changed the candidates: the queue reads them afresh.
    invalidate(p);
    throw e;
  } finally {
    try {
      ensureEntityIndex(p);
    } finally {
      p.db.pragma(`cache_size = ${before}`);
    }
  }
}

function scanAll(p: OpenProject, options: ScanOptions) {
  const t0 = performance.now();
  const emit = options.emit ?? (() => {});
  const gaz = loadGazetteers(options.resourcesDir);
  const regRows = loadRegister(p);
  const regIndex = new RegisterIndex(regRows);
  const resources: CompiledResources = { gazetteer: gaz.compiled.gazetteer, register: regRows.length ? compileResources({ register: regRows.map((r) => r.entry) }).register : undefined };
  const conf = confirmedEntities(p, true);
  const regDigest = registerDigest(p);
  const scanDigest = digest(p, 'scan', regDigest, conf.digest);
  const scanId: string = newId();
  const startedAt = new Date().toISOString();
  p.tx(() => {
    p.db.prepare('INSERT INTO deid_scans (id, started_at, finished_at, by_id, register_digest, confirmed_digest, summary_ct) VALUES (?, ?, NULL, ?, ?, ?, NULL)').run(scanId, startedAt, p.actorId, regDigest, conf.digest);
  });

  const { docs } = collectDocuments(p);
  emit('progress', { task: 'deid.scan', done: 0, total: docs.length, item: 'detecting' });
  const found = scanDocuments(
    docs.map((d, i) => ({ id: String(i), text: d.text, language: d.language, country: d.country })),
    { resources, confirmed: conf.list },
  );

  // One entity per distinct (type, text) in this scan: keyed once, not per occurrence. Maps per
  // type, keyed by the text itself: no "type|text" string built and hashed per candidate.
  const perType = <T>(m: Map<Candidate['type'], Map<string, T>>, type: Candidate['type']): Map<string, T> => {
    let byText = m.get(type);
    if (!byText) m.set(type, (byText = new Map()));
    return byText;
  };
  const entities = new Map<Candidate['type'], Map<string, EntityRef>>();
  const keyed = (type: Candidate['type'], text: string): EntityRef => {
    const byText = perType(entities, type);
    let e = byText.get(text);
    if (!e) {
      e = entityFor(p, regIndex, type, text);
      byText.set(text, e);
    }
    return e;
  };
  // One person, one entity: parts of a full name seen in this scan (or confirmed) join it.
  const names = new NamePartIndex();
  for (const c of conf.list) if (c.type === 'PERSON') names.add(keyed(c.type, c.text), c.text);
  for (const cands of Object.values(found)) for (const c of cands) if (c.type === 'PERSON' && nameWords(c.text).length > 1) names.add(keyed(c.type, c.text), c.text);
  const decidedEntity = p.db.prepare('SELECT decision_id FROM deid_entities WHERE id = ?').pluck();
  const resolved = new Map<Candidate['type'], Map<string, EntityRef>>();
  const entityOf = (type: Candidate['type'], text: string): EntityRef => {
    const byText = perType(resolved, type);
    let r = byText.get(text);
    if (r) return r;
    const own = keyed(type, text);
    r = own;
    if (!own.registerId && type === 'PERSON' && nameWords(text).length === 1) {
      const whole = names.whole(text);
      // A part decided on its own keeps its own entity.
      if (whole && whole.id !== own.id && !decidedEntity.get(own.id)) r = whole;
    }
    byText.set(text, r);
    return r;
  };

  const owners = new Owners(p);
  // A first scan of a large project writes hundreds of thousands of candidates: each costs a random
  // insertion into the entity index (about half the cost of writing it), while building the index
  // once afterwards sorts them in one pass. So when the candidates found are at least twice those
  // already there, the index goes for the batches (committed each: a stopped scan builds it again
  // on its way out, or the next scan does) and comes back before the scan's last transaction.
  // The batches look candidates up by entity only when an entity is left without any (its cascade
  // then scans the table, rare in a first scan): owners are counted in memory.
  const foundCount = Object.values(found).reduce((n, cands) => n + cands.length, 0);
  if (foundCount >= (options.bulkFrom ?? 5_000) && foundCount >= 2 * owners.total()) p.db.exec(`DROP INDEX IF EXISTS ${ENTITY_INDEX}`);
  const inRange = p.db.prepare('SELECT * FROM deid_candidates WHERE id >= ? AND id < ?');
  const statesOf = p.db.prepare('SELECT rev FROM deid_states WHERE source_kind = ? AND source_id = ? AND field = ? AND rev <> ?').pluck();
  const addState = p.db.prepare('INSERT OR IGNORE INTO deid_states (source_kind, source_id, field, rev, participant_id) VALUES (?, ?, ?, ?, ?)');
  const dropState = p.db.prepare('DELETE FROM deid_states WHERE source_kind = ? AND source_id = ? AND field = ? AND rev = ?');
  const byId = p.db.prepare('SELECT id, decision_id FROM deid_candidates WHERE id = ?');
  const insertDecision = p.db.prepare('INSERT INTO deid_decisions (id, seq, candidate_id, entity_id, participant_id, action, value_ct, reason_ct, decided_by, decided_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
  const setDecision = p.db.prepare('UPDATE deid_candidates SET decision_id = ? WHERE id = ?');
  let seq = ((p.db.prepare('SELECT MAX(seq) AS m FROM deid_decisions').get() as { m: number | null }).m ?? 0) + 1;
  let carried = 0;

  /**
   * A transcript corrected since: what a person decided or added on its earlier version moves to the
   * new one through the offset map between them (DESIGN principle 5), when its words are still there
   * unchanged; the decision is copied as a new row naming who decided it and when.
   */
  const carry = (doc: DeidDoc, o: CandidateRow, base: string, maps: Map<string, { old: string; map: ReturnType<typeof buildOffsetMap> }>, now: string, fresh: unknown[][]) => {
    let m = maps.get(o.rev);
    if (!m) {
      const old = versionText(p, o.rev, o.participant_id);
      m = { old, map: buildOffsetMap(old, doc.text) };
      maps.set(o.rev, m);
    }
    const words = m.old.slice(o.start, o.end);
    const r = m.map.mapRange(o.start, o.end, 'shrink');
    if (r.collapsed || doc.text.slice(r.start, r.end) !== words) return;
    const id = candidateIdFrom(base, r.start, r.end);
    const here = byId.get(id) as { id: string; decision_id: string | null } | undefined;
    const queued = fresh.some((row) => row[0] === id);
    if (!here && !queued) {
      fresh.push([id, doc.kind, doc.id, doc.field, doc.rev, r.start, r.end, o.type, o.detector, o.confidence, o.entity_id, doc.participantId, doc.transcriptId, null, scanId, now]);
      owners.bump(o.entity_id, doc.participantId, 1);
      added++;
    }
    if (!o.decision_id || here?.decision_id) return;
    const d = p.db.prepare('SELECT * FROM deid_decisions WHERE id = ?').get(o.decision_id) as DecisionRow;
    const keyId = doc.participantId ?? PROJECT_KEY_ID;
    const newId_: string = newId();
    const value = decisionValue(p, d);
    const reason = decisionReason(p, d);
    pendingDecisions.push(() => {
      insertDecision.run(newId_, seq++, id, doc.participantId, d.action, value === null ? null : p.sealText('deid_decisions', newId_, 'value', keyId, value), reason === null ? null : p.sealText('deid_decisions', newId_, 'reason', keyId, reason), d.decided_by, d.decided_at);
      setDecision.run(newId_, id);
      p.audit('deid.carry', id, { from: o.id, decision: d.id, action: d.action }, keyId);
    });
    carried++;
  };
  const pendingDecisions: (() => void)[] = [];
  const insertEntity = p.db.prepare('INSERT OR IGNORE INTO deid_entities (id, type, register_id, participant_id, decision_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)');
  const setRegister = p.db.prepare('UPDATE deid_entities SET register_id = ? WHERE id = ? AND register_id IS NULL');
  // Many rows per INSERT: the per-statement cost, not SQLite, dominates inserting small rows.
  const ROWS = 64;
  const insertSql = (n: number) =>
    `INSERT INTO deid_candidates (id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct, scan_id, created_at) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const insertMany = p.db.prepare(insertSql(ROWS));
  const insertOne = p.db.prepare(insertSql(1));
  const insertRows = (rows: unknown[][]) => {
    let i = 0;
    for (; i + ROWS <= rows.length; i += ROWS) insertMany.run(rows.slice(i, i + ROWS).flat());
    for (; i < rows.length; i++) insertOne.run(rows[i]!);
  };
  // A transcript's spans (no sealed text: numbers, ids and labels only) in one statement: SQLite
  // reads them from one JSON array, instead of binding sixteen values per row from JavaScript.
  const insertSpans = p.db.prepare(
    `INSERT INTO deid_candidates (id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct, scan_id, created_at)
     SELECT j.value ->> 0, @kind, @source, @field, @rev, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, @participant, @transcript, NULL, @scan, @now
     FROM json_each(@rows) AS j`,
  );
  const insertFresh = (doc: DeidDoc, rows: unknown[][]) => {
    if (rows.length < ROWS || rows.some((r) => r[13] !== null)) return insertRows(rows);
    insertSpans.run({
      kind: doc.kind, source: doc.id, field: doc.field, rev: doc.rev, participant: doc.participantId, transcript: doc.transcriptId, scan: scanId, now: rows[0]![15],
      rows: JSON.stringify(rows.map((r) => [r[0], r[5], r[6], r[7], r[8], r[9], r[10]])),
    });
  };
  const updateCandidate = p.db.prepare('UPDATE deid_candidates SET type = ?, detector = ?, confidence = ?, entity_id = ?, scan_id = ?, current = 1 WHERE id = ?');
  const deleteCandidate = p.db.prepare('DELETE FROM deid_candidates WHERE id = ?');
  const retire = p.db.prepare('UPDATE deid_candidates SET current = 0 WHERE id = ?');
  const deleteEntity = p.db.prepare('DELETE FROM deid_entities WHERE id = ?');
  const markScanned = p.db.prepare(
    'INSERT INTO deid_scanned (source_kind, source_id, field, rev, digest, scan_id, participant_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source_kind, source_id, field) DO UPDATE SET rev = excluded.rev, digest = excluded.digest, scan_id = excluded.scan_id, participant_id = excluded.participant_id',
  );
  const entityDecisions = new Map<string, string | null>();
  const entityDecided = (id: string) => {
    if (!entityDecisions.has(id)) entityDecisions.set(id, (decidedEntity.get(id) as string | null | undefined) ?? null);
    return entityDecisions.get(id) !== null;
  };

  let added = 0;
  let removed = 0;
  /** Entities known to exist (inserted or found) in this scan. */
  const ensured = new Set<string>();
  const bySource: Record<string, number> = {};
  const writeDoc = (doc: DeidDoc, cands: Candidate[], now: string, touched: Set<string>) => {
    const existing = new Map(candidatesAt(p, inRange, doc).map((e) => [e.id, e]));
    if (cands.length || existing.size) addState.run(doc.kind, doc.id, doc.field, doc.rev, doc.participantId);
    const keep = new Set<string>();
    const keyId = doc.participantId ?? PROJECT_KEY_ID;
    const base = candidateIdBase(p, doc.kind, doc.id, doc.field, doc.rev);
    const fresh: unknown[][] = [];
    for (const c of cands) {
      const ent = entityOf(c.type, c.text);
      if (!ensured.has(ent.id)) {
        if (insertEntity.run(ent.id, ent.type, ent.registerId, doc.participantId, now).changes) owners.created(ent.id, doc.participantId);
        if (ent.registerId) setRegister.run(ent.registerId, ent.id);
        ensured.add(ent.id);
      }
      touched.add(ent.id);
      const id = candidateIdFrom(base, c.start, c.end);
      // Only a location scanned before has candidates to keep or drop.
      if (existing.size) keep.add(id);
      const had = existing.size ? existing.get(id) : undefined;
      if (had) {
        const same = had.type === c.type && had.detector === c.detector && had.confidence === c.confidence && had.entity_id === ent.id && had.current === 1;
        if (had.detector !== 'manual' && !same) updateCandidate.run(c.type, c.detector, c.confidence, ent.id, scanId, id);
        if (had.entity_id !== ent.id && had.detector !== 'manual') {
          owners.bump(had.entity_id, had.participant_id, -1);
          owners.bump(ent.id, doc.participantId, 1);
          touched.add(had.entity_id);
        }
      } else {
        // Transcript text is sealed in its version already: the span is enough to read it back.
        const textCt = doc.kind === 'transcript' ? null : p.sealText('deid_candidates', id, 'text', keyId, c.text);
        fresh.push([id, doc.kind, doc.id, doc.field, doc.rev, c.start, c.end, c.type, c.detector, c.confidence, ent.id, doc.participantId, doc.transcriptId, textCt, scanId, now]);
        owners.bump(ent.id, doc.participantId, 1);
        added++;
      }
      bySource[doc.kind] = (bySource[doc.kind] ?? 0) + 1;
    }
    insertFresh(doc, fresh);
    for (const e of existing.values()) {
      if (keep.has(e.id)) continue;
      if (e.decision_id !== null || e.detector === 'manual' || entityDecided(e.entity_id)) {
        bySource[doc.kind] = (bySource[doc.kind] ?? 0) + 1;
        continue;
      }
      deleteCandidate.run(e.id);
      owners.bump(e.entity_id, e.participant_id, -1);
      touched.add(e.entity_id);
      removed++;
    }
    // Earlier states of the location: undecided candidates go; what a person decided or added moves
    // to the new state when its words are still there, and stays behind as history.
    const maps = new Map<string, { old: string; map: ReturnType<typeof buildOffsetMap> }>();
    const later: unknown[][] = [];
    for (const rev of statesOf.all(doc.kind, doc.id, doc.field, doc.rev) as string[]) {
      let kept = 0;
      for (const o of candidatesAt(p, inRange, { kind: doc.kind, id: doc.id, field: doc.field, rev })) {
        if (o.decision_id === null && o.detector !== 'manual') {
          deleteCandidate.run(o.id);
          owners.bump(o.entity_id, o.participant_id, -1);
          touched.add(o.entity_id);
          removed++;
          continue;
        }
        kept++;
        if (o.current === 1 && doc.kind === 'transcript') carry(doc, o, base, maps, now, later);
        if (o.current === 1) retire.run(o.id);
      }
      if (kept === 0) dropState.run(doc.kind, doc.id, doc.field, rev);
    }
    insertRows(later);
    for (const run of pendingDecisions.splice(0)) run();
    markScanned.run(doc.kind, doc.id, doc.field, doc.rev, scanDigest, scanId, doc.participantId);
  };

  // Few, large transactions: every transaction writes again the pages of the entity index it
  // touched (scattered over the whole index), so many small ones cost far more than the rows.
  // A stopped scan resumes from the last committed one (candidate ids are deterministic).
  const batch = Math.max(1, options.batchDocs ?? 256);
  const BATCH_CANDIDATES = 60_000;
  for (let i = 0; i < docs.length; ) {
    const header = p.header;
    const from = i;
    try {
      p.tx(() => {
        const now = new Date().toISOString();
        const touched = new Set<string>();
        let written = 0;
        for (; i < docs.length && i - from < batch && written < BATCH_CANDIDATES; i++) {
          const cands = extraCandidates(docs[i]!, found[String(i)] ?? []);
          writeDoc(docs[i]!, cands, now, touched);
          written += cands.length;
          if ((i + 1) % 32 === 0) emit('progress', { task: 'deid.scan', done: i + 1, total: docs.length });
        }
        // Owners settle in the same transaction: a withdrawal must never take another participant's candidates with an entity.
        for (const id of owners.settle(touched)) {
          deleteEntity.run(id);
          owners.forget(id);
          ensured.delete(id);
        }
      });
    } catch (e) {
      p.header = header;
      throw e;
    }
    emit('progress', { task: 'deid.scan', done: i, total: docs.length });
    options.afterBatch?.(i);
  }

  ensureEntityIndex(p);

  const coverage: DeidCoverage = {
    transcripts: docs.filter((d) => d.kind === 'transcript').length,
    speakerLabels: docs.reduce((n, d) => n + (d.utterances?.filter((u) => u.labelStart !== null).length ?? 0), 0),
    titles: docs.filter((d) => d.kind === 'title').length,
    fileNames: docs.filter((d) => d.kind === 'file-name').length,
    utteranceMetadata: docs.reduce((n, d) => n + (d.utterances?.length ?? 0), 0),
    attributeValues: docs.filter((d) => d.kind === 'attribute').length,
    memos: docs.filter((d) => d.kind === 'memo').length,
    codeNames: docs.filter((d) => d.kind === 'code' && d.field === 'name').length,
    codeFields: docs.filter((d) => d.kind === 'code' && d.field !== 'name').length,
    candidatesBySource: bySource,
  };
  const summary = {
    scanId,
    documents: docs.length,
    candidates: 0,
    added,
    removed,
    entities: 0,
    undecided: 0,
    ms: 0,
    coverage,
  };
  let queueSummaries: Map<string, EntitySummary> | null = null;
  const header = p.header;
  try {
    p.tx(() => {
      // Locations that no longer exist (a deleted memo or code, a cleared attribute, a removed
      // example): their candidates, decisions included, describe nothing any more.
      const live = new Set(docs.map((d) => `${d.kind}|${d.id}|${d.field}`));
      const touched = new Set<string>();
      for (const st of p.db.prepare('SELECT source_kind AS kind, source_id AS id, field, rev FROM deid_states').all() as { kind: DeidDoc['kind']; id: string; field: string; rev: string }[]) {
        if (live.has(`${st.kind}|${st.id}|${st.field}`)) continue;
        for (const c of candidatesAt(p, inRange, st)) {
          deleteCandidate.run(c.id);
          owners.bump(c.entity_id, c.participant_id, -1);
          touched.add(c.entity_id);
          removed++;
        }
        dropState.run(st.kind, st.id, st.field, st.rev);
      }
      for (const sc of p.db.prepare('SELECT source_kind, source_id, field FROM deid_scanned').all() as { source_kind: string; source_id: string; field: string }[]) {
        if (!live.has(`${sc.source_kind}|${sc.source_id}|${sc.field}`)) p.db.prepare('DELETE FROM deid_scanned WHERE source_kind = ? AND source_id = ? AND field = ?').run(sc.source_kind, sc.source_id, sc.field);
      }
      for (const id of owners.settle(touched)) deleteEntity.run(id);
      allocateParticipantPseudonyms(p);
      // Ready to review: the queue's numbers, from one pass over the candidates now current, give
      // the scan's totals too (no separate counting queries).
      queueSummaries = buildSummaries(p);
      for (const sm of queueSummaries.values()) {
        summary.candidates += sm.candidates;
        summary.undecided += sm.undecided;
      }
      summary.removed = removed;
      summary.entities = (p.db.prepare('SELECT COUNT(*) AS n FROM deid_entities').get() as { n: number }).n;
      p.db.prepare('UPDATE deid_scans SET finished_at = ?, summary_ct = ? WHERE id = ?').run(new Date().toISOString(), p.sealJson('deid_scans', scanId, 'summary', PROJECT_KEY_ID, { ...summary, coverage }), scanId);
      p.audit('deid.scan', scanId, { documents: summary.documents, candidates: summary.candidates, added, removed, carried, entities: summary.entities, undecided: summary.undecided });
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  invalidate(p);
  session(p).summaries = queueSummaries;
  return { ...summary, ms: performance.now() - t0 };
}

/** The last complete scan's coverage, or null. */
export function lastCoverage(p: OpenProject): DeidCoverage | null {
  const row = p.db.prepare('SELECT id, summary_ct FROM deid_scans WHERE finished_at IS NOT NULL ORDER BY finished_at DESC, id LIMIT 1').get() as { id: string; summary_ct: Uint8Array } | undefined;
  return row ? p.openJson<{ coverage: DeidCoverage }>('deid_scans', row.id, 'summary', PROJECT_KEY_ID, row.summary_ct).coverage : null;
}

// ---------------------------------------------------------------------------------------------
// Files, without a project (`tandai deid scan FILE…`)

export async function scanFiles(input: { paths: string[]; register?: string; language?: string; country?: string }, resourcesDir?: string) {
  let register: ReturnType<typeof parseRegisterCsv> | null = null;
  if (input.register) {
    let text: string;
    const name = input.register.replace(/^.*[/\\]/, '');
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(input.register));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TandaiError(code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_INPUT', code ? `${name}: cannot be read (${code})` : `${name}: not UTF-8 text (save the register as CSV UTF-8)`);
    }
    register = parseRegisterCsv(text, name);
    // A malformed file is bad input, not a wrong argument: CORRUPT_FILE (the CLI exits 1, naming the line).
    if (!register.ok) throw new TandaiError('CORRUPT_FILE', register.error.message);
  }
  const gaz = loadGazetteers(resourcesDir);
  const resources: CompiledResources = { gazetteer: gaz.compiled.gazetteer, register: register?.ok && register.value.length ? compileResources({ register: register.value }).register : undefined };
  const texts: { path: string; text: string | null; error: { code: string; message: string } | null }[] = [];
  for (const path of input.paths) {
    let bytes: Uint8Array;
    const name = path.replace(/^.*[/\\]/, '');
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      texts.push({ path, text: null, error: { code: code === 'ENOENT' ? 'NOT_FOUND' : 'IO', message: `${name}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'I/O error'})`}` } });
      continue;
    }
    const r = await readTranscriptFile(bytes, name);
    texts.push(r.ok ? { path, text: r.value.text, error: null } : { path, text: null, error: r.error });
  }
  const ok = texts.filter((t) => t.text !== null);
  const found = scanDocuments(
    ok.map((t, i) => ({ id: String(i), text: t.text!, language: input.language, country: input.country })),
    { resources },
  );
  const byPath = new Map(ok.map((t, i) => [t, found[String(i)] ?? []]));
  return {
    files: texts.map((t) => ({
      path: t.path,
      candidates: (byPath.get(t) ?? []).map((c): ScanHit => ({ start: c.start, end: c.end, type: c.type, text: c.text, detector: c.detector, confidence: c.confidence })),
      error: t.error,
    })),
  };
}
