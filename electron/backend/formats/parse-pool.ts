/**
 * The parse stage of a transcript import, in this thread or in a small pool of worker threads.
 *
 * `parseTranscriptFile(path)` reads one file and does everything that needs no key: decode,
 * normalise, speaker turns (readTranscriptFile, the one text path), the word count when it needs
 * no Intl.Segmenter (Thai, Chinese and the like are counted after the import: word-counts.ts), and
 * the UTF-8 bytes and packed utterances that the backend will encrypt. The backend thread then only
 * hashes, encrypts and writes. The same function runs in-thread and inside `parse-worker`, so both
 * paths give the same result by construction (and a test compares them).
 *
 * Why a pool: parsing is about half of an import's CPU time. With workers, files are parsed on other
 * cores while the backend thread encrypts and commits the ones before them. Workers only pay when
 * those cores are free (parseWorkersFor); the calling thread always parses whatever no worker has
 * taken, so a pool without (ready) workers is simply the in-thread path.
 *
 * Nothing here logs or echoes file content; rejections carry the messages readTranscriptFile and
 * the size/IO checks write (file name and reason only). Only byte buffers cross threads
 * (transferred, not copied); the text itself never does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Utterance } from '../../../shared/contract/schemas.js';
import { countWordsWithoutSegmenter } from '../../../shared/text/words.js';
import { MAX_IMPORT_BYTES, readTranscriptFile, type TranscriptFormat } from './index.js';

export interface ParsedTranscript {
  kind: 'parsed';
  format: TranscriptFormat;
  encoding: string;
  keepOriginal: boolean;
  /** Length of the text in UTF-16 code units (the offsets' unit). */
  chars: number;
  /** Null when counting needs Intl.Segmenter (a script written without spaces): counted after the import. */
  words: number | null;
  utteranceCount: number;
  /** The transcript text (DESIGN "Text and offsets") as UTF-8: exactly the bytes that get encrypted. */
  text: Uint8Array;
  /** packUtterances(utterances). */
  utterances: Uint8Array;
  /** The file's bytes when the original is kept (docx, vtt, srt); null otherwise. */
  original: Uint8Array | null;
}

export interface ParseRejected {
  kind: 'rejected';
  code: string;
  message: string;
}

export type ParseOutcome = ParsedTranscript | ParseRejected;

// Utterances are stored packed as int32 sextuples (start, end, labelStart, labelEnd, tStartMs, tEndMs), -1 = none.
const FIELDS = 6;
export function packUtterances(us: Utterance[]): Uint8Array {
  const a = new Int32Array(us.length * FIELDS);
  let i = 0;
  for (const u of us) {
    a[i++] = u.start;
    a[i++] = u.end;
    a[i++] = u.labelStart ?? -1;
    a[i++] = u.labelEnd ?? -1;
    a[i++] = u.tStartMs ?? -1;
    a[i++] = u.tEndMs ?? -1;
  }
  return new Uint8Array(a.buffer);
}

const encoder = new TextEncoder();

/**
 * One file → what the backend stores about it, or why it is refused. Never throws for a bad file.
 */
