/**
 * What de-identification puts in a sealed bundle (services/bundles.ts `DeidBundleProvider`): the
 * decisions in force and the pseudonym map, with their originals, for the lead to merge. They travel
 * only inside the bundle's seal. The participant register never travels.
 *
 * Not sent: "not an identifier" decisions (the bundle's decision record has no such action), and
 * anything under the key of a participant who withdrew. Received records are taken in by
 * receive.ts (`store`).
 */
import type { DeidDecisionRecord, DeidSection, PseudonymRecord } from '../../../../shared/merge/index.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { DeidBundleProvider } from '../bundles.js';
import { receiveDeid } from './receive.js';
import { Renderer } from './render.js';
import { candidateText, decisionReason, type CandidateRow, type DecisionRow, type TextRef } from './rows.js';

const ACTION: Partial<Record<DecisionRow['action'], DeidDecisionRecord['action']>> = { replace: 'pseudonymise', redact: 'redact', generalise: 'generalise', keep: 'keep' };

/** A participant's data is readable (not withdrawn); project-level rows always are. */
const readable = (p: OpenProject, participantId: string | null) => participantId === null || p.participantKeys.has(participantId);

/** The pseudonym map; `withDestroyed`: also entries whose original was destroyed (their pseudonym stays taken). */
export function pseudonymRecords(p: OpenProject, withDestroyed = false): PseudonymRecord[] {
  const rows = p.db
    .prepare('SELECT s.id, s.participant_id, s.category, s.pseudonym_ct, s.original_ct, s.created_at, s.created_by, e.type FROM deid_pseudonyms s LEFT JOIN deid_entities e ON e.id = s.entity_id ORDER BY s.category, s.n')
    .all() as { id: string; participant_id: string | null; category: string; pseudonym_ct: Uint8Array; original_ct: Uint8Array; created_at: string; created_by: string | null; type: string | null }[];
  return rows
    .filter((r) => readable(p, r.participant_id))
    .map((r) => {
      const key = r.participant_id ?? PROJECT_KEY_ID;
      return {
        id: r.id,
        participantId: r.participant_id,
        // A participant's own pseudonym ([Participant n]) has no entity: it names a person.
        entityType: r.type ?? 'PERSON',
        original: p.openText('deid_pseudonyms', r.id, 'original', key, r.original_ct),
        pseudonym: p.openText('deid_pseudonyms', r.id, 'pseudonym', key, r.pseudonym_ct),
        createdBy: r.created_by,
        createdAt: r.created_at,
        kind: r.category === 'participant' ? ('participant' as const) : ('entity' as const),
      };
    })
    // An original destroyed (destroy.ts leaves an empty one behind its pseudonym) has nothing to send.
    .filter((r) => withDestroyed || r.original !== '');
}

type DecidedCandidate = Pick<CandidateRow, 'id' | 'source_kind' | 'field' | 'rev' | 'start' | 'end' | 'type' | 'entity_id' | 'participant_id' | 'transcript_id' | 'text_ct'>;

export function decisionRecords(p: OpenProject): DeidDecisionRecord[] {
  const r = new Renderer(p);
  const out: DeidDecisionRecord[] = [];
  const record = (d: DecisionRow, type: string, original: string, replacement: string | null, where: Pick<DeidDecisionRecord, 'transcriptId' | 'versionId' | 'start' | 'end'>) => {
    const action = ACTION[d.action];
    if (!action) return;
    const scope = d.candidate_id ? ('occurrence' as const) : ('entity' as const);
    out.push({ id: d.id, participantId: d.participant_id, ...where, entityType: type, original, action, replacement, reason: decisionReason(p, d), decidedBy: d.decided_by, decidedAt: d.decided_at, scope });
  };

  // Decisions on a whole entity: its text is that of its longest current candidate.
  const firstOf = p.db.prepare('SELECT id, participant_id, text_ct, source_kind, rev, start, "end" FROM deid_candidates WHERE entity_id = ? AND current = 1 LIMIT 24');
  const entities = p.db.prepare('SELECT e.id AS entity_id, e.type, d.* FROM deid_entities e JOIN deid_decisions d ON d.id = e.decision_id ORDER BY d.seq').all() as (DecisionRow & { type: string })[];
  for (const row of entities) {
    if (!readable(p, row.participant_id)) continue;
    const refs = (firstOf.all(row.entity_id) as TextRef[]).filter((c) => readable(p, c.participant_id)).sort((a, b) => b.end - b.start - (a.end - a.start) || (a.id < b.id ? -1 : 1));
    if (!refs[0]) continue;
    record(row, row.type, candidateText(p, refs[0]), r.replacement({ entity_id: row.entity_id! }, row), { transcriptId: null, versionId: null, start: null, end: null });
  }

  // Decisions on one occurrence: where it is (offsets only for a transcript's text).
  const candidates = p.db
    .prepare(
      `SELECT c.id AS c_id, c.source_kind, c.field, c.rev, c.start AS c_start, c."end" AS c_end, c.type AS c_type, c.entity_id AS c_entity, c.participant_id AS c_participant, c.transcript_id, c.text_ct, d.*
       FROM deid_candidates c JOIN deid_decisions d ON d.id = c.decision_id WHERE c.current = 1 ORDER BY d.seq`,
    )
    .all() as (DecisionRow & { c_id: string; source_kind: CandidateRow['source_kind']; field: string; rev: string; c_start: number; c_end: number; c_type: string; c_entity: string; c_participant: string | null; transcript_id: string | null; text_ct: Uint8Array | null })[];
  for (const row of candidates) {
    if (!readable(p, row.c_participant)) continue;
    const c: DecidedCandidate = { id: row.c_id, source_kind: row.source_kind, field: row.field, rev: row.rev, start: row.c_start, end: row.c_end, type: row.c_type as CandidateRow['type'], entity_id: row.c_entity, participant_id: row.c_participant, transcript_id: row.transcript_id, text_ct: row.text_ct };
    const inText = c.source_kind === 'transcript' && c.field === 'text';
    record(row, c.type, candidateText(p, c), r.replacement(c, row), { transcriptId: c.transcript_id, versionId: inText ? c.rev : null, start: inText ? c.start : null, end: inText ? c.end : null });
  }
  return out;
}

export const deidBundleProvider: DeidBundleProvider = {
  export: (p: OpenProject): DeidSection => ({ decisions: decisionRecords(p), pseudonyms: pseudonymRecords(p) }),
  pseudonyms: (p: OpenProject) => pseudonymRecords(p, true),
  store: receiveDeid,
};
