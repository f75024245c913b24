/**
 * Where the e2e suite finds Chromium (DESIGN "Testing without Electron"): CHROMIUM_PATH, Debian's
 * /usr/bin/chromium, or Playwright's own browser cache. Never downloads one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function fromPlaywrightCache(): string | null {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return null;
  const candidates: string[] = [];
  for (const dir of readdirSync(cache).sort().reverse()) {
    if (dir.startsWith('chromium_headless_shell-')) candidates.push(join(cache, dir, 'chrome-linux', 'headless_shell'), join(cache, dir, 'chrome-headless-shell-linux64', 'chrome-headless-shell'));
    else if (dir.startsWith('chromium-')) candidates.push(join(cache, dir, 'chrome-linux', 'chrome'), join(cache, dir, 'chrome-linux64', 'chrome'));
  }
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** The Chromium to drive, or null with the places looked at. */
export function findChromium(): { path: string } | { path: null; looked: string } {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? { path: explicit } : { path: null, looked: `CHROMIUM_PATH=${explicit} does not exist` };
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium' };
  const cached = fromPlaywrightCache();
  if (cached) return { path: cached };
  return { path: null, looked: 'no CHROMIUM_PATH, no /usr/bin/chromium, nothing in the Playwright cache' };
}
