/** retrieve.excerpts through the router: AND/OR semantics, filters, context, distress marks, paging, the session cache. */
import { afterEach, describe, expect, it } from 'vitest';
import { cachedTextCount, textCache } from '../../../electron/backend/services/retrieve.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { withdrawParticipant } from '../../../electron/backend/services/withdraw.js';
import { loadSodium } from '../../../electron/backend/vault/sodium.js';
import { PASS } from '../helpers/backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

const OTHER = 'Interviewer: Tell me about the district.\nRespondent: The district has two schools and one clinic. Staff are few.\n';
const THIRD = 'Pewawancara: Apa hambatan utama?\nNarasumber: Kurang staf terlatih dan keluarga takut stigma.\n';
const ELSE_CODER = '11111111-2222-4333-8444-555555555555';

async function setup() {
  env = await newProjectWithTranscript();
  const { t } = env;
  const a = await t.call('codes.create', { name: 'Staffing' });
  const b = await t.call('codes.create', { name: 'Stigma' });
  const parent = await t.call('codes.create', { name: 'Barriers' });
  const child = await t.call('codes.create', { name: 'Fear', parentId: parent.id });
  const second = await env.importAnother(OTHER);
  const third = await env.importAnother(THIRD);
  const code = async (tr: { transcriptId: string; versionId: string }, start: number, end: number, codeId: string) => t.call('codings.create', { transcriptId: tr.transcriptId, versionId: tr.versionId, start, end, codeId });
  return { ...env, a, b, parent, child, second, third, code };
}

describe('retrieve.excerpts: AND and OR', () => {
  it('OR is the union per transcript: overlapping codings of the selected codes join into one excerpt', async () => {
    const s = await setup();
    const first = { transcriptId: s.transcriptId, versionId: s.versionId };
    const c1 = await s.code(first, 0, 20, s.a.id);
    const c2 = await s.code(first, 10, 30, s.b.id);
    const c3 = await s.code(first, 50, 60, s.a.id);
    const c4 = await s.code(first, 60, 70, s.b.id); // touches c3: stays apart
    const c5 = await s.code(s.second, 5, 15, s.b.id);
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id, s.b.id], mode: 'or' });
    expect(r.total).toBe(4);
    expect(r.transcripts).toBe(2);
    expect(r.excerpts.map((e) => [e.transcriptId, e.start, e.end])).toEqual([
      [s.transcriptId, 0, 30],
      [s.transcriptId, 50, 60],
      [s.transcriptId, 60, 70],
      [s.second.transcriptId, 5, 15],
    ]);
    expect(r.excerpts[0]!.codingIds.sort()).toEqual([c1.id, c2.id].sort());
    expect(r.excerpts[0]!.codeIds.sort()).toEqual([s.a.id, s.b.id].sort());
    expect(r.excerpts[1]!.codingIds).toEqual([c3.id]);
    expect(r.excerpts[2]!.codingIds).toEqual([c4.id]);
    expect(r.excerpts[3]!.codingIds).toEqual([c5.id]);
    expect(r.excerpts[0]!.text).toBe(s.text.slice(0, 30));
  });

  it('AND is the intersection per transcript of each code’s coded ranges; codes on different transcripts never meet', async () => {
    const s = await setup();
    const first = { transcriptId: s.transcriptId, versionId: s.versionId };
    await s.code(first, 0, 20, s.a.id);
    await s.code(first, 15, 40, s.a.id); // A covers [0,40)
    await s.code(first, 10, 25, s.b.id);
    await s.code(first, 35, 50, s.b.id); // B covers [10,25) and [35,50)
    await s.code(first, 60, 70, s.b.id); // B alone
    await s.code(s.second, 0, 10, s.a.id); // A alone in the second
    await s.code(s.third, 0, 10, s.b.id); // B alone in the third
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id, s.b.id], mode: 'and' });
    expect(r.excerpts.map((e) => [e.transcriptId, e.start, e.end])).toEqual([
      [s.transcriptId, 10, 25],
      [s.transcriptId, 35, 40],
    ]);
    expect(r.total).toBe(2);
    // Each excerpt lists the codings that overlap it: both A codings and the first B one for [10,25).
    expect(r.excerpts[0]!.codingIds).toHaveLength(3);
    expect(r.excerpts[0]!.text).toBe(s.text.slice(10, 25));
  });

  it('a parent code retrieves its children’s codings only when asked to', async () => {
    const s = await setup();
    await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, 5, 9, s.child.id);
    expect((await s.t.call('retrieve.excerpts', { codeIds: [s.parent.id] })).total).toBe(0);
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.parent.id], includeDescendants: true });
    expect(r.excerpts.map((e) => [e.start, e.end, e.codeIds])).toEqual([[5, 9, [s.child.id]]]);
  });

  it('refuses an unknown code', async () => {
    const s = await setup();
    expect((await s.t.fail('retrieve.excerpts', { codeIds: ['00000000-0000-4000-8000-000000000000'] })).code).toBe('NOT_FOUND');
  });
});

