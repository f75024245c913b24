/**
 * What the Chromium-side measures share: the built renderer (built once per run with `vite build`),
 * a static server for it on 127.0.0.1 with the app's CSP, one headless Debian Chromium, and a
 * fresh browser context per session with `window.api` bridged to a real backend — the same bridge
 * as the e2e suite (tests/e2e/bridge-core.ts). Not a measure itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Backend } from '../../electron/backend/backend.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/config.js';
import { attachBridge, type AttachedBridge } from '../../tests/e2e/bridge-core.js';
import { CHROMIUM_FLAGS, findChromium } from '../../tests/e2e/chromium.js';
import { MeasureFailure, type Bench } from '../bench.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function serve(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(root, rel === '' ? 'index.html' : rel);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

interface Shared {
  browser: Browser;
  origin: string;
  server: Server;
}

/** Builds the renderer, starts the server and Chromium, once per bench run. */
function shared(b: Bench): Promise<Shared> {
  return b.once('ui-shared', async () => {
    const found = findChromium();
    if (found.path === null) throw new MeasureFailure(`no Chromium for the UI measures (${found.looked})`);
    // Built into the bench's own folder: build/renderer may be rebuilt meanwhile (the e2e suite does).
    const out = b.dir('ui-renderer');
    b.log(`building the renderer (vite build) into ${out}`);
    const built = spawnSync(join(REPO, 'node_modules', '.bin', 'vite'), ['build', '--outDir', out, '--emptyOutDir'], { cwd: REPO, encoding: 'utf8' });
    if (built.status !== 0) throw new MeasureFailure(`vite build failed: ${(built.stderr || built.stdout).split('\n').slice(-5).join(' ')}`);
    const { server, origin } = await serve(out);
    const browser = await chromium.launch({ executablePath: found.path, headless: true, args: CHROMIUM_FLAGS });
    // Closed with the process: the bench has no teardown hook for measures.
    process.once('exit', () => {
      server.close();
    });
    return { browser, origin, server };
  });
}

export interface UiSession {
  page: Page;
  context: BrowserContext;
  bridge: AttachedBridge;
  origin: string;
  close(): Promise<void>;
}

/** A fresh context and page with the bridge to `backend`; fails the measure if the page broke a guard. */
export async function uiSession(b: Bench, backend: Backend): Promise<UiSession> {
  const s = await shared(b);
  const context = await s.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US', serviceWorkers: 'block' });
  const bridge = await attachBridge(context, backend, s.origin);
  const page = await context.newPage();
  return {
    page,
    context,
    bridge,
    origin: s.origin,
    async close() {
      await context.close();
      if (bridge.problems.length) throw new MeasureFailure(`the page broke a guard: ${bridge.problems.slice(0, 3).join('; ')}`);
    },
  };
}

/** Ends the shared browser (call from the last UI measure). */
export async function closeBrowser(b: Bench): Promise<void> {
  const s = await shared(b);
  await s.browser.close();
  s.server.close();
}

/**
 * In-page: milliseconds from calling `start()` to `done()` first being true (checked on every DOM
 * mutation, and every 50 ms), plus one animation frame, as the issue measures paints.
 */
export const IN_PAGE_TIMER = `(start, done, timeoutMs) => new Promise((resolve, reject) => {
  let finished = false;
  const t0 = performance.now();
  const obs = new MutationObserver(() => check());
  const check = () => {
    if (finished) return;
    if (done()) {
      finished = true;
      obs.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    } else if (performance.now() - t0 > timeoutMs) {
      finished = true;
      obs.disconnect();
      reject(new Error('timed out after ' + timeoutMs + ' ms'));
    }
  };
  obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  start();
  check();
  const poll = () => { if (!finished) { check(); setTimeout(poll, 50); } };
  setTimeout(poll, 50);
})`;

/** Runs IN_PAGE_TIMER with the bodies of `start` and `done` (JavaScript source). */
export function timeInPage(page: Page, start: string, done: string, timeoutMs = 20_000): Promise<number> {
  return page.evaluate(`(${IN_PAGE_TIMER})(() => { ${start} }, () => (${done}), ${timeoutMs})`) as Promise<number>;
}
