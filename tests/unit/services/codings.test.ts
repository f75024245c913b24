import { afterEach, describe, expect, it } from 'vitest';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

async function setup(options?: Parameters<typeof newProjectWithTranscript>[0]) {
  env = await newProjectWithTranscript(options);
  const code = await env.t.call('codes.create', { name: 'Staffing' });
  return { ...env, code };
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('codings.create', () => {
  it('codes a range of the current version, stamped with the coder, and lists it', async () => {
    const { t, transcriptId, versionId, range, code, text } = await setup();
    const identity = await t.call('identity.status', {});
    const [start, end] = range('lack of trained staff');
    const coding = await t.call('codings.create', { transcriptId, versionId, start, end, codeId: code.id });
    expect(coding).toMatchObject({ transcriptId, versionId, start, end, codeId: code.id, coderId: identity.identity!.id, orphaned: false });
    expect(text.slice(coding.start, coding.end)).toBe('lack of trained staff');
    expect(await t.call('codings.list', { transcriptId })).toEqual([coding]);
    expect(await t.call('codings.list', { codeId: code.id })).toEqual([coding]);
    expect(await t.call('codings.list', { codeId: UNKNOWN })).toEqual([]);
    const summary = (await t.call('transcripts.list', {}))[0]!;
    expect(summary.codings).toBe(1);
  });

  it('accepts a range that ends exactly at the end of the text, counted in UTF-16 units', async () => {
    const { t, transcriptId, versionId, code, text } = await setup();
    const emoji = text.indexOf('🙂');
    const c = await t.call('codings.create', { transcriptId, versionId, start: emoji, end: emoji + 2, codeId: code.id });
    expect(text.slice(c.start, c.end)).toBe('🙂');
    await t.call('codings.create', { transcriptId, versionId, start: 0, end: text.length, codeId: code.id });
  });

  it('refuses an empty selection, a reversed range and one past the end of the text', async () => {
    const { t, transcriptId, versionId, code, text } = await setup();
    const empty = await t.fail('codings.create', { transcriptId, versionId, start: 10, end: 10, codeId: code.id });
    expect(empty).toEqual({ code: 'INVALID_INPUT', message: 'a selection that spans nothing codes nothing: select some text first' });
    expect((await t.fail('codings.create', { transcriptId, versionId, start: 12, end: 10, codeId: code.id })).code).toBe('INVALID_INPUT');
    const past = await t.fail('codings.create', { transcriptId, versionId, start: 0, end: text.length + 1, codeId: code.id });
    expect(past.code).toBe('INVALID_INPUT');
    expect(past.message).toContain(`${text.length} characters`);
    expect((await t.fail('codings.create', { transcriptId, versionId, start: -1, end: 3, codeId: code.id })).code).toBe('INVALID_INPUT');
    expect(await t.call('codings.list', {})).toEqual([]);
  });

  it('refuses an unknown code, an unknown transcript, and a version of another transcript', async () => {
    const { t, transcriptId, versionId, code, importAnother } = await setup();
    expect((await t.fail('codings.create', { transcriptId, versionId, start: 0, end: 5, codeId: UNKNOWN })).code).toBe('NOT_FOUND');
    expect((await t.fail('codings.create', { transcriptId: UNKNOWN, versionId, start: 0, end: 5, codeId: code.id })).code).toBe('NOT_FOUND');
    const other = await importAnother('Interviewer: A second, different synthetic interview.\nRespondent: Yes.\n');
    const e = await t.fail('codings.create', { transcriptId, versionId: other.versionId, start: 0, end: 5, codeId: code.id });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain(`transcript ${transcriptId} has no version ${other.versionId}`);
  });

  it('refuses coding an earlier version of a corrected transcript', async () => {
    const { t, transcriptId, versionId, code, text } = await setup();
    await t.call('transcripts.correct', { id: transcriptId, text: text.replace('Mostly', 'Mainly'), reason: 'typo' });
    const e = await t.fail('codings.create', { transcriptId, versionId, start: 0, end: 5, codeId: code.id });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('reload');
  });

  it('refuses the same passage with the same code twice from the same coder', async () => {
    const { t, transcriptId, versionId, code } = await setup();
    await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    expect((await t.fail('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id })).code).toBe('ALREADY_EXISTS');
  });

  it("audits under the participant's key, so the details need that key to read", async () => {
    const { t, transcriptId, versionId, participantId, code } = await setup();
    const coding = await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    const [entry] = await t.call('audit.list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'coding.create', targetId: coding.id, details: { transcriptId, versionId, start: 0, end: 11, codeId: code.id } });
    await t.call('participants.withdraw', { participantId });
    const after = await t.call('audit.list', { limit: 10 });
    expect(after.find((e) => e.targetId === coding.id)!.details).toBeNull();
    expect(await t.call('codings.list', {})).toEqual([]);
  });

  it('works without an identity, with no coder recorded', async () => {
    const { t, transcriptId, versionId, code } = await setup({ withIdentity: false });
    const c = await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    expect(c.coderId).toBeNull();
  });
});

describe('codings.delete', () => {
  it('deletes a coding and the memos on it, and audits the deletion', async () => {
    const { t, transcriptId, versionId, code } = await setup();
    const c = await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    await t.call('memos.create', { target: { kind: 'coding', id: c.id }, body: 'a note' });
    expect(await t.call('codings.delete', { id: c.id })).toEqual({ ok: true });
    expect(await t.call('codings.list', {})).toEqual([]);
    expect(await t.call('memos.list', {})).toEqual([]);
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'coding.delete', targetId: c.id, details: { memosDeleted: 1 } });
    expect((await t.fail('codings.delete', { id: c.id })).code).toBe('NOT_FOUND');
  });

  it('refuses deleting the history row of a coding on an earlier version', async () => {
    const { t, transcriptId, versionId, code, text } = await setup();
    const c = await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    await t.call('transcripts.correct', { id: transcriptId, text: `${text}Added line.\n`, reason: 'missing line' });
    expect((await t.fail('codings.delete', { id: c.id })).code).toBe('CONFLICT');
  });
});

describe('codings.list', () => {
  it('lists codings of every transcript in text order, and refuses an unknown transcript', async () => {
    const { t, transcriptId, versionId, code, importAnother } = await setup();
    const other = await importAnother('Interviewer: Another synthetic talk.\nRespondent: Fine.\n');
    const late = await t.call('codings.create', { transcriptId, versionId, start: 30, end: 40, codeId: code.id });
    const early = await t.call('codings.create', { transcriptId, versionId, start: 0, end: 11, codeId: code.id });
    const o = await t.call('codings.create', { transcriptId: other.transcriptId, versionId: other.versionId, start: 0, end: 11, codeId: code.id });
    expect((await t.call('codings.list', {})).map((c) => c.id)).toEqual([early.id, late.id, o.id]);
    expect((await t.call('codings.list', { transcriptId: other.transcriptId })).map((c) => c.id)).toEqual([o.id]);
    expect((await t.fail('codings.list', { transcriptId: UNKNOWN })).code).toBe('NOT_FOUND');
  });
});

describe('marks', () => {
  it('creates, lists in text order and deletes distress marks on ranges', async () => {
    const { t, transcriptId, versionId, range } = await setup();
    const [s2, e2] = range('fear stigma');
    const [s1, e1] = range('child protection');
    const b = await t.call('marks.create', { transcriptId, versionId, start: s2, end: e2 });
    const a = await t.call('marks.create', { transcriptId, versionId, start: s1, end: e1 });
    expect(a).toMatchObject({ transcriptId, versionId, start: s1, end: e1 });
    expect((await t.call('marks.list', { transcriptId })).map((m) => m.id)).toEqual([a.id, b.id]);
    expect((await t.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'mark.create', targetId: a.id, details: { start: s1, end: e1 } });
    await t.call('marks.delete', { id: a.id });
    expect((await t.call('marks.list', { transcriptId })).map((m) => m.id)).toEqual([b.id]);
    expect((await t.fail('marks.delete', { id: a.id })).code).toBe('NOT_FOUND');
  });

  it('refuses an empty or out-of-range mark', async () => {
    const { t, transcriptId, versionId, text } = await setup();
    expect((await t.fail('marks.create', { transcriptId, versionId, start: 5, end: 5 })).code).toBe('INVALID_INPUT');
    expect((await t.fail('marks.create', { transcriptId, versionId, start: 5, end: text.length + 3 })).code).toBe('INVALID_INPUT');
    expect((await t.fail('marks.list', { transcriptId: UNKNOWN })).code).toBe('NOT_FOUND');
  });
});
