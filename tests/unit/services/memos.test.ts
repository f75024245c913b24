import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

async function setup() {
  env = await newProjectWithTranscript();
  const code = await env.t.call('codes.create', { name: 'Stigma' });
  const coding = await env.t.call('codings.create', { transcriptId: env.transcriptId, versionId: env.versionId, start: 0, end: 11, codeId: code.id });
  return { ...env, code, coding };
}

/** The stored row, read straight from the closed project file: which key sealed it, and its ciphertext. */
function storedRow(projectPath: string, id: string) {
  const db = new Database(projectPath, { readonly: true });
  try {
    return db.prepare('SELECT target_kind, target_id, participant_id, body_ct FROM memos WHERE id = ?').get(id) as { target_kind: string; target_id: string | null; participant_id: string | null; body_ct: Buffer } | undefined;
  } finally {
    db.close();
  }
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('memos', () => {
  it('creates memos on each kind of target and lists them all or by target', async () => {
    const { t, transcriptId, code, coding } = await setup();
    const me = (await t.call('identity.status', {})).identity!.id;
    const p = await t.call('memos.create', { target: { kind: 'project' }, body: 'Project-wide note' });
    const tr = await t.call('memos.create', { target: { kind: 'transcript', id: transcriptId }, body: 'Interview felt rushed' });
    const cd = await t.call('memos.create', { target: { kind: 'code', id: code.id }, body: 'Merge with shame?' });
    const cg = await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: 'Strong example' });
    expect(p).toMatchObject({ target: { kind: 'project' }, body: 'Project-wide note', authorId: me });
    expect(p.createdAt).toBe(p.updatedAt);
    expect((await t.call('memos.list', {})).map((m) => m.id)).toEqual([p.id, tr.id, cd.id, cg.id]);
    expect(await t.call('memos.list', { target: { kind: 'project' } })).toEqual([p]);
    expect(await t.call('memos.list', { target: { kind: 'transcript', id: transcriptId } })).toEqual([tr]);
    expect(await t.call('memos.list', { target: { kind: 'code', id: code.id } })).toEqual([cd]);
    expect(await t.call('memos.list', { target: { kind: 'coding', id: coding.id } })).toEqual([cg]);
    expect(await t.call('memos.list', { target: { kind: 'code', id: UNKNOWN } })).toEqual([]);
  });

  it('refuses a memo on a target that does not exist', async () => {
    const { t } = await setup();
    for (const kind of ['transcript', 'code', 'coding'] as const) {
      expect((await t.fail('memos.create', { target: { kind, id: UNKNOWN }, body: 'x' })).code).toBe('NOT_FOUND');
    }
  });

  it('seals memos on a transcript or coding under the participant key, and project or code memos under the project key', async () => {
    const { t, transcriptId, participantId, code, coding, projectPath } = await setup();
    const tr = await t.call('memos.create', { target: { kind: 'transcript', id: transcriptId }, body: 'Quokkamemo about the interview' });
    const cg = await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: 'on a coding' });
    const cd = await t.call('memos.create', { target: { kind: 'code', id: code.id }, body: 'on a code' });
    const p = await t.call('memos.create', { target: { kind: 'project' }, body: 'on the project' });
    t.backend.close();
    expect(storedRow(projectPath, tr.id)).toMatchObject({ target_kind: 'transcript', target_id: transcriptId, participant_id: participantId });
    expect(storedRow(projectPath, cg.id)).toMatchObject({ target_kind: 'coding', target_id: coding.id, participant_id: participantId });
    expect(storedRow(projectPath, cd.id)!.participant_id).toBeNull();
    expect(storedRow(projectPath, p.id)).toMatchObject({ target_kind: 'project', target_id: null, participant_id: null });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(projectPath).includes(Buffer.from('Quokkamemo'))).toBe(false);
  });

  it('deletes the memos about a participant when the participant withdraws, and keeps the others', async () => {
    const { t, transcriptId, participantId, code, coding } = await setup();
    await t.call('memos.create', { target: { kind: 'transcript', id: transcriptId }, body: 'about them' });
    await t.call('memos.create', { target: { kind: 'coding', id: coding.id }, body: 'about their words' });
    const keep = await t.call('memos.create', { target: { kind: 'code', id: code.id }, body: 'about the code' });
    await t.call('participants.withdraw', { participantId });
    expect(await t.call('memos.list', {})).toEqual([keep]);
  });

  it('updates a body, keeping the creation time and moving the update time, and audits it', async () => {
    const { t, transcriptId } = await setup();
    const m = await t.call('memos.create', { target: { kind: 'transcript', id: transcriptId }, body: 'first' });
    await new Promise((r) => setTimeout(r, 5));
    const u = await t.call('memos.update', { id: m.id, body: 'second thoughts' });
    expect(u).toMatchObject({ id: m.id, body: 'second thoughts', createdAt: m.createdAt, target: m.target });
    expect(u.updatedAt > m.updatedAt).toBe(true);
    expect(await t.call('memos.list', { target: m.target })).toEqual([u]);
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'memo.update', targetId: m.id, details: { target: 'transcript', chars: 15 } });
    expect((await t.fail('memos.update', { id: UNKNOWN, body: 'x' })).code).toBe('NOT_FOUND');
  });

  it('deletes a memo and audits the deletion', async () => {
    const { t } = await setup();
    const m = await t.call('memos.create', { target: { kind: 'project' }, body: 'temporary' });
    expect(await t.call('memos.delete', { id: m.id })).toEqual({ ok: true });
    expect(await t.call('memos.list', {})).toEqual([]);
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'memo.delete', targetId: m.id });
    expect((await t.fail('memos.delete', { id: m.id })).code).toBe('NOT_FOUND');
    expect((await t.call('audit.verify', {})).ok).toBe(true);
  });
});
