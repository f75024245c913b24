import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PASS, PASS2, testBackend, writeFiles } from '../helpers/backend.js';

const transcript = (n: number) => `Interviewer: Thank you for meeting me, number ${n}.\nP1: It was hard to report at first.\nInterviewer: What helped?\nP1: A teacher listened.\n`;

async function projectWithTranscripts(recoveryKey = true) {
  const t = await testBackend();
  await t.call('identity.create', { displayName: 'Ayu', passphrase: PASS });
  const path = join(t.dir, 'study.tandai');
  const created = await t.call('project.create', { path, passphrase: PASS, recoveryKey });
  const files = writeFiles(join(t.dir, 'in'), { 'a.txt': transcript(1), 'b.txt': transcript(2) });
  await t.call('transcripts.import', { paths: files });
  return { ...t, path, created };
}

describe('project file lifecycle', () => {
  it('creates one .tandai file, shows the recovery phrase once, and stamps the creator as lead', async () => {
    const t = await projectWithTranscripts();
    expect(existsSync(t.path)).toBe(true);
    expect(t.created.recoveryPhrase!.split(' ')).toHaveLength(24);
    expect(t.created.project.hasRecoveryKey).toBe(true);
    expect((await t.call('project.info', {})).transcriptCount).toBe(2);
    const team = await t.call('team.list', {});
    expect(team).toMatchObject([{ displayName: 'Ayu', role: 'lead', canOpen: true }]);
    // The phrase is never answered again by any channel.
    expect(JSON.stringify(await t.call('project.info', {}))).not.toContain(t.created.recoveryPhrase!.split(' ')[0]! + ' ' + t.created.recoveryPhrase!.split(' ')[1]!);
  });

  it('refuses a weak passphrase with the reason, and creates no file', async () => {
    const t = await testBackend();
    const path = join(t.dir, 'weak.tandai');
    const e = await t.fail('project.create', { path, passphrase: 'password1234', recoveryKey: false });
    expect(e.code).toBe('WEAK_PASSPHRASE');
    expect(e.message).toMatch(/weak passphrase: too easy to guess/);
    expect(existsSync(path)).toBe(false);
  });

  it('locks (forgetting keys and checkpointing to one file) and unlocks with the passphrase', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    expect((await t.fail('transcripts.list', {})).code).toBe('PROJECT_LOCKED');
    expect(statSync(t.path + '-wal', { throwIfNoEntry: false })?.size ?? 0).toBe(0);
    await t.call('project.open', { path: t.path, passphrase: PASS });
    expect(await t.call('transcripts.list', {})).toHaveLength(2);
  });

  it('opens through the unlocked identity, with no project passphrase (one passphrase a day)', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    await t.call('identity.unlock', { passphrase: PASS });
    const info = await t.call('project.open', { path: t.path });
    expect(info.openedWith).toBe('identity');
    expect(info.transcriptCount).toBe(2);
  });

  it('says "wrong passphrase" and changes nothing', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    const before = readFileSync(t.path);
    const e = await t.fail('project.open', { path: t.path, passphrase: 'not the right passphrase at all' });
    expect(e).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'wrong passphrase for study.tandai' });
    expect(readFileSync(t.path).equals(before)).toBe(true);
  });

  it('changes the passphrase: the old one stops working, the new one opens', async () => {
    const t = await projectWithTranscripts();
    expect((await t.fail('project.changePassphrase', { current: 'wrong current passphrase here', next: PASS2 })).code).toBe('WRONG_PASSPHRASE');
    await t.call('project.changePassphrase', { current: PASS, next: PASS2 });
    await t.call('project.lock', {});
    expect((await t.fail('project.open', { path: t.path, passphrase: PASS })).code).toBe('WRONG_PASSPHRASE');
    expect((await t.call('project.open', { path: t.path, passphrase: PASS2 })).transcriptCount).toBe(2);
  });

  it('recovers with the recovery key and sets a new passphrase', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    expect((await t.fail('project.recover', { path: t.path, recoveryPhrase: 'abandon '.repeat(23) + 'art', newPassphrase: PASS2 })).code).toBe('WRONG_RECOVERY_KEY');
    const info = await t.call('project.recover', { path: t.path, recoveryPhrase: t.created.recoveryPhrase!, newPassphrase: PASS2 });
    expect(info.transcriptCount).toBe(2);
    await t.call('project.lock', {});
    expect((await t.call('project.open', { path: t.path, passphrase: PASS2 })).openedWith).toBe('passphrase');
  });

  it('backs up to an encrypted copy that verifies and opens with the same passphrase', async () => {
    const t = await projectWithTranscripts();
    const out = join(t.dir, 'backup.tandai');
    const r = await t.call('project.backup', { out });
    expect(r).toMatchObject({ path: out, verified: true });
    expect((await t.fail('project.backup', { out })).code).toBe('ALREADY_EXISTS');
    await t.call('project.lock', {});
    expect((await t.call('project.open', { path: out, passphrase: PASS })).transcriptCount).toBe(2);
  });

  it('refuses a project from a newer schema version with a clear message', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    const db = new Database(t.path);
    db.pragma('user_version = 99');
    db.close();
    const e = await t.fail('project.open', { path: t.path, passphrase: PASS });
    expect(e.code).toBe('NEWER_SCHEMA');
    expect(e.message).toMatch(/made by a newer version of Tandai \(schema 99/);
  });

  it('refuses a file that is not a project, and a truncated project, naming the file', async () => {
    const t = await projectWithTranscripts();
    await t.call('project.lock', {});
    const notProject = join(t.dir, 'notes.tandai');
    writeFileSync(notProject, 'just some text');
    expect(await t.fail('project.open', { path: notProject, passphrase: PASS })).toMatchObject({ code: 'NOT_A_PROJECT', message: expect.stringContaining('notes.tandai') });
    const bytes = readFileSync(t.path);
    writeFileSync(t.path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await t.fail('project.open', { path: t.path, passphrase: PASS });
    expect(['INTEGRITY', 'NOT_A_PROJECT']).toContain(e.code);
    expect(e.message).toMatch(/study\.tandai/);
  });

  it('adds a teammate by their public key card, shows their fingerprint, and lets their identity open the project', async () => {
    const lead = await projectWithTranscripts();
    const mate = await testBackend();
    const mateInfo = await mate.call('identity.create', { displayName: 'Budi', passphrase: PASS2 });
    const member = await lead.call('team.add', { card: mateInfo.card, role: 'coder' });
    expect(member).toMatchObject({ displayName: 'Budi', role: 'coder', fingerprint: mateInfo.fingerprint, canOpen: true });
    expect((await lead.fail('team.add', { card: mateInfo.card, role: 'coder' })).code).toBe('ALREADY_EXISTS');
    await lead.call('project.lock', {});
    expect((await mate.call('project.open', { path: lead.path })).openedWith).toBe('identity');
  });

  it('refuses an altered public key card', async () => {
    const lead = await projectWithTranscripts();
    const mate = await testBackend();
    const { card } = await mate.call('identity.create', { displayName: 'Budi', passphrase: PASS2 });
    const body = JSON.parse(Buffer.from(card.slice('tandai-id:1:'.length), 'base64url').toString());
    body.name = 'Mallory';
    const forged = 'tandai-id:1:' + Buffer.from(JSON.stringify(body)).toString('base64url');
    expect(await lead.fail('team.add', { card: forged, role: 'reviewer' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/signature does not match/) });
  });
});
