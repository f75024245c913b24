/**
 * The state one bench run shares between measures: settings, the temp folder, the figures, and
 * lazily made, memoized facts (the corpus, the imported project, the raw ceiling), so any subset of
 * measures runs on its own: `--only unlock` imports the project first without reporting that import.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../electron/backend/backend.js';
import type { ImportFileResult } from '../shared/contract/index.js';
import type { Result } from '../shared/result.js';
import type { KdfParams } from '../electron/backend/vault/kdf.js';
import { writeCorpus, type CorpusFiles, type CorpusFormat } from './corpus-files.js';
import { densityReport, PII_DENSITY, CODE_SWITCH_RATE } from './corpus.js';
import { judge, timed, type Env, type Figure, type FigureInput } from './harness.js';

export interface Settings {
  seed: number;
  words: number;
  /** Transcripts in the .txt corpus (issue scale: 500). */
  txt: number;
  /** Transcripts in the .docx corpus (issue scale: 100). */
  docx: number;
  /** Argon2id parameters every bench project is created with. */
  projectKdf: KdfParams;
}

/** Meets the passphrase policy (>= 12 characters, zxcvbn score >= 3). */
export const BENCH_PASSPHRASE = 'tandai bench: seven quiet herons over Lake Toba';

export interface ImportedProject {
  backend: Backend;
  path: string;
  home: string;
  importMs: number;
  importCpuMs: number;
  /** transcripts.countWords right after the import, as the app calls it: the counts the import left for later. */
  countWords: { ms: number; cpuMs: number; counted: number };
  results: ImportFileResult[];
  corpus: CorpusFiles;
}

export interface LockedSizes {
  /** Bytes of the -wal file just after the import, before the lock's checkpoint. */
  walBeforeLock: number;
  file: number;
  wal: number;
  walExists: boolean;
  shm: number;
}

export class MeasureFailure extends Error {}

/** A Result from the router, or a thrown MeasureFailure naming the channel (messages never hold transcript text). */
export function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new MeasureFailure(`${what} failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

const sizeOf = (p: string) => (existsSync(p) ? statSync(p).size : 0);

export class Bench {
  readonly figures: Figure[] = [];
  readonly root: string;
  readonly corpora: Partial<Record<CorpusFormat, CorpusFiles>> = {};
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly backends: Backend[] = [];
  current = '';

  constructor(
    readonly settings: Settings,
    readonly env: Env,
    readonly log: (line: string) => void,
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'tandai-bench-'));
  }

  record(f: FigureInput): void {
    const { budget, ...rest } = f;
    this.figures.push({ measure: this.current, ...rest, ...(budget ? { budget: judge(f.value, budget, f.unit) } : {}), node: this.env.node, cores: this.env.cores });
  }

  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.memo.set(key, p);
    }
    return p;
  }

  dir(name: string): string {
    const d = join(this.root, name);
    mkdirSync(d, { recursive: true });
    return d;
  }

  corpus(format: CorpusFormat): Promise<CorpusFiles> {
    return this.once(`corpus-${format}`, async () => {
      const count = format === 'txt' ? this.settings.txt : this.settings.docx;
      this.log(`generating ${count} .${format} transcripts x ${this.settings.words} words (seed ${this.settings.seed})`);
      const c = await writeCorpus(this.dir(`corpus-${format}`), { format, count, words: this.settings.words, seed: this.settings.seed });
      this.corpora[format] = c;
      return c;
    });
  }

  /** The .txt corpus's bytes in memory (UTF-8, LF, NFC: exactly the text the importer stores). */
  txtBytes(): Promise<Uint8Array[]> {
    return this.once('txt-bytes', async () => (await this.corpus('txt')).files.map((f) => new Uint8Array(readFileSync(f))));
  }

  /** A fresh backend with its own home, at the bench's KDF setting. Loaded lazily: the raw ceiling and KDF measures run without it. */
  async backend(name: string): Promise<{ backend: Backend; home: string }> {
    const { createBackend } = await import('../electron/backend/backend.js');
    const home = this.dir(`home-${name}`);
    const backend = await createBackend({ home, kdf: this.settings.projectKdf });
    this.backends.push(backend);
    return { backend, home };
  }

  /** A new project with the corpus of `format` imported through `transcripts.import` (timed). */
  imported(format: CorpusFormat): Promise<ImportedProject> {
    return this.once(`imported-${format}`, async () => {
      const corpus = await this.corpus(format);
      const { backend, home } = await this.backend(format);
      const path = join(this.dir(`projects-${format}`), `bench-${format}.tandai`);
      must(await backend.route('project.create', { path, passphrase: BENCH_PASSPHRASE, recoveryKey: false }), 'project.create');
      this.log(`importing ${corpus.files.length} .${format} files through transcripts.import`);
      const { value, ms, cpuMs } = await timed(() => backend.route('transcripts.import', { paths: [corpus.dir] }, () => {}));
      const { results } = must(value as Result<{ results: ImportFileResult[] }>, 'transcripts.import');
      const bad = results.filter((r) => r.status !== 'imported');
      if (bad.length) throw new MeasureFailure(`transcripts.import: ${bad.length} of ${results.length} files not imported; first: ${bad[0]!.status} ${bad[0]!.code ?? ''} ${bad[0]!.message}`);
      if (results.length !== corpus.files.length) throw new MeasureFailure(`transcripts.import returned ${results.length} results for ${corpus.files.length} files`);
      const counting = await timed(() => backend.route('transcripts.countWords', {}, () => {}));
      const { counted } = must(counting.value as Result<{ counted: number }>, 'transcripts.countWords');
      return { backend, path, home, importMs: ms, importCpuMs: cpuMs, countWords: { ms: counting.ms, cpuMs: counting.cpuMs, counted }, results, corpus };
    });
  }

  /** Locks the imported project (which checkpoints it) and sizes its files before and after. */
  locked(format: CorpusFormat): Promise<LockedSizes> {
    return this.once(`locked-${format}`, async () => {
      const p = await this.imported(format);
      const walBeforeLock = sizeOf(`${p.path}-wal`);
      must(await p.backend.route('project.lock', {}), 'project.lock');
      return { walBeforeLock, file: sizeOf(p.path), wal: sizeOf(`${p.path}-wal`), walExists: existsSync(`${p.path}-wal`), shm: sizeOf(`${p.path}-shm`) };
    });
  }

  /** The results' corpus section: what was generated, and the PII density for the de-identification scans. */
  corpusReport(): Record<string, unknown> {
    const out: Record<string, unknown> = { seed: this.settings.seed, wordsPerTranscript: this.settings.words, codeSwitchRate: CODE_SWITCH_RATE, piiTargetPerThousandWords: { ...PII_DENSITY } };
    for (const [format, c] of Object.entries(this.corpora)) {
      out[format] = {
        transcripts: c.stats.transcripts,
        words: c.stats.words,
        turns: c.stats.turns,
        textBytes: c.stats.textBytes,
        fileBytes: c.fileBytes,
        generateMs: Math.round(c.ms),
        languages: c.stats.languages,
        labelStyles: c.stats.labelStyles,
        density: densityReport(c.stats),
      };
    }
    return out;
  }

  close(keep: boolean): void {
    for (const b of this.backends) {
      try {
        b.close();
      } catch {
        // closing is best effort at the end of a run
      }
    }
    if (!keep) rmSync(this.root, { recursive: true, force: true });
  }
}
