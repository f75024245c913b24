/**
 * Withdrawing a participant's consent: crypto-shredding. Their wrapped data key and every row
 * encrypted under it are deleted in one transaction (secure_delete zeroes the pages), then the WAL is
 * checkpointed and truncated so no copy of the key survives in the -wal file. Audit entries about
 * them stay in the chain, unreadable.
 */
import { TandaiError } from '../../../shared/result.js';
import { checkpoint } from '../store/db.js';
import type { OpenProject } from '../store/project.js';
import { wipe } from '../vault/sodium.js';

export function withdrawParticipant(p: OpenProject, participantId: string): { participantId: string; transcriptsDeleted: number; rowsDeleted: number } {
  const exists = p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(participantId);
  if (!exists) {
    const gone = p.db.prepare('SELECT 1 FROM withdrawals WHERE participant_id = ?').get(participantId);
    throw new TandaiError(gone ? 'WITHDRAWN' : 'NOT_FOUND', gone ? `participant ${participantId} was already withdrawn` : `no participant ${participantId}`);
  }
  let transcripts = 0;
  let rows = 0;
  p.tx(() => {
    transcripts = (p.db.prepare('SELECT COUNT(*) AS n FROM transcripts WHERE participant_id = ?').get(participantId) as { n: number }).n;
    const before = p.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    // Cascades: transcripts -> versions, sources, attribute values, codings, marks; memos by participant.
    p.db.prepare('DELETE FROM transcripts WHERE participant_id = ?').run(participantId);
    p.db.prepare('DELETE FROM memos WHERE participant_id = ?').run(participantId);
    p.db.prepare('DELETE FROM participants WHERE id = ?').run(participantId);
    rows = (p.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before.n;
    p.db.prepare('INSERT INTO withdrawals (participant_id, at, by_id) VALUES (?, ?, ?)').run(participantId, new Date().toISOString(), p.actorId);
    p.audit('participant.withdraw', participantId, { transcripts, rows });
  });
  const key = p.participantKeys.get(participantId);
  p.participantKeys.delete(participantId);
  wipe(key);
  checkpoint(p.db);
  return { participantId, transcriptsDeleted: transcripts, rowsDeleted: rows };
}
