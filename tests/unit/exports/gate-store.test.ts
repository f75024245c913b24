/**
 * What the export gate verified, kept in the project between sessions (verified-store.ts): a session
 * that opens a project nobody changed since the last one closed starts from it (no item is rendered
 * or hashed again, and the exports are byte for byte the same); a write while the project is closed,
 * by any program, marks it stale and drops it; a session that wrote after its last check, that saw
 * another connection write, or that never closed (a crash) leaves nothing to start from.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebookHandlers } from '../../../electron/backend/services/codebook.js';
import { codingHandlers } from '../../../electron/backend/services/codings.js';
import { verifiedScope } from '../../../electron/backend/services/deid/verified.js';
import { GATE_UNWATCHED, TRIGGER_PREFIX } from '../../../electron/backend/services/deid/verified-store.js';
import type { Ctx } from '../../../electron/backend/context.js';
import { gateSessions, type GateSessions } from './gate-fixture.js';
import { MARKER, type ExportProject } from './project-fixture.js';

describe('the export gate between sessions', { timeout: 60_000 }, () => {
  let g: GateSessions;
  let fx: ExportProject;
  let ctx: Ctx;
  const open = () => g.open();
  const close = () => g.close();
  const run: GateSessions['run'] = (input) => g.run(input);
  const bytes: GateSessions['bytes'] = (r) => g.bytes(r);
  /** The file as another program sees it, with no Tandai session open. */
  const raw = <T>(fn: (db: Database.Database) => T): T => {
    close();
    const db = new Database(fx.projectPath);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const stored = () => raw((db) => db.prepare('SELECT stale, facts_ct IS NOT NULL AS facts FROM gate_cache').get() as { stale: number; facts: number });
  const triggers = (db: Database.Database) => new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]);
  /** Items a session computes for the scope (0: it started from stored facts). */
  const computedOnOpen = () => verifiedScope(open(), fx.scope).computed;
  /** A session that checks the whole scope and closes: the facts are stored. */
  const checkAndClose = async () => {
    open();
    await run({ kind: 'qdpx' });
    close();
    expect(stored()).toEqual({ stale: 0, facts: 1 });
  };

  beforeAll(async () => {
    g = await gateSessions('store-out');
    ({ fx, ctx } = g);
  }, 120_000);

  afterAll(() => ctx.project?.close());

  it('closed by Tandai, every table but the header, the audit log and the store itself carries insert, update and delete triggers; while a session has it open, none', () => {
    open();
    expect([...triggers(ctx.project!.db)].filter((t) => t.startsWith(TRIGGER_PREFIX))).toEqual([]);
    raw((db) => {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
      const names = triggers(db);
      expect(tables.length).toBeGreaterThan(30);
      for (const t of tables) {
        for (const op of ['insert', 'update', 'delete']) expect(names.has(`${TRIGGER_PREFIX}${t}_${op}`), `${t} ${op}`).toBe(!GATE_UNWATCHED.includes(t));
      }
    });
  });

  it('a session that opens a project nobody changed renders and hashes nothing, and exports the same bytes as one that computed every item', async () => {
    // The baseline computes everything: the store is marked stale by hand (gate_cache is unwatched).
    raw((db) => db.prepare('UPDATE gate_cache SET stale = 1').run());
    open();
    const computed = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    close();
    expect(stored()).toEqual({ stale: 0, facts: 1 });
    expect(computedOnOpen()).toBe(0);
    const resumed = { qdpx: await run({ kind: 'qdpx' }), html: await run({ kind: 'codebook-html' }) };
    expect(bytes(resumed.qdpx).equals(bytes(computed.qdpx))).toBe(true);
    expect(bytes(resumed.html).equals(bytes(computed.html))).toBe(true);
    expect(bytes(resumed.html).toString('utf8')).toContain('Families also fear stigma'); // positive control
    // A session that used the stored facts and wrote nothing leaves them for the next one.
    close();
    expect(stored()).toEqual({ stale: 0, facts: 1 });
    expect(computedOnOpen()).toBe(0);
  });

  it('the stored facts are sealed: no text, id or key of an item is readable in the file, nor the canary', () => {
    raw((db) => {
      const ct = db.prepare('SELECT facts_ct FROM gate_cache').pluck().get() as Buffer;
      expect(ct.length).toBeGreaterThan(100);
      for (const needle of ['Families', 'stigma', 'transcript:', MARKER, fx.scope[0]!]) expect(ct.includes(Buffer.from(needle)), needle).toBe(false);
    });
  });

  it('a write by another program while the project is closed drops them: the next session computes every item, and a change that voids the sign-off is refused', async () => {
    await checkAndClose();
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
    expect(computedOnOpen()).toBeGreaterThanOrEqual(fx.scope.length);
    await expect(run({ kind: 'qdpx' })).rejects.toThrow(/^export refused/);
    // Put back as it was, for the tests below (the same shell, the same decision).
    raw((db) =>
      db
        .prepare(
          `UPDATE deid_decisions SET action = CASE action WHEN 'redact' THEN 'not-identifier' ELSE 'redact' END WHERE id = (
             SELECT COALESCE(c.decision_id, e.decision_id) FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id
             WHERE c.source_kind = 'transcript' AND c.source_id = ? AND c.rev = ? AND COALESCE(c.decision_id, e.decision_id) IS NOT NULL LIMIT 1)`,
        )
        .run(thai.transcriptId, thai.versionId),
    );
    open();
    await run({ kind: 'qdpx' });
  });

  it('a session that wrote after its last check stores nothing: the next one computes every item', async () => {
    await checkAndClose();
    const p = open();
    await run({ kind: 'qdpx' });
    // Moving a code within its parent changes no item, but the gate carries over only codings.
    expect(p).toBe(ctx.project);
    await codebookHandlers(ctx)['codes.move']({ id: fx.codes.support.id, parentId: null, position: 0 }, () => {});
    close();
    expect(stored()).toEqual({ stale: 1, facts: 0 });
    expect(computedOnOpen()).toBeGreaterThanOrEqual(fx.scope.length);
  });

  it('a coding added after the last check is carried into the stored facts: the next session checks nothing again and exports it', async () => {
    await checkAndClose();
    const p = open();
    const before = await run({ kind: 'qdpx' });
    const tr = fx.transcripts.crlf;
    const start = tr.text.indexOf('school counsellor');
    await codingHandlers(ctx)['codings.create']({ transcriptId: tr.transcriptId, versionId: tr.versionId, start, end: start + 'school counsellor'.length, codeId: fx.codes.stigma.id }, () => {});
    expect(verifiedScope(p, fx.scope).computed).toBe(0);
    close();
    expect(stored()).toEqual({ stale: 0, facts: 1 });
    expect(computedOnOpen()).toBe(0);
    const after = await run({ kind: 'qdpx' });
    expect(after.manifest.counts.codings).toBe(before.manifest.counts.codings + 1);
  });

  it('a session that saw another connection commit stores nothing', async () => {
    await checkAndClose();
    const p = open();
    expect(verifiedScope(p, fx.scope).computed).toBe(0);
    const other = new Database(fx.projectPath);
    try {
      // A column no item is made of, and no trigger while the session has the file: its stamp sees it.
      // (A write that leaves every byte as it was commits nothing, and is rightly not seen.)
      other.prepare('UPDATE deid_candidates SET confidence = confidence / 2').run();
    } finally {
      other.close();
    }
    close();
    expect(stored()).toEqual({ stale: 1, facts: 0 });
  });

  it('a session that never closed (a crash) leaves them stale: the next one computes every item', async () => {
    await checkAndClose();
    const p = open();
    expect(verifiedScope(p, fx.scope).computed).toBe(0);
    // The process dies: the connection goes without the project's close (no hook runs).
    p.db.close();
    ctx.project = null;
    expect(stored()).toEqual({ stale: 1, facts: 1 });
    expect(computedOnOpen()).toBeGreaterThanOrEqual(fx.scope.length);
  });

  it('stored facts that do not open (altered in the file) are ignored, and the project opens and exports as ever', async () => {
    await checkAndClose();
    raw((db) => {
      const ct = db.prepare('SELECT facts_ct FROM gate_cache').pluck().get() as Buffer;
      ct.writeUInt8(ct.readUInt8(ct.length - 5) ^ 0x40, ct.length - 5);
      db.prepare('UPDATE gate_cache SET facts_ct = ?, stale = 0').run(ct);
    });
    expect(computedOnOpen()).toBeGreaterThanOrEqual(fx.scope.length);
    await run({ kind: 'qdpx' });
  });
});
