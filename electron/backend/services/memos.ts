/**
 * memos.*: notes on the project, a transcript, a code or a coding. A memo on a transcript or a
 * coding is about a participant, so its body is sealed under that participant's key and the row
 * carries `participant_id` (a withdrawal deletes it with everything else of theirs); a memo on the
 * project or a code is sealed under the project key.
 */
import type { Memo, MemoTarget } from '../../../shared/contract/index.js';
import { newId, type MemoId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { transcriptParticipant } from './transcripts.js';

export interface MemoRow {
  id: string;
  target_kind: MemoTarget['kind'];
  target_id: string | null;
  participant_id: string | null;
  body_ct: Uint8Array;
  author_id: string | null;
  created_at: string;
  updated_at: string;
}

const targetId = (t: MemoTarget): string | null => (t.kind === 'project' ? null : t.id);

/** The participant a target belongs to (null for project and code targets); NOT_FOUND if the target does not exist. */
export function participantOfTarget(p: OpenProject, t: MemoTarget): string | null {
  switch (t.kind) {
    case 'project':
      return null;
    case 'code':
      if (!p.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(t.id)) throw new TandaiError('NOT_FOUND', `no code ${t.id}`);
      return null;
    case 'transcript':
      return transcriptParticipant(p, t.id);
    case 'coding': {
      const row = p.db.prepare('SELECT transcript_id FROM codings WHERE id = ?').get(t.id) as { transcript_id: string } | undefined;
      if (!row) throw new TandaiError('NOT_FOUND', `no coding ${t.id}`);
      return transcriptParticipant(p, row.transcript_id);
    }
  }
}

function targetOf(r: MemoRow): MemoTarget {
  return r.target_kind === 'project' ? { kind: 'project' } : { kind: r.target_kind, id: r.target_id! };
}

export function memoOf(p: OpenProject, r: MemoRow): Memo {
  return {
    id: r.id,
    target: targetOf(r),
    body: p.openText('memos', r.id, 'body', r.participant_id ?? PROJECT_KEY_ID, r.body_ct),
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Now, or just after the newest memo if the clock has not moved on (two memos in one millisecond,
 * or a clock set back): memos list in creation order, and the table has no other sequence.
 */
function creationTime(p: OpenProject): string {
  const last = (p.db.prepare('SELECT MAX(created_at) AS m FROM memos').get() as { m: string | null }).m;
  const now = Date.now();
  const after = last ? Date.parse(last) + 1 : 0;
  return new Date(Math.max(now, after)).toISOString();
}

function requireMemo(p: OpenProject, id: string): MemoRow {
  const row = p.db.prepare('SELECT * FROM memos WHERE id = ?').get(id) as MemoRow | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no memo ${id}`);
  return row;
}

export function memoHandlers(ctx: Ctx): HandlerGroup<'memos.create' | 'memos.update' | 'memos.delete' | 'memos.list'> {
  return {
    'memos.create': ({ target, body }) => {
      const p = ctx.requireProject();
      const pid = participantOfTarget(p, target);
      const keyId = pid ?? PROJECT_KEY_ID;
      const id = newId<MemoId>();
      const now = creationTime(p);
      p.tx(() => {
        p.db
          .prepare('INSERT INTO memos (id, target_kind, target_id, participant_id, body_ct, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, target.kind, targetId(target), pid, p.sealText('memos', id, 'body', keyId, body), p.actorId, now, now);
        p.audit('memo.create', id, { target: target.kind, targetId: targetId(target), chars: body.length }, keyId);
      });
      return { id, target, body, authorId: p.actorId, createdAt: now, updatedAt: now };
    },

    'memos.update': ({ id, body }) => {
      const p = ctx.requireProject();
      const row = requireMemo(p, id);
      const keyId = row.participant_id ?? PROJECT_KEY_ID;
      const now = new Date(Math.max(Date.now(), Date.parse(row.updated_at))).toISOString(); // never before its creation
      p.tx(() => {
        p.db.prepare('UPDATE memos SET body_ct = ?, updated_at = ? WHERE id = ?').run(p.sealText('memos', id, 'body', keyId, body), now, id);
        p.audit('memo.update', id, { target: row.target_kind, targetId: row.target_id, chars: body.length }, keyId);
      });
      return memoOf(p, { ...requireMemo(p, id) });
    },

    'memos.delete': ({ id }) => {
      const p = ctx.requireProject();
      const row = requireMemo(p, id);
      p.tx(() => {
        p.db.prepare('DELETE FROM memos WHERE id = ?').run(id);
        p.audit('memo.delete', id, { target: row.target_kind, targetId: row.target_id }, row.participant_id ?? PROJECT_KEY_ID);
      });
      return { ok: true as const };
    },

    // All memos (oldest first), or those on one target.
    'memos.list': ({ target }) => {
      const p = ctx.requireProject();
      const rows = (
        target === undefined
          ? p.db.prepare('SELECT * FROM memos ORDER BY created_at, id').all()
          : target.kind === 'project'
            ? p.db.prepare("SELECT * FROM memos WHERE target_kind = 'project' ORDER BY created_at, id").all()
            : p.db.prepare('SELECT * FROM memos WHERE target_kind = ? AND target_id = ? ORDER BY created_at, id').all(target.kind, target.id)
      ) as MemoRow[];
      return rows.map((r) => memoOf(p, r));
    },
  };
}
