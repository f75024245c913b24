/** Rows of the de-identification tables and reading them (decrypting only what is asked for). */
import type { DeidAction, DeidDecisionInfo, DeidSourceKind } from '../../../../shared/contract/channels/deid.js';
import type { EntityType } from '../../../../shared/deid/types.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { cachedText } from './session-cache.js';

export interface CandidateRow {
  id: string;
  source_kind: DeidSourceKind;
  source_id: string;
  field: string;
  rev: string;
  start: number;
  end: number;
  type: EntityType;
  detector: string;
  confidence: number;
  entity_id: string;
  participant_id: string | null;
  transcript_id: string | null;
  text_ct: Uint8Array | null;
  decision_id: string | null;
  current: number;
}

export interface EntityRow {
  id: string;
  type: EntityType;
  register_id: string | null;
  participant_id: string | null;
  decision_id: string | null;
}

export interface DecisionRow {
  id: string;
  seq: number;
  candidate_id: string | null;
  entity_id: string | null;
  participant_id: string | null;
  action: DeidAction;
  value_ct: Uint8Array | null;
  reason_ct: Uint8Array | null;
  decided_by: string;
  decided_at: string;
}

export type TextRef = Pick<CandidateRow, 'id' | 'participant_id' | 'text_ct' | 'source_kind' | 'rev' | 'start' | 'end'>;

/** The text of a transcript version (decrypted; recent ones kept in the session cache). */
export function versionText(p: OpenProject, versionId: string, participantId: string | null): string {
  return cachedText(p, `version|${versionId}`, () => {
    const row = p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(versionId) as { text_ct: Uint8Array } | undefined;
    if (!row) throw new TandaiError('NOT_FOUND', `transcript version ${versionId} is gone`);
    return p.openText('transcript_versions', versionId, 'text', participantId ?? PROJECT_KEY_ID, row.text_ct);
  });
}

/** A candidate's text: sealed beside it, or (transcript text) the slice of its version. */
export function candidateText(p: OpenProject, c: TextRef): string {
  if (c.text_ct) return p.openText('deid_candidates', c.id, 'text', c.participant_id ?? PROJECT_KEY_ID, c.text_ct);
  return versionText(p, c.rev, c.participant_id).slice(c.start, c.end);
}

/** Many candidates' texts, reading each transcript version once. */
export function candidateTexts(p: OpenProject, rows: readonly TextRef[]): Map<string, string> {
  const out = new Map<string, string>();
  const byVersion = new Map<string, TextRef[]>();
  for (const r of rows) {
    if (r.text_ct) out.set(r.id, candidateText(p, r));
    else {
      const list = byVersion.get(r.rev) ?? [];
      list.push(r);
      byVersion.set(r.rev, list);
    }
  }
  for (const [rev, list] of byVersion) {
    const row = p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(rev) as { text_ct: Uint8Array } | undefined;
    if (!row) continue;
    const text = p.openText('transcript_versions', rev, 'text', list[0]!.participant_id ?? PROJECT_KEY_ID, row.text_ct);
    for (const r of list) out.set(r.id, text.slice(r.start, r.end));
  }
  return out;
}

export const decisionValue = (p: OpenProject, d: DecisionRow): string | null => (d.value_ct ? p.openText('deid_decisions', d.id, 'value', d.participant_id ?? PROJECT_KEY_ID, d.value_ct) : null);
export const decisionReason = (p: OpenProject, d: DecisionRow): string | null => (d.reason_ct ? p.openText('deid_decisions', d.id, 'reason', d.participant_id ?? PROJECT_KEY_ID, d.reason_ct) : null);

export function getDecision(p: OpenProject, id: string | null): DecisionRow | null {
  if (!id) return null;
  return (p.db.prepare('SELECT * FROM deid_decisions WHERE id = ?').get(id) as DecisionRow | undefined) ?? null;
}

export function getEntity(p: OpenProject, id: string): EntityRow | null {
  return (p.db.prepare('SELECT id, type, register_id, participant_id, decision_id FROM deid_entities WHERE id = ?').get(id) as EntityRow | undefined) ?? null;
}

export function getCandidate(p: OpenProject, id: string): CandidateRow | null {
  return (p.db.prepare('SELECT * FROM deid_candidates WHERE id = ?').get(id) as CandidateRow | undefined) ?? null;
}

/** Actions that take the text out of the rendition. */
export const REMOVES = new Set<DeidAction>(['replace', 'generalise', 'redact']);
/** Actions by which a person confirmed the text is an identifier (found everywhere from then on). */
export const CONFIRMS = new Set<DeidAction>(['replace', 'generalise', 'redact', 'keep']);

export const REDACTED = '[redacted]';

export function decisionInfo(p: OpenProject, d: DecisionRow, replacement: string | null): DeidDecisionInfo {
  return {
    id: d.id,
    action: d.action,
    replacement: REMOVES.has(d.action) ? replacement : null,
    reason: decisionReason(p, d),
    scope: d.candidate_id ? 'candidate' : 'entity',
    decidedBy: d.decided_by,
    decidedAt: d.decided_at,
  };
}
