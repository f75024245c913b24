/**
 * What the export gate keeps between exports while a project is open (services/deid/verified.ts):
 * each item's facts (hashes compared with the sign-off, the rendition's head, its packed edits,
 * where codings land) are computed again after any change to the project, so a change after a
 * first export is still refused, or rendered into the next export; only the export's own audit
 * entry leaves them standing. And a rendition made again from what was kept is byte for byte the
 * one the renderer makes.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ctx } from '../../../electron/backend/context.js';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { decide } from '../../../electron/backend/services/deid/decide.js';
import { deidMemoText, deidRenditionSource } from '../../../electron/backend/services/deid/gate.js';
import { changeStamp, verifiedScope } from '../../../electron/backend/services/deid/verified.js';
import { codingHandlers } from '../../../electron/backend/services/codings.js';
import { runExport, type ExportDeps, type RunInput } from '../../../electron/backend/services/exports.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { writeAttribute } from '../../../electron/backend/services/transcripts.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { PASS } from '../helpers/backend.js';
import { exportProject, type ExportProject } from './project-fixture.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
// The terminology check is off here: the document's other parts are what these tests compare.
const deps: ExportDeps = { renditionSource: () => deidRenditionSource(), terminology: null, memoText: deidMemoText, now: () => NOW };

describe('the export gate between exports of one session', { timeout: 60_000 }, () => {
  let fx: ExportProject;
  let ctx: Ctx;
  let out: string;
  let n = 0;
  const open = (): OpenProject => {
    ctx.project?.close();
    ctx.project = openProjectFile(fx.projectPath, { kind: 'identity', identity: ctx.identity! }, ctx.identity!);
    return ctx.project;
  };
  const run = (input: Omit<RunInput, 'out' | 'purpose'> & { purpose?: RunInput['purpose'] }) => {
    const ext = input.kind === 'qdpx' ? 'qdpx' : input.kind === 'codebook-html' ? 'html' : input.kind === 'codebook-docx' ? 'docx' : 'csv';
    return runExport(ctx, { purpose: 'sharing', transcriptIds: fx.scope, ...input, out: join(out, `${n++}.${ext}`) }, deps);
  };
  const bytes = (r: { files: { path: string }[] }) => readFileSync(r.files[0]!.path);
  const freshlyVerified = (p: OpenProject) => verifiedScope(p, fx.scope).rendered.size;

  beforeAll(async () => {
    fx = await exportProject();
    fx.t.backend.close();
    fx.review!.reviewer.backend.close();
    const home = join(fx.dir, 'home');
    const ks = new Keystore(home);
    ctx = new Ctx({ home, kdf: KDF_FLOOR }, ks);
    ctx.identity = ks.unlock(PASS);
    out = join(fx.dir, 'session-out');
    mkdirSync(out);
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

  it('a coding made after an export is in the next one: any write drops what the session verified', async () => {
    const p = open();
    const before = await run({ kind: 'qdpx' });
    const stamp = changeStamp(p);
    const tr = fx.transcripts.crlf;
    const start = tr.text.indexOf('far away');
    await codingHandlers(ctx)['codings.create']({ transcriptId: tr.transcriptId, versionId: tr.versionId, start, end: start + 'far away'.length, codeId: fx.codes.support.id }, () => {});
    expect(changeStamp(p)).not.toBe(stamp);
    expect(freshlyVerified(p)).toBe(fx.scope.length);
    const after = await run({ kind: 'qdpx' });
    expect(after.manifest.counts.codings).toBe(before.manifest.counts.codings + 1);
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
