/**
 * Taking in a teammate's de-identification decisions and pseudonym map at merge (inside the merge's
 * transaction; a plan rolls it back). The union, with ours winning every disagreement until the
 * lead decides:
 *
 * - A decision on a whole entity lands on our entity for the same value (same type, same
 *   normalised text, or the same register entry). A decision on one occurrence in a transcript's
 *   text lands on that range of our copy (placed by the merge, checked to hold the same words).
 *   Where ours already decided differently, theirs is listed as a conflict, not stored.
 * - Names, places and organisations they confirmed, but that our register does not know, are added
 *   to our register (noted as received from the sender): the register layer then finds them in every
 *   transcript here, in every form, as it does for entries typed by hand. The register stays inside
 *   the project; it is never exported and never in a bundle.
 * - Their pseudonyms, already made unique by `mergePseudonymMaps` (prefixed by country or
 *   renumbered), are stored for the entities (or participants) they name, unless ours have one.
 * - Records about a participant who withdrew here are dropped: their data is gone on this side.
 *
 * Records keep the sender's ids, so merging the same bundle again stores nothing twice.
 */
import type { DeidDecisionRecord, DeidSection, PseudonymRecord } from '../../../../shared/merge/index.js';
import { ENTITY_TYPES, type EntityType, type RegisterKind } from '../../../../shared/deid/types.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { DeidStoreContext, DeidStoreResult } from '../bundles.js';
import { insertManualCandidate } from './decide.js';
import { documentAt } from './documents.js';
import { entityFor, RegisterIndex } from './entities.js';
import { candidateId, derivedId } from './keys.js';
import { lookupPseudonym, nextNumber, reserveNumber } from './pseudonyms.js';
import { loadRegister } from './register.js';
import { decisionValue, getCandidate, getDecision, getEntity, type DecisionRow } from './rows.js';
import { invalidate } from './session-cache.js';

const ACTION: Record<DeidDecisionRecord['action'], DecisionRow['action']> = { pseudonymise: 'replace', redact: 'redact', generalise: 'generalise', keep: 'keep' };
const REGISTER_KIND: Partial<Record<EntityType, RegisterKind>> = { PERSON: 'person', LOCATION: 'place', ORGANIZATION: 'organisation' };
const isEntityType = (t: string): t is EntityType => (ENTITY_TYPES as readonly string[]).includes(t);
const unbracket = (s: string) => s.trim().replace(/^\[(.*)\]$/su, '$1');

/** How a decision reads, to compare two and to show a conflict. */
function describe(action: string, value: string | null): string {
  return value ? `${action}: ${value}` : action;
}

