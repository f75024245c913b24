/** Team cards, attributes (checked all-or-nothing), --json purity, progress at a terminal, and withdrawal's confirmation. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, PASS2, tempDir } from './harness.js';

describe('team, attributes and withdrawal', () => {
  const dir = tempDir();
  const lead = join(dir, 'lead-home');
  const coder = join(dir, 'coder-home');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };
  let transcriptId = '';

  beforeAll(async () => {
    expect((await cli(['identity', 'init', '--name', 'Lead Person'], { env, home: lead })).code).toBe(0);
    expect((await cli(['identity', 'init', '--name', 'Coder Person'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder })).code).toBe(0);
    expect((await cli(['init', '--project', project, '--no-recovery-key'], { env, home: lead })).code).toBe(0);
    writeFileSync(join(dir, 'one.txt'), 'Interviewer: First question.\nRespondent: First answer.\n');
    writeFileSync(join(dir, 'two.txt'), 'Interviewer: Second question.\nRespondent: Second answer.\n');
    const r = await cli(['import', '--project', project, '--json', '--participant', 'P007', join(dir, 'one.txt'), join(dir, 'two.txt')], { env, home: lead });
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ results: { status: string; transcriptId?: string }[]; imported: number; rejected: number }>(r);
    expect(out).toMatchObject({ imported: 2, rejected: 0 });
    transcriptId = out.results[0]!.transcriptId!;
  });

  it('identity show --json prints only the identity as JSON; --card prints only the card', async () => {
    const r = await cli(['identity', 'show', '--json'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const who = json<{ id: string; displayName: string; fingerprint: string; card: string }>(r);
    expect(who.displayName).toBe('Coder Person');
    const card = await cli(['identity', 'show', '--card'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder });
    expect(card.stdout).toBe(`${who.card}\n`);
  });

  it('team add reads a card from @FILE; the new member can then open the project with their own identity', async () => {
    const card = (await cli(['identity', 'show', '--card'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder })).stdout;
    writeFileSync(join(dir, 'coder.card'), card);
    const before = await cli(['list', '--project', project], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder });
    expect(before.code).toBe(1);

    const r = await cli(['team', 'add', '--project', project, '--role', 'coder', '@coder.card'], { env, home: lead, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^added Coder Person as coder$/m);
    const again = await cli(['team', 'add', '--project', project, '--role', 'coder', '@coder.card'], { env, home: lead, cwd: dir });
    expect(again.code).toBe(1);
    expect(again.errLines).toEqual([expect.stringMatching(/^tandai: Coder Person .* is already in the team list$/)]);

    const members = json<{ displayName: string; role: string; canOpen: boolean }[]>(await cli(['team', 'list', '--project', project, '--json'], { env, home: lead }));
    expect(members.map((m) => [m.displayName, m.role, m.canOpen])).toEqual([
      ['Lead Person', 'lead', true],
      ['Coder Person', 'coder', true],
    ]);
    const after = await cli(['list', '--project', project, '--json'], { env: { TANDAI_PASSPHRASE: PASS2 }, home: coder });
    expect(after.code, after.stderr).toBe(0);
    expect(json<unknown[]>(after)).toHaveLength(2);
  });

  it('a damaged card is a usage error naming what is wrong', async () => {
    const r = await cli(['team', 'add', '--project', project, '--role', 'reviewer', 'tandai-id:1:bm90IGEgY2FyZA'], { env, home: lead });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual(['tandai: not a Tandai public key card: its content is damaged']);
  });

  it('attr define then attr set: values are converted to the attribute type and show up in list --json', async () => {
    const d = await cli(['attr', 'define', '--project', project, 'Region', '--type', 'choice', '--choices', 'North, South ,Coast'], { env, home: lead });
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toBe('defined region (choice: North, South, Coast)\n');
    const s = await cli(['attr', 'set', '--project', project, transcriptId, 'region=coast', 'consent_quoting=yes', 'Country=Indonesia'], { env, home: lead });
    expect(s.code, s.stderr).toBe(0);
    const items = json<{ id: string; attributes: Record<string, unknown> }[]>(await cli(['list', '--project', project, '--json'], { env, home: lead }));
    expect(items.find((t) => t.id === transcriptId)!.attributes).toEqual({ region: 'Coast', consent_quoting: true, country: 'Indonesia' });
  });

  it('attr set checks every value first: one bad value writes none of them', async () => {
    const r = await cli(['attr', 'set', '--project', project, transcriptId, 'country=Kenya', 'date=2024-02-30'], { env, home: lead });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual(['tandai: attribute date: expected a date as YYYY-MM-DD, got "2024-02-30"']);
    const unknown = await cli(['attr', 'set', '--project', project, transcriptId, 'colour=blue'], { env, home: lead });
    expect(unknown.code).toBe(2);
    expect(unknown.errLines).toEqual([expect.stringMatching(/^tandai: unknown attribute "colour" \(known: interview_type, .*region;/)]);
    const items = json<{ id: string; attributes: Record<string, unknown> }[]>(await cli(['list', '--project', project, '--json'], { env, home: lead }));
    expect(items.find((t) => t.id === transcriptId)!.attributes.country).toBe('Indonesia');
  });

  it('attr set with an empty value clears it', async () => {
    const r = await cli(['attr', 'set', '--project', project, transcriptId, 'region='], { env, home: lead });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('cleared region\n');
    const t = json<{ attributes: Record<string, unknown> }>(await cli(['show', '--project', project, transcriptId, '--json'], { env, home: lead }));
    expect(t.attributes).not.toHaveProperty('region');
  });

  it('import at a terminal shows progress on stderr and still one line per file on stdout; a duplicate is not an error', async () => {
    writeFileSync(join(dir, 'three.txt'), 'Interviewer: Third.\nRespondent: Yes.\n');
    const r = await cli(['import', '--project', project, join(dir, 'three.txt'), join(dir, 'one.txt')], { env, home: lead, tty: { input: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/importing \[/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^imported +[0-9a-f-]{36} +three\.txt: imported/);
    expect(lines[1]).toMatch(/^duplicate +[0-9a-f-]{36} +one\.txt: the same text is already in this project/);
    expect(lines[2]).toBe('1 imported, 1 duplicate, 0 rejected');
  });

  it('import --encoding decodes the file with the named encoding', async () => {
    writeFileSync(join(dir, 'latin.txt'), Buffer.from('Interviewer: Caf\xe9 or tea?\nRespondent: Caf\xe9.\n', 'latin1'));
    const r = await cli(['import', '--project', project, '--json', '--encoding', 'windows-1252', join(dir, 'latin.txt')], { env, home: lead });
    expect(r.code, r.stderr).toBe(0);
    const id = json<{ results: { transcriptId: string; encoding: string }[] }>(r).results[0]!;
    expect(id.encoding).toBe('windows-1252');
    const t = json<{ text: string }>(await cli(['show', '--project', project, id.transcriptId, '--json'], { env, home: lead }));
    expect(t.text).toBe('Interviewer: Café or tea?\nRespondent: Café.\n');
  });

  it('import of a folder with nothing importable exits 1 saying so', async () => {
    const empty = join(dir, 'empty');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(empty);
    writeFileSync(join(empty, 'photo.png'), 'not a transcript');
    const r = await cli(['import', '--project', project, empty], { env, home: lead });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual(['tandai: nothing to import: no .txt, .md, .docx, .vtt or .srt files in empty']);
  });

  let withdrawnId = '';
  it('withdraw at a terminal without --yes asks to type the label; a wrong answer withdraws nothing', async () => {
    const no = await cli(['withdraw', '--project', project, '--participant', 'P007'], { env, home: lead, tty: { input: 'P008\n' } });
    expect(no.code).toBe(1);
    // The fake terminal does not echo the Enter key, so the error follows the question on its line.
    expect(no.stderr).toMatch(/Type P007 to confirm: tandai: not confirmed: P007 was not withdrawn\n$/);
    const still = json<{ id: string; label: string }[]>(await cli(['participants', '--project', project, '--json'], { env, home: lead }));
    expect(still.map((p) => p.label)).toContain('P007');
    withdrawnId = still.find((p) => p.label === 'P007')!.id;

    const yes = await cli(['withdraw', '--project', project, '--participant', 'P007'], { env, home: lead, tty: { input: 'p007\n' } });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Withdrew P007: 2 transcript\(s\)/);
  });

  it('withdraw names an unknown participant, and says when a participant id was already withdrawn', async () => {
    const r = await cli(['withdraw', '--project', project, '--participant', 'P404', '--yes'], { env, home: lead });
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: no participant P404 in this project/)]);
    const again = await cli(['withdraw', '--project', project, '--participant', withdrawnId, '--yes'], { env, home: lead });
    expect(again.code).toBe(1);
    expect(again.errLines).toEqual([`tandai: participant ${withdrawnId} was already withdrawn`]);
  });
});
