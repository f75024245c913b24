/**
 * Scanning a project (through the router): every channel identifiers leak through, the register
 * layer with its sealed storage, typed pseudonyms from the register, idempotent and resumable
 * scans, and the CSV register's errors.
 */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queue, refreshSummaries } from '../../../electron/backend/services/deid/queue.js';
import { scanProject } from '../../../electron/backend/services/deid/scan.js';
import { openProjectFile } from '../../../electron/backend/services/project-file.js';
import { PASS, writeFiles } from '../helpers/backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

const TEXT = ['Interviewer: Please introduce yourself.', 'Sumiati: I live in Desa Sakra. My phone is 0812 3456 7890.', 'Interviewer: Thank you.', ''].join('\n');
const REGISTER = ['kind,value,aliases,note', 'person,Sumiati,,ibu korban', 'person,Bunga Lestari,Bunga,korban', 'place,Sakra,Desa Sakra,desa korban', 'organisation,SMPN 2 Sakra,,sekolah korban', ''].join('\n');

function rows(path: string, sql: string): Record<string, unknown>[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

describe('deid.scan', () => {
  it('scans transcript text with speaker labels, titles, file names, attribute values, memos and every code field', async () => {
    env = await newProjectWithTranscript({ text: TEXT, fileName: 'Sumiati interview.txt' });
    const { t } = env;
    const [csv] = writeFiles(join(env.dir, 'reg'), { 'register.csv': REGISTER });
    await t.call('register.import', { path: csv! });
    await t.call('attributes.define', { name: 'Home village', type: 'text' });
    await t.call('attributes.set', { transcriptId: env.transcriptId, key: 'home_village', value: 'Desa Sakra' });
    await t.call('attributes.set', { transcriptId: env.transcriptId, key: 'date', value: '2024-03-01' });
    await t.call('memos.create', { target: { kind: 'transcript', id: env.transcriptId }, body: 'Follow up with Sumiati next week.' });
    const code = await t.call('codes.create', { name: 'School barriers', definition: 'When the participant names SMPN 2 Sakra or another school.', examples: ['Bunga stopped going to school.'] });

    const r = await t.call('deid.scan', {});
    expect(r.coverage).toMatchObject({ transcripts: 1, titles: 1, fileNames: 1, memos: 1, codeNames: 1 });
    expect(r.coverage.speakerLabels).toBe(3);
    expect(r.coverage.attributeValues).toBe(2);

    const list = await t.call('deid.list', {});
    const items = list.entities.flatMap((e) => e.items);
    const at = (kind: string, field: string) => items.filter((c) => c.location.kind === kind && c.location.field === field).map((c) => c.text);
    expect(at('transcript', 'text')).toEqual(expect.arrayContaining(['Sumiati', 'Sakra', '0812 3456 7890']));
    // The speaker label is a candidate in its own right (it is part of the text).
    const label = items.find((c) => c.location.kind === 'transcript' && c.start === env!.text.indexOf('Sumiati:'));
    expect(label?.text).toBe('Sumiati');
    expect(at('title', 'title')).toEqual(['Sumiati']);
    expect(at('file-name', 'file-name')).toEqual(['Sumiati']);
    expect(at('attribute', 'home_village')).toEqual(['Sakra']);
    expect(at('attribute', 'date')).toEqual(['2024-03-01']);
    expect(at('memo', 'body')).toEqual(['Sumiati']);
    expect(at('code', 'definition')).toEqual(['SMPN 2 Sakra']);
    expect(at('code', 'examples.0')).toEqual(['Bunga']);
    expect(items.find((c) => c.location.kind === 'code')!.location.id).toBe(code.id);

    // One entity per register entry, whatever channel it was found in.
    const sumiati = list.entities.filter((e) => e.value === 'Sumiati');
    expect(sumiati).toHaveLength(1);
    expect(sumiati[0]!.registered).toBe(true);
    expect(sumiati[0]!.candidates).toBe(4); // speaker label, title, file name, memo
  });

  it('gives register people typed pseudonyms: the participant, their relatives, others', async () => {
    env = await newProjectWithTranscript({ text: 'Interviewer: Hello.\nBunga: My mother Sumiati and Pak Dimas Saputra came.\n' });
    const { t } = env;
    const [csv] = writeFiles(join(env.dir, 'reg'), { 'register.csv': [REGISTER.trim(), 'person,Dimas Saputra,Dimas,pelaku', ''].join('\n') });
    await t.call('register.import', { path: csv!, participantId: env.participantId });
    await t.call('deid.scan', {});
    const { entities } = await t.call('deid.queue', { status: 'all', limit: 100 });
    const pseudonym = async (value: string) => {
      const e = entities.find((x) => x.value === value)!;
      return (await t.call('deid.decide', { entityId: e.id, action: 'replace' })).replacement;
    };
    expect(await pseudonym('Bunga')).toBe('[Participant 1]');
    expect(await pseudonym('Sumiati')).toBe('[Relative of P1]');
    expect(await pseudonym('Dimas Saputra')).toBe('[Person A]');
    // Consistent: the same entity keeps its pseudonym.
    expect(await pseudonym('Bunga')).toBe('[Participant 1]');
    const prev = await t.call('deid.preview', { transcriptId: env.transcriptId });
    expect(prev.text).toBe('Interviewer: Hello.\n[Participant 1]: My mother [Relative of P1] and Pak [Person A] came.\n');
    expect(prev.utterances[1]!.speaker).toBe('[Participant 1]');
    expect(prev.participantLabel).toBe('Participant 1');
  });

  it('seals register entries under the participant they are filed under, and refuses a malformed CSV naming the line', async () => {
    env = await newProjectWithTranscript({ text: TEXT });
    const { t } = env;
    const [bad] = writeFiles(join(env.dir, 'bad'), { 'register.csv': 'kind,value,aliases,note\nperson,Sumiati,,\nanimal,Rex,,\n' });
    const e = await t.fail('register.import', { path: bad! });
    expect(e.code).toBe('CORRUPT_FILE');
    expect(e.message).toMatch(/register\.csv line 3: unknown kind/);
    expect(e.message).not.toContain('Rex');
    expect(await t.call('register.list', {})).toEqual([]); // nothing of the bad file was imported

    const [good] = writeFiles(join(env.dir, 'good'), { 'register.csv': REGISTER });
    await t.call('register.import', { path: good!, participantId: env.participantId });
    await t.call('register.add', { kind: 'place', value: 'Lombok Timur' });
    const list = await t.call('register.list', {});
    expect(list).toHaveLength(5);
    t.backend.close();
    const stored = rows(env.projectPath, 'SELECT participant_id FROM deid_register');
    expect(stored.filter((r) => r.participant_id === env!.participantId)).toHaveLength(4);
    expect(stored.filter((r) => r.participant_id === null)).toHaveLength(1);
  });

  it('a second scan writes nothing new; a later one keeps decided candidates and drops undecided ones no layer finds', async () => {
    env = await newProjectWithTranscript({ text: 'Interviewer: Hi.\nR: We called her nabs, and her brother otis came too.\n' });
    const { t } = env;
    const [csv] = writeFiles(join(env.dir, 'reg'), { 'register.csv': 'kind,value,aliases,note\nperson,Namubiru Joan,Nabs,survivor\nperson,Otieno,Otis,brother\n' });
    await t.call('register.import', { path: csv! });
    const first = await t.call('deid.scan', {});
    const again = await t.call('deid.scan', {});
    expect(again).toMatchObject({ added: 0, removed: 0, candidates: first.candidates });
    const found = (await t.call('deid.list', {})).entities.flatMap((e) => e.items);
    expect(found.map((c) => c.text)).toEqual(expect.arrayContaining(['nabs', 'otis']));
    const nabs = found.find((c) => c.text === 'nabs')!;
    await t.call('deid.decide', { candidateId: nabs.id, action: 'keep', reason: 'fixture: kept on purpose' });
    for (const r of await t.call('register.list', {})) await t.call('register.remove', { id: r.id });
    const third = await t.call('deid.scan', {});
    expect(third.removed).toBeGreaterThan(0);
    const left = (await t.call('deid.list', {})).entities.flatMap((e) => e.items);
    expect(left.find((c) => c.id === nabs.id)?.decision?.action).toBe('keep');
    expect(left.some((c) => c.text === 'otis')).toBe(false);
  });

  it('a rescan forgets the candidates of a memo or code that was deleted, decided ones too', async () => {
    env = await newProjectWithTranscript({ text: TEXT });
    const { t } = env;
    const memo = await t.call('memos.create', { target: { kind: 'project' }, body: 'Call Wanjiru Achieng at Kisumu Girls High School.' });
    await t.call('deid.scan', {});
    const inMemo = (await t.call('deid.list', {})).entities.flatMap((e) => e.items).filter((c) => c.location.id === memo.id);
    expect(inMemo.length).toBeGreaterThan(0);
    await t.call('deid.decide', { candidateId: inMemo[0]!.id, action: 'keep', reason: 'fixture' });
    await t.call('memos.delete', { id: memo.id });
    await t.call('deid.scan', {});
    const left = (await t.call('deid.list', {})).entities.flatMap((e) => e.items);
    expect(left.filter((c) => c.location.id === memo.id)).toEqual([]);
    t.backend.close();
    expect(rows(env.projectPath, 'SELECT COUNT(*) AS n FROM deid_candidates WHERE source_id = ?'.replace('?', `'${memo.id}'`))[0]!.n).toBe(0);
    expect(rows(env.projectPath, `SELECT COUNT(*) AS n FROM deid_decisions WHERE candidate_id = '${inMemo[0]!.id}'`)[0]!.n).toBe(0);
  });

  it('a scan stopped part-way and run again ends with exactly the candidates of an uninterrupted scan', async () => {
    env = await newProjectWithTranscript({ text: TEXT });
    for (let i = 0; i < 5; i++) await env.importAnother(`Interviewer: Hello.\nAmina${i}: I moved from Desa Sakra to Nyalenda in 2019. Call 0711 203 94${i}.\n`);
    // A long transcript too: its many spans are written in one statement, not row by row.
    const turns = Array.from({ length: 40 }, (_, k) => `Interviewer: And then?\nWanjiru: Otieno called from 0711 203 9${String(k).padStart(2, '0')} in Kireka.\n`);
    await env.importAnother(turns.join(''));
    await env.t.call('memos.create', { target: { kind: 'project' }, body: 'Ask Inspector Baraka about Kireka.' });
    env.t.backend.close();
    const twin = join(env.dir, 'twin.tandai');
    copyFileSync(env.projectPath, twin);
    const ROWS = 'SELECT id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct IS NULL AS unsealed, current, decision_id FROM deid_candidates ORDER BY id';

    const p = openProjectFile(env.projectPath, { kind: 'passphrase', passphrase: PASS }, null);
    expect(queue(p, { status: 'all' }).total).toBe(0);
    const INDEX = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'deid_candidates_entity'";
    const indexSql = p.db.prepare(INDEX).pluck().get();
    expect(indexSql).toMatch(/^CREATE INDEX/);
    // bulkFrom: 1 makes this small scan write as a large first scan does, its entity index built afterwards.
    expect(() => scanProject(p, { batchDocs: 2, bulkFrom: 1, afterBatch: (done) => { if (done >= 6) throw new Error('power cut'); } })).toThrow('power cut');
    // The stopped scan built the index again on its way out.
    expect(p.db.prepare(INDEX).pluck().get()).toBe(indexSql);
    const partial = (p.db.prepare('SELECT COUNT(*) AS n FROM deid_candidates').get() as { n: number }).n;
    expect(partial).toBeGreaterThan(0);
    expect(p.db.prepare('SELECT finished_at FROM deid_scans').pluck().all()).toEqual([null]);
    // The queue shows what the stopped scan committed, not what it held in memory before.
    const partialEntities = p.db.prepare('SELECT COUNT(DISTINCT entity_id) AS n FROM deid_candidates WHERE current = 1').get() as { n: number };
    expect(queue(p, { status: 'all' }).total).toBe(partialEntities.n);
    // Killed before it could build it again: the next scan does.
    p.db.exec('DROP INDEX deid_candidates_entity');
    const summary = scanProject(p, { batchDocs: 2 });
    expect(p.db.prepare(INDEX).pluck().get()).toBe(indexSql);
    const resumed = p.db.prepare(ROWS).all();
    const dupes = p.db.prepare('SELECT COUNT(*) AS n FROM (SELECT source_kind, source_id, field, rev, start, "end" FROM deid_candidates GROUP BY 1, 2, 3, 4, 5, 6 HAVING COUNT(*) > 1)').get() as { n: number };
    expect(dupes.n).toBe(0);
    expect(p.db.prepare(`SELECT COUNT(*) AS n FROM deid_candidates WHERE typeof(start) <> 'integer' OR typeof("end") <> 'integer' OR typeof(confidence) <> 'real'`).get()).toEqual({ n: 0 });
    expect(summary.candidates).toBe(resumed.length);
    const resumedQueue = queue(p, { status: 'all', limit: 1000 });
    const transcriptIds = [...new Set(resumed.map((c) => (c as { transcript_id: string | null }).transcript_id).filter((x) => x !== null))] as string[];
    const perTranscript = () => transcriptIds.map((id) => queue(p, { status: 'all', transcriptId: id, limit: 1000 }).entities.map((e) => e.id));
    const byTranscript = perTranscript();
    // The same numbers as the queue's per-entity query (used after each decision).
    refreshSummaries(p, resumedQueue.entities.map((e) => e.id));
    const requeried = queue(p, { status: 'all', limit: 1000 });
    expect(transcriptIds.length).toBe(7);
    expect(perTranscript()).toEqual(byTranscript);
    p.close();

    const q = openProjectFile(twin, { kind: 'passphrase', passphrase: PASS }, null);
    scanProject(q, {});
    const clean = q.db.prepare(ROWS).all();
    const cleanQueue = queue(q, { status: 'all', limit: 1000 });
    q.close();
    // Candidate ids derive from their location under the project's key: the same file, the same ids.
    expect(clean.some((c) => (c as { source_kind: string }).source_kind === 'transcript')).toBe(true);
    expect(resumed).toEqual(clean);
    // The queue's numbers, kept in memory by the scan, are those of an uninterrupted scan.
    const counts = (x: typeof cleanQueue) => x.entities.map((e) => [e.id, e.candidates, e.undecided, e.documents, e.confidence, [...e.detectors].sort()]);
    expect(resumedQueue.total).toBe(cleanQueue.total);
    expect(counts(resumedQueue)).toEqual(counts(cleanQueue));
    expect(counts(requeried)).toEqual(counts(resumedQueue));
  });

  it('scans files without a project, propagating register and validated-pattern hits between them', async () => {
    env = await newProjectWithTranscript({ text: TEXT });
    const [a, b, csv] = writeFiles(join(env.dir, 'files'), {
      'a.txt': 'Interviewer: Hi.\nR: Call me on 0711 203 944, I am near Nyalenda.\n',
      'b.txt': 'Interviewer: Hi.\nR: The number 0711203944 belongs to Otis.\n',
      'reg.csv': 'kind,value,aliases,note\nperson,Otieno,Otis,brother\n',
    });
    const r = await env.t.call('deid.scanFiles', { paths: [a!, b!], register: csv! });
    const [fa, fb] = r.files;
    expect(fa!.candidates.find((c) => c.type === 'PHONE')).toMatchObject({ text: '0711 203 944', detector: 'pattern' });
    expect(fb!.candidates.find((c) => c.text === '0711203944')?.detector).toMatch(/pattern|propagation/);
    expect(fb!.candidates.find((c) => c.text === 'Otis')).toMatchObject({ type: 'PERSON', detector: 'register' });
    for (const f of r.files) for (const c of f.candidates) expect(readText(f.path).slice(c.start, c.end)).toBe(c.text);
    const missing = await env.t.call('deid.scanFiles', { paths: [join(env.dir, 'nope.txt')] });
    expect(missing.files[0]!.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

const readText = (path: string): string => readFileSync(path, 'utf8');
