/** The terminology check over a project: researcher-written text is checked; participants' words never are. */
import { afterEach, describe, expect, it } from 'vitest';
import { terminologyChecker } from '../../../electron/backend/services/deid/gate.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

describe('terminology check (project)', () => {
  it('warns on code fields and memos with the preferred term, skips quotes, and never reads transcripts', async () => {
    env = await newProjectWithTranscript({ text: 'Interviewer: What happened?\nRespondent: They called it child pornography on the news.\n' });
    const { t } = env;
    const code = await t.call('codes.create', { name: 'Child prostitution', definition: 'Cases described as sextortion by police.', examples: ['she said "child porn"'] });
    const memo = await t.call('memos.create', { target: { kind: 'project' }, body: 'Avoid the term paedophile in the report.\n> child porn (as a participant said it)' });
    const r = await t.call('deid.terminology', {});
    const where = r.map((w) => `${w.where.kind}:${w.where.field}:${w.findings.map((f) => f.avoid).join('|')}`).sort();
    expect(where).toEqual([`code:definition:sextortion`, `code:name:child prostitution`, `memo:body:paedophile`].sort());
    expect(r.find((w) => w.where.id === code.id && w.where.field === 'name')!.findings[0]!.prefer).toMatch(/sexual exploitation of children in prostitution/);
    expect(r.some((w) => w.where.id === memo.id)).toBe(true);
    // The transcript says "child pornography": a participant's words, never flagged.
    expect(r.flatMap((w) => w.findings.map((f) => f.term.toLowerCase()))).not.toContain('child pornography');
    expect((await t.call('terminology.check', { text: 'a code about child pornography' }))[0]).toMatchObject({ avoid: 'child pornography', term: 'child pornography' });
    // The checker the exporter takes for codebook documents.
    expect(terminologyChecker()('kiddie porn cases')).toEqual([expect.objectContaining({ term: 'kiddie porn', prefer: expect.stringMatching(/CSAM/) })]);
  });
});