describe('retrieve.excerpts: filters, context and marks', () => {
  it('filters by attribute values, by coder and by transcript', async () => {
    const s = await setup();
    await s.t.call('attributes.set', { transcriptId: s.transcriptId, key: 'country', value: 'Indonesia' });
    await s.t.call('attributes.set', { transcriptId: s.second.transcriptId, key: 'country', value: 'Philippines' });
    await s.t.call('attributes.set', { transcriptId: s.second.transcriptId, key: 'interview_type', value: 'caregiver' });
    const mine = await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, 0, 10, s.a.id);
    await s.code(s.second, 0, 10, s.a.id);
    await s.code(s.third, 0, 10, s.a.id);
    // A coding by someone else: made in a session opened with the project passphrase and no identity (coder null).
    await s.t.call('project.lock', {});
    await s.t.call('identity.lock', {});
    await s.t.call('project.open', { path: s.projectPath, passphrase: PASS });
    const theirs = await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, 20, 30, s.a.id);
    expect(theirs.coderId).toBeNull();
    await s.t.call('identity.unlock', { passphrase: PASS });
    await s.t.call('project.open', { path: s.projectPath });

    const ids = async (input: Parameters<typeof s.t.call<'retrieve.excerpts'>>[1]) => (await s.t.call('retrieve.excerpts', input)).excerpts.map((e) => [e.transcriptId, e.start]);
    expect(await ids({ codeIds: [s.a.id], filters: { attributes: { country: ['Indonesia'] } } })).toEqual([
      [s.transcriptId, 0],
      [s.transcriptId, 20],
    ]);
    expect(await ids({ codeIds: [s.a.id], filters: { attributes: { country: ['Indonesia', 'Philippines'], interview_type: ['caregiver'] } } })).toEqual([[s.second.transcriptId, 0]]);
    // A transcript without the attribute never matches a filter on it.
    expect(await ids({ codeIds: [s.a.id], filters: { attributes: { country: ['Kenya'] } } })).toEqual([]);
    expect(await ids({ codeIds: [s.a.id], filters: { coderIds: [null] } })).toEqual([[s.transcriptId, 20]]);
    expect(await ids({ codeIds: [s.a.id], filters: { coderIds: [ELSE_CODER] } })).toEqual([]);
    expect((await ids({ codeIds: [s.a.id], filters: { coderIds: [mine.coderId] } })).length).toBe(3);
    expect(await ids({ codeIds: [s.a.id], filters: { transcriptIds: [s.third.transcriptId] } })).toEqual([[s.third.transcriptId, 0]]);
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], filters: { transcriptIds: [s.second.transcriptId] } });
    expect(r.excerpts[0]).toMatchObject({ title: 'interview-1', attributes: { country: 'Philippines', interview_type: 'caregiver' }, coderIds: [mine.coderId] });
  });

  it('gives the context around each excerpt, never splitting an emoji, and the speaker', async () => {
    const s = await setup();
    const [start, end] = s.range('but that was rare');
    await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, start, end, s.a.id);
    const emoji = s.text.indexOf('🙂');
    // Context that would end inside the emoji (one unit into it) grows to include it whole.
    const ctx = start - (emoji + 1);
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], contextChars: ctx });
    const e = r.excerpts[0]!;
    expect(e.text).toBe('but that was rare');
    expect(e.contextStart).toBe(emoji);
    expect(e.before).toBe(s.text.slice(emoji, start));
    expect(e.before.startsWith('🙂')).toBe(true);
    expect(e.after).toBe(s.text.slice(end, e.contextEnd));
    expect(e.speaker).toBe('Respondent');
  });

  it('flags an excerpt whose text or context touches a distress mark, with the marks clipped to what is shown', async () => {
    const s = await setup();
    const tr = { transcriptId: s.transcriptId, versionId: s.versionId };
    const [fs, fe] = s.range('Families also fear stigma');
    const [ls, le] = s.range('lack of trained staff');
    await s.code(tr, fs, fe, s.a.id);
    await s.code(tr, ls, le, s.a.id);
    const mark = await s.t.call('marks.create', { ...tr, start: fs + 9, end: fe + 40 });
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], contextChars: 5 });
    const [staff, fear] = r.excerpts;
    expect(staff!.distressing).toBe(false);
    expect(staff!.marks).toEqual([]);
    expect(fear!.distressing).toBe(true);
    expect(fear!.marks).toEqual([{ id: mark.id, start: fs + 9, end: fear!.contextEnd }]);
    // A mark only in the context still counts: the context is shown too.
    const r2 = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], contextChars: 200 });
    expect(r2.excerpts[0]!.distressing).toBe(true);
  });

  it('pages: limit and offset take a slice, total counts all', async () => {
    const s = await setup();
    const tr = { transcriptId: s.transcriptId, versionId: s.versionId };
    for (let i = 0; i < 7; i++) await s.code(tr, i * 10, i * 10 + 5, s.a.id);
    const page = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], limit: 3, offset: 3 });
    expect(page.total).toBe(7);
    expect(page.offset).toBe(3);
    expect(page.excerpts.map((e) => e.start)).toEqual([30, 40, 50]);
    expect((await s.t.call('retrieve.excerpts', { codeIds: [s.a.id], limit: 3, offset: 6 })).excerpts.map((e) => e.start)).toEqual([60]);
  });

  it('leaves out orphaned codings and codings on earlier versions', async () => {
    const s = await setup();
    const [start, end] = s.range('Mostly the lack of trained staff.');
    await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, start, end, s.a.id);
    await s.t.call('transcripts.correct', { id: s.transcriptId, text: s.text.replace('Mostly the lack of trained staff. ', ''), reason: 'removed a sentence' });
    const r = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id] });
    expect(r.total).toBe(0);
  });
});

