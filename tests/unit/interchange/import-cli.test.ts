/** `tandai import-qdpx` and `tandai import-qdc`: what they print, and consent to a partial import. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, tempDir } from '../cli/harness.js';
import { G, projectXml, qdpx, write } from './refi-builder.js';

const sample = (rel: string) => fileURLToPath(new URL(`../../fixtures/refi-qda/samples/${rel}`, import.meta.url));
const MAXQDA = sample('maxqda-24__bedingjd_paper_themes/project.qde');
const TAGUETTE = sample('taguette-1.4.1__aadorian_uto_tag/codebook.qdc');

describe('tandai import-qdpx / import-qdc', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  const env = { TANDAI_PASSPHRASE: PASS };
  const project = (name: string) => join(dir, `${name}.tandai`);
  const init = async (name: string) => expect((await cli(['init', '--project', project(name), '--no-recovery-key'], { env, home })).code).toBe(0);

  beforeAll(async () => {
    expect((await cli(['identity', 'init', '--name', 'Lead Person'], { env, home })).code).toBe(0);
  });

  it('imports a valid .qdpx and prints what it brought in', async () => {
    await init('valid');
    const file = write(join(dir, 'study.qdpx'), qdpx(projectXml()));
    const r = await cli(['import-qdpx', '--project', project('valid'), file], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^study\.qdpx: REFI-QDA project from Synthetic 1\.0$/m);
    expect(r.stdout).toMatch(/^Imported: 3 codes, 2 users, 2 sources, 5 codings, 5 memos, 2 variables$/m);
    expect(r.stdout).toContain(`imported  ${G.source1}  Interview one`);
  });

  it('without a terminal and without --yes, a file with problems imports nothing and exits 2, after printing what was wrong', async () => {
    await init('partial');
    const r = await cli(['import-qdpx', '--project', project('partial'), MAXQDA], { env, home });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Recovered \(not imported\): 307 codes, 1 user, 0 sources, 0 codings, 0 memos, 0 variables$/m);
    expect(r.stdout).toMatch(/^What was wrong:\n {2}- 10 sources whose text is missing/m);
    expect(r.stdout).toMatch(/^Missing sources:\n {2}- ICLS 2024 3-10\n/m);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: project\.qde is not entirely valid \(2 problems listed above\): nothing was imported; run again with --yes/)]);

    const yes = await cli(['import-qdpx', '--project', project('partial'), '--yes', '--json', MAXQDA], { env, home });
    expect(yes.code, yes.stderr).toBe(0);
    const out = json<{ applied: boolean; report: { recovered: { codes: number }; notes: string[] } }>(yes);
    // Applied now, and for the first time: no code was there already.
    expect(out.applied).toBe(true);
    expect(out.report.notes.join('\n')).not.toMatch(/already in the project/);
    expect(out.report.recovered.codes).toBe(307);
  });

  it('at a terminal, asks before importing a partial file', async () => {
    await init('asked');
    const no = await cli(['import-qdc', '--project', project('asked'), TAGUETTE], { env, home, tty: { input: 'n\n' } });
    expect(no.code, no.stderr).toBe(0);
    expect(no.stdout).toMatch(/^What was wrong:\n {2}- <Sets> is empty, but the schema requires at least one <Set> in it$/m);
    expect(no.stdout).toMatch(/^Nothing imported\.$/m);
    const yes = await cli(['import-qdc', '--project', project('asked'), TAGUETTE], { env, home, tty: { input: 'y\n' } });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Imported: 3 codes, 0 users/m);
  });

  it('refuses a project given to import-qdc (usage, exit 2), and reports a malformed file (exit 1) naming where it breaks', async () => {
    await init('wrong');
    const file = write(join(dir, 'p.qdpx'), qdpx(projectXml()));
    const wrong = await cli(['import-qdc', '--project', project('wrong'), file], { env, home });
    expect(wrong.code).toBe(2);
    expect(wrong.errLines).toEqual(['tandai: p.qdpx: is a REFI-QDA project, not a codebook (.qdc): import it as a project']);
    const broken = write(join(dir, 'broken.qdc'), '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x"></Codes></CodeBook>');
    const bad = await cli(['import-qdc', '--project', project('wrong'), broken], { env, home });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/not well-formed XML \(line 1, column \d+/);
    expect(bad.errLines).toEqual([expect.stringMatching(/^tandai: broken\.qdc: nothing could be imported \(broken\.qdc: not well-formed XML/)]);
  });

  it('--json prints only the outcome as JSON', async () => {
    await init('json');
    const file = write(join(dir, 'j.qdpx'), qdpx(projectXml()));
    const r = await cli(['import-qdpx', '--project', project('json'), '--json', file], { env, home });
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ applied: boolean; report: { transcripts: { id: string }[] } }>(r);
    expect(out.applied).toBe(true);
    expect(out.report.transcripts.map((t) => t.id)).toEqual([G.source1, G.source2]);
  });
});
