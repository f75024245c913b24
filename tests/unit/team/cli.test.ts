import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport, BundleSummary, MergeResult } from '../../../shared/contract/channels/team.js';
import { cli, json, PASS } from '../cli/harness.js';
import { closeAll, code, team, type Person, type Team } from './helpers.js';

let tm: Team;
let amina: Person;
let budi: Person;
const env = { TANDAI_PASSPHRASE: PASS };
const as = (p: Person, argv: string[]) => cli(argv, { home: p.t.home, env });

beforeAll(async () => {
  tm = await team(['Amina', 'Budi']);
  [amina, budi] = tm.coders as [Person, Person];
  for (const who of [amina, budi]) {
    await code(who, tm, 0, 'lack of trained staff', tm.codes.Staffing!);
    await code(who, tm, 0, who === amina ? 'fear stigma' : 'Families also fear stigma', tm.codes.Stigma!);
  }
  closeAll(tm); // the CLI opens the same files
}, 120_000);
afterAll(() => undefined);

describe('tandai bundle, merge and agreement', () => {
  const out = (p: Person, name: string) => join(p.t.dir, name);

  it('bundle create seals the work to a teammate named in the team list; bundle open shows it to them only', async () => {
    const r = await as(amina, ['bundle', 'create', '--project', amina.projectPath, '--to', 'Lina Lead', '--out', out(amina, 'a.bundle')]);
    expect(r.errLines).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`for Lina Lead (${tm.lead.identity.fingerprint})`);
    const opened = await as(tm.lead, ['bundle', 'open', out(amina, 'a.bundle'), '--project', tm.lead.projectPath, '--json']);
    expect(opened.code).toBe(0);
    expect(json<BundleSummary>(opened)).toMatchObject({ verified: true, sender: { displayName: 'Amina' }, counts: { codings: 2 } });
    const text = await as(tm.lead, ['bundle', 'open', out(amina, 'a.bundle'), '--project', tm.lead.projectPath]);
    expect(text.stdout).toContain('from:  Amina');
    const wrong = await as(budi, ['bundle', 'open', out(amina, 'a.bundle'), '--project', budi.projectPath]);
    expect(wrong.code).toBe(1);
    expect(wrong.errLines).toEqual([expect.stringMatching(/^tandai: .*addressed to someone else/)]);
    expect(wrong.stdout).toBe('');
  });

  it('bundle create needs --to and --out (usage, exit 2)', async () => {
    expect((await as(amina, ['bundle', 'create', '--project', amina.projectPath, '--out', out(amina, 'x.bundle')])).code).toBe(2);
    expect((await as(amina, ['bundle', 'create', '--project', amina.projectPath, '--to', 'Lina Lead'])).code).toBe(2);
  });

  it('merge without --yes exits 2 having changed nothing; --plan writes the plan and changes nothing; --yes applies; again changes nothing', async () => {
    await as(budi, ['bundle', 'create', '--project', budi.projectPath, '--to', tm.lead.identity.fingerprint, '--out', out(budi, 'b.bundle')]);
    const bundles = [out(amina, 'a.bundle'), out(budi, 'b.bundle')];
    const dry = await as(tm.lead, ['merge', '--project', tm.lead.projectPath, ...bundles]);
    expect(dry.code).toBe(2);
    expect(dry.errLines.at(-1)).toMatch(/^tandai: nothing applied .*--yes/);
    const planFile = join(tm.lead.t.dir, 'plan.json');
    const planned = await as(tm.lead, ['merge', '--project', tm.lead.projectPath, ...bundles, '--plan', planFile]);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as MergeResult;
    expect(plan.applied).toBe(false);
    expect(plan.bundles.map((b) => b.codings.added)).toEqual([2, 2]);
    const list = await as(tm.lead, ['list', '--project', tm.lead.projectPath, '--json']);
    expect(json<{ codings: number }[]>(list).map((t) => t.codings)).toEqual([0, 0]);

    const applied = await as(tm.lead, ['merge', '--project', tm.lead.projectPath, ...bundles, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Merged 2 bundle(s)');
    const again = await as(tm.lead, ['merge', '--project', tm.lead.projectPath, ...bundles, '--yes', '--json']);
    expect(json<MergeResult>(again).bundles.map((b) => [b.alreadyMerged, b.codings.added])).toEqual([
      [true, 0],
      [true, 0],
    ]);
    expect(existsSync(planFile)).toBe(true);
    expect((await as(tm.lead, ['merge', '--project', tm.lead.projectPath, ...bundles, '--plan', planFile])).code).toBe(1); // never overwritten
  });

  it('agreement --coders by name, --unit char, --json; and the disagreement list', async () => {
    const r = await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina,Budi', '--unit', 'char', '--code', tm.codes.Stigma!, '--json']);
    expect(r.code).toBe(0);
    const rep = json<AgreementReport>(r);
    expect(rep.transcripts).toBe(1);
    expect(rep.perCode.map((x) => x.name)).toEqual(['Stigma']);
    expect(rep.perCode[0]!.cohenKappa).toBeGreaterThan(0);
    const table = await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina,Budi', '--exclude-uncoded']);
    expect(table.stdout).toContain('(overall, pooled)');
    const d = await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina,Budi', '--disagreements', '--json']);
    expect(json<{ total: number }>(d).total).toBe(1); // "Families also " coded by Budi only
    expect((await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina'])).code).toBe(2);
    expect((await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina,Budi', '--unit', 'word'])).code).toBe(2);
    expect((await as(tm.lead, ['agreement', '--project', tm.lead.projectPath, '--coders', 'Amina,Nobody'])).errLines).toEqual(['tandai: no team member "Nobody" ("tandai team list" shows them)']);
  });
});
