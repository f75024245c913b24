/**
 * What the export gate verified, kept in the project between sessions (verified-store.ts): a session
 * that opens a project nobody changed starts from it (no item is rendered or hashed again, and the
 * export is byte for byte the same); any write to a table an item is made of, by any program,
 * marks it stale and drops it, so a change made while the project was closed is still refused.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ctx } from '../../../electron/backend/context.js';
import { Keystore } from '../../../electron/backend/identity/keystore.js';
import { deidMemoText, deidRenditionSource } from '../../../electron/backend/services/deid/gate.js';
import { verifiedScope } from '../../../electron/backend/services/deid/verified.js';
import { runExport, type ExportDeps, type RunInput } from '../../../electron/backend/services/exports.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { GATE_UNWATCHED } from '../../../electron/backend/store/migrations.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { PASS } from '../helpers/backend.js';
import { exportProject, MARKER, type ExportProject } from './project-fixture.js';

const NOW = new Date('2026-11-28T08:00:00.000Z');
const deps: ExportDeps = { renditionSource: () => deidRenditionSource(), terminology: null, memoText: deidMemoText, now: () => NOW };

describe('the export gate between sessions', { timeout: 60_000 }, () => {
  let fx: ExportProject;
  let ctx: Ctx;
  let out: string;
  let n = 0;
  const open = (): OpenProject => {
    ctx.project?.close();
    ctx.project = openProjectFile(fx.projectPath, { kind: 'identity', identity: ctx.identity! }, ctx.identity!);
    return ctx.project;
  };
  const run = (input: Omit<RunInput, 'out' | 'purpose'>) => runExport(ctx, { purpose: 'sharing', transcriptIds: fx.scope, ...input, out: join(out, `${n++}.${input.kind === 'qdpx' ? 'qdpx' : 'html'}`) }, deps);
  const bytes = (r: { files: { path: string }[] }) => readFileSync(r.files[0]!.path);
  const raw = <T>(fn: (db: Database.Database) => T): T => {
    ctx.project?.close();
    ctx.project = null;
    const db = new Database(fx.projectPath);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const stored = () => raw((db) => db.prepare('SELECT stale, facts_ct IS NOT NULL AS facts FROM gate_cache').get() as { stale: number; facts: number });

  beforeAll(async () => {
    fx = await exportProject();
    fx.t.backend.close();
    fx.review!.reviewer.backend.close();
    const home = join(fx.dir, 'home');
    const ks = new Keystore(home);
    ctx = new Ctx({ home, kdf: KDF_FLOOR }, ks);
    ctx.identity = ks.unlock(PASS);
    out = join(fx.dir, 'store-out');
    mkdirSync(out);
  }, 120_000);

  afterAll(() => ctx.project?.close());

  it('every table but the header, the audit log and the store itself marks the stored facts stale on insert, update and delete', () => {
    raw((db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      const triggers = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]);
      expect(tables.length).toBeGreaterThan(30);
      for (const t of tables) {
        if (GATE_UNWATCHED.includes(t)) continue;
        for (const op of ['insert', 'update', 'delete']) expect(triggers.has(`gate_stale_${t}_${op}`), `${t} ${op}`).toBe(true);
      }
    });
  });

  it('a session that opens a project nobody changed renders and hashes nothing, and exports the same bytes', async () => {
    open();
    const first = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    expect(stored()).toEqual({ stale: 0, facts: 1 });
    const p = open();
    expect(verifiedScope(p, fx.scope).computed).toBe(0);
    const again = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    expect(bytes(again.qdpx).equals(bytes(first.qdpx))).toBe(true);
    expect(bytes(again.html).equals(bytes(first.html))).toBe(true);
    expect(bytes(again.html).toString('utf8')).toContain('Families also fear stigma'); // positive control
  });

  it('the stored facts are sealed: nothing of them is readable in the file, and the canary transcript is not among them', () => {
    raw((db) => {
      const ct = db.prepare('SELECT facts_ct FROM gate_cache').pluck().get() as Buffer;
      expect(ct.length).toBeGreaterThan(100);
      for (const needle of ['Families', 'stigma', 'transcript:', MARKER, fx.scope[0]!]) expect(ct.includes(Buffer.from(needle)), needle).toBe(false);
    });
  });

  it('a write by another program while the project is closed marks them stale and drops them: the next session computes every item, and a change that voids the sign-off is refused', async () => {
    open();
    await run({ kind: 'qdpx' });
    expect(stored()).toEqual({ stale: 0, facts: 1 });
    // A SQLite shell changes what replaces an identifier in the Thai transcript (no code of Tandai runs).
    const thai = fx.transcripts.thai;
    raw((db) => {
      const changed = db
        .prepare(
          `UPDATE deid_decisions SET action = CASE action WHEN 'redact' THEN 'not-identifier' ELSE 'redact' END WHERE id = (
             SELECT COALESCE(c.decision_id, e.decision_id) FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id
             WHERE c.source_kind = 'transcript' AND c.source_id = ? AND c.rev = ? AND COALESCE(c.decision_id, e.decision_id) IS NOT NULL LIMIT 1)`,
        )
        .run(thai.transcriptId, thai.versionId).changes;
      expect(changed).toBe(1);
    });
    expect(stored()).toEqual({ stale: 1, facts: 0 });
    const p = open();
    expect(verifiedScope(p, fx.scope).computed).toBeGreaterThanOrEqual(fx.scope.length);
    await expect(run({ kind: 'qdpx' })).rejects.toThrow(/^export refused/);
  });
});
