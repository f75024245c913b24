/**
 * E2e: the built renderer served by `vite preview` on 127.0.0.1, driven in Debian Chromium, with
 * `window.api` bridged to the real backend (tests/e2e/bridge.ts). Without a Chromium the suite
 * skips with one line, except under CI=true, where that is a failure.
 */
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, findChromium } from './tests/e2e/chromium.js';

// TANDAI_E2E_PORT lets two suites run side by side (each builds into its own folder).
const PORT = Number(process.env.TANDAI_E2E_PORT ?? 4173);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const OUT_DIR = resolve(PORT === 4173 ? 'build/renderer' : `build/e2e-${PORT}`);
const CI = process.env.CI === 'true';
const chromium = findChromium();

if (chromium.path === null) {
  if (CI) throw new Error(`e2e: no Chromium found (${chromium.looked}); CI=true requires one (apt-get install -y chromium)`);
  // The config loads in the runner and in each worker: say it once.
  if (!process.env.TANDAI_E2E_SKIP) console.log(`e2e skipped: no Chromium found (${chromium.looked})`);
  process.env.TANDAI_E2E_SKIP = `no Chromium found (${chromium.looked})`;
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: PORT === 4173 ? 'tests/output/e2e' : `tests/output/e2e-${PORT}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: ORIGIN,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    launchOptions: {
      executablePath: chromium.path ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    },
  },
  webServer:
    chromium.path === null
      ? undefined
      : {
          // Always a fresh build: a server left running from an older build would test stale code.
          command: `node_modules/.bin/vite build --outDir ${OUT_DIR} && node_modules/.bin/vite preview --outDir ${OUT_DIR} --port ${PORT}`,
          url: ORIGIN,
          reuseExistingServer: false,
          timeout: 120_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
});
