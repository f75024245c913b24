// Real-Electron smoke tests (Playwright's _electron). Separate from the e2e config
// (playwright.config.ts, tests/e2e), which runs the renderer in Chromium.
//   ELECTRON_E2E=1 npx playwright test -c tests/electron/playwright.config.ts
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
