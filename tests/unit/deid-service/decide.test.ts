/** Deciding candidates and entities, adding missed identifiers, and the review queue (through the router). */
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

const TEXT = [
  'Interviewer: Tell me about the day.',
  'Respondent: My son Kevin Mutua was 13 when it started, on 3 March 2024. Kevin told his teacher at Moi Primary School.',
  'Respondent: Later Kevin called from 0712 345 678.',
  '',
].join('\n');

async function setup() {
  env = await newProjectWithTranscript({ text: TEXT });
  await env.t.call('deid.scan', {});
  const q = await env.t.call('deid.queue', { status: 'all', limit: 100 });
  const entity = (value: string) => {
    const e = q.entities.find((x) => x.value === value);
    if (!e) throw new Error(`no entity "${value}" among ${q.entities.map((x) => x.value).join(', ')}`);
    return e;
  };
  return { ...env, q, entity };
}

describe('deid.decide', () => {
  it('replace, generalise, redact, keep and not-identifier each shape the rendition', async () => {
    const { t, entity, transcriptId } = await setup();
    await t.call('deid.decide', { entityId: entity('Kevin Mutua').id, action: 'replace' });
    await t.call('deid.decide', { entityId: entity('13').id, action: 'generalise' });
    await t.call('deid.decide', { entityId: entity('3 March 2024').id, action: 'generalise', dateLevel: 'year' });
    await t.call('deid.decide', { entityId: entity('Moi Primary School').id, action: 'redact' });
    await t.call('deid.decide', { entityId: entity('0712 345 678').id, action: 'keep', reason: 'a public helpline number' });
    const prev = await t.call('deid.preview', { transcriptId });
    expect(prev.text).toContain('My son [Person A] was [early teens] when it started, on [2024].');
    expect(prev.text).toContain('his teacher at [redacted].');
    expect(prev.text).toContain('from 0712 345 678.');
    // "Kevin" alone is part of one full name seen: the same person, the same pseudonym.
    expect(prev.text).toContain('[Person A] told his teacher');
    expect(prev.text).toContain('Later [Person A] called');
  });

  it('generalise offers its coarser values (a date: month and year, then year) and takes a value the person chose', async () => {
    const { t, entity, transcriptId } = await setup();
    expect(await t.call('deid.generaliseOptions', { entityId: entity('3 March 2024').id })).toEqual({ text: '3 March 2024', type: 'DATE', options: ['March 2024', '2024'] });
    expect((await t.call('deid.generaliseOptions', { entityId: entity('13').id })).options).toEqual(['early teens']);
    expect((await t.call('deid.generaliseOptions', { entityId: entity('Kevin Mutua').id })).options).toEqual(['a person']);
    await t.call('deid.decide', { entityId: entity('3 March 2024').id, action: 'generalise', value: 'early 2024' });
    await t.call('deid.decide', { entityId: entity('Kevin Mutua').id, action: 'generalise', value: 'her son' });
    const prev = await t.call('deid.preview', { transcriptId });
    expect(prev.text).toContain('My son [her son] was 13 when it started, on [early 2024].');
  });

  it('a part of a full name joins its entity, and a decision on that one candidate still holds', async () => {
    env = await newProjectWithTranscript({ text: 'Interviewer: Hi.\nRespondent: My son Kevin Mutua was ill. Later Kevin came home.\n' });
    const { t } = env;
    await t.call('deid.scan', {});
    const all = (await t.call('deid.list', {})).entities;
    expect(all.filter((e) => e.type === 'PERSON').map((e) => [e.value, e.candidates])).toEqual([['Kevin Mutua', 2]]);
    const person = all.find((e) => e.type === 'PERSON')!;
    const kevin = person.items.find((c) => c.text === 'Kevin')!;
    await t.call('deid.decide', { candidateId: kevin.id, action: 'not-identifier' });
    await t.call('deid.decide', { entityId: person.id, action: 'replace' });
    expect((await t.call('deid.preview', { transcriptId: env.transcriptId })).text).toContain('My son [Person A] was ill. Later Kevin came home.');
  });

  it('keep needs a reason; every decision records who, when and why, and is audited without the text', async () => {
    const { t, entity } = await setup();
    const e = entity('Kevin Mutua');
    const refused = await t.fail('deid.decide', { entityId: e.id, action: 'keep' });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/reason/) });
    const me = (await t.call('identity.status', {})).identity!.id;
    const r = await t.call('deid.decide', { entityId: e.id, action: 'keep', reason: 'named in a public judgment' });
    expect(r.decision).toMatchObject({ action: 'keep', reason: 'named in a public judgment', scope: 'entity', decidedBy: me, replacement: null });
    expect(Date.now() - Date.parse(r.decision.decidedAt)).toBeLessThan(60_000);
    const audit = await t.call('audit.list', { limit: 5 });
    const entry = audit.find((a) => a.action === 'deid.decide')!;
    expect(entry).toMatchObject({ actorId: me, targetId: e.id });
    expect(entry.details).toMatchObject({ scope: 'entity', action: 'keep', reasonGiven: true });
    expect(JSON.stringify(entry.details)).not.toMatch(/Kevin|public judgment/);
  });

  it('a candidate\'s own decision overrides its entity\'s', async () => {
    const { t, entity, transcriptId } = await setup();
    const e = entity('0712 345 678');
    await t.call('deid.decide', { entityId: e.id, action: 'replace' });
    const { candidates } = await t.call('deid.entity', { id: e.id });
    expect(candidates[0]!.decision).toMatchObject({ action: 'replace', scope: 'entity', replacement: '[Phone]' });
    await t.call('deid.decide', { candidateId: candidates[0]!.id, action: 'redact' });
    expect((await t.call('deid.preview', { transcriptId })).text).toContain('called from [redacted].');
    const after = await t.call('deid.entity', { id: e.id });
    expect(after.candidates[0]!.decision).toMatchObject({ action: 'redact', scope: 'candidate' });
    expect(after.entity.decision).toMatchObject({ action: 'replace' });
  });

  it('a person chooses their own pseudonym; one already standing for someone else is refused', async () => {
    const { t, entity, transcriptId } = await setup();
    await t.call('deid.decide', { entityId: entity('Kevin Mutua').id, action: 'replace' });
    const clash = await t.fail('deid.decide', { entityId: entity('Moi Primary School').id, action: 'replace', value: '[Person A]' });
    expect(clash.code).toBe('CONFLICT');
    await t.call('deid.decide', { entityId: entity('Moi Primary School').id, action: 'replace', value: '[a primary school]' });
    expect((await t.call('deid.preview', { transcriptId })).text).toContain('teacher at [a primary school].');
  });

  it('adds a missed identifier by its range, decides it at once, and keeps it through a rescan', async () => {
    const { t, transcriptId, text } = await setup();
    const start = text.indexOf('his teacher');
    const added = await t.call('deid.add', { location: { kind: 'transcript', id: transcriptId, field: 'text' }, start: start + 4, end: start + 11, type: 'PERSON', action: 'replace' });
    expect(added.candidate).toMatchObject({ text: 'teacher', detector: 'manual', decision: { action: 'replace' } });
    expect(added.candidate.before).toBe(text.slice(Math.max(0, start + 4 - 80), start + 4));
    await t.call('deid.scan', {});
    const still = (await t.call('deid.list', {})).entities.flatMap((e) => e.items).find((c) => c.id === added.candidate.id);
    expect(still?.detector).toBe('manual');
    expect((await t.call('deid.preview', { transcriptId })).text).toMatch(/his \[Person [A-Z]\] at/);
    const bad = await t.fail('deid.add', { location: { kind: 'transcript', id: transcriptId, field: 'text' }, start: 5, end: 100000, type: 'PERSON' });
    expect(bad.code).toBe('INVALID_INPUT');
  });

  it('a transcript correction carries decisions on single candidates and added identifiers to the new version', async () => {
    const { t, transcriptId, text, entity } = await setup();
    const start = text.indexOf('his teacher') + 4;
    await t.call('deid.add', { location: { kind: 'transcript', id: transcriptId, field: 'text' }, start, end: start + 7, type: 'PERSON', action: 'redact' });
    const phone = (await t.call('deid.entity', { id: entity('0712 345 678').id })).candidates[0]!;
    await t.call('deid.decide', { candidateId: phone.id, action: 'keep', reason: 'helpline' });
    await t.call('transcripts.correct', { id: transcriptId, text: text.replace('Tell me about the day.', 'Tell me about that day, please.'), reason: 'typo' });
    const r = await t.call('deid.scan', {});
    expect(r.added).toBeGreaterThan(0);
    const prev = await t.call('deid.preview', { transcriptId });
    expect(prev.text).toContain('his [redacted] at');
    const now = (await t.call('deid.list', {})).entities.flatMap((e) => e.items);
    const moved = now.find((c) => c.text === '0712 345 678')!;
    expect(moved.id).not.toBe(phone.id);
    expect(moved.decision).toMatchObject({ action: 'keep', reason: 'helpline', scope: 'candidate' });
    expect(now.find((c) => c.text === 'teacher')).toMatchObject({ detector: 'manual', decision: { action: 'redact' } });
    expect((await t.call('audit.list', { limit: 50 })).filter((a) => a.action === 'deid.carry')).toHaveLength(2);
  });

  it('the queue lists undecided entities first and drops them once decided', async () => {
    const { t, q, entity } = await setup();
    expect(q.entities.every((e) => e.undecided === e.candidates)).toBe(true);
    const undecided = await t.call('deid.queue', { status: 'undecided', limit: 100 });
    expect(undecided.total).toBe(q.total);
    const e = entity('Kevin Mutua');
    await t.call('deid.decide', { entityId: e.id, action: 'replace' });
    const after = await t.call('deid.queue', { status: 'undecided', limit: 100 });
    expect(after.total).toBe(q.total - 1);
    expect(after.entities.some((x) => x.id === e.id)).toBe(false);
    const decided = await t.call('deid.queue', { status: 'decided', limit: 100 });
    expect(decided.entities.find((x) => x.id === e.id)).toMatchObject({ undecided: 0, pseudonym: '[Person A]', decision: { action: 'replace', replacement: '[Person A]' } });
    const page = await t.call('deid.queue', { status: 'all', limit: 2, offset: 1 });
    expect(page.entities).toHaveLength(2);
    expect(page.total).toBe(q.total);
  });

  it('decisions need the decider\'s identity: a project opened by passphrase alone cannot decide', async () => {
    env = await newProjectWithTranscript({ text: TEXT, withIdentity: false });
    await env.t.call('deid.scan', {});
    const e = (await env.t.call('deid.queue', {})).entities[0]!;
    expect(await env.t.fail('deid.decide', { entityId: e.id, action: 'replace' })).toMatchObject({ code: 'IDENTITY_LOCKED' });
  });
});
