/**
 * codings.* and marks.*: integer ranges over a transcript version's text (DESIGN "Storage": never a
 * ciphertext per range). A range is checked against the version's length, which the `chars` column
 * holds, so creating a coding never decrypts the text. Audit details of these participant-specific
 * actions are sealed under the participant's key, so a withdrawal makes them unreadable.
 */
import type { Coding, DistressMark } from '../../../shared/contract/index.js';
import { newId, type CodingId, type MarkId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { OpenProject } from '../store/project.js';
import { carryOver, carryOverCodings } from './deid/verified.js';
import { transcriptParticipant } from './transcripts.js';

export interface CodingRow {
  id: string;
  transcript_id: string;
  version_id: string;
  start: number;
  end: number;
  code_id: string;
  coder_id: string | null;
  created_at: string;
  orphaned: number;
  derived_from: string | null;
}

export interface MarkRow {
  id: string;
  transcript_id: string;
  version_id: string;
  start: number;
  end: number;
  author_id: string | null;
  created_at: string;
}

export const codingOf = (r: CodingRow): Coding => ({
  id: r.id,
  transcriptId: r.transcript_id,
  versionId: r.version_id,
  start: r.start,
  end: r.end,
  codeId: r.code_id,
  coderId: r.coder_id,
  createdAt: r.created_at,
  orphaned: r.orphaned === 1,
});

export const markOf = (r: MarkRow): DistressMark => ({
  id: r.id,
  transcriptId: r.transcript_id,
  versionId: r.version_id,
  start: r.start,
  end: r.end,
  authorId: r.author_id,
  createdAt: r.created_at,
});

interface VersionFacts {
  transcriptId: string;
  chars: number;
}

/**
 * Checks a range against a version of a transcript: the version must belong to the transcript and
 * be its current one (earlier versions are history; a stale view must reload), and
 * 0 <= start < end <= length. Returns the participant whose key protects it.
 */
function checkRange(p: OpenProject, facts: (versionId: string) => VersionFacts | undefined, transcriptId: string, versionId: string, start: number, end: number): string {
  const pid = transcriptParticipant(p, transcriptId);
  const v = facts(versionId);
  if (!v || v.transcriptId !== transcriptId) throw new TandaiError('NOT_FOUND', `transcript ${transcriptId} has no version ${versionId}`);
  const current = (p.db.prepare('SELECT current_version FROM transcripts WHERE id = ?').get(transcriptId) as { current_version: string }).current_version;
  if (current !== versionId) throw new TandaiError('CONFLICT', `version ${versionId} is no longer the current version of transcript ${transcriptId} (it was corrected): reload the transcript`);
  if (start === end) throw new TandaiError('INVALID_INPUT', 'a selection that spans nothing codes nothing: select some text first');
  if (start > end) throw new TandaiError('INVALID_INPUT', `the range starts (${start}) after it ends (${end})`);
  if (end > v.chars) throw new TandaiError('INVALID_INPUT', `the range ${start}–${end} runs past the end of the text (${v.chars} characters)`);
  return pid;
}

export function codingHandlers(ctx: Ctx): HandlerGroup<'codings.create' | 'codings.delete' | 'codings.list' | 'marks.create' | 'marks.delete' | 'marks.list'> {
  // Versions are immutable, so their lengths can be cached for the session (ids are UUIDs, so
  // entries from another project never collide). Lengths only: nothing sensitive is held here.
  const lengths = new Map<string, VersionFacts>();
  const facts = (versionId: string): VersionFacts | undefined => {
    const hit = lengths.get(versionId);
    if (hit) return hit;
    const row = ctx.requireProject().db.prepare('SELECT transcript_id, chars FROM transcript_versions WHERE id = ?').get(versionId) as { transcript_id: string; chars: number } | undefined;
    if (!row) return undefined;
    const f = { transcriptId: row.transcript_id, chars: row.chars };
    lengths.set(versionId, f);
    return f;
  };

  return {
    'codings.create': ({ transcriptId, versionId, start, end, codeId }) => {
      const p = ctx.requireProject();
      const pid = checkRange(p, facts, transcriptId, versionId, start, end);
      if (!p.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(codeId)) throw new TandaiError('NOT_FOUND', `no code ${codeId}`);
      const same = p.db.prepare('SELECT id FROM codings WHERE version_id = ? AND start = ? AND "end" = ? AND code_id = ? AND coder_id IS ? AND orphaned = 0').get(versionId, start, end, codeId, p.actorId) as { id: string } | undefined;
      if (same) throw new TandaiError('ALREADY_EXISTS', `this passage (${start}–${end}) already has this code (coding ${same.id})`);
      const row: CodingRow = { id: newId<CodingId>(), transcript_id: transcriptId, version_id: versionId, start, end, code_id: codeId, coder_id: p.actorId, created_at: new Date().toISOString(), orphaned: 0, derived_from: null };
      // A coding is in no reviewed item: what the export gate verified stays verified (verified.ts).
      carryOverCodings(p, transcriptId, () =>
        p.tx(() => {
          p.db
            .prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)')
            .run(row.id, transcriptId, versionId, start, end, codeId, row.coder_id, row.created_at);
          p.audit('coding.create', row.id, { transcriptId, versionId, start, end, codeId }, pid);
        }),
      );
      return codingOf(row);
    },

    'codings.delete': ({ id }) => {
      const p = ctx.requireProject();
      const row = p.db.prepare('SELECT c.*, t.current_version FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE c.id = ?').get(id) as (CodingRow & { current_version: string }) | undefined;
      if (!row) throw new TandaiError('NOT_FOUND', `no coding ${id}`);
      if (row.version_id !== row.current_version) throw new TandaiError('CONFLICT', `coding ${id} is on an earlier version of its transcript, kept as history: delete it on the current version`);
      const pid = transcriptParticipant(p, row.transcript_id);
      const write = () =>
        p.tx(() => {
          // A memo on the coding would be left pointing at nothing.
          const memos = p.db.prepare("DELETE FROM memos WHERE target_kind = 'coding' AND target_id = ?").run(id).changes;
          p.db.prepare('DELETE FROM codings WHERE id = ?').run(id);
          p.audit('coding.delete', id, { transcriptId: row.transcript_id, versionId: row.version_id, start: row.start, end: row.end, codeId: row.code_id, memosDeleted: memos }, pid);
        });
      // A memo is a reviewed item: deleting one is not carried over. A coding alone is in no item.
      if (p.db.prepare("SELECT 1 FROM memos WHERE target_kind = 'coding' AND target_id = ?").get(id)) write();
      else carryOverCodings(p, row.transcript_id, write);
      return { ok: true as const };
    },

    // Codings on each transcript's current version, in text order; orphaned ones (whose text a
    // correction deleted) only when asked for.
    'codings.list': ({ transcriptId, codeId, includeOrphaned }) => {
      const p = ctx.requireProject();
      const where = ['c.version_id = t.current_version'];
      const args: string[] = [];
      if (transcriptId) {
        transcriptParticipant(p, transcriptId); // NOT_FOUND for an unknown transcript, not an empty list
        where.push('c.transcript_id = ?');
        args.push(transcriptId);
      }
      if (codeId) {
        where.push('c.code_id = ?');
        args.push(codeId);
      }
      if (!includeOrphaned) where.push('c.orphaned = 0');
      const rows = p.db.prepare(`SELECT c.* FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.id, c.start, c."end", c.id`).all(...args) as CodingRow[];
      return rows.map(codingOf);
    },

    'marks.create': ({ transcriptId, versionId, start, end }) => {
      const p = ctx.requireProject();
      const pid = checkRange(p, facts, transcriptId, versionId, start, end);
      const row: MarkRow = { id: newId<MarkId>(), transcript_id: transcriptId, version_id: versionId, start, end, author_id: p.actorId, created_at: new Date().toISOString() };
      // A mark is in no reviewed item and no fact of the gate: what it verified stays verified.
      carryOver(p, () =>
        p.tx(() => {
          p.db.prepare('INSERT INTO marks (id, transcript_id, version_id, start, "end", author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.id, transcriptId, versionId, start, end, row.author_id, row.created_at);
          p.audit('mark.create', row.id, { transcriptId, versionId, start, end }, pid);
        }),
      );
      return markOf(row);
    },

    'marks.delete': ({ id }) => {
      const p = ctx.requireProject();
      const row = p.db.prepare('SELECT m.*, t.current_version FROM marks m JOIN transcripts t ON t.id = m.transcript_id WHERE m.id = ?').get(id) as (MarkRow & { current_version: string }) | undefined;
      if (!row) throw new TandaiError('NOT_FOUND', `no mark ${id}`);
      if (row.version_id !== row.current_version) throw new TandaiError('CONFLICT', `mark ${id} is on an earlier version of its transcript, kept as history: delete it on the current version`);
      const pid = transcriptParticipant(p, row.transcript_id);
      carryOver(p, () =>
        p.tx(() => {
          p.db.prepare('DELETE FROM marks WHERE id = ?').run(id);
          p.audit('mark.delete', id, { transcriptId: row.transcript_id, versionId: row.version_id, start: row.start, end: row.end }, pid);
        }),
      );
      return { ok: true as const };
    },

    // Marks on the transcript's current version, in text order.
    'marks.list': ({ transcriptId }) => {
      const p = ctx.requireProject();
      transcriptParticipant(p, transcriptId);
      const rows = p.db.prepare('SELECT m.* FROM marks m JOIN transcripts t ON t.id = m.transcript_id WHERE m.transcript_id = ? AND m.version_id = t.current_version ORDER BY m.start, m."end", m.id').all(transcriptId) as MarkRow[];
      return rows.map(markOf);
    },
  };
}
