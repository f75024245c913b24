/**
 * Verifying the audit chain: every entry's hash recomputed over its ciphertext, the sequence without
 * gaps, and the end of the chain equal to the head sealed in the project header. A withdrawn
 * participant's entries still verify; their details are counted as unreadable.
 */
import type { AuditReport } from '../../../shared/contract/index.js';
import { adFor, openJson } from '../vault/aead.js';
import { auditHash, GENESIS_HASH, type OpenProject } from '../store/project.js';

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  target_id: string | null;
  key_id: string;
  details_ct: Uint8Array | null;
  hash: Uint8Array;
}

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

/** `lastSeen`: the highest head this person's identity saw for this project, to detect a rolled-back file. */
export function verifyAudit(project: OpenProject, lastSeen?: { count: number; hash: string }): AuditReport {
  const problems: string[] = [];
  let prev = Buffer.from(GENESIS_HASH, 'hex') as Uint8Array;
  let expectedSeq = 1;
  let entries = 0;
  let unreadable = 0;
  const hashAt = new Map<number, string>();
  const rows = project.db.prepare('SELECT seq, at, actor_id, action, target_id, key_id, details_ct, hash FROM audit ORDER BY seq').iterate() as Iterable<AuditRow>;
  for (const r of rows) {
    entries++;
    if (r.seq !== expectedSeq) {
      problems.push(`entries ${expectedSeq}–${r.seq - 1} are missing (cut from the log)`);
      expectedSeq = r.seq;
    }
    const h = auditHash(prev, r.seq, r.at, r.actor_id, r.action, r.target_id, r.key_id, r.details_ct);
    if (hex(h) !== hex(r.hash)) problems.push(`entry ${r.seq} (${r.action}) does not match its hash: it was altered`);
    if (r.details_ct) {
      if (!project.participantKeys.has(r.key_id) && r.key_id !== 'project') unreadable++;
      else {
        try {
          openJson(project.key(r.key_id), r.details_ct, adFor('audit', String(r.seq), 'details', r.key_id), `audit entry ${r.seq}`);
        } catch {
          problems.push(`entry ${r.seq} (${r.action}): its details were altered`);
        }
      }
    }
    hashAt.set(r.seq, hex(r.hash));
    prev = r.hash;
    expectedSeq++;
  }
  const head = project.header.audit;
  if (entries !== head.count) problems.push(`the log holds ${entries} entries but the sealed header records ${head.count}: the tail was cut or entries were added outside Tandai`);
  else if (entries > 0 && hex(prev) !== head.hash) problems.push('the last entry does not match the head sealed in the header');
  if (lastSeen) {
    if (lastSeen.count > head.count) problems.push(`this file is older than the state your identity last saw (${lastSeen.count} entries, now ${head.count}): it was rolled back or replaced by an older copy`);
    else if (lastSeen.count > 0 && hashAt.get(lastSeen.count) !== lastSeen.hash) problems.push(`entry ${lastSeen.count} differs from the one your identity last saw: the file's history was rewritten`);
  }
  return { ok: problems.length === 0, entries, unreadable, head, problems };
}

export function listAudit(project: OpenProject, limit = 500) {
  const rows = project.db.prepare('SELECT seq, at, actor_id, action, target_id, key_id, details_ct FROM audit ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[];
  return rows.map((r) => {
    let details: Record<string, unknown> | null = null;
    if (r.details_ct && (r.key_id === 'project' || project.participantKeys.has(r.key_id))) {
      details = openJson(project.key(r.key_id), r.details_ct, adFor('audit', String(r.seq), 'details', r.key_id), `audit entry ${r.seq}`);
    }
    return { seq: r.seq, at: r.at, actorId: r.actor_id, action: r.action, targetId: r.target_id, details };
  });
}
