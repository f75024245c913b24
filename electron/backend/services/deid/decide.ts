/**
 * Decisions: replace (the entity's consistent pseudonym), generalise (a coarser value), redact,
 * keep (a reason is required) or not an identifier — for one candidate or a whole entity. Every
 * decision is a new row (the history stays) stamped with who and when, sealed with its reason,
 * and audited in the same transaction. A person may also add an identifier the scan missed, by
 * its range.
 */
import type { DeidAction, DeidCandidate, DeidDecisionInfo, DeidLocation } from '../../../../shared/contract/channels/deid.js';
import { foldKey } from '../../../../shared/deid/normalise.js';
import { generalise } from '../../../../shared/deid/transforms.js';
import type { EntityType } from '../../../../shared/deid/types.js';
import { newId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { documentAt, type DeidDoc } from './documents.js';
import { entityFor, RegisterIndex } from './entities.js';
import { candidateId } from './keys.js';
import { entityPseudonym, setEntityPseudonym } from './pseudonyms.js';
import { candidateView, refreshSummaries } from './queue.js';
import { loadRegister } from './register.js';
import { candidatesAt, Renderer } from './render.js';
import { loadGazetteers, type Gazetteers } from './resources.js';
import { candidateText, decisionInfo, getCandidate, getDecision, getEntity, type CandidateRow, type EntityRow } from './rows.js';
import { settleOwners } from './scan.js';

export interface DecideInput {
  candidateId?: string;
  entityId?: string;
  action: DeidAction;
  reason?: string;
  value?: string;
  dateLevel?: 'month' | 'year';
}

function requireActor(p: OpenProject): string {
  if (!p.actorId) throw new TandaiError('IDENTITY_LOCKED', 'de-identification decisions record who made them: open the project with your identity unlocked');
  return p.actorId;
}

/** The words before a candidate (administrative words such as "Desa" say what kind of place it is). */
function contextBefore(p: OpenProject, c: CandidateRow | null): string {
  if (!c || c.source_kind !== 'transcript') return '';
  const row = p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(c.rev) as { text_ct: Uint8Array } | undefined;
  if (!row) return '';
  return p.openText('transcript_versions', c.rev, 'text', c.participant_id ?? PROJECT_KEY_ID, row.text_ct).slice(Math.max(0, c.start - 30), c.start);
}

function languageOf(p: OpenProject, transcriptId: string | null): string | undefined {
  if (!transcriptId) return undefined;
  const row = p.db.prepare("SELECT a.value_ct, t.participant_id FROM attribute_values a JOIN transcripts t ON t.id = a.transcript_id WHERE a.transcript_id = ? AND a.key = 'language'").get(transcriptId) as { value_ct: Uint8Array; participant_id: string } | undefined;
  if (!row) return undefined;
  const v = p.openJson<unknown>('attribute_values', `${transcriptId}/language`, 'value', row.participant_id, row.value_ct);
  return typeof v === 'string' ? v : undefined;
}

interface Target {
  cand: CandidateRow;
  entity: EntityRow;
  text: string;
  type: EntityType;
}

/** The candidate or entity a decision is about, with the text and type it is judged by. */
function target(p: OpenProject, input: { candidateId?: string; entityId?: string }): Target {
  if ((input.candidateId === undefined) === (input.entityId === undefined)) throw new TandaiError('INVALID_INPUT', 'name exactly one of a candidate or an entity');
  let cand: CandidateRow | null;
  let entity: EntityRow | null;
  if (input.candidateId) {
    cand = getCandidate(p, input.candidateId);
    if (!cand) throw new TandaiError('NOT_FOUND', `no candidate ${input.candidateId}`);
    entity = getEntity(p, cand.entity_id);
  } else {
    entity = getEntity(p, input.entityId!);
    if (!entity) throw new TandaiError('NOT_FOUND', `no entity ${input.entityId}`);
    cand = p.db.prepare('SELECT * FROM deid_candidates WHERE entity_id = ? ORDER BY current DESC, id LIMIT 1').get(entity.id) as CandidateRow | null;
  }
  if (!entity || !cand) throw new TandaiError('NOT_FOUND', 'the entity has no candidates left (scan again)');
  return { cand, entity, text: candidateText(p, cand), type: (input.candidateId ? cand.type : entity.type) as EntityType };
}

/** The coarser value generalise uses when the person gives none (null: no automatic value for this kind). */
function automaticValue(p: OpenProject, t: Target, gaz: Gazetteers | null, dateLevel?: 'month' | 'year'): string | null {
  const language = languageOf(p, t.cand.transcript_id);
  const register = t.entity.register_id ? (new RegisterIndex(loadRegister(p)).byId.get(t.entity.register_id) ?? null) : null;
  return generalise(t.type, t.text, {
    language,
    dateLevel,
    place: { level: gaz?.levels.get(foldKey(t.text.trim())) ?? null, context: `${contextBefore(p, t.cand)} ${register?.entry.note ?? ''}` },
  });
}

/**
 * The values generalise offers for a candidate or entity, most specific first (a date: month and
 * year, or year alone), for a person to choose from or replace with their own.
 */
export function generaliseOptions(p: OpenProject, input: { candidateId?: string; entityId?: string }, resourcesDir?: string): { text: string; type: EntityType; options: string[] } {
  const t = target(p, input);
  const gaz = loadGazetteers(resourcesDir);
  const levels: ('month' | 'year' | undefined)[] = t.type === 'DATE' ? ['month', 'year'] : [undefined];
  const options = [...new Set(levels.map((l) => automaticValue(p, t, gaz, l)).filter((v): v is string => !!v))];
  return { text: t.text, type: t.type, options };
}

export function decide(p: OpenProject, input: DecideInput, resourcesDir?: string): { decision: DeidDecisionInfo; candidates: number; replacement: string | null } {
  const actor = requireActor(p);
  if ((input.candidateId === undefined) === (input.entityId === undefined)) throw new TandaiError('INVALID_INPUT', 'name exactly one of a candidate or an entity');
  const reason = input.reason?.trim() || null;
  if (input.action === 'keep' && !reason) throw new TandaiError('INVALID_INPUT', 'keeping an identifier needs a reason (why it may stay as written)');
  if (input.value !== undefined && input.action !== 'generalise' && input.action !== 'replace') throw new TandaiError('INVALID_INPUT', `a value applies to replace (your own pseudonym) or generalise, not to ${input.action}`);

  const { cand, entity, text, type } = target(p, input);
  const gaz = input.action === 'generalise' || input.action === 'replace' ? loadGazetteers(resourcesDir) : null;

  let value: string | null = null;
  if (input.action === 'generalise') {
    value = input.value ?? automaticValue(p, { cand, entity, text, type }, gaz, input.dateLevel);
    if (!value) throw new TandaiError('INVALID_INPUT', `this ${type.toLowerCase().replace('_', ' ')} cannot be generalised automatically: give the value to use (--value)`);
  }

  const scope = input.candidateId ? 'candidate' : 'entity';
  const keyId = (scope === 'candidate' ? cand.participant_id : entity.participant_id) ?? PROJECT_KEY_ID;
  const owner = keyId === PROJECT_KEY_ID ? null : keyId;
  const id: string = newId();
  const at = new Date().toISOString();
  const header = p.header;
  let affected = 0;
  try {
    p.tx(() => {
      if (input.action === 'replace') {
        if (input.value && scope === 'entity') setEntityPseudonym(p, { id: entity.id, participantId: entity.participant_id }, text, input.value);
        const register = entity.register_id ? (new RegisterIndex(loadRegister(p)).byId.get(entity.register_id) ?? null) : null;
        // Given out now (inside this transaction), so the pseudonym is the entity's from here on.
        entityPseudonym(p, { id: entity.id, type: entity.type, participantId: entity.participant_id }, text, register, gaz);
        if (scope === 'candidate' && input.value) value = input.value;
      }
      const seq = ((p.db.prepare('SELECT MAX(seq) AS m FROM deid_decisions').get() as { m: number | null }).m ?? 0) + 1;
      p.db
        .prepare('INSERT INTO deid_decisions (id, seq, candidate_id, entity_id, participant_id, action, value_ct, reason_ct, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          id,
          seq,
          scope === 'candidate' ? cand.id : null,
          scope === 'entity' ? entity.id : null,
          owner,
          input.action,
          value === null ? null : p.sealText('deid_decisions', id, 'value', keyId, value),
          reason === null ? null : p.sealText('deid_decisions', id, 'reason', keyId, reason),
          actor,
          at,
        );
      if (scope === 'candidate') {
        p.db.prepare('UPDATE deid_candidates SET decision_id = ? WHERE id = ?').run(id, cand.id);
        affected = 1;
      } else {
        p.db.prepare('UPDATE deid_entities SET decision_id = ? WHERE id = ?').run(id, entity.id);
        affected = (p.db.prepare('SELECT COUNT(*) AS n FROM deid_candidates WHERE entity_id = ? AND current = 1 AND decision_id IS NULL').get(entity.id) as { n: number }).n;
      }
      p.audit('deid.decide', scope === 'candidate' ? cand.id : entity.id, { scope, action: input.action, type, candidates: affected, reasonGiven: reason !== null }, keyId);
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  refreshSummaries(p, [entity.id]);
  const row = getDecision(p, id)!;
  const r = new Renderer(p);
  return { decision: decisionInfo(p, row, r.replacement(cand, row)), candidates: affected, replacement: r.replacement(cand, row) };
}

/**
 * Marks a range of a location's current state as an identifier found by a person (inside the
 * caller's transaction): its entity, the candidate (or the scan's candidate at that range, now
 * counted as a person's), and the location's earlier states set aside. Used by "add a missed
 * identifier" and by merge for decisions a teammate made on one occurrence.
 */
export function insertManualCandidate(p: OpenProject, reg: RegisterIndex, doc: DeidDoc, start: number, end: number, type: EntityType): { id: string; entityId: string } {
  const text = doc.text.slice(start, end);
  const ent = entityFor(p, reg, type, text);
  const id = candidateId(p, doc.kind, doc.id, doc.field, doc.rev, start, end);
  const keyId = doc.participantId ?? PROJECT_KEY_ID;
  const now = new Date().toISOString();
  p.db.prepare('INSERT OR IGNORE INTO deid_entities (id, type, register_id, participant_id, decision_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)').run(ent.id, ent.type, ent.registerId, doc.participantId, now);
  const had = getCandidate(p, id);
  if (had) {
    p.db.prepare("UPDATE deid_candidates SET detector = 'manual', confidence = 1, type = ?, entity_id = ?, current = 1 WHERE id = ?").run(type, ent.id, id);
  } else {
    p.db
      .prepare(
        'INSERT INTO deid_candidates (id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct, decision_id, scan_id, created_at, current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, 1)',
      )
      .run(id, doc.kind, doc.id, doc.field, doc.rev, start, end, type, 'manual', 1, ent.id, doc.participantId, doc.transcriptId, doc.kind === 'transcript' ? null : p.sealText('deid_candidates', id, 'text', keyId, text), now);
  }
  // Candidates of the location's earlier states no longer describe it.
  p.db.prepare('INSERT OR IGNORE INTO deid_states (source_kind, source_id, field, rev, participant_id) VALUES (?, ?, ?, ?, ?)').run(doc.kind, doc.id, doc.field, doc.rev, doc.participantId);
  const inRange = p.db.prepare('SELECT * FROM deid_candidates WHERE id >= ? AND id < ?');
  for (const rev of p.db.prepare('SELECT rev FROM deid_states WHERE source_kind = ? AND source_id = ? AND field = ? AND rev <> ?').pluck().all(doc.kind, doc.id, doc.field, doc.rev) as string[]) {
    for (const c of candidatesAt(p, inRange, { kind: doc.kind, id: doc.id, field: doc.field, rev })) if (c.current === 1) p.db.prepare('UPDATE deid_candidates SET current = 0 WHERE id = ?').run(c.id);
  }
  settleOwners(p, [ent.id, ...(had && had.entity_id !== ent.id ? [had.entity_id] : [])]);
  return { id, entityId: ent.id };
}

/** Adds an identifier the scan missed, by its range at the location's current state. */
export function addCandidate(
  p: OpenProject,
  input: { location: DeidLocation; start: number; end: number; type: EntityType; action?: DeidAction; reason?: string; value?: string },
  resourcesDir?: string,
): { candidate: DeidCandidate } {
  requireActor(p);
  const doc = documentAt(p, input.location.kind, input.location.id, input.location.field);
  if (input.end <= input.start || input.end > doc.text.length) throw new TandaiError('INVALID_INPUT', `the range ${input.start}-${input.end} is not inside the text (${doc.text.length} characters)`);
  const text = doc.text.slice(input.start, input.end);
  if (!text.trim()) throw new TandaiError('INVALID_INPUT', 'the range holds only spaces');
  const keyId = doc.participantId ?? PROJECT_KEY_ID;
  const header = p.header;
  let id = '';
  let entityId = '';
  try {
    p.tx(() => {
      ({ id, entityId } = insertManualCandidate(p, new RegisterIndex(loadRegister(p)), doc, input.start, input.end, input.type));
      p.audit('deid.add', id, { location: { kind: doc.kind, id: doc.id, field: doc.field }, start: input.start, end: input.end, type: input.type }, keyId);
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  refreshSummaries(p, [entityId]);
  if (input.action) decide(p, { candidateId: id, action: input.action, reason: input.reason, value: input.value }, resourcesDir);
  const r = new Renderer(p);
  return { candidate: candidateView(p, getCandidate(p, id)!, r, 80) };
}
