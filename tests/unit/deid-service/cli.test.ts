/**
 * The de-identification flow through the `tandai` command only: `deid scan FILE… --json` without a
 * project, then a researcher and a reviewer (two identity homes) taking a project from raw
 * transcripts to an accepted sign-off, with the usage and bad-input errors on the way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, PASS2, tempDir } from '../cli/harness.js';

interface Hit {
  start: number;
  end: number;
  type: string;
  text: string;
  detector: string;
  confidence: number;
}

describe('tandai deid / register / review', () => {
  const dir = tempDir('tandai-deid-cli-');
  const home = join(dir, 'researcher');
  const reviewerHome = join(dir, 'reviewer');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };
  const renv = { TANDAI_PASSPHRASE: PASS2 };

  beforeAll(() => {
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hi.\r\nRespondent: Call Otis on 0711 203 944 🙂 near Nyalenda.\r\n');
    writeFileSync(join(dir, 'b.txt'), 'Interviewer: Hi.\nRespondent: The number 0711203944 is his.\n');
    writeFileSync(join(dir, 'reg.csv'), 'kind,value,aliases,note\nperson,Otieno,Otis,brother\n');
    writeFileSync(join(dir, 'bad.csv'), 'kind,value,aliases,note\nperson,"Otieno,Otis,brother\n');
    writeFileSync(join(dir, 'interview.txt'), 'Interviewer: Tell me.\nRespondent: My daughter Hope Wanjiru was 13. We live near Nyalenda. Call 0712 345 678.\n');
  });

  it('deid scan FILE… --json prints only JSON keyed by the paths as given, offsets into the imported text', async () => {
    const r = await cli(['deid', 'scan', 'a.txt', './b.txt', '--register', 'reg.csv', '--json'], { env: {}, home, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = json<Record<string, Hit[]>>(r);
    expect(Object.keys(out)).toEqual(['a.txt', './b.txt']);
    // The importer's text: CRLF became LF; offsets are UTF-16 units (the emoji counts two).
    const a = 'Interviewer: Hi.\nRespondent: Call Otis on 0711 203 944 🙂 near Nyalenda.\n';
    for (const h of out['a.txt']!) expect(a.slice(h.start, h.end)).toBe(h.text);
    expect(out['a.txt']!.find((h) => h.text === 'Otis')).toMatchObject({ type: 'PERSON', detector: 'register' });
    expect(out['a.txt']!.find((h) => h.text === 'Nyalenda')!.start).toBe(a.indexOf('Nyalenda'));
    expect(out['./b.txt']!.some((h) => h.text === '0711203944')).toBe(true);
    for (const h of [...out['a.txt']!, ...out['./b.txt']!]) {
      expect(['PERSON', 'LOCATION', 'ORGANIZATION', 'DATE', 'AGE', 'PHONE', 'EMAIL', 'URL', 'HANDLE', 'ID_NUMBER', 'ADDRESS']).toContain(h.type);
      expect(h.confidence).toBeGreaterThanOrEqual(0);
      expect(h.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('deid scan without --json prints a readable table; a malformed register names its line; a missing file exits 1', async () => {
    const r = await cli(['deid', 'scan', 'a.txt'], { env: {}, home, cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^FILE +START +END +TYPE +DETECTOR +CONF +TEXT$/);
    const bad = await cli(['deid', 'scan', 'a.txt', '--register', 'bad.csv', '--json'], { env: {}, home, cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.errLines).toEqual([expect.stringMatching(/^tandai: bad\.csv line 2: a quoted field is not closed$/)]);
    const missing = await cli(['deid', 'scan', 'a.txt', 'nope.txt', '--json'], { env: {}, home, cwd: dir });
    expect(missing.code).toBe(1);
    expect(Object.keys(json(missing))).toEqual(['a.txt']);
    expect(missing.errLines).toEqual(['tandai: nope.txt: no such file']);
    const usage = await cli(['deid', 'scan'], { env: {}, home, cwd: dir });
    expect(usage.code).toBe(2);
  });

  let reviewerFp = '';
  it('a researcher scans, registers, decides and sends a package; the reviewer approves; the researcher accepts', async () => {
    expect((await cli(['identity', 'init', '--name', 'Dewi Researcher'], { env, home })).code).toBe(0);
    expect((await cli(['identity', 'init', '--name', 'Rina Reviewer'], { env: renv, home: reviewerHome })).code).toBe(0);
    const card = (await cli(['identity', 'show', '--card'], { env: renv, home: reviewerHome })).stdout.trim();
    reviewerFp = json<{ fingerprint: string }>(await cli(['identity', 'show', '--json'], { env: renv, home: reviewerHome })).fingerprint;
    expect((await cli(['init', '--project', project, '--no-recovery-key'], { env, home })).code).toBe(0);
    expect((await cli(['team', 'add', '--project', project, '--role', 'reviewer', card], { env, home })).code).toBe(0);
    expect((await cli(['import', '--project', project, join(dir, 'interview.txt'), '--attr', 'consent_sharing=yes'], { env, home })).code).toBe(0);

    const badReg = await cli(['register', 'import', '--project', project, 'bad.csv'], { env, home, cwd: dir });
    expect(badReg.code).toBe(1);
    expect(badReg.errLines).toEqual(['tandai: bad.csv line 2: a quoted field is not closed']);
    const reg = await cli(['register', 'import', '--project', project, 'reg.csv', '--participant', 'P001'], { env, home, cwd: dir });
    expect(reg.code, reg.stderr).toBe(0);

    const scan = await cli(['deid', 'scan', '--project', project, '--json'], { env, home });
    expect(scan.code, scan.stderr).toBe(0);
    expect(json<{ candidates: number }>(scan).candidates).toBeGreaterThan(2);

    const list = json<{ entities: { id: string; type: string; value: string; items: { id: string }[] }[] }>(await cli(['deid', 'list', '--project', project, '--json', '--status', 'undecided'], { env, home }));
    expect(list.entities.length).toBeGreaterThan(0);
    const keepless = await cli(['deid', 'decide', '--project', project, '--entity', list.entities[0]!.id, '--action', 'keep'], { env, home });
    expect(keepless.code).toBe(2);
    expect(keepless.errLines).toEqual(['tandai: --reason: keeping an identifier needs a reason']);
    const both = await cli(['deid', 'decide', '--project', project, '--entity', list.entities[0]!.id, '--candidate', list.entities[0]!.items[0]!.id, '--action', 'redact'], { env, home });
    expect(both.code).toBe(2);
    for (const e of list.entities) {
      const action = e.type === 'AGE' || e.type === 'DATE' ? 'generalise' : 'replace';
      const r = await cli(['deid', 'decide', '--project', project, '--entity', e.id, '--action', action], { env, home });
      expect(r.code, r.stderr).toBe(0);
    }
    const status = json<{ rescanNeeded: boolean; undecided: number }>(await cli(['deid', 'status', '--project', project, '--json'], { env, home }));
    if (status.rescanNeeded) {
      expect((await cli(['deid', 'scan', '--project', project], { env, home })).code).toBe(0);
      const left = json<{ entities: { id: string }[] }>(await cli(['deid', 'list', '--project', project, '--json', '--status', 'undecided'], { env, home }));
      for (const e of left.entities) expect((await cli(['deid', 'decide', '--project', project, '--entity', e.id, '--action', 'redact'], { env, home })).code).toBe(0);
    }
    const preview = await cli(['deid', 'preview', '--project', project, 'interview'], { env, home });
    expect(preview.stdout).not.toMatch(/Hope Wanjiru|0712 345 678/);
    expect(preview.stdout).toContain('[early teens]');

    const refused = await cli(['deid', 'check', '--project', project], { env, home });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/no ethics sign-off/);

    const pkg = await cli(['deid', 'review-package', '--project', project, '--to', reviewerFp, '--out', 'study.review', '--risk-note', 'Small town.'], { env, home, cwd: dir });
    expect(pkg.code, pkg.stderr).toBe(0);
    expect(pkg.stdout).toMatch(/for Rina Reviewer/);

    const open = await cli(['review', 'open', 'study.review', '--json'], { env: renv, home: reviewerHome, cwd: dir });
    expect(open.code, open.stderr).toBe(0);
    const view = json<{ items: { key: string; text: string }[]; residualRisk: string[] }>(open);
    expect(view.residualRisk).toEqual(['Small town.']);
    expect(view.items.map((i) => i.text).join('\n')).not.toMatch(/Hope Wanjiru|0712 345 678/);
    const human = await cli(['review', 'open', 'study.review'], { env: renv, home: reviewerHome, cwd: dir });
    expect(human.stdout).toMatch(/verified: signed by its author, sealed to you, unaltered/);
    // The researcher cannot open what was sealed to the reviewer.
    const notMine = await cli(['review', 'open', 'study.review'], { env, home, cwd: dir });
    expect(notMine.code).toBe(1);
    expect(notMine.errLines[0]).toMatch(/sealed to someone else/);

    const approve = await cli(['review', 'approve', 'study.review', '--out', 'study.decision', '--risk', 'low', '--comment', `${view.items[0]!.key}=Looks fine.`], { env: renv, home: reviewerHome, cwd: dir });
    expect(approve.code, approve.stderr).toBe(0);
    const verify = await cli(['review', 'verify', 'study.decision', '--json'], { env, home, cwd: dir });
    expect(json<{ ok: boolean; kind: string; decision: string }>(verify)).toMatchObject({ ok: true, kind: 'decision', decision: 'approved' });
    const accept = await cli(['review', 'accept', '--project', project, 'study.decision'], { env, home, cwd: dir });
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toMatch(/^Accepted: approved by Rina Reviewer/);
    const ok = await cli(['deid', 'check', '--project', project, '--purpose', 'sharing'], { env, home });
    expect(ok.stdout).toMatch(/The gate allows it \(pseudonymised\)/);
  });

  it('review verify names why an altered decision fails; review return needs a reason', async () => {
    const bytes = readFileSync(join(dir, 'study.decision'));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 0xff, bytes.length - 30);
    writeFileSync(join(dir, 'altered.decision'), bytes);
    const r = await cli(['review', 'verify', 'altered.decision'], { env, home, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.errLines.join(' ')).toMatch(/altered in transit/);
    const ret = await cli(['review', 'return', 'study.review', '--out', 'x.decision'], { env: renv, home: reviewerHome, cwd: dir });
    expect(ret.code).toBe(2);
    expect(ret.errLines).toEqual(['tandai: --reason: returning a package needs a reason']);
  });
});
