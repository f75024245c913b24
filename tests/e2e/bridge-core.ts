/**
 * The bridge itself (DESIGN "Testing without Electron"), usable by the e2e fixture (bridge.ts) and
 * by the Chromium-side benchmarks: a frozen `window.api` in the page whose `invoke` goes through
 * `exposeBinding` to a REAL backend in this Node process, events sent back by `page.evaluate`,
 * and guards that record CSP violations, requests outside the local origin and page errors.
 *
 * Two mocks, at true edges: `pathForFile` (a browser File has no path, so the bridge maps
 * `file.name` to a file in a folder the test registered: `provideFiles`), and the native save dialog
 * that Electron's main answers `shell.chooseSavePath` with (the test gives the person's choice:
 * `answerSaveDialog`; the question is checked against the contract as main checks it).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.js';
import { SAVE_PATH_CHANNEL, SavePathQuestion } from '../../shared/contract/channels/shell.js';
import { channelNames, eventNames, type ChannelInput, type ChannelName, type ChannelOutput, type EventName, type EventPayload } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';

export interface AttachedBridge {
  /** What the e2e fixture fails a test on (CSP violations, non-local requests, page errors). */
  problems: string[];
  provideFiles(dir: string): Promise<void>;
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
  holdAnswers(channel: ChannelName): () => void;
  /** What the next save dialog answers: a path, or null for Cancel (the default). Returns the questions asked so far. */
  answerSaveDialog(path: string | null): SavePathQuestion[];
}

// ---------------------------------------------------------------- runs in the page
interface PageGlobals {
  __tandaiInvoke(channel: string, input: unknown): Promise<unknown>;
  __tandaiProblem(kind: string, detail: string): Promise<void>;
  document: { addEventListener(type: string, cb: (e: { violatedDirective: string; blockedURI: string }) => void, capture: boolean): void };
}

