import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PASS, testBackend } from '../helpers/backend.js';
import { closeAll, type Team, team } from './helpers.js';

let tm: Team | null = null;
afterEach(() => {
  closeAll(tm);
  tm = null;
});

describe('member.prefs (blind coding kept in the project, per person)', () => {
  it('is off until the person switches it on, and then stays on across lock and unlock', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    expect(await amina.t.call('member.prefs.get', {})).toEqual({ blindCoding: false });
    expect(await amina.t.call('member.prefs.set', { blindCoding: true })).toEqual({ blindCoding: true });
    await amina.t.call('project.lock', {});
    expect((await amina.t.fail('member.prefs.get', {})).code).toBe('PROJECT_LOCKED');
    await amina.t.call('project.open', { path: amina.projectPath });
    expect(await amina.t.call('member.prefs.get', {})).toEqual({ blindCoding: true });
    // Setting nothing changes nothing; switching off is kept too.
    expect(await amina.t.call('member.prefs.set', {})).toEqual({ blindCoding: true });
    expect(await amina.t.call('member.prefs.set', { blindCoding: false })).toEqual({ blindCoding: false });
    expect(await amina.t.call('member.prefs.get', {})).toEqual({ blindCoding: false });
  });

  it('survives a restart of the app (a new backend on the same files)', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await amina.t.call('member.prefs.set', { blindCoding: true });
    amina.t.backend.close();
    const again = await testBackend(amina.t.dir);
    try {
      await again.call('identity.unlock', { passphrase: PASS });
      await again.call('project.open', { path: amina.projectPath });
      expect(await again.call('member.prefs.get', {})).toEqual({ blindCoding: true });
    } finally {
      again.backend.close();
    }
  });

  it('belongs to one identity: another team member opening the same file has their own choice', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await amina.t.call('member.prefs.set', { blindCoding: true });
    await amina.t.call('project.lock', {});
    // The lead opens Amina's copy (the lead is in its team list) and sees the default.
    await tm.lead.t.call('project.lock', {});
    await tm.lead.t.call('project.open', { path: amina.projectPath });
    expect(await tm.lead.t.call('member.prefs.get', {})).toEqual({ blindCoding: false });
  });

  it('is sealed in the file: no plaintext of the choice on disk, and the row names only the identity', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    await amina.t.call('member.prefs.set', { blindCoding: true });
    await amina.t.call('project.lock', {});
    expect(readFileSync(amina.projectPath).includes('blindCoding')).toBe(false);
    const db = new Database(amina.projectPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT identity_id, prefs_ct FROM member_prefs').all() as { identity_id: string; prefs_ct: Buffer }[];
      expect(rows.map((r) => r.identity_id)).toEqual([amina.identity.id]);
      expect(rows[0]!.prefs_ct.includes('true')).toBe(false);
    } finally {
      db.close();
    }
  });

  it('needs an identity to store a choice: a project opened with its passphrase alone reads the defaults and says why it cannot keep one', async () => {
    tm = await team(['Amina']);
    const lead = tm.lead;
    await lead.t.call('member.prefs.set', { blindCoding: true });
    await lead.t.call('project.lock', {});
    await lead.t.call('identity.lock', {});
    await lead.t.call('project.open', { path: lead.projectPath, passphrase: PASS });
    expect(await lead.t.call('member.prefs.get', {})).toEqual({ blindCoding: false });
    const e = await lead.t.fail('member.prefs.set', { blindCoding: true });
    expect(e.code).toBe('NO_IDENTITY');
    expect(e.message).toMatch(/opened with its passphrase/);
  });

  it('refuses what is not a choice it knows, naming it, and stores nothing', async () => {
    tm = await team(['Amina']);
    const amina = tm.coders[0]!;
    expect((await amina.t.fail('member.prefs.set', { blindCoding: 'yes' })).code).toBe('INVALID_INPUT');
    expect((await amina.t.fail('member.prefs.set', { colour: 'red' })).message).toMatch(/colour/);
    expect(await amina.t.call('member.prefs.get', {})).toEqual({ blindCoding: false });
  });
});
