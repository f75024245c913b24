import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS, testBackend, writeFiles } from '../helpers/backend.js';

const interview = (tag: string) => `Interviewer: Hello ${tag}.\nP1: Hello.\nInterviewer: Tell me about the school.\nP1: The teacher helped me.\n`;

async function setup() {
  const t = await testBackend();
  await t.call('identity.create', { displayName: 'Ayu', passphrase: PASS });
  const path = join(t.dir, 'p.tandai');
  await t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
  const files = writeFiles(join(t.dir, 'in'), { 'a.txt': interview('a'), 'b.txt': interview('b'), 'c.txt': interview('c') });
  await t.call('transcripts.import', { paths: [files[0]!], participant: 'P1' });
  await t.call('transcripts.import', { paths: [files[1]!, files[2]!], participant: 'P2' });
  return { ...t, path };
}

/** Opens the project file outside Tandai, as an attacker with the file (not the keys) would. */
function raw(path: string, fn: (db: Database.Database) => void) {
  const db = new Database(path);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe('withdrawing a participant (crypto-shredding)', () => {
  it('deletes their wrapped key and rows; the key bytes appear nowhere in the .tandai, -wal or -shm file', async () => {
    const t = await setup();
    const p2 = (await t.call('participants.list', {})).find((p) => p.label === 'P2')!;
    let wrapped!: Buffer;
    raw(t.path, (db) => {
      wrapped = (db.prepare('SELECT wrapped_key FROM participants WHERE id = ?').get(p2.id) as { wrapped_key: Buffer }).wrapped_key;
    });
    expect(wrapped.length).toBeGreaterThan(32);
    // Positive control: before withdrawal the bytes are on disk, so the search below can find them.
    const onDisk = () => [t.path, t.path + '-wal'].some((f) => existsSync(f) && readFileSync(f).indexOf(wrapped) !== -1);
    expect(onDisk()).toBe(true);
    const r = await t.call('participants.withdraw', { participantId: p2.id });
    expect(r).toMatchObject({ transcriptsDeleted: 2 });
    for (const f of [t.path, t.path + '-wal', t.path + '-shm']) {
      if (existsSync(f)) expect(readFileSync(f).indexOf(wrapped)).toBe(-1);
    }
    expect((await t.call('transcripts.list', {})).map((x) => x.participantLabel)).toEqual(['P1']);
    await t.call('project.lock', {});
    for (const f of [t.path, t.path + '-wal', t.path + '-shm']) {
      if (existsSync(f)) expect(readFileSync(f).indexOf(wrapped)).toBe(-1);
    }
  });

  it('keeps the audit chain verifiable and reports the entries that became unreadable', async () => {
    const t = await setup();
    const p2 = (await t.call('participants.list', {})).find((p) => p.label === 'P2')!;
    const before = await t.call('audit.verify', {});
    expect(before).toMatchObject({ ok: true, unreadable: 0 });
    await t.call('participants.withdraw', { participantId: p2.id });
    const after = await t.call('audit.verify', {});
    expect(after.ok).toBe(true);
    expect(after.entries).toBe(before.entries + 1);
    expect(after.unreadable).toBe(3); // participant.create + two imports, all under P2's key
    expect((await t.fail('participants.withdraw', { participantId: p2.id })).code).toBe('WITHDRAWN');
  });
});

describe('audit chain', () => {
  it('records every change with ids and action codes, details readable only with the keys', async () => {
    const t = await setup();
    const entries = await t.call('audit.list', {});
    expect(entries.map((e) => e.action).reverse()).toEqual(['project.create', 'team.add', 'participant.create', 'transcript.import', 'participant.create', 'transcript.import', 'transcript.import']);
    raw(t.path, (db) => {
      const rows = db.prepare('SELECT action, details_ct FROM audit').all() as { action: string; details_ct: Buffer | null }[];
      for (const r of rows) expect(r.details_ct?.toString('latin1') ?? '').not.toMatch(/a\.txt|P2/);
    });
  });

  it('detects a cut tail', async () => {
    const t = await setup();
    await t.call('project.lock', {});
    raw(t.path, (db) => {
      db.exec('DROP TRIGGER audit_no_delete');
      db.exec('DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)');
    });
    await t.call('project.open', { path: t.path, passphrase: PASS });
    const r = await t.call('audit.verify', {});
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/the tail was cut/);
  });

  it('detects an altered entry', async () => {
    const t = await setup();
    await t.call('project.lock', {});
    raw(t.path, (db) => {
      db.exec('DROP TRIGGER audit_no_update');
      db.exec("UPDATE audit SET action = 'transcript.view' WHERE seq = 4");
    });
    await t.call('project.open', { path: t.path, passphrase: PASS });
    expect((await t.call('audit.verify', {})).problems.join('\n')).toMatch(/entry 4 \(transcript.view\) does not match its hash/);
  });

  it('detects a rolled-back file against the head the identity last saw', async () => {
    const t = await setup();
    await t.call('project.lock', {});
    const old = join(t.dir, 'old-copy.tandai');
    copyFileSync(t.path, old);
    await t.call('identity.unlock', { passphrase: PASS });
    await t.call('project.open', { path: t.path });
    const [f] = writeFiles(join(t.dir, 'more'), { 'd.txt': interview('d') });
    await t.call('transcripts.import', { paths: [f!] });
    await t.call('project.lock', {});
    copyFileSync(old, t.path); // an attacker (or a sync tool) puts back the older file
    await t.call('identity.unlock', { passphrase: PASS });
    await t.call('project.open', { path: t.path });
    const r = await t.call('audit.verify', {});
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/rolled back or replaced by an older copy/);
  });
});

