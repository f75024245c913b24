/** The app:// request handler on its own (pure apart from reading files in a temp folder). */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/config.js';
import { createAppProtocolHandler, resolveAppPath } from '../../../electron/main/protocol.js';

let tmp: string;
let rendererDir: string;
let handler: (r: Request) => Promise<Response>;
const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tandai-protocol-'));
  rendererDir = path.join(tmp, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><p>index</p>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'p{}');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(path.join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(path.join(rendererDir, 'assets', 'data.bin'), 'binary');
  writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET OUTSIDE');
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'assets', 'escape.js'));
  handler = createAppProtocolHandler(rendererDir);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it.each([
    ['app://tandai/index.html', 'text/html; charset=utf-8'],
    ['app://tandai/', 'text/html; charset=utf-8'],
    ['app://tandai/assets/app.js', 'text/javascript; charset=utf-8'],
    ['app://tandai/assets/app.css', 'text/css; charset=utf-8'],
    ['app://tandai/assets/font.woff2', 'font/woff2'],
    ['app://tandai/assets/logo.svg', 'image/svg+xml'],
  ])('serves %s as %s with the CSP and nosniff headers', async (url, type) => {
    const r = await get(url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers a client-side route (a path without an extension) with the single page', async () => {
    const r = await get('app://tandai/projects/open');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<p>index</p>');
  });

  it.each([
    'app://tandai/../secret.txt',
    'app://tandai/%2e%2e/secret.txt',
    'app://tandai/..%2fsecret.txt',
    'app://tandai/assets/..%2f..%2fsecret.txt',
    'app://tandai/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://tandai/..%5csecret.txt',
    'app://tandai/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://tandai/%2Fetc%2Fpasswd',
    'app://tandai/assets/escape.js',
    'app://tandai/index.html%00.js',
    'app://tandai/%E0%A4%A',
  ])('refuses %s (outside build/renderer, a symlink out, or malformed) with 404 and the CSP', async (url) => {
    const r = await get(url);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('SECRET OUTSIDE');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses another host on the app scheme', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
  });

  it('refuses a file type it has no MIME type for', async () => {
    expect((await get('app://tandai/assets/data.bin')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const r = await get('app://tandai/index.html', { method: 'POST', body: 'x' });
    expect(r.status).toBe(405);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD with headers and no body', async () => {
    const r = await get('app://tandai/index.html', { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('');
  });

  it('resolveAppPath never returns a path outside the root', () => {
    const root = path.join(tmp, 'renderer');
    for (const url of ['app://tandai/a/../../x', 'app://tandai/..%2f..%2fx', 'app://tandai/a/%2e%2e/%2e%2e/x', 'app://tandai/C:%5cwindows', 'https://tandai/index.html']) {
      const p = resolveAppPath(root, url);
      if (p !== null) expect(p.startsWith(root + path.sep), `${url} -> ${p}`).toBe(true);
    }
    expect(resolveAppPath(root, 'app://tandai/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });
});
