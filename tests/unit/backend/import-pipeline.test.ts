/**
 * The import pipeline behind `transcripts.import`: files parsed in worker threads (or in this
 * thread), then hashed, encrypted and committed in batches with a savepoint per file.
 * Real files, real libsodium, real SQLite; the two fault-injection tests say where they inject.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path, { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARSE_WORKER_MARK, ParsePool, parseTranscriptFile, parseWorkerEntry, parseWorkersFor, recentSpareCores, spareCoresSince, type ParseOutcome } from '../../../electron/backend/formats/parse-pool.js';
import { verifyAudit } from '../../../electron/backend/services/audit.js';
import { listParticipants } from '../../../electron/backend/services/participants.js';
import { createProjectFile } from '../../../electron/backend/services/project-file.js';
import { importTranscripts, listTranscripts, readVersion, type ImportOptions } from '../../../electron/backend/services/transcripts.js';
import type { OpenProject } from '../../../electron/backend/store/project.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';
import { keyedHash } from '../../../electron/backend/vault/keys.js';
import { loadSodium } from '../../../electron/backend/vault/sodium.js';
import type { ImportFileResult } from '../../../shared/contract/index.js';
import { TandaiError } from '../../../shared/result.js';
import { countWords } from '../../../shared/text/words.js';
import { encodeSingleByte, fixturePath, utf16 } from '../formats/fixtures.js';
import { PASS, tempDir } from '../helpers/backend.js';

const root = path.resolve(__dirname, '..', '..', '..');

const interview = (tag: string, lines = 3) =>
  `Interviewer: Good morning ${tag}. How did you first report it?\n` + `P1: My aunt took me to the police post, ${tag}. It's 3.5 km away; we walked.\n`.repeat(lines);
const THAI = 'ผู้สัมภาษณ์: สวัสดีครับ คุณสบายดีไหม\nผู้ให้สัมภาษณ์: ผู้หญิงคนนั้นไปโรงเรียน แล้วก็กลับบ้านตอนเย็น\n';

async function docxOf(paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/** One file of every kind the parser handles, good and bad; returns their paths in import order. */
async function mixedFolder(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string | Uint8Array> = {
    '01-plain.txt': interview('one', 40),
    '02-bom-crlf.md': '\uFEFF# Notes\r\n\r\n' + interview('two').replace(/\n/g, '\r\n'),
    '03-utf16.txt': utf16(interview('three'), 'le', true),
    '04-cp1252.txt': encodeSingleByte('windows-1252', 'Interviewer: Café at 9?\nRespondent: Oui, déjà vu — “sure”.\n'),
    '05-thai.txt': THAI.repeat(30),
    '06-docx.docx': await docxOf(['Pewawancara: Selamat pagi 😀', 'Narasumber: ผู้หญิงคนนั้นไปโรงเรียน', 'Pewawancara: Terima kasih.']),
    '07-broken.docx': 'PK\x03\x04 not really a zip',
    '08-binary.txt': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    '09-empty.txt': '',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  copyFileSync(fixturePath('multiscript.txt'), join(dir, '10-multiscript.txt'));
  copyFileSync(fixturePath('interview.vtt'), join(dir, '11-captions.vtt'));
  copyFileSync(fixturePath('interview.srt'), join(dir, '12-captions.srt'));
  copyFileSync(fixturePath('wawancara-id.md'), join(dir, '13-wawancara.md'));
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

function newProject(dir: string): OpenProject {
  return createProjectFile({ path: join(dir, `p-${Math.random().toString(36).slice(2)}.tandai`), passphrase: PASS, recoveryKey: false, kdf: KDF_FLOOR, identity: null }).project;
}

async function runImport(p: OpenProject, paths: string[], options: ImportOptions = {}, onProgress?: (done: number) => void): Promise<ImportFileResult[]> {
  return importTranscripts(p, { paths }, (event, payload) => event === 'progress' && onProgress?.((payload as { done: number }).done), options);
}

const parsed = (o: ParseOutcome) => (o.kind === 'parsed' ? o : null);

let dir: string;
beforeAll(async () => {
  await loadSodium();
  dir = tempDir('tandai-pipeline-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the parse stage, in worker threads and in this thread', () => {
  it('a parse worker returns byte-identical outcomes to parsing in this thread, for every format and every refusal', async () => {
    const files = await mixedFolder(join(dir, 'mixed-pool'));
    const pool = ParsePool.start(2);
    try {
      const inWorkers = await Promise.all(files.map((f) => pool.parse(f).outcome));
      expect(pool.stats).toEqual({ inWorkers: files.length, here: 0 });
      for (let i = 0; i < files.length; i++) expect(inWorkers[i], path.basename(files[i]!)).toEqual(await parseTranscriptFile(files[i]!));
    } finally {
      await pool.close();
    }
    const kinds = await Promise.all(files.map(async (f) => (await parseTranscriptFile(f)).kind));
    expect(kinds.filter((k) => k === 'rejected')).toHaveLength(3); // broken docx, binary, empty
  });

  it('the outcome holds what is stored: the text as UTF-8, its length in UTF-16 units, its word count (none yet for Thai), and the original only for docx/vtt/srt', async () => {
    const files = await mixedFolder(join(dir, 'mixed-fields'));
    const thai = parsed(await parseTranscriptFile(files[4]!))!;
    const text = new TextDecoder().decode(thai.text);
    expect(text).toBe(THAI.repeat(30));
    expect(thai.chars).toBe(text.length);
    expect(thai.words).toBeNull(); // needs Intl.Segmenter: counted after the import (word-counts.ts)
    const md = parsed(await parseTranscriptFile(files[1]!))!;
    expect(md.words).toBe(countWords(new TextDecoder().decode(md.text)));
    expect(thai.original).toBeNull();
    expect(parsed(await parseTranscriptFile(files[5]!))!.original).not.toBeNull();
    expect(parsed(await parseTranscriptFile(files[10]!))!.original).not.toBeNull();
    expect(new TextDecoder().decode(parsed(await parseTranscriptFile(files[1]!))!.text)).toBe('# Notes\n\n' + interview('two'));
  });

  it('a worker that cannot load, or that dies on its first file, hands its files back and each is parsed in this thread with the same outcome', async () => {
    const files = await mixedFolder(join(dir, 'mixed-fallback'));
    const expected = await Promise.all(files.map((f) => parseTranscriptFile(f)));
    const crashing = join(dir, 'crashing-worker.mjs');
    writeFileSync(crashing, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ ready: true });\nparentPort.on('message', () => process.exit(3));\n");
    for (const filename of [join(dir, 'no-such-worker.mjs'), crashing]) {
      const pool = ParsePool.start(2, { filename, eval: false });
      try {
        expect(await Promise.all(files.map((f) => pool.parse(f).outcome))).toEqual(expected);
        expect(pool.stats).toEqual({ inWorkers: 0, here: files.length });
      } finally {
        await pool.close();
      }
    }
  });
});

describe('importTranscripts: batches, savepoints and progress', () => {
  it('imports a folder to the same stored transcripts with parse workers as in this thread', async () => {
    const files = await mixedFolder(join(dir, 'mixed-import'));
    const stored = async (workers: number) => {
      const p = newProject(dir);
      let stats = { inWorkers: -1, here: -1 };
      // Workers that are ready before the import starts take its first files, so both paths are used.
      const pool = ParsePool.start(workers);
      expect(await pool.ready()).toBe(workers);
      const results = await runImport(p, files, { pool, onParseStats: (s) => (stats = s) }).finally(() => pool.close());
      const list = listTranscripts(p);
      const byTitle = list.map((s) => {
        const v = readVersion(p, s.id);
        // The stored format is unchanged: the keyed hash of the text as a string, as before the parser made bytes.
        const { dedup } = p.db.prepare('SELECT dedup FROM transcripts WHERE id = ?').get(s.id) as { dedup: Uint8Array };
        expect(Buffer.from(dedup)).toEqual(Buffer.from(keyedHash(p.dedupKey, v.text)));
        return { title: s.title, label: s.participantLabel, format: s.format, chars: s.chars, words: s.words, utterances: s.utterances, text: v.text, utteranceList: v.utterances };
      });
      p.close();
      return { results: results.map((r) => [path.basename(r.path), r.status, r.code ?? null, r.message]), stored: byTitle.sort((a, b) => a.title.localeCompare(b.title)), stats };
    };
    const here = await stored(0);
    const inWorkers = await stored(2);
    expect(here.stats.inWorkers).toBe(0);
    expect(inWorkers.stats.inWorkers).toBeGreaterThan(0);
    expect(inWorkers.stats.inWorkers + inWorkers.stats.here).toBe(files.length);
    expect(inWorkers.results).toEqual(here.results);
    expect(inWorkers.stored).toEqual(here.stored);
    expect(here.stored).toHaveLength(10);
    const thai = here.stored.find((s) => s.title === '05-thai')!;
    expect(thai.words).toBeNull(); // counted after the import (word-counts.test.ts)
    expect(here.stored.filter((s) => s.words !== null).length).toBeGreaterThan(5);
  });

  it('emits a file\'s progress only once it is committed (a second connection already sees it), and commits several files per transaction', async () => {
    const p = newProject(dir);
    const folder = join(dir, 'progress');
    mkdirSync(folder);
    for (let i = 0; i < 20; i++) writeFileSync(join(folder, `t${String(i).padStart(2, '0')}.txt`), i === 7 ? '' : interview(`#${i}`));
    const reader = new Database(p.path, { readonly: true, fileMustExist: true });
    const seen: { done: number; committed: number }[] = [];
    try {
      const results = await runImport(p, [folder], { parseWorkers: 0 }, (done) => {
        seen.push({ done, committed: (reader.prepare('SELECT COUNT(*) AS n FROM transcripts').get() as { n: number }).n });
      });
      expect(seen.map((s) => s.done)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const importedBy = (done: number) => results.slice(0, done).filter((r) => r.status === 'imported').length;
      for (const s of seen) expect(s.committed).toBeGreaterThanOrEqual(importedBy(s.done));
      expect(seen.some((s) => s.committed > importedBy(s.done))).toBe(true); // a batch, reported after its commit
      expect(results[7]).toMatchObject({ status: 'rejected', code: 'EMPTY_FILE' });
    } finally {
      reader.close();
      p.close();
    }
  });

  it('a file that fails inside its savepoint rolls back alone: the files around it in the same transaction stay, numbering has no gap, no key is left over, and the audit chain verifies (fault injected into OpenProject.sealBytes)', async () => {
    const p = newProject(dir);
    const folder = join(dir, 'savepoint');
    mkdirSync(folder);
    for (let i = 0; i < 6; i++) writeFileSync(join(folder, `f${i}.txt`), interview(`#${i}`));
    const seal = p.sealBytes.bind(p);
    let texts = 0;
    p.sealBytes = (table, rowId, column, keyId, bytes) => {
      if (column === 'text' && ++texts === 3) throw new TandaiError('INTEGRITY', 'injected failure');
      return seal(table, rowId, column, keyId, bytes);
    };
    const results = await runImport(p, [folder], { parseWorkers: 0, batchFiles: 50 });
    expect(results.map((r) => r.status)).toEqual(['imported', 'imported', 'rejected', 'imported', 'imported', 'imported']);
    expect(results[2]).toMatchObject({ code: 'INTEGRITY', message: 'f2.txt: injected failure' });
    expect(listTranscripts(p).map((t) => [t.title, t.participantLabel]).sort()).toEqual([
      ['f0', 'P001'],
      ['f1', 'P002'],
      ['f3', 'P003'],
      ['f4', 'P004'],
      ['f5', 'P005'],
    ]);
    expect([...p.participantKeys.keys()].sort()).toEqual(listParticipants(p).map((x) => x.id).sort());
    expect(verifyAudit(p)).toMatchObject({ ok: true });
    p.close();
  });

  it('an unexpected database error ends the import, leaving exactly the files reported before it, and the next import continues the audit chain (fault injected by a temporary SQLite trigger)', async () => {
    const p = newProject(dir);
    const folder = join(dir, 'db-error');
    mkdirSync(folder);
    for (let i = 0; i < 12; i++) writeFileSync(join(folder, `g${String(i).padStart(2, '0')}.txt`), interview(`#${i}`));
    p.db.exec("CREATE TEMP TRIGGER fail_sixth BEFORE INSERT ON transcript_versions WHEN (SELECT COUNT(*) FROM transcript_versions) >= 5 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    let reported = 0;
    await expect(runImport(p, [folder], { parseWorkers: 0, batchFiles: 4 }, (done) => (reported = done))).rejects.toThrow(/disk on fire/);
    expect(reported).toBe(4); // the first batch; the second (g04-g07) rolled back whole
    expect(listTranscripts(p).map((t) => t.title).sort()).toEqual(['g00', 'g01', 'g02', 'g03']);
    expect(verifyAudit(p)).toMatchObject({ ok: true });
    p.db.exec('DROP TRIGGER fail_sixth');
    const again = await runImport(p, [folder], { parseWorkers: 0 });
    expect(again.filter((r) => r.status === 'imported')).toHaveLength(8);
    expect(again.filter((r) => r.status === 'duplicate')).toHaveLength(4);
    expect(listParticipants(p).map((x) => x.label).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `P${String(i + 1).padStart(3, '0')}`));
    expect(verifyAudit(p)).toMatchObject({ ok: true });
    p.close();
  });
});

describe('where parse workers come from, and when they start', () => {
  it('starts no parse worker on a busy machine, one per idle core otherwise, at most 3, keeping a core for the backend thread', () => {
    const cores = availableParallelism();
    expect(parseWorkersFor(0)).toBe(0);
    expect(parseWorkersFor(0.5)).toBe(0);
    expect(parseWorkersFor(0.8)).toBe(Math.min(1, cores - 1));
    expect(parseWorkersFor(2)).toBe(Math.min(2, cores - 1));
    expect(parseWorkersFor(64)).toBe(Math.min(3, cores - 1));
  });

  it('judges spare cores over the span since it was last asked: none for a span too short to measure, else between 0 and the cores but one', async () => {
    recentSpareCores();
    expect(recentSpareCores(200)).toBeNull(); // asked again at once
    await new Promise((r) => setTimeout(r, 250));
    const spare = recentSpareCores(200);
    expect(spare).not.toBeNull();
    expect(spare!).toBeGreaterThanOrEqual(0);
    expect(spare!).toBeLessThanOrEqual(availableParallelism() - 1 + 0.5); // counters tick every 10 ms
  });

  it("counts this process's own work as spare, not as load: only other programs' use of the cores keeps workers out", () => {
    const start = { at: 0, idleMs: 0, ownMs: 0 };
    // 1 s on 2 cores: 0.7 core idle, this process 1.3 (its thread unlocking, plus GC helpers).
    expect(spareCoresSince(start, { at: 1000, idleMs: 700, ownMs: 1300 })).toBeCloseTo(1, 5);
    expect(parseWorkersFor(spareCoresSince(start, { at: 1000, idleMs: 700, ownMs: 1300 }))).toBe(Math.min(1, availableParallelism() - 1));
    // This process idle, one core taken by another program: the importing thread takes the other.
    expect(spareCoresSince(start, { at: 1000, idleMs: 1000, ownMs: 0 })).toBeCloseTo(0, 5);
    // Another program on one core while this thread worked on the other: nothing spare.
    expect(spareCoresSince(start, { at: 1000, idleMs: 0, ownMs: 1000 })).toBeCloseTo(0, 5);
    // Never below zero (counters tick in 10 ms steps).
    expect(spareCoresSince(start, { at: 1000, idleMs: 0, ownMs: 500 })).toBe(0);
  });

  it('finds the worker beside the module: parse-worker.cjs beside a CommonJS bundle, .mjs beside an ES one, a tsx bootstrap beside the TypeScript source; none when missing', () => {
    const bundles = join(dir, 'bundles');
    mkdirSync(bundles, { recursive: true });
    const url = (f: string) => pathToFileURL(join(bundles, f)).href;
    expect(parseWorkerEntry(url('worker.cjs'))).toBeNull();
    expect(parseWorkerEntry(url('tandai.mjs'))).toBeNull();
    writeFileSync(join(bundles, 'parse-worker.cjs'), '');
    writeFileSync(join(bundles, 'parse-worker.mjs'), '');
    expect(parseWorkerEntry(url('worker.cjs'))).toEqual({ filename: new URL(url('parse-worker.cjs')), eval: false });
    expect(parseWorkerEntry(url('tandai.mjs'))).toEqual({ filename: new URL(url('parse-worker.mjs')), eval: false });
    const source = parseWorkerEntry(pathToFileURL(join(root, 'electron', 'backend', 'formats', 'parse-pool.ts')).href);
    expect(source).toMatchObject({ eval: true });
    expect(String(source!.filename)).toContain(JSON.stringify(join(root, 'electron', 'backend', 'formats', 'parse-worker.ts')));
  });

  it('a small import parses in this thread without sampling the machine or starting a worker', async () => {
    const p = newProject(dir);
    let stats = { inWorkers: -1, here: -1 };
    await importTranscripts(p, { paths: [fixturePath('interview-en.txt'), fixturePath('multiscript.txt')] }, () => {}, { onParseStats: (x) => (stats = x) });
    expect(stats).toEqual({ inWorkers: 0, here: 2 });
    p.close();
  });
});

describe('parse workers in the built bundles', () => {
  let out: string;
  let home: string;
  beforeAll(() => {
    // Inside the repo (build/ is ignored) so the bundles find node_modules as in the app and the CLI.
    mkdirSync(join(root, 'build'), { recursive: true });
    out = mkdtempSync(join(root, 'build', 'test-parse-'));
    home = tempDir('tandai-parse-home-');
    execFileSync(process.execPath, [join(root, 'scripts', 'build-node.mjs'), '--only=worker,cli', `--outdir=${out}`], { cwd: root, stdio: 'pipe' });
  });
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('each backend bundle has a parse worker beside it, found from the bundle\'s place, that parses every file as this thread does', async () => {
    const files = await mixedFolder(join(home, 'mixed-bundled'));
    const expected = await Promise.all(files.map((f) => parseTranscriptFile(f)));
    for (const bundle of [join(out, 'app', 'worker.cjs'), join(out, 'cli', 'tandai.mjs')]) {
      const entry = parseWorkerEntry(pathToFileURL(bundle).href);
      expect(entry, bundle).not.toBeNull();
      const pool = ParsePool.start(1, entry!);
      try {
        expect(await pool.ready()).toBe(1);
        expect(await Promise.all(files.map((f) => pool.parse(f).outcome))).toEqual(expected);
        expect(pool.stats).toEqual({ inWorkers: files.length, here: 0 });
      } finally {
        await pool.close();
      }
    }
  }, 60_000);

  /** Enough bytes (2 MB) that the import samples the machine and may start parse workers. */
  function folderOf(n: number, name: string): string {
    const folder = join(home, name);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < n; i++) writeFileSync(join(folder, `b${String(i).padStart(2, '0')}.txt`), interview(`#${i}`) + THAI.repeat(400));
    return folder;
  }

  it('the app backend bundle (worker.cjs, in a worker thread) imports a large folder', async () => {
    const folder = folderOf(30, 'app-files');
    const nativeBinding = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const worker = new Worker(join(out, 'app', 'worker.cjs'), { workerData: { home, nativeBinding } });
    const answers = new Map<number, (r: { ok: boolean; value?: unknown; error?: unknown }) => void>();
    worker.on('message', (m: { id?: number; result?: { ok: boolean } }) => m.id !== undefined && answers.get(m.id)?.(m.result!));
    let next = 1;
    const call = (channel: string, input: unknown) =>
      new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
        const id = next++;
        answers.set(id, resolve);
        worker.postMessage({ id, channel, input });
      });
    try {
      expect(await call('project.create', { path: join(home, 'app.tandai'), passphrase: PASS, recoveryKey: false })).toMatchObject({ ok: true });
      const r = await call('transcripts.import', { paths: [folder] });
      expect(r).toMatchObject({ ok: true });
      expect((r.value as { results: ImportFileResult[] }).results.map((x) => x.status)).toEqual(Array(30).fill('imported'));
    } finally {
      await worker.terminate();
    }
  }, 60_000);

  it('the CLI bundle (tandai.mjs) imports a large folder', () => {
    const folder = folderOf(30, 'cli-files');
    const cliHome = join(home, 'cli-home');
    const project = join(home, 'cli.tandai');
    // No identity: the project is made and opened with its own passphrase (fewer Argon2id runs).
    const tandai = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, [join(out, 'cli', 'tandai.mjs'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, TANDAI_HOME: cliHome, ...env }, timeout: 60_000 });
    const made = tandai({ TANDAI_NEW_PASSPHRASE: PASS }, 'init', '--project', project, '--no-recovery-key');
    expect(made.status, made.stderr).toBe(0);
    const r = tandai({ TANDAI_PROJECT_PASSPHRASE: PASS }, 'import', '--project', project, folder);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('30 imported, 0 duplicate, 0 rejected');
  }, 120_000);

  it('the bundled parse worker serves only when started by the pool (its workerData mark)', async () => {
    const unmarked = new Worker(join(out, 'app', 'parse-worker.cjs'));
    const said: unknown[] = [];
    unmarked.on('message', (m) => said.push(m));
    const code = await new Promise<number>((resolve) => unmarked.on('exit', resolve));
    expect(code).toBe(0); // nothing keeps it alive: it did not listen
    expect(said).toEqual([]);
    expect(PARSE_WORKER_MARK).toBe('tandai-parse-worker');
  });
});
