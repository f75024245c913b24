/**
 * Bulk loading codings during a merge: the table's secondary indexes are dropped only when the
 * insert outnumbers the rows already there, and come back exactly as the schema defines them (or
 * with the rollback of a failed or planned merge).
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BulkLoad, inIdOrder } from '../../../electron/backend/services/merge-bulk.js';
import { migrate, type Db } from '../../../electron/backend/store/db.js';

let db: Db;
const indexes = () => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'codings' AND sql IS NOT NULL ORDER BY name").all() as { name: string; sql: string }[];
const insert = (n: number, from = 0) => {
  const ins = db.prepare("INSERT INTO codings (id, transcript_id, version_id, start, \"end\", code_id, coder_id, created_at) VALUES (?, 't', 'v', ?, ?, ?, 'coder', 'now')");
  for (let i = from; i < from + n; i++) ins.run(`c${String(i).padStart(8, '0')}`, i, i + 5, `code-${i % 7}`);
};

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db, 'test');
  // The rows' transcripts and versions are not what this is about.
  db.pragma('foreign_keys = OFF');
});
afterEach(() => db.close());

describe('BulkLoad (codings indexes during a large merge)', () => {
  it('drops the indexes for an insert that outnumbers the rows there, and builds them again exactly as the schema has them', () => {
    const before = indexes();
    expect(before.map((i) => i.name)).toEqual(expect.arrayContaining(['codings_code_cover', 'codings_version']));
    db.transaction(() => {
      const bulk = new BulkLoad(db, 'codings');
      bulk.beforeInsert(6_000, 0, 0);
      expect(indexes()).toEqual([]);
      insert(6_000);
      bulk.rebuild();
    })();
    expect(indexes()).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT transcript_id FROM codings WHERE code_id = 'code-3'").all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX codings_code_cover/);
    expect(db.prepare("SELECT COUNT(*) FROM codings WHERE code_id = 'code-3'").pluck().get()).toBe(857); // i % 7 === 3 for i < 6,000
  });

  it('keeps the indexes when the rows already there outnumber the insert, or the insert is small', () => {
    const before = indexes();
    db.transaction(() => {
      const bulk = new BulkLoad(db, 'codings');
      bulk.beforeInsert(6_000, 0, 20_000);
      expect(indexes()).toEqual(before);
      bulk.beforeInsert(100, 0, 0);
      expect(indexes()).toEqual(before);
      // Bundles still to come count: 6,000 now and 20,000 more outnumber 20,000 rows.
      bulk.beforeInsert(6_000, 20_000, 20_000);
      expect(indexes()).toEqual([]);
      bulk.rebuild();
    })();
    expect(indexes()).toEqual(before);
  });

  it('a rollback (a failed merge, or a plan) brings the dropped indexes back with everything else', () => {
    const before = indexes();
    expect(() =>
      db.transaction(() => {
        new BulkLoad(db, 'codings').beforeInsert(6_000, 0, 0);
        insert(6_000);
        throw new Error('the merge failed');
      })(),
    ).toThrow('the merge failed');
    expect(indexes()).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) FROM codings').pluck().get()).toBe(0);
  });

  it('refuses to run outside a transaction (the indexes would be gone for good on a crash)', () => {
    expect(() => new BulkLoad(db, 'codings').beforeInsert(6_000, 0, 0)).toThrow(/inside a transaction/);
    expect(indexes().length).toBeGreaterThan(0);
  });
});

describe('inIdOrder (codings inserted in key order)', () => {
  /** mulberry32, so the ids (and any shared leading digits) are the same on every run. */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uuid = (r: () => number) => {
    const h = (w: number) => Array.from({ length: w }, () => Math.floor(r() * 16).toString(16)).join('');
    return `${h(8)}-${h(4)}-4${h(3)}-8${h(3)}-${h(12)}`;
  };

  it('orders 20,000 UUIDs as a string sort does, keeping every row once', () => {
    const r = rng(20261128);
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: uuid(r), n: i }));
    const expected = [...rows].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    expect(inIdOrder(rows)).toEqual(expected);
    expect(rows[0]!.n).toBe(0); // the input is left as it was
  });

  it('keeps rows whose ids are not hex (or share their leading digits) in their given order, dropping none', () => {
    const rows = [{ id: 'zeta' }, { id: 'b0000000-0000-4000-8000-000000000002' }, { id: 'alpha' }, { id: 'b0000000-0000-4000-8000-000000000001' }, { id: '0a' }];
    const out = inIdOrder(rows);
    expect(out).toHaveLength(rows.length);
    expect(new Set(out)).toEqual(new Set(rows));
    expect(out.indexOf(rows[0]!)).toBeLessThan(out.indexOf(rows[2]!));
    expect(out.indexOf(rows[4]!)).toBeLessThan(out.indexOf(rows[1]!));
    expect(inIdOrder([])).toEqual([]);
  });
});
