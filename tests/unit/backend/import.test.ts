import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS, testBackend, writeFiles } from '../helpers/backend.js';

const interview = (tag: string) => `Interviewer: Good morning ${tag}.\nP1: Good morning.\nInterviewer: How did you first report it?\nP1: My aunt took me to the police post.\n`;

async function openProject() {
  const t = await testBackend();
  const path = join(t.dir, 'p.tandai');
  await t.call('project.create', { path, passphrase: PASS, recoveryKey: false });
  return { ...t, path };
}

describe('importing transcripts', () => {
  it('imports a folder with per-file progress and results; a bad file is rejected with its reason and the rest import', async () => {
    const t = await openProject();
    const dir = join(t.dir, 'batch');
    writeFiles(dir, {
      '01.txt': interview('one'),
      '02.md': '# Notes\n\n' + interview('two'),
      '03.txt': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]), // binary renamed .txt
      '04.docx': 'this is not a zip file',
      'ignored.pdf': 'not a transcript format',
    });
    const progress: number[] = [];
    const { results } = await t.call('transcripts.import', { paths: [dir] }, (e, p) => {
      if (e === 'progress') progress.push((p as { done: number }).done);
    });
    expect(results.map((r) => [r.path.split('/').pop(), r.status])).toEqual([
      ['01.txt', 'imported'],
      ['02.md', 'imported'],
      ['03.txt', 'rejected'],
      ['04.docx', 'rejected'],
    ]);
    expect(results[2]!.code).toBe('BINARY_FILE');
    expect(results[3]!.message).toMatch(/04\.docx/);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(await t.call('transcripts.list', {})).toHaveLength(2);
  });

  it('keeps the text exactly as the importer returns it, with utterance ranges over it', async () => {
    const t = await openProject();
    const [file] = writeFiles(join(t.dir, 'in'), { 'crlf.txt': '\uFEFFInterviewer: Selamat pagi 🌺\r\nNarasumber: Pagi.\r\n' });
    const { results } = await t.call('transcripts.import', { paths: [file!] });
    const d = await t.call('transcripts.get', { id: results[0]!.transcriptId! });
    expect(d.text).toBe('Interviewer: Selamat pagi 🌺\nNarasumber: Pagi.\n');
    expect(d.utteranceList.map((u) => u.speaker)).toEqual(['Interviewer', 'Narasumber']);
    for (const u of d.utteranceList) expect(d.text.slice(u.labelStart!, u.labelEnd!)).toBe(u.speaker);
  });

  it('recognises the same text imported twice (keyed hash) and tells the user, importing it once', async () => {
    const t = await openProject();
    const [a] = writeFiles(join(t.dir, 'x'), { 'first.txt': interview('same') });
    const [b] = writeFiles(join(t.dir, 'y'), { 'second-name.txt': interview('same') });
    await t.call('transcripts.import', { paths: [a!] });
    const { results } = await t.call('transcripts.import', { paths: [b!] });
    expect(results[0]).toMatchObject({ status: 'duplicate', duplicateOf: { title: 'first' } });
    expect(results[0]!.message).toMatch(/already in this project as "first"/);
    expect(await t.call('transcripts.list', {})).toHaveLength(1);
  });

  it('files transcripts under the named participant and sets attributes; refuses an unknown attribute before importing anything', async () => {
    const t = await openProject();
    const files = writeFiles(join(t.dir, 'in'), { 'a.txt': interview('a'), 'b.txt': interview('b') });
    await t.call('transcripts.import', { paths: files, participant: 'KE-07', attributes: { country: 'KE', interview_type: 'caregiver', consent_quoting: 'yes', date: '2026-03-01' } });
    const list = await t.call('transcripts.list', {});
    expect(new Set(list.map((x) => x.participantLabel))).toEqual(new Set(['KE-07']));
    expect(list[0]!.attributes).toEqual({ country: 'KE', interview_type: 'caregiver', consent_quoting: true, date: '2026-03-01' });
    const e = await t.fail('transcripts.import', { paths: files, attributes: { shoe_size: '42' } });
    expect(e.message).toMatch(/unknown attribute "shoe_size"/);
    expect(await t.fail('attributes.set', { transcriptId: list[0]!.id, key: 'date', value: '1 March' })).toMatchObject({ message: expect.stringMatching(/expected a date as YYYY-MM-DD/) });
  });

  it('gives each transcript its own participant (P001, P002, …) when none is named', async () => {
    const t = await openProject();
    const files = writeFiles(join(t.dir, 'in'), { 'a.txt': interview('a'), 'b.txt': interview('b') });
    await t.call('transcripts.import', { paths: files });
    expect((await t.call('participants.list', {})).map((p) => p.label)).toEqual(['P001', 'P002']);
  });

  it('team-defined attributes (text, number, date, choice) are defined once and validated', async () => {
    const t = await openProject();
    const [f] = writeFiles(join(t.dir, 'in'), { 'a.txt': interview('a') });
    const { results } = await t.call('transcripts.import', { paths: [f!] });
    const def = await t.call('attributes.define', { name: 'Region type', type: 'choice', choices: ['urban', 'rural'] });
    expect(def.key).toBe('region_type');
    await t.call('attributes.set', { transcriptId: results[0]!.transcriptId!, key: 'region_type', value: 'Rural' });
    expect((await t.call('transcripts.list', {}))[0]!.attributes.region_type).toBe('rural');
    expect((await t.fail('attributes.set', { transcriptId: results[0]!.transcriptId!, key: 'region_type', value: 'coastal' })).message).toMatch(/expected one of urban, rural/);
    expect((await t.fail('attributes.define', { name: 'Region type', type: 'text' })).code).toBe('CONFLICT');
  });

  it('a process killed in the middle of a batch leaves every committed transcript intact and the project openable', async () => {
    const t = await openProject();
    await t.call('project.lock', {});
    const dir = join(t.dir, 'many');
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`t${String(i).padStart(3, '0')}.txt`] = interview(`#${i} `) + 'P1: more words here. '.repeat(400);
    writeFiles(dir, files);
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/unit/helpers/import-child.ts', t.home, t.path, PASS, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      child.stdout.on('data', (d: Buffer) => {
        seen += d.toString().split('\n').filter((l) => l.startsWith('progress')).length;
        if (seen >= 20) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => (seen >= 20 ? resolve() : reject(new Error(`child exited after ${seen} files`))));
    });
    await new Promise((r) => child.on('close', r));
    await t.call('project.open', { path: t.path, passphrase: PASS });
    const list = await t.call('transcripts.list', {});
    expect(list.length).toBeGreaterThanOrEqual(19);
    expect(list.length).toBeLessThan(300);
    for (const s of list) expect((await t.call('transcripts.get', { id: s.id })).text).toMatch(/^Interviewer: Good morning #\d+ /);
    expect((await t.call('audit.verify', {})).ok).toBe(true);
  });
});
