/**
 * The e2e bridge (DESIGN "Testing without Electron"): the page gets a frozen `window.api` whose
 * `invoke` goes through `page.exposeBinding` to a REAL backend in this Node process, created per
 * test on temp dirs under the test's output folder. Events come back by `page.evaluate`.
 *
 * `pathForFile` is the one mock, at a true edge: a browser File has no path, so the bridge maps
 * `file.name` to a file in a folder the test registered (`bridge.provideFiles`).
 *
 * The fixture fails the test on any CSP violation, any request outside the local origin, and any
 * uncaught page error. Each test gets a fresh Chromium profile, kept (like the backend's home and
 * the project files) under the output folder, so a canary test can scan everything written.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import { channelNames, eventNames, type ChannelInput, type ChannelName, type ChannelOutput, type EventName, type EventPayload } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';

/** Argon2id floor for tests (DESIGN: passed explicitly, never from the environment). */
export const TEST_KDF = { opsLimit: 2, memLimit: 64 * 1024 * 1024 };

export interface BridgeDirs {
  /** Everything the test wrote: the dirs below. */
  root: string;
  /** The backend's per-user home (identity keystore). */
  home: string;
  /** Where tests put project files. */
  projects: string;
  /** The Chromium profile (user data dir). */
  profile: string;
}

export interface Bridge {
  backend: Backend;
  dirs: BridgeDirs;
  /**
   * Edge mock: after this, `window.api.pathForFile(file)` answers `<dir>/<file.name>` for every
   * file under `dir` (by base name), as Electron's webUtils.getPathForFile would for a real pick.
   */
  provideFiles(dir: string): Promise<void>;
  /** Calls the same backend directly, to check state the UI does not show. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  /** Sends a contract event to every page, as the shell does (e.g. `locked` after an idle lock). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
  /**
   * Holds the answers of `channel` (the backend has finished; its events have gone out) until the
   * returned release is called: a slow IPC answer, so a test can see the UI mid-way.
   */
  holdAnswers(channel: ChannelName): () => void;
  /** What the fixture will fail the test on (CSP violations, non-local requests, page errors). */
  problems: string[];
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

export const test = base.extend<{ bridge: Bridge }>({
  context: async ({ launchOptions, headless, baseURL, viewport, locale }, use, testInfo) => {
    testInfo.skip(!!process.env.TANDAI_E2E_SKIP, `e2e skipped: ${process.env.TANDAI_E2E_SKIP}`);
    const profile = testInfo.outputPath('bridge', 'profile');
    mkdirSync(profile, { recursive: true });
    // A fresh, kept profile per test: what the browser writes can be scanned afterwards.
    const context = await chromium.launchPersistentContext(profile, {
      ...launchOptions,
      headless,
      ...(baseURL ? { baseURL } : {}),
      ...(viewport ? { viewport } : {}),
      ...(locale ? { locale } : {}),
      acceptDownloads: false,
      serviceWorkers: 'block',
    });
    await use(context);
    await context.close();
  },

  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },

  bridge: [
    async ({ context, page, baseURL }, use, testInfo) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin;
      const root = testInfo.outputPath('bridge');
      const dirs: BridgeDirs = { root, home: join(root, 'home'), projects: join(root, 'projects'), profile: join(root, 'profile') };
      mkdirSync(dirs.home, { recursive: true });
      mkdirSync(dirs.projects, { recursive: true });

      const backend = await createBackend({ home: dirs.home, kdf: TEST_KDF });
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
      await context.exposeBinding('__tandaiInvoke', async ({ page: from }, channel: string, input: unknown) => {
        let send = senders.get(from);
        if (!send) senders.set(from, (send = eventSender(from)));
        const result = await backend.route(channel, input, send);
        await holds.get(channel);
        return result;
      });
      await context.addInitScript(installApi, { channels: [...channelNames], events: [...eventNames] });

      const bridge: Bridge = {
        backend,
        dirs,
        problems,
        async provideFiles(dir) {
          files = { ...files, ...filesByName(dir) };
          // For this document now, and for every later one (reloads re-run init scripts).
          await context.addInitScript(setFiles, files);
          for (const p of context.pages()) await p.evaluate(setFiles, files).catch(() => {});
        },
        call: (channel, input) => backend.route(channel, input) as never,
        async emit(event, payload) {
          for (const p of context.pages()) {
            let send = senders.get(p);
            if (!send) senders.set(p, (send = eventSender(p)));
            await send(event, payload);
          }
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

      await use(bridge);

      if (testInfo.status !== testInfo.expectedStatus && !page.isClosed()) {
        await page.screenshot({ path: testInfo.outputPath('failure.png'), fullPage: true }).catch(() => {});
      }
      // Let queued violation reports arrive before judging.
      if (!page.isClosed()) await page.evaluate(() => new Promise((r) => setTimeout(r, 50))).catch(() => {});
      backend.close();
      expect(problems, 'CSP violations, requests outside the local origin, or page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { BrowserContext, Page };
