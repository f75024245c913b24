/**
 * The `app://tandai/` protocol: serves only files under the built renderer folder, with the
 * right MIME type and the CSP on every response. Paths that leave the folder are refused.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './config.js';

/**
 * standard + secure give the page a real origin (relative URLs, secure context); fetch support
 * lets module scripts load. Not corsEnabled (that would let other origins read it), no service
 * workers, no CSP bypass.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Must run before `app.whenReady()` resolves. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
});

/** Headers on every app:// response, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
    'Cache-Control': 'no-store',
  };
}

const inside = (root: string, candidate: string): boolean => candidate === root || candidate.startsWith(root + path.sep);

/**
 * Maps an app:// URL to a file under `rootDir`, or null when the URL is not ours or its path
 * would leave the folder (`..` in any spelling, encoded or raw separators, NUL, bad escapes).
 * An empty path means index.html.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  // An encoded separator has no honest use in a file path.
  if (/%2f|%5c/i.test(url.pathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes(':'))) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, segments.length ? segments.join('/') : 'index.html');
  return inside(root, file) && file !== root ? file : null;
}

export interface AppProtocolDeps {
  readFile?: (file: string) => Promise<Uint8Array>;
  realpath?: (file: string) => Promise<string>;
}

const refuse = (status: number, text: string): Response =>
  new Response(text, { status, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });

/** The request handler given to `protocol.handle('app', …)`; pure apart from reading files. */
export function createAppProtocolHandler(rootDir: string, deps: AppProtocolDeps = {}): (request: Request) => Promise<Response> {
  const readFile = deps.readFile ?? ((f: string) => fsp.readFile(f));
  const realpath = deps.realpath ?? ((f: string) => fsp.realpath(f));
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    let file = resolveAppPath(root, request.url);
    if (!file) return refuse(404, 'not found');
    // A path without an extension is a client-side route: the single page answers it.
    if (path.extname(file) === '') file = path.join(root, 'index.html');
    const type = MIME_TYPES[path.extname(file).toLowerCase()];
    if (!type) return refuse(404, 'not found');
    try {
      // Symlinks must not lead out of the folder either.
      const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
      if (!inside(realRoot, realFile)) return refuse(404, 'not found');
      const body = await readFile(realFile);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...securityHeaders(), 'Content-Type': type, 'Content-Length': String(body.byteLength) },
      });
    } catch {
      return refuse(404, 'not found');
    }
  };
}

/** Serves the renderer folder on the window's session. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, deps?: AppProtocolDeps): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, deps));
}
