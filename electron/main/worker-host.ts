/**
 * Runs the backend in a worker thread and speaks its message protocol (electron/backend/worker.ts):
 * correlates calls with ids, forwards typed events, asks it to lock, and closes it on quit.
 * If the worker dies, pending calls get an error, the window is told the backend locked
 * ('closed'), and the next call starts a fresh worker (whose keys are all locked).
 */
import type { WorkerOptions } from 'node:worker_threads';
import { err, type Result } from '../../shared/result.js';
import type { FromWorker, ToWorker, WorkerInit } from '../backend/worker.js';
import type { LockReason } from './config.js';

/** The part of `worker_threads.Worker` the host uses; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export type SpawnWorker = (file: string, options: WorkerOptions & { workerData: WorkerInit }) => WorkerLike;

export interface WorkerHostDeps {
  workerFile: string;
  init: WorkerInit;
  spawn: SpawnWorker;
  /** Only the contract's events reach this. */
  onEvent: (event: string, payload: unknown) => void;
  eventNames: readonly string[];
  /** Diagnostics without user data: error names and exit codes only. */
  log?: (line: string) => void;
  closeTimeoutMs?: number;
}

export interface WorkerHost {
  call(channel: string, input: unknown): Promise<Result<unknown>>;
  lock(reason: LockReason): void;
  close(): Promise<void>;
}

export function createWorkerHost(deps: WorkerHostDeps): WorkerHost {
  const log = deps.log ?? (() => {});
  let worker: WorkerLike | null = null;
  let nextId = 1;
  let closing = false;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const exitWaiters: Array<() => void> = [];

  function start(): WorkerLike {
    const w = deps.spawn(deps.workerFile, { workerData: deps.init });
    w.on('message', (m) => onMessage(m));
    // The error text could quote data the backend was handling: log only its name.
    w.on('error', (e) => log(`backend worker error (${e?.name ?? 'Error'})`));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      for (const [id, resolve] of pending) {
        pending.delete(id);
        resolve(err('INTERNAL', 'the backend stopped before answering'));
      }
      exitWaiters.splice(0).forEach((f) => f());
      if (!closing) {
        log(`backend worker exited (code ${code})`);
        deps.onEvent('locked', { reason: 'closed' });
      }
    });
    return w;
  }

  function onMessage(m: FromWorker): void {
    if (!m || typeof m !== 'object') return;
    if ('id' in m && typeof m.id === 'number') {
      const resolve = pending.get(m.id);
      if (resolve) {
        pending.delete(m.id);
        resolve(m.result);
      }
      return;
    }
    if ('event' in m && deps.eventNames.includes(m.event)) deps.onEvent(m.event, m.payload);
  }

  return {
    call(channel, input) {
      if (closing) return Promise.resolve(err('INTERNAL', `${channel}: Tandai is closing`));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          worker ??= start();
          worker.postMessage({ id, channel, input });
        } catch {
          pending.delete(id);
          resolve(err('INVALID_INPUT', `${channel}: the input could not be passed to the backend`));
        }
      });
    },
    lock(reason) {
      // No worker means no keys in memory: nothing to drop.
      worker?.postMessage({ lock: reason });
    },
    async close() {
      closing = true;
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => exitWaiters.push(resolve));
      w.postMessage({ close: true });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deps.closeTimeoutMs ?? 3000);
      });
      const outcome = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') await w.terminate();
    },
  };
}
