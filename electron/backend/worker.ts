/**
 * The worker-thread host of the backend inside the app. Main posts `{id, channel, input}` and
 * gets `{id, result}`; backend events go out as `{event, payload}`; `{lock: reason}` drops every
 * key and answers with a `locked` event; `{close: true}` closes the backend and ends the thread.
 * Runs under plain Node semantics: never imports 'electron', never logs inputs or results.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EventName } from '../../shared/contract/index.js';
import { err, TandaiError, type Result } from '../../shared/result.js';
import { createBackend, type Backend, type BackendOptions } from './backend.js';

export type LockReason = Parameters<Backend['lock']>[0];

export type ToWorker = { id: number; channel: string; input: unknown } | { lock: LockReason } | { close: true };
export type FromWorker = { id: number; result: Result<unknown> } | { event: EventName; payload: unknown } | { closed: true };

export interface WorkerInit {
  home: string;
  nativeBinding?: string;
  /** The app's resources/ folder (gazetteers, terminology list), as the main process knows it. */
  resourcesDir?: string;
}

type Port = Pick<MessagePort, 'postMessage' | 'on'>;

const LOCK_REASONS: readonly LockReason[] = ['command', 'idle', 'suspend', 'screen-lock', 'closed'];

/** A startup failure answered on every call; its message names the cause but never user data. */
function startupError(e: unknown): Result<never> {
  if (e instanceof TandaiError) return err(e.code, e.message);
  return err('INTERNAL', `backend failed to start${e instanceof Error ? `: ${e.message}` : ''}`);
}

/** Serves `backend` (possibly still starting) on `port`. Exported so tests can drive it on a MessageChannel. */
export function serveBackend(port: Port, backend: Promise<Backend>, onClosed: () => void = () => {}): void {
  const post = (m: FromWorker) => port.postMessage(m);
  // Messages are handled strictly in arrival order, so a lock is never overtaken by a later call.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: unknown) => {
    queue = queue.then(() => handle(message)).catch(() => {});
  });

  async function handle(message: unknown): Promise<void> {
    if (!message || typeof message !== 'object') return;
    const m = message as Record<string, unknown>;
    let b: Backend;
    try {
      b = await backend;
    } catch (e) {
      if (typeof m.id === 'number') post({ id: m.id, result: startupError(e) });
      if ('close' in m) {
        post({ closed: true });
        onClosed();
      }
      return;
    }
    if (typeof m.id === 'number' && typeof m.channel === 'string') {
      const id = m.id;
      let result: Result<unknown>;
      try {
        result = await b.route(m.channel, m.input, (event, payload) => post({ event, payload }));
      } catch {
        // route() turns errors into Results; this is only a safety net and never echoes text.
        result = err('INTERNAL', `${m.channel}: internal error`);
      }
      post({ id, result });
      return;
    }
    if (typeof m.lock === 'string' && (LOCK_REASONS as readonly string[]).includes(m.lock)) {
      const reason = m.lock as LockReason;
      b.lock(reason);
      post({ event: 'locked', payload: { reason } });
      return;
    }
    if (m.close === true) {
      try {
        b.lock('closed');
        b.close();
      } finally {
        post({ closed: true });
        onClosed();
      }
    }
  }
}

if (!isMainThread && parentPort) {
  const init = workerData as WorkerInit;
  const options: BackendOptions = { home: init.home, ...(init.nativeBinding ? { nativeBinding: init.nativeBinding } : {}), ...(init.resourcesDir ? { resourcesDir: init.resourcesDir } : {}) };
  const port = parentPort;
  const backend = createBackend(options);
  backend.catch(() => {}); // answered per call by serveBackend
  serveBackend(port, backend, () => port.close());
}