describe('the session text cache', () => {
  it('holds decrypted texts while the project is open, and drops them when it closes or locks', async () => {
    const s = await setup();
    s.t.backend.close();
    env = null;
    await loadSodium();
    const p = openProjectFile(s.projectPath, { kind: 'passphrase', passphrase: PASS }, null);
    try {
      textCache(p).version(s.transcriptId, s.versionId);
      textCache(p).version(s.second.transcriptId, s.second.versionId);
      expect(cachedTextCount(p)).toBe(2);
    } finally {
      p.close();
    }
    expect(cachedTextCount(p)).toBe(0);
  });

  it('forgets a withdrawn participant’s text before any later use', async () => {
    const s = await setup();
    s.t.backend.close();
    env = null;
    await loadSodium();
    const p = openProjectFile(s.projectPath, { kind: 'passphrase', passphrase: PASS }, null);
    try {
      textCache(p).version(s.transcriptId, s.versionId);
      textCache(p).version(s.second.transcriptId, s.second.versionId);
      withdrawParticipant(p, s.participantId);
      expect(textCache(p).size).toBe(1);
    } finally {
      p.close();
    }
  });

  it('through the router: results are the same after a lock and unlock', async () => {
    const s = await setup();
    await s.code({ transcriptId: s.transcriptId, versionId: s.versionId }, 0, 11, s.a.id);
    const before = await s.t.call('retrieve.excerpts', { codeIds: [s.a.id] });
    await s.t.call('project.lock', {});
    expect((await s.t.fail('retrieve.excerpts', { codeIds: [s.a.id] })).code).toBe('PROJECT_LOCKED');
    await s.t.call('project.open', { path: s.projectPath });
    expect(await s.t.call('retrieve.excerpts', { codeIds: [s.a.id] })).toEqual(before);
  });
});
