/**
 * `tandai deid destroy-originals` through the real CLI: refused without a confirmation, refused
 * while a candidate is undecided, confirmed by typing the project's name at a terminal (the fake
 * stdin is the one edge mocked) or by --yes, and reporting what it did in counts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, tempDir } from '../cli/harness.js';

describe('tandai deid destroy-originals', () => {
  const dir = tempDir('tandai-destroy-cli-');
  const home = join(dir, 'researcher');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };

  beforeAll(async () => {
    writeFileSync(join(dir, 'interview.txt'), 'Interviewer: Tell me.\nRespondent: My daughter Hope Wanjiru was 13. We live near Nyalenda. Call 0712 345 678.\n');
    expect((await cli(['identity', 'init', '--name', 'Dewi Researcher'], { env, home })).code).toBe(0);
    expect((await cli(['init', '--project', project, '--no-recovery-key'], { env, home })).code).toBe(0);
    expect((await cli(['import', '--project', project, join(dir, 'interview.txt')], { env, home })).code).toBe(0);
    expect((await cli(['deid', 'scan', '--project', project], { env, home })).code).toBe(0);
  });

  it('needs --yes when not at a terminal, and is refused while candidates are undecided', async () => {
    const usage = await cli(['deid', 'destroy-originals', '--project', project], { env, home });
    expect(usage.code).toBe(2);
    expect(usage.errLines).toEqual(['tandai: destroying originals cannot be undone: add --yes to confirm']);
    const undecided = await cli(['deid', 'destroy-originals', '--project', project, '--yes'], { env, home });
    expect(undecided.code).toBe(1);
    expect(undecided.errLines[0]).toMatch(/candidate\(s\) are undecided/);
    expect((await cli(['show', '--project', project, 'interview'], { env, home })).stdout).toContain('Hope Wanjiru');
  });

  it('at a terminal asks for the project name; with it, destroys and reports counts', async () => {
    for (let round = 0; round < 4; round++) {
      const left = json<{ entities: { id: string; type: string }[] }>(await cli(['deid', 'list', '--project', project, '--json', '--status', 'undecided'], { env, home }));
      for (const e of left.entities) {
        const action = e.type === 'AGE' || e.type === 'DATE' ? 'generalise' : 'replace';
        expect((await cli(['deid', 'decide', '--project', project, '--entity', e.id, '--action', action], { env, home })).code).toBe(0);
      }
      const status = json<{ rescanNeeded: boolean; undecided: number; unscanned: number }>(await cli(['deid', 'status', '--project', project, '--json'], { env, home }));
      if (!status.rescanNeeded && status.undecided === 0 && status.unscanned === 0) break;
      expect((await cli(['deid', 'scan', '--project', project], { env, home })).code).toBe(0);
    }
    const wrong = await cli(['deid', 'destroy-originals', '--project', project], { env, home, tty: { input: 'not the name\n' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Type study to confirm: .*tandai: not confirmed: nothing was destroyed/s);
    expect((await cli(['show', '--project', project, 'interview'], { env, home })).stdout).toContain('Hope Wanjiru');

    const r = await cli(['deid', 'destroy-originals', '--project', project], { env, home, tty: { input: 'study\n' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Destroyed the originals of 1 transcript\(s\): 1 earlier version\(s\)/);
    expect(r.stdout).toMatch(/The pseudonym map holds no original any more\./);
    // What is stored is now the rendition.
    const text = (await cli(['show', '--project', project, 'interview'], { env, home })).stdout;
    expect(text).not.toMatch(/Hope Wanjiru|Nyalenda|0712 345 678/);
    expect(text).toMatch(/\[early teens\]/);

    // Scanned again at once; once what it left is decided, a second run leaves the transcript as it is.
    const left = json<{ entities: { id: string }[] }>(await cli(['deid', 'list', '--project', project, '--json', '--status', 'undecided'], { env, home }));
    for (const e of left.entities) expect((await cli(['deid', 'decide', '--project', project, '--entity', e.id, '--action', 'not-identifier'], { env, home })).code).toBe(0);
    const again = await cli(['deid', 'destroy-originals', '--project', project, '--yes', '--json'], { env, home });
    expect(again.code, again.stderr).toBe(0);
    expect(json<{ transcripts: number; alreadyDestroyed: number; versionsDeleted: number }>(again)).toMatchObject({ transcripts: 0, alreadyDestroyed: 1, versionsDeleted: 0 });
    expect((await cli(['show', '--project', project, 'interview'], { env, home })).stdout).toBe(text);
  });
});