describe('tampering with ciphertext on disk', () => {
  it('a flipped byte in a transcript text gives an integrity error naming what failed', async () => {
    const t = await setup();
    const [first] = await t.call('transcripts.list', {});
    await t.call('project.lock', {});
    raw(t.path, (db) => {
      const row = db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(first!.versionId) as { text_ct: Buffer };
      row.text_ct[40]! ^= 0x01;
      db.prepare('UPDATE transcript_versions SET text_ct = ? WHERE id = ?').run(row.text_ct, first!.versionId);
    });
    await t.call('project.open', { path: t.path, passphrase: PASS });
    const e = await t.fail('transcripts.get', { id: first!.id });
    expect(e.code).toBe('INTEGRITY');
    expect(e.message).toBe(`integrity check failed: transcript_versions.text of ${first!.versionId} was altered, moved or encrypted under another key`);
  });

  it('a ciphertext moved to another row (same participant, same key) is refused', async () => {
    const t = await setup();
    const list = await t.call('transcripts.list', {});
    const [b, c] = list.filter((x) => x.participantLabel === 'P2');
    await t.call('project.lock', {});
    raw(t.path, (db) => {
      const row = db.prepare('SELECT title_ct FROM transcripts WHERE id = ?').get(b!.id) as { title_ct: Buffer };
      db.prepare('UPDATE transcripts SET title_ct = ? WHERE id = ?').run(row.title_ct, c!.id);
    });
    await t.call('project.open', { path: t.path, passphrase: PASS });
    expect(await t.fail('transcripts.list', {})).toMatchObject({ code: 'INTEGRITY', message: expect.stringContaining(`transcripts.title of ${c!.id}`) });
  });

  it('lowering the stored KDF parameters is refused rather than speeding up an attack', async () => {
    const t = await setup();
    await t.call('project.lock', {});
    raw(t.path, (db) => db.exec('UPDATE header SET kdf_mem = 8192, kdf_ops = 1'));
    expect((await t.fail('project.open', { path: t.path, passphrase: PASS })).message).toMatch(/below the floor/);
    raw(t.path, (db) => db.exec(`UPDATE header SET kdf_mem = ${128 * 1024 * 1024}, kdf_ops = 2`));
    // Parameters changed upwards are bound into the wrap's associated data: the passphrase no longer opens it.
    expect((await t.fail('project.open', { path: t.path, passphrase: PASS })).code).toBe('WRONG_PASSPHRASE');
  });
});
