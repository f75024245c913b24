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
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { createBackend, type Backend } from '../../electron/backend/backend.js';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import type { SavePathQuestion } from '../../shared/contract/channels/shell.js';
import { attachBridge } from './bridge-core.js';

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
  /**
   * Edge mock: what the next native save dialog (shell.chooseSavePath, answered by Electron's main)
   * answers: a path, or null for Cancel, which is also the answer when nothing was set. Returns the
   * questions asked so far.
   */
  answerSaveDialog(path: string | null): SavePathQuestion[];
  /** What the fixture will fail the test on (CSP violations, non-local requests, page errors). */
  problems: string[];
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
      const attached = await attachBridge(context, backend, origin);
      const bridge: Bridge = { backend, dirs, ...attached };

      await use(bridge);

      if (testInfo.status !== testInfo.expectedStatus && !page.isClosed()) {
        await page.screenshot({ path: testInfo.outputPath('failure.png'), fullPage: true }).catch(() => {});
      }
      // Let queued violation reports arrive before judging.
      if (!page.isClosed()) await page.evaluate(() => new Promise((r) => setTimeout(r, 50))).catch(() => {});
      backend.close();
      expect(attached.problems, 'CSP violations, requests outside the local origin, or page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { BrowserContext, Page };
