/**
 * The scripted day of a researcher, through the `tandai` command only, with nothing but
 * TANDAI_PASSPHRASE set: identity init → init → import → list → show --json → withdraw → audit verify.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, json, PASS, tempDir } from './harness.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'formats');

interface ListItem {
  id: string;
  title: string;
  participantId: string;
  participantLabel: string;
  versionId: string;
  format: string;
  utteranceCount: number;
  attributes: Record<string, unknown>;
}
interface Shown {
  id: string;
  title: string;
  versionId: string;
  text: string;
  utterances: { start: number; end: number; labelStart: number | null; labelEnd: number | null; speaker: string | null; tStartMs: number | null; tEndMs: number | null }[];
  attributes: Record<string, unknown>;
}

describe('the scripted scenario with only TANDAI_PASSPHRASE set', () => {
  const dir = tempDir();
  const home = join(dir, 'home');
  const project = join(dir, 'study.tandai');
  const env = { TANDAI_PASSPHRASE: PASS };
  const interviews = join(dir, 'interviews');
  const plain = 'Interviewer: How far is the school?\nRespondent: An hour on foot.\nInterviewer: Thank you.\n';

  beforeAll(() => {
    mkdirSync(join(interviews, 'nested'), { recursive: true });
    writeFileSync(join(interviews, 'a-plain.txt'), plain);
    copyFileSync(join(FIXTURES, 'interview.vtt'), join(interviews, 'b-captions.vtt'));
    writeFileSync(join(interviews, 'c-broken.docx'), Buffer.from('PK\x03\x04 this is not really a zip file'));
    copyFileSync(join(FIXTURES, 'interview-en.txt'), join(interviews, 'nested', 'd-nested.txt'));
    writeFileSync(join(interviews, 'notes.pdf'), 'not a transcript format, so the folder walk skips it');
  });

  let items: ListItem[] = [];

  it('identity init creates the identity with the passphrase from TANDAI_PASSPHRASE', async () => {
    const r = await cli(['identity', 'init', '--name', 'Dewi Lestari'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^name: +Dewi Lestari$/m);
    expect(r.stdout).toMatch(/^fingerprint: +(\w+-){11}\w+$/m);
    expect(r.stdout).toMatch(/^card: +tandai-id:1:/m);
    const again = await cli(['identity', 'init', '--name', 'Someone Else'], { env, home });
    expect(again.code).toBe(1);
    expect(again.errLines).toEqual([expect.stringMatching(/^tandai: an identity already exists/)]);
  });

  it('init creates the project without a recovery key when told --no-recovery-key', async () => {
    const r = await cli(['init', '--project', project, '--no-recovery-key'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Dewi Lestari is its lead');
    expect(statSync(project).isFile()).toBe(true);
  });

  it('imports a folder: the good files import, the broken one is named with its reason, and the exit code is 1', async () => {
    const r = await cli(['import', '--project', project, interviews, '--attr', 'country=Kenya'], { env, home });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('imported'))).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('rejected'))).toMatch(/c-broken\.docx: not a valid \.docx/);
    expect(r.stdout).not.toContain('notes.pdf');
    expect(lines.at(-1)).toBe('3 imported, 0 duplicate, 1 rejected');
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: 1 of 4 files rejected: c-broken\.docx: not a valid \.docx/)]);
  });

  it('list --json prints only JSON: the three imported transcripts with their attributes', async () => {
    const r = await cli(['list', '--project', project, '--json'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    items = json<ListItem[]>(r);
    expect(items.map((t) => t.title).sort()).toEqual(['a-plain', 'b-captions', 'd-nested']);
    for (const t of items) expect(t.attributes).toEqual({ country: 'Kenya' });
    expect(new Set(items.map((t) => t.participantLabel)).size).toBe(3);
  });

  it('show --json gives the stored text and utterances exactly as stored', async () => {
    const a = items.find((t) => t.title === 'a-plain')!;
    const r = await cli(['show', '--project', project, a.id, '--json'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    const t = json<Shown>(r);
    expect(t).toMatchObject({ id: a.id, title: 'a-plain', versionId: a.versionId, text: plain, attributes: { country: 'Kenya' } });
    expect(t.utterances.map((u) => u.speaker)).toEqual(['Interviewer', 'Respondent', 'Interviewer']);
    for (const u of t.utterances) {
      expect(Object.keys(u).sort()).toEqual(['end', 'labelEnd', 'labelStart', 'speaker', 'start', 'tEndMs', 'tStartMs']);
      expect(t.text.slice(u.labelStart!, u.labelEnd!)).toBe(u.speaker);
    }
    expect(t.text.slice(t.utterances[1]!.start, t.utterances[1]!.end)).toBe('Respondent: An hour on foot.');

    const vtt = items.find((x) => x.title === 'b-captions')!;
    const v = json<Shown>(await cli(['show', '--project', project, vtt.id, '--json'], { env, home }));
    expect(v.utterances[0]).toMatchObject({ tStartMs: 1000, tEndMs: 4500 });
  });

  it('show without --json prints the text as stored after a short header', async () => {
    const a = items.find((t) => t.title === 'a-plain')!;
    const r = await cli(['show', '--project', project, a.id.slice(0, 8)], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith(`\n\n${plain}`)).toBe(true);
  });

  it('withdraw --yes destroys the participant and their transcript', async () => {
    const a = items.find((t) => t.title === 'a-plain')!;
    const r = await cli(['withdraw', '--project', project, '--participant', a.participantLabel.toLowerCase(), '--yes'], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Withdrew ${a.participantLabel}: 1 transcript`));
    const after = json<ListItem[]>(await cli(['list', '--project', project, '--json'], { env, home }));
    expect(after.map((t) => t.id)).not.toContain(a.id);
    const participants = json<{ label: string }[]>(await cli(['participants', '--project', project, '--json'], { env, home }));
    expect(participants.map((p) => p.label)).not.toContain(a.participantLabel);
    const gone = await cli(['show', '--project', project, a.id], { env, home });
    expect(gone.code).toBe(1);
    expect(gone.errLines).toEqual([expect.stringMatching(/^tandai: no transcript/)]);
  });

  it('audit verify passes and counts the withdrawn entries as unreadable', async () => {
    const r = await cli(['audit', 'verify', '--project', project], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+ entries, [1-9]\d* unreadable \(withdrawn\)$/m);
    const j = await cli(['audit', 'verify', '--project', project, '--json'], { env, home });
    const report = json<{ ok: boolean; entries: number; unreadable: number; problems: string[] }>(j);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.unreadable).toBeGreaterThan(0);
  });

  it('audit verify exits 1 and names the problem on a copy older than the state this identity has seen', async () => {
    const old = join(dir, 'old-copy.tandai');
    const b = await cli(['backup', '--project', project, '--out', old], { env, home });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Backup written to .*old-copy\.tandai .*verified/);
    // The live project moves on (the backup itself is logged in it), so the copy is now behind.
    const r = await cli(['audit', 'verify', '--project', old], { env, home });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^problem: .*rolled back/m);
    expect(r.errLines).toEqual([expect.stringMatching(/^tandai: the audit log failed verification: 1 problem \(first: .*rolled back/)]);
  });

  it('works with TANDAI_PROJECT instead of --project', async () => {
    const r = await cli(['participants'], { env: { ...env, TANDAI_PROJECT: project }, home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^LABEL +ID +TRANSCRIPTS$/m);
  });

  it('init --recovery-key-out writes the 24 words to a new file with mode 0600, and never over an existing file', async () => {
    const keyFile = join(dir, 'second.recovery');
    const second = join(dir, 'second.tandai');
    const r = await cli(['init', '--project', second, '--name', 'Second study', '--recovery-key-out', keyFile], { env, home });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(keyFile, 'utf8').trim().split(/\s+/)).toHaveLength(24);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(r.stdout).not.toContain(readFileSync(keyFile, 'utf8').trim());

    const third = join(dir, 'third.tandai');
    const refused = await cli(['init', '--project', third, '--recovery-key-out', keyFile], { env, home });
    expect(refused.code).toBe(1);
    expect(refused.errLines).toEqual([expect.stringMatching(/^tandai: .*second\.recovery already exists/)]);
    expect(() => statSync(third)).toThrow();
  });
});