export async function parseTranscriptFile(path: string, encoding?: string): Promise<ParseOutcome> {
  const name = basename(path);
  const reject = (code: string, message: string): ParseRejected => ({ kind: 'rejected', code, message });
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return reject('NOT_FOUND', `${name}: no such file`);
  }
  if (size > MAX_IMPORT_BYTES) return reject('FILE_TOO_LARGE', `${name}: ${(size / 1048576).toFixed(1)} MB is over the 20 MB limit for one transcript`);
  let bytes: Uint8Array;
  try {
    const b = readFileSync(path);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength); // a plain view, as a worker's reply arrives
  } catch (e) {
    return reject('IO', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  const r = await readTranscriptFile(bytes, name, encoding ? { encoding } : undefined);
  if (!r.ok) return reject(r.error.code, r.error.message);
  const t = r.value;
  return {
    kind: 'parsed',
    format: t.format,
    encoding: t.encoding,
    keepOriginal: t.keepOriginal,
    chars: t.text.length,
    words: countWordsWithoutSegmenter(t.text),
    utteranceCount: t.utterances.length,
    text: t.utf8 ?? encoder.encode(t.text),
    utterances: packUtterances(t.utterances),
    original: t.keepOriginal ? bytes : null,
  };
}

/** A buffer that owns its whole ArrayBuffer can be transferred; a view into a shared one is copied first. */
function own(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b : b.slice();
}

/** The buffers of an outcome, for `transferList` (they become unusable in the sending thread). */
export function transferablesOf(o: ParseOutcome): { outcome: ParseOutcome; transfer: ArrayBuffer[] } {
  if (o.kind === 'rejected') return { outcome: o, transfer: [] };
  const outcome: ParsedTranscript = { ...o, text: own(o.text), utterances: own(o.utterances), original: o.original ? own(o.original) : null };
  const transfer = [outcome.text.buffer, outcome.utterances.buffer, ...(outcome.original ? [outcome.original.buffer] : [])] as ArrayBuffer[];
  return { outcome, transfer };
}

export interface ParseRequest {
  id: number;
  path: string;
  encoding?: string;
}
export type ParseReply = { ready: true } | { id: number; outcome: ParseOutcome } | { id: number; failed: true };

/** Marks the worker's workerData, so the entry only serves when started by this pool. */
export const PARSE_WORKER_MARK = 'tandai-parse-worker';

/** A worker script: a file, or (eval) the source of a bootstrap. */
export interface WorkerEntry {
  filename: string | URL;
  eval: boolean;
}

/**
 * How to start a parse worker from wherever this module runs:
 *   - bundled (build/app/worker.cjs, build/cli/tandai.mjs): parse-worker.cjs/.mjs beside the bundle
 *     (scripts/build-node.mjs writes it with the bundle that needs it);
 *   - TypeScript source (tsx, vitest): Node 20 ignores `--import tsx` in a Worker's execArgv
 *     (nodejs/node#47747), so a one-line eval bootstrap registers tsx's CommonJS hooks and then
 *     requires parse-worker.ts. That costs ~0.15-0.25 s of CPU per worker (transpiling and
 *     loading), against ~0.1 s for a bundled worker.
 * `moduleUrl` is where this module runs (import.meta.url; in a CommonJS bundle build-node's shim
 * gives the bundle's own file). Null when no worker can be started: the caller parses in-thread.
 */
export function parseWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry | null {
  if (!moduleUrl.startsWith('file:')) return null;
  if (/\.[cm]?ts$/.test(moduleUrl)) {
    const entry = fileURLToPath(new URL('./parse-worker.ts', moduleUrl));
    let api: string;
    try {
      api = createRequire(moduleUrl).resolve('tsx/cjs/api');
    } catch {
      return null; // source without tsx installed
    }
    if (!existsSync(entry)) return null;
    return { filename: `require(${JSON.stringify(api)}).register();require(${JSON.stringify(entry)});`, eval: true };
  }
  const file = new URL(moduleUrl.endsWith('.mjs') ? './parse-worker.mjs' : './parse-worker.cjs', moduleUrl);
  if (!existsSync(fileURLToPath(file))) return null;
  return { filename: file, eval: false };
}

/**
 * CPU time so far: the machine's idle time (all cores) and this process's own use (all its
 * threads), to judge over a span how many cores other programs leave free.
 */
export interface CpuSample {
  at: number;
  idleMs: number;
  ownMs: number;
}
export function cpuSample(): CpuSample {
  let idleMs = 0;
  for (const c of cpus()) idleMs += c.times.idle;
  const own = process.cpuUsage();
  return { at: performance.now(), idleMs, ownMs: (own.user + own.system) / 1000 };
}
/**
 * Cores a parse worker could have, on average, since `since` (counters tick every 10 ms: take 0.2 s
 * or more): the idle ones plus those this process itself kept busy (its own work is not load from
 * other programs: the thread that imports is about to spend that time parsing, and the garbage
 * collector's helpers run alongside it), less the core this thread takes. So a process that was busy
 * before an import (unlocking, the previous import) still finds the idle core of a 2-core machine,
 * while load from other programs still leaves workers out.
 */
export function spareCoresSince(since: CpuSample, now: CpuSample = cpuSample()): number {
  const span = Math.max(1, now.at - since.at);
  return Math.max(0, (now.idleMs - since.idleMs + now.ownMs - since.ownMs) / span - 1);
}

/**
 * The spare cores of the recent past (spareCoresSince), so an import can decide on workers at its
 * start rather than after sampling its own first IDLE_SAMPLE_MS: over the span since the previous
 * call, or since this module loaded, when that span is at least `minMs` long; null when it is
 * shorter (the caller then samples during the import). Each call starts the next span.
 */
let lastSample = cpuSample();
export function recentSpareCores(minMs = 200): number | null {
  const since = lastSample;
  lastSample = cpuSample();
  return lastSample.at - since.at >= minMs ? spareCoresSince(since) : null;
}

/**
 * Parse workers worth starting while `spareCores` cores are free beside this thread: one per spare
 * core, at most 3, and at most the cores but one (the backend thread keeps one). None on a machine
 * already busy: there a worker only adds its start-up (~0.1 s of CPU bundled, ~0.2 s from source),
 * the warm-up of a fresh isolate and contention, measured at +10-50% CPU for the same wall time on
 * a loaded 2-core machine; with a core free it takes most of the parsing off the backend thread,
 * which then spends about half the CPU it spends alone.
 */
export function parseWorkersFor(spareCores: number): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1, Math.floor(spareCores + 0.25)));
}

