/**
 * Smoke test of the real app with Playwright's _electron. Runs only with ELECTRON_E2E=1 on a
 * machine where the Electron runtime is installed (`npx install-electron`); the build machines
 * cannot download it, so there it is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { TandaiApi } from '../../shared/contract/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
test.skip(process.env.ELECTRON_E2E !== '1', 'real-Electron smoke test: set ELECTRON_E2E=1 where the Electron runtime is installed (npx install-electron)');

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  // Builds renderer, bundles and the Electron-ABI better-sqlite3; prints the binding path last.
  const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--prepare-only', '--no-download'], { cwd: root, encoding: 'utf8' });
  const nativeBinding = out.trim().split('\n').at(-1)!;
  const electronDir = path.join(root, 'node_modules', 'electron');
  const executablePath = path.join(electronDir, 'dist', readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
  userData = mkdtempSync(path.join(os.tmpdir(), 'tandai-electron-'));
  app = await electron.launch({
    executablePath,
    args: ['.'],
    cwd: root,
    env: { ...process.env, TANDAI_NATIVE_BINDING: nativeBinding, TANDAI_USER_DATA_DIR: userData },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('loads the renderer from app://tandai with window.api and no Node in the page', async () => {
  expect(page.url()).toBe('app://tandai/index.html');
  const shape = await page.evaluate(() => {
    const g = globalThis as unknown as { api: TandaiApi; require?: unknown; process?: unknown };
    return { keys: Object.keys(g.api).sort(), frozen: Object.isFrozen(g.api), require: typeof g.require, process: typeof g.process };
  });
  expect(shape).toEqual({ keys: ['invoke', 'on', 'pathForFile'], frozen: true, require: 'undefined', process: 'undefined' });
});

test('a contract call reaches the backend worker and comes back as a Result', async () => {
  const status = await page.evaluate(() => (globalThis as unknown as { api: TandaiApi }).api.invoke('identity.status', {}));
  expect(status.ok).toBe(true);
});

test('the page cannot reach the network', async () => {
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('https://example.com/');
      return 'reached';
    } catch {
      return 'blocked';
    }
  });
  expect(outcome).toBe('blocked');
});

test('there is one window, and it has content protection on (where the OS supports it)', async () => {
  const win = await app.evaluate(({ BrowserWindow }) => {
    const all = BrowserWindow.getAllWindows();
    return { count: all.length, contentProtected: all[0]!.isContentProtected() };
  });
  // Content protection exists on macOS and Windows; Linux has no such API.
  expect(win).toEqual({ count: 1, contentProtected: process.platform === 'darwin' || process.platform === 'win32' });
});