/** Installed before any page script runs: `window.api`, shaped exactly like the preload's. */
function installApi(arg: { channels: string[]; events: string[] }): void {
  const g = globalThis as unknown as PageGlobals;
  const channels = new Set(arg.channels);
  const events = new Set(arg.events);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let files: Record<string, string> = {};
  const hidden = (name: string, value: unknown) => Object.defineProperty(globalThis, name, { value, enumerable: false, configurable: false, writable: false });

  hidden('__tandaiEmit', (event: string, payload: unknown) => {
    for (const cb of listeners.get(event) ?? []) {
      try {
        cb(payload);
      } catch (e) {
        setTimeout(() => {
          throw e;
        });
      }
    }
  });
  hidden('__tandaiSetFiles', (map: Record<string, string>) => {
    files = { ...map };
  });

  g.document.addEventListener('securitypolicyviolation', (e) => void g.__tandaiProblem('csp', `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`), true);

  async function invoke(channel: string, input: unknown) {
    if (typeof channel !== 'string' || !channels.has(channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel "${String(channel)}"` } };
    try {
      return await g.__tandaiInvoke(channel, input);
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `${channel}: the call could not be delivered` } };
    }
  }
  function on(event: string, cb: (payload: unknown) => void) {
    if (typeof event !== 'string' || !events.has(event)) throw new TypeError(`unknown event "${String(event)}"`);
    if (typeof cb !== 'function') throw new TypeError('api.on needs a callback');
    const wrapped = (payload: unknown) => cb(payload);
    const set = listeners.get(event) ?? new Set();
    set.add(wrapped);
    listeners.set(event, set);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(wrapped);
    };
  }
  // Like webUtils.getPathForFile: '' for a File that is not on disk.
  function pathForFile(file: unknown): string {
    const name = file && typeof file === 'object' && 'name' in file ? String((file as { name: unknown }).name) : '';
    return Object.hasOwn(files, name) ? files[name]! : '';
  }
  Object.defineProperty(globalThis, 'api', { value: Object.freeze({ invoke, on, pathForFile }), enumerable: true, configurable: false, writable: false });
}

function setFiles(map: Record<string, string>): void {
  (globalThis as unknown as { __tandaiSetFiles(m: Record<string, string>): void }).__tandaiSetFiles(map);
}
// ---------------------------------------------------------------- runs in Node

function filesByName(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (Object.hasOwn(out, name)) throw new Error(`provideFiles: two files named ${name} under ${dir}`);
      else out[name] = full;
    }
  };
  walk(resolve(dir));
  return out;
}

/** Events go to the page in the order the backend emitted them. */
function eventSender(page: Page) {
  let chain = Promise.resolve();
  return <E extends EventName>(event: E, payload: EventPayload<E>): Promise<void> => {
    chain = chain
      .then(() => page.evaluate(([e, p]) => (globalThis as unknown as { __tandaiEmit(e: string, p: unknown): void }).__tandaiEmit(e, p), [event, payload] as const))
      .catch(() => {}); // the page navigated or closed; Electron drops such events too
    return chain;
  };
}

/**
 * A function and its argument as page source. Loaders that keep function names (tsx, which the
 * bench runs under) wrap functions in a `__name` helper that does not exist in the page: a no-op
 * stands in for it.
 */
function pageScript<A>(fn: (arg: A) => void, arg: A): string {
  return `(() => { const __name = (f) => f; (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}

/** Wires `window.api` in every page of `context` to `backend`, with the guards. Call before the first navigation. */
export async function attachBridge(context: BrowserContext, backend: Backend, origin: string): Promise<AttachedBridge> {
  const problems: string[] = [];
  let files: Record<string, string> = {};

  const isLocal = (url: string) => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
  context.on('request', (r) => {
    if (!isLocal(r.url())) problems.push(`request outside ${origin}: ${r.url()}`);
  });
  // Recorded above, and never allowed to leave the machine either.
  await context.route((url) => !isLocal(url.href), (route) => route.abort('blockedbyclient'));
  context.on('console', (m) => {
    if (/content security policy/i.test(m.text())) problems.push(`CSP console ${m.type()}: ${m.text()}`);
  });
  context.on('weberror', (e) => problems.push(`uncaught page error: ${e.error().message}`));

  await context.exposeBinding('__tandaiProblem', (_source, kind: string, detail: string) => {
    problems.push(`${kind}: ${detail}`);
  });
  const senders = new WeakMap<Page, ReturnType<typeof eventSender>>();
  const holds = new Map<string, Promise<void>>();
  const saveQuestions: SavePathQuestion[] = [];
  let saveAnswer: string | null = null;
  /** Main's answer to shell.chooseSavePath (electron/main/save-dialog.ts), with the person's choice set by the test. */
  const saveDialog = (input: unknown): Result<{ path: string | null }> => {
    const q = SavePathQuestion.safeParse(input);
    if (!q.success) return { ok: false, error: { code: 'INVALID_INPUT', message: `${SAVE_PATH_CHANNEL}: ${q.error.issues[0]?.message ?? 'invalid'}` } };
    saveQuestions.push(q.data);
    const path = saveAnswer;
    saveAnswer = null;
    return { ok: true, value: { path } };
  };
  await context.exposeBinding('__tandaiInvoke', async ({ page: from }, channel: string, input: unknown) => {
    let send = senders.get(from);
    if (!send) senders.set(from, (send = eventSender(from)));
    const result = channel === SAVE_PATH_CHANNEL ? saveDialog(input) : await backend.route(channel, input, send);
    await holds.get(channel);
    return result;
  });
  await context.addInitScript(pageScript(installApi, { channels: [...channelNames], events: [...eventNames] }));

  return {
    problems,
    async provideFiles(dir) {
      files = { ...files, ...filesByName(dir) };
      // For this document now, and for every later one (reloads re-run init scripts).
      await context.addInitScript(pageScript(setFiles, files));
      for (const p of context.pages()) await p.evaluate(pageScript(setFiles, files)).catch(() => {});
    },
    call: (channel, input) => backend.route(channel, input) as never,
    async emit(event, payload) {
      for (const p of context.pages()) {
        let send = senders.get(p);
        if (!send) senders.set(p, (send = eventSender(p)));
        await send(event, payload);
      }
    },
    answerSaveDialog(path) {
      saveAnswer = path;
      return saveQuestions;
    },
    holdAnswers(channel) {
      let release = () => {};
      holds.set(channel, new Promise<void>((r) => (release = r)));
      return () => {
        holds.delete(channel);
        release();
      };
    },
  };
}