interface Job {
  id: number;
  path: string;
  encoding: string | undefined;
  resolve: (o: ParseOutcome) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight: Map<number, Job>;
  /** Settles when the worker is ready or gone. */
  settle: () => void;
  started: Promise<void>;
}

/**
 * Jobs a worker holds at once: enough that it keeps working while the calling thread is busy in a
 * long synchronous step and cannot hand out more. A batch commit of 50 files takes ~60-100 ms of
 * that thread, which is 15-25 average files of parsing (~4 ms each, a Thai one ~13 ms): with 6 a
 * worker could run dry during a commit. A worker is never handed more than half the queue,
 * so near the end the calling thread still has files to parse instead of waiting on the worker.
 */
const PER_WORKER = 16;
/** A worker is topped up once it holds this few, so each message hands over several jobs. */
const REFILL_AT = 8;
const STARTUP_TIMEOUT_MS = 20_000;

/**
 * A pool of parse workers for one import. `parse()` returns outcomes in any order the caller awaits
 * them; a job not yet handed to a worker can be taken back (`parseQueuedHere`) and parsed in the
 * calling thread, so that thread helps instead of waiting and nothing stalls while workers start.
 * A worker that fails to start or dies hands its jobs back to the queue; with no worker left, every
 * job is parsed in the calling thread. `close()` ends the workers.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private parsedInWorkers = 0;
  private parsedHere = 0;

  private constructor(private readonly entry?: WorkerEntry) {}

  /** A pool with `workers` threads (0: in-thread only, for now). `entry` replaces the worker script (tests). */
  static start(workers: number, entry?: WorkerEntry): ParsePool {
    const pool = new ParsePool(entry);
    pool.addWorkers(workers);
    return pool;
  }

  /** Starts `count` more workers (none if no worker script can be found); queued jobs go to them once ready. */
  addWorkers(count: number): void {
    const spec = count > 0 && !this.closed ? (this.entry ?? parseWorkerEntry()) : null;
    if (!spec) return;
    for (let i = 0; i < count; i++) {
      let worker: Worker;
      try {
        worker = new Worker(spec.filename, { eval: spec.eval, workerData: PARSE_WORKER_MARK });
      } catch {
        break;
      }
      let settle = () => {};
      const started = new Promise<void>((resolve) => (settle = resolve));
      const slot: Slot = { worker, ready: false, inFlight: new Map(), settle, started };
      // A worker that has not loaded by then is given up on (its job goes back to the queue).
      const startup = setTimeout(() => slot.ready || this.drop(slot), STARTUP_TIMEOUT_MS);
      startup.unref();
      worker.on('message', (m: ParseReply) => this.onMessage(slot, m));
      worker.on('error', () => this.drop(slot));
      worker.on('exit', () => this.drop(slot));
      this.slots.push(slot);
    }
  }

  /** Resolves, with the number of workers ready, once every worker started is ready or gone. */
  async ready(): Promise<number> {
    await Promise.all(this.slots.map((s) => s.started));
    return this.slots.filter((s) => s.ready).length;
  }

  /** Files parsed so far by the workers and in the calling thread. */
  get stats(): { inWorkers: number; here: number } {
    return { inWorkers: this.parsedInWorkers, here: this.parsedHere };
  }

  /** Workers alive (started or starting). */
  get size(): number {
    return this.slots.length;
  }

  parse(path: string, encoding?: string): { id: number; outcome: Promise<ParseOutcome> } {
    const id = this.nextId++;
    const outcome = new Promise<ParseOutcome>((resolve, reject) => {
      const job: Job = { id, path, encoding, resolve, reject };
      this.queue.push(job);
    });
    outcome.catch(() => {}); // an import that stops early never awaits the rest
    this.pump();
    return { id, outcome };
  }

  /**
   * Takes the earliest job not yet handed to a worker and parses it in this thread; false when
   * there is none. `prefer` (a job id) is taken first if it is still queued.
   */
  async parseQueuedHere(prefer?: number): Promise<boolean> {
    const at = Math.max(0, prefer === undefined ? 0 : this.queue.findIndex((j) => j.id === prefer));
    const [job] = this.queue.splice(at, 1);
    if (!job) return false;
    await this.runHere(job);
    return true;
  }

  /** Whether job `id` is still waiting for a worker (so the caller may parse it itself). */
  isQueued(id: number): boolean {
    return this.queue.some((j) => j.id === id);
  }

  /** Ends the workers. Jobs still owed (only when an import stops early) get a rejection nobody reads. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) s.settle();
    const owed = [...this.queue.splice(0), ...slots.flatMap((s) => [...s.inFlight.values()])];
    for (const job of owed) {
      job.resolve({ kind: 'rejected', code: 'INTERNAL', message: `${basename(job.path)}: not parsed (the import stopped)` });
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private async runHere(job: Job): Promise<void> {
    this.parsedHere++;
    try {
      job.resolve(await parseTranscriptFile(job.path, job.encoding));
    } catch (e) {
      job.reject(e);
    }
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      // Nothing is handed to a worker before it is ready: meanwhile the calling thread parses, and a
      // worker that never starts strands nothing. One message carries every job handed over (each
      // message wakes the worker thread).
      if (!slot.ready || slot.inFlight.size > REFILL_AT || this.queue.length === 0) continue;
      const room = Math.min(PER_WORKER - slot.inFlight.size, Math.ceil(this.queue.length / 2));
      const reqs: ParseRequest[] = [];
      for (const job of this.queue.splice(0, room)) {
        slot.inFlight.set(job.id, job);
        reqs.push({ id: job.id, path: job.path, ...(job.encoding ? { encoding: job.encoding } : {}) });
      }
      slot.worker.postMessage(reqs);
    }
  }

  private onMessage(slot: Slot, m: ParseReply): void {
    if ('ready' in m) {
      slot.ready = true;
      slot.settle();
      this.pump();
      return;
    }
    const job = slot.inFlight.get(m.id);
    if (!job) return;
    slot.inFlight.delete(m.id);
    if ('failed' in m) {
      // An unexpected error inside the worker: parse here, so the error (if any) is the in-thread one.
      void this.runHere(job);
    } else {
      this.parsedInWorkers++;
      job.resolve(m.outcome);
    }
    this.pump();
  }

  /** A worker that errored or exited: its unfinished jobs go back to the front of the queue. */
  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i === -1) return;
    this.slots.splice(i, 1);
    slot.settle();
    const back = [...slot.inFlight.values()].sort((a, b) => a.id - b.id);
    slot.inFlight.clear();
    this.queue.unshift(...back);
    void slot.worker.terminate().catch(() => 0);
    if (this.slots.length > 0) this.pump();
    else void this.drainHere(); // no worker left: every job owed is parsed in this thread
  }

  private async drainHere(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.runHere(job);
  }
}
