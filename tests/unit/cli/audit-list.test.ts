/**
 * `tandai audit list`: the latest entries, newest first, each target and actor named as it is now in
 * the project (the entries themselves hold ids, kinds and counts only, never a title or label).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, tempDir } from './harness.js';

interface Listed {
  seq: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  targetId: string | null;
  targetName: string | null;
  details: Record<string, unknown> | null;
}

describe('tandai audit list', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };
  let transcriptId = '';

  beforeAll(async () => {
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'Amina at home.txt'), 'Interviewer: Hello.\nRespondent: Hello.\n');
    for (const argv of [
      ['identity', 'init', '--name', 'Dewi Lestari'],
      ['init', '--project', project, '--no-recovery-key'],
      ['import', '--project', project, join(inputs, 'Amina at home.txt'), '--participant', 'Amina', '--attr', 'sensitivity_note=asked for a pause'],
    ]) {
      const r = await cli(argv, { env, home });
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    transcriptId = json<{ id: string }[]>(await cli(['list', '--project', project, '--json'], { env, home }))[0]!.id;
  });

  it('--json names the transcript, its participant and the actor from the project, and the details hold none of those names', async () => {
    const entries = json<Listed[]>(await cli(['audit', 'list', '--project', project, '--json'], { env, home }));
    expect(entries.map((e) => e.action)).toEqual(['transcript.import', 'participant.create', 'team.add', 'project.create']);
    expect(entries.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    const imported = entries[0]!;
    expect(imported).toMatchObject({ targetId: transcriptId, targetName: 'Amina at home', actorName: 'Dewi Lestari', details: { format: 'txt', utterances: 2 } });
    expect(entries[1]).toMatchObject({ action: 'participant.create', targetId: imported.details!.participantId, targetName: 'Amina' });
    expect(entries[3]).toMatchObject({ action: 'project.create', targetName: 'study' });
    expect(JSON.stringify(entries.map((e) => e.details))).not.toMatch(/Amina|pause|Dewi/);
  });

  it('prints a table with the current names, and --limit keeps the newest', async () => {
    const r = await cli(['audit', 'list', '--project', project, '--limit', '2'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEQ +AT +BY +ACTION +TARGET +DETAILS$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^4 +\\S+ +Dewi Lestari +transcript\\.import +Amina at home \\(${transcriptId}\\) +\\{"format":"txt"`));
    expect(lines[2]).toMatch(/^3 .* participant\.create +Amina \(/);
  });

  it('refuses a --limit that is not a whole number from 1 to 10000 (usage error, exit 2)', async () => {
    const r = await cli(['audit', 'list', '--project', project, '--limit', 'lots'], { env, home });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: --limit: /)]);
  });
});
