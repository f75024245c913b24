/**
 * What the export gate keeps between exports while a project is open (services/deid/verified.ts):
 * each item's facts (hashes compared with the sign-off, the rendition's head, its packed edits,
 * where codings land) are computed again after any change to the project, so a change after a
 * first export is still refused, or rendered into the next export; only the export's own audit
 * entry leaves them standing. And a rendition made again from what was kept is byte for byte the
 * one the renderer makes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../../electron/backend/context.js';
import { decide } from '../../../electron/backend/services/deid/decide.js';
import { changeStamp, verifiedScope } from '../../../electron/backend/services/deid/verified.js';
import { careHandlers } from '../../../electron/backend/services/care.js';
import { codingHandlers } from '../../../electron/backend/services/codings.js';
import { memberPrefsHandlers } from '../../../electron/backend/services/member-prefs.js';
import { writeAttribute } from '../../../electron/backend/services/transcripts.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { gateSessions, type GateSessions } from './gate-fixture.js';
import type { ExportProject } from './project-fixture.js';

describe('the export gate between exports of one session', { timeout: 60_000 }, () => {
  let g: GateSessions;
  let fx: ExportProject;
  let ctx: Ctx;
  let out: string;
  const open = () => g.open();
  const run: GateSessions['run'] = (input) => g.run(input);
  const bytes: GateSessions['bytes'] = (r) => g.bytes(r);
  const freshlyVerified = (p: OpenProject) => verifiedScope(p, fx.scope).rendered.size;

  beforeAll(async () => {
    g = await gateSessions('session-out');
    ({ fx, ctx } = g);
    out = join(fx.dir, 'session-out');
    open();
  }, 120_000);

  afterAll(() => ctx.project?.close());

  it('a second export reuses what the first verified, and writes the same bytes as an export from a freshly opened project', async () => {
    const p = open();
    const cold = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    // The export's own audit entry left the verified items standing: nothing is rendered to check them.
    expect(freshlyVerified(p)).toBe(0);
    const warm = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    expect(bytes(warm.qdpx).equals(bytes(cold.qdpx))).toBe(true);
    expect(bytes(warm.html).equals(bytes(cold.html))).toBe(true);
    // Positive control: the excerpts are there (quoted from renditions made again from packed edits).
    expect(bytes(warm.html).toString('utf8')).toContain('Families also fear stigma');
  });

  it('a coding made after an export is in the next one, mapped as a full check maps it, and no item is checked again for it (no reviewed item holds a coding)', async () => {
    const p = open();
    const before = await run({ kind: 'qdpx' });
    const stamp = changeStamp(p);
    const tr = fx.transcripts.crlf;
    const start = tr.text.indexOf('far away');
    await codingHandlers(ctx)['codings.create']({ transcriptId: tr.transcriptId, versionId: tr.versionId, start, end: start + 'far away'.length, codeId: fx.codes.support.id }, () => {});
    expect(changeStamp(p)).not.toBe(stamp);
    expect(freshlyVerified(p)).toBe(0);
    const after = await run({ kind: 'qdpx' });
    expect(after.manifest.counts.codings).toBe(before.manifest.counts.codings + 1);
    // The same export from a session that checks every item (the open above stored nothing it could
    // start from: the store is marked stale by hand) is byte for byte the same.
    ctx.project!.close();
    const db = new Database(fx.projectPath);
    db.prepare('UPDATE gate_cache SET stale = 1').run();
    db.close();
    const q = open();
    expect(freshlyVerified(q)).toBe(fx.scope.length);
    expect(bytes(await run({ kind: 'qdpx' })).equals(bytes(after))).toBe(true);
  });

  it('a coding deleted is carried over too; one with a memo (a reviewed item) drops what the session verified', async () => {
    const p = open();
    const before = await run({ kind: 'qdpx' });
    const plain = p.db.prepare("SELECT id FROM codings c WHERE transcript_id = ? AND NOT EXISTS (SELECT 1 FROM memos WHERE target_kind = 'coding' AND target_id = c.id) LIMIT 1").pluck().get(fx.transcripts.crlf.transcriptId) as string;
    await codingHandlers(ctx)['codings.delete']({ id: plain }, () => {});
    expect(freshlyVerified(p)).toBe(0);
    expect((await run({ kind: 'qdpx' })).manifest.counts.codings).toBe(before.manifest.counts.codings - 1);
    const withMemo = p.db.prepare("SELECT target_id FROM memos WHERE target_kind = 'coding' AND target_id IN (SELECT id FROM codings WHERE transcript_id = ?)").pluck().get(fx.transcripts.sample.transcriptId) as string;
    expect(withMemo).toBeTruthy();
    await codingHandlers(ctx)['codings.delete']({ id: withMemo }, () => {});
    expect(freshlyVerified(p)).toBe(fx.scope.length);
  });

  it('a distress mark, a team flag and a personal preference leave what the session verified standing (none is in a reviewed item)', async () => {
    const p = open();
    await run({ kind: 'qdpx' });
    const tr = fx.transcripts.sample;
    const mark = await codingHandlers(ctx)['marks.create']({ transcriptId: tr.transcriptId, versionId: tr.versionId, start: 0, end: 5 }, () => {});
    await codingHandlers(ctx)['marks.delete']({ id: mark.id }, () => {});
    await careHandlers(ctx)['flags.needsAnotherCoder.set']({ transcriptId: tr.transcriptId, on: true }, () => {});
    await memberPrefsHandlers(ctx)['member.prefs.set']({ blindCoding: false }, () => {});
    expect(freshlyVerified(p)).toBe(0);
    // Positive control: a write the gate does not carry over.
    p.tx(() => p.db.prepare('UPDATE codes SET position = position + 1 WHERE id = ?').run(fx.codes.support.id));
    expect(freshlyVerified(p)).toBe(fx.scope.length);
  });

  it('a commit by another connection to the file drops what the session verified', async () => {
    const p = open();
    await run({ kind: 'qdpx' });
    expect(freshlyVerified(p)).toBe(0);
    const other = new Database(fx.projectPath);
    try {
      // A column no item is made of: the session cannot know that, and drops everything.
      other.prepare('UPDATE deid_candidates SET confidence = confidence / 2').run();
    } finally {
      other.close();
    }
    expect(freshlyVerified(p)).toBe(fx.scope.length);
  });

  it('an attribute changed after an export voids the sign-off for its transcript: the next export is refused, writing nothing', async () => {
    const p = open();
    await run({ kind: 'codebook-docx' });
    const target = fx.transcripts.arabic.transcriptId;
    p.tx(() => writeAttribute(p, target, fx.transcripts.arabic.participantId, 'interview_type', 'survivor'));
    const written = readdirSync(out).length;
    for (const kind of ['codebook-docx', 'qdpx'] as const) {
      await expect(run({ kind })).rejects.toThrow(new RegExp(`^export refused: (changed or added since the last scan: attribute|the sign-off is void for transcript ${target})`));
    }
    expect(readdirSync(out).length).toBe(written);
  });

  it('a decision changed after an export: the next export is refused', async () => {
    const p = open();
    // The Thai transcript (the attribute changed above voided the sign-off for the Arabic one).
    const thai = fx.transcripts.thai;
    const entityId = p.db.prepare("SELECT entity_id FROM deid_candidates WHERE source_kind = 'transcript' AND source_id = ? AND rev = ? LIMIT 1").pluck().get(thai.transcriptId, thai.versionId) as string;
    const hit = { entity_id: entityId, source_id: thai.transcriptId };
    await run({ kind: 'qdpx', transcriptIds: [hit.source_id] });
    decide(p, { entityId: hit.entity_id, action: 'redact' });
    await expect(run({ kind: 'qdpx', transcriptIds: [hit.source_id] })).rejects.toThrow(/^export refused: (the register changed, or decisions confirmed new identifiers|the sign-off is void for transcript)/);
  });
});