export function receiveDeid(p: OpenProject, received: DeidSection, ctx: DeidStoreContext): DeidStoreResult {
  const out: DeidStoreResult = { decisions: { added: 0, same: 0, suggested: 0 }, pseudonyms: { added: 0, same: 0 }, registerAdded: 0, conflicts: [], notPlaced: [], withdrawnDropped: 0 };
  // Their participants as ours (the same id, or the participant of our copy of their transcript).
  // Records about a participant who is not here, withdrew, or whose originals were destroyed here
  // are dropped: storing them would bring back what withdrawal or destroying took away.
  const destroyedHere = new Set(
    p.db
      .prepare('SELECT t.participant_id FROM transcripts t GROUP BY t.participant_id HAVING COUNT(*) = SUM(EXISTS (SELECT 1 FROM deid_destroyed d WHERE d.transcript_id = t.id))')
      .pluck()
      .all() as string[],
  );
  const here = (pid: string | null): { pid: string | null } | { reason: string } => {
    if (pid === null) return { pid: null };
    if (ctx.withdrawn.has(pid)) return { reason: 'withdrawn' };
    const ours = ctx.placeParticipant(pid);
    if (ours === null) return { reason: 'about a participant who is not in this project' };
    if (ctx.withdrawn.has(ours)) return { reason: 'withdrawn' };
    if (destroyedHere.has(ours)) return { reason: 'about a participant whose originals were destroyed here' };
    if (!p.participantKeys.has(ours)) return { reason: 'withdrawn' };
    return { pid: ours };
  };
  const keep = <T extends { id: string; participantId: string | null; entityType: string; original: string }>(r: T): (T & { ownerHere: string | null }) | null => {
    // An empty original: the sender destroyed it; nothing to map.
    if (!isEntityType(r.entityType) || r.original.trim() === '') return null;
    const h = here(r.participantId);
    if ('reason' in h) {
      if (h.reason === 'withdrawn') out.withdrawnDropped++;
      else out.notPlaced.push({ id: r.id, reason: `a de-identification record ${h.reason}: left out` });
      return null;
    }
    return { ...r, ownerHere: h.pid };
  };
  const decisions = received.decisions.flatMap((d) => keep(d) ?? []);
  const pseudonyms = received.pseudonyms.flatMap((r) => keep(r) ?? []);
  const now = new Date().toISOString();
  const touched = new Set<string>();

  // 1. Their confirmed names, places and organisations join our register, so our scan finds them everywhere.
  let reg = new RegisterIndex(loadRegister(p));
  const note = `received from ${ctx.sender.displayName} (bundle ${ctx.bundleId.slice(0, 8)})`;
  for (const d of decisions) {
    const kind = REGISTER_KIND[d.entityType as EntityType];
    if (!kind || reg.match(d.entityType as EntityType, d.original)) continue;
    const owner = d.ownerHere;
    // Derived from their decision's id: the same bundle merged again adds nothing.
    const id = derivedId(p, 'received-register', d.id);
    if (p.db.prepare('SELECT 1 FROM deid_register WHERE id = ?').get(id)) continue;
    p.db
      .prepare('INSERT INTO deid_register (id, participant_id, entry_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
      .run(id, owner, p.sealJson('deid_register', id, 'entry', owner ?? PROJECT_KEY_ID, { kind, value: d.original.trim(), aliases: [], note, role: 'other' }), now, ctx.sender.identityId);
    out.registerAdded++;
    reg = new RegisterIndex(loadRegister(p));
  }

  const seq = p.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM deid_decisions').pluck();
  const insertDecision = (d: DeidDecisionRecord, target: { candidateId: string } | { entityId: string }, owner: string | null) => {
    const keyId = owner ?? PROJECT_KEY_ID;
    const action = ACTION[d.action];
    const value = action === 'generalise' && d.replacement ? unbracket(d.replacement) : null;
    p.db
      .prepare('INSERT INTO deid_decisions (id, seq, candidate_id, entity_id, participant_id, action, value_ct, reason_ct, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        d.id,
        seq.get() as number,
        'candidateId' in target ? target.candidateId : null,
        'entityId' in target ? target.entityId : null,
        owner,
        action,
        value === null ? null : p.sealText('deid_decisions', d.id, 'value', keyId, value),
        d.reason ? p.sealText('deid_decisions', d.id, 'reason', keyId, d.reason) : null,
        d.decidedBy ?? ctx.sender.identityId,
        d.decidedAt,
      );
    out.decisions.added++;
  };
  /** Ours in force: the same decision (nothing to do) or a different one (a conflict). */
  const compare = (ours: DecisionRow, d: DeidDecisionRecord): boolean => {
    const mine = describe(ours.action, ours.action === 'generalise' ? decisionValue(p, ours) : null);
    const theirs = describe(ACTION[d.action], d.action === 'generalise' && d.replacement ? unbracket(d.replacement) : null);
    if (mine === theirs) out.decisions.same++;
    else out.conflicts.push({ kind: 'decision', entityType: d.entityType, original: d.original, ours: mine, theirs });
    return mine === theirs;
  };

  /**
   * Keeping an identifier leaves it in every rendition: that stays the lead's own decision. Theirs is
   * listed for the lead to make (with their reason), not stored.
   */
  const suggestOnly = (d: DeidDecisionRecord): boolean => {
    if (d.action !== 'keep') return false;
    out.decisions.suggested++;
    out.notPlaced.push({ id: d.id, reason: `"${d.original}" was kept as written by ${ctx.sender.displayName}${d.reason ? ` (${d.reason})` : ''}: keeping is decided here, in the review queue` });
    return true;
  };

  // 2. Decisions.
  const theirIds = new Set(received.decisions.map((d) => d.id));
  for (const d of decisions) {
    if (getDecision(p, d.id)) {
      out.decisions.same++;
      continue;
    }
    const type = d.entityType as EntityType;
    const scope = d.scope ?? (d.transcriptId === null && d.start === null ? 'entity' : 'occurrence');
    if (scope === 'entity') {
      const ent = entityFor(p, reg, type, d.original);
      const owner = d.ownerHere;
      p.db.prepare('INSERT OR IGNORE INTO deid_entities (id, type, register_id, participant_id, decision_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)').run(ent.id, ent.type, ent.registerId, owner, now);
      const row = getEntity(p, ent.id)!;
      const ours = getDecision(p, row.decision_id);
      if (ours && !(d.action === 'keep' && ours.action !== 'keep')) {
        compare(ours, d);
        continue;
      }
      if (suggestOnly(d)) continue;
      insertDecision(d, { entityId: ent.id }, row.participant_id);
      p.db.prepare('UPDATE deid_entities SET decision_id = ? WHERE id = ?').run(d.id, ent.id);
      touched.add(ent.id);
      continue;
    }
    // One occurrence: only in a transcript's text can it be placed exactly.
    if (d.transcriptId === null || d.start === null || d.end === null || d.versionId === null) {
      out.notPlaced.push({ id: d.id, reason: `a decision on one occurrence of "${d.original}" outside a transcript's text (a title, memo, code or attribute): our scan lists it for you to decide` });
      continue;
    }
    const tid = ctx.placeTranscript(d.transcriptId);
    if (tid === null) {
      out.notPlaced.push({ id: d.id, reason: `a decision on "${d.original}" in a transcript that is not here` });
      continue;
    }
    const doc = documentAt(p, 'transcript', tid, 'text');
    if (doc.text.slice(d.start, d.end) !== d.original) {
      out.notPlaced.push({ id: d.id, reason: `a decision on "${d.original}": our copy of the transcript holds other words at that place` });
      continue;
    }
    // Ours in force there: the occurrence's own decision, else its entity's (which it would override).
    const existing = getCandidate(p, candidateId(p, 'transcript', tid, 'text', doc.rev, d.start, d.end));
    const entityHere = getEntity(p, existing ? existing.entity_id : entityFor(p, reg, type, d.original).id);
    const inForce = (existing ? getDecision(p, existing.decision_id) : null) ?? (entityHere ? getDecision(p, entityHere.decision_id) : null);
    // Their own entity decision, stored a moment ago, is theirs to override (as on their side).
    const ours = inForce && !theirIds.has(inForce.id) ? inForce : null;
    if (ours && !(d.action === 'keep' && ours.action !== 'keep')) {
      compare(ours, d);
      continue;
    }
    if (suggestOnly(d)) continue;
    const { id, entityId } = insertManualCandidate(p, reg, doc, d.start, d.end, type);
    const owner = getCandidate(p, id)!.participant_id;
    insertDecision(d, { candidateId: id }, owner);
    p.db.prepare('UPDATE deid_candidates SET decision_id = ? WHERE id = ?').run(d.id, id);
    touched.add(entityId);
  }

  // 3. Pseudonyms, already unique here.
  for (const r of pseudonyms) {
    if (p.db.prepare('SELECT 1 FROM deid_pseudonyms WHERE id = ?').get(r.id)) {
      out.pseudonyms.same++;
      continue;
    }
    if (isParticipantPseudonym(r)) {
      const pid = r.ownerHere;
      if (pid === null) {
        out.notPlaced.push({ id: r.id, reason: `pseudonym ${r.pseudonym} names a participant who is not in this project` });
        continue;
      }
      const mine = p.db.prepare("SELECT id, pseudonym_ct FROM deid_pseudonyms WHERE category = 'participant' AND participant_id = ?").get(pid) as { id: string; pseudonym_ct: Uint8Array } | undefined;
      if (mine) {
        const ours = p.openText('deid_pseudonyms', mine.id, 'pseudonym', pid, mine.pseudonym_ct);
        if (ours.trim().toLowerCase() === r.pseudonym.trim().toLowerCase()) out.pseudonyms.same++;
        else out.conflicts.push({ kind: 'pseudonym', entityType: r.entityType, original: r.original, ours, theirs: r.pseudonym });
        continue;
      }
      insertPseudonym(p, r, { entityId: null, participantId: pid, category: 'participant' });
      out.pseudonyms.added++;
      continue;
    }
    const ent = entityFor(p, reg, r.entityType as EntityType, r.original);
    const ours = lookupPseudonym(p, ent.id);
    if (ours !== null) {
      if (ours.trim().toLowerCase() === r.pseudonym.trim().toLowerCase()) out.pseudonyms.same++;
      else out.conflicts.push({ kind: 'pseudonym', entityType: r.entityType, original: r.original, ours, theirs: r.pseudonym });
      continue;
    }
    p.db.prepare('INSERT OR IGNORE INTO deid_entities (id, type, register_id, participant_id, decision_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)').run(ent.id, ent.type, ent.registerId, r.ownerHere, now);
    insertPseudonym(p, r, { entityId: ent.id, participantId: getEntity(p, ent.id)!.participant_id, category: 'received' });
    out.pseudonyms.added++;
    touched.add(ent.id);
  }

  if (out.decisions.added || out.pseudonyms.added || out.registerAdded) {
    p.audit('deid.receive', ctx.bundleId, { from: ctx.sender.identityId, decisions: out.decisions.added, pseudonyms: out.pseudonyms.added, register: out.registerAdded, conflicts: out.conflicts.length, notPlaced: out.notPlaced.length });
  }
  // The review queue's summaries are rebuilt on next use (a plan rolls back what it stored).
  invalidate(p);
  return out;
}

/** Older bundles carry no kind: a participant's own pseudonym is the one that reads `[Participant n]`. */
const isParticipantPseudonym = (r: PseudonymRecord) => (r.kind ? r.kind === 'participant' : r.participantId !== null && /^\[(?:[A-Z]{2}\d*-)?Participant \d+\]$/u.test(r.pseudonym.trim()));


function insertPseudonym(p: OpenProject, r: PseudonymRecord, where: { entityId: string | null; participantId: string | null; category: string }): void {
  const keyId = where.participantId ?? PROJECT_KEY_ID;
  // Their "[Person A]" is taken here from now on: our own counter moves past it.
  reserveNumber(p, r.pseudonym);
  const n = nextNumber(p, where.category);
  p.db
    .prepare('INSERT INTO deid_pseudonyms (id, entity_id, participant_id, category, n, pseudonym_ct, original_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(r.id, where.entityId, where.participantId, where.category, n, p.sealText('deid_pseudonyms', r.id, 'pseudonym', keyId, r.pseudonym), p.sealText('deid_pseudonyms', r.id, 'original', keyId, r.original), r.createdAt, r.createdBy);
}
