/**
 * Whether a transcript's originals are destroyed now: destroy.ts recorded it (deid_destroyed), and
 * its only version is still the one destroying wrote (same time). A correction since adds a version
 * holding text a person typed, which is an original again until it is destroyed in its turn.
 */
import type { OpenProject } from '../../store/project.js';

export function originalsDestroyed(p: OpenProject, transcriptId: string): boolean {
  const row = p.db
    .prepare(
      `SELECT COUNT(*) AS n, MAX(v.created_at = d.at) AS same FROM deid_destroyed d
       JOIN transcript_versions v ON v.transcript_id = d.transcript_id WHERE d.transcript_id = ?`,
    )
    .get(transcriptId) as { n: number; same: number | null };
  return row.n === 1 && row.same === 1;
}
