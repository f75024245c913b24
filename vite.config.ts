/**
 * The renderer build (React + Vite). Separate from vitest.config.ts on purpose: the unit tests run
 * under Node and need none of this.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/main/config.js';

const repo = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = `${repo}renderer`;

/**
 * The policy for the `<meta http-equiv>` copy: the same as the header, less `frame-ancestors`,
 * which a meta element cannot carry (Chromium ignores it there and logs a CSP console error).
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

/**
 * Fails the build if index.html's CSP meta drifts from the policy the app serves. The dev server
 * (`vite`, for people only) drops the meta: its hot reload needs an inline script and a websocket.
 * Builds, the preview server and the e2e suite always run under the full policy.
 */
function cspMetaGuard(): Plugin {
  return {
    name: 'tandai-csp-meta-guard',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (ctx.server) return html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i, '');
        const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
        if (metas.length !== 1 || metas[0]![1] !== META_CONTENT_SECURITY_POLICY) {
          throw new Error(`renderer/index.html must carry exactly one CSP meta with content="${META_CONTENT_SECURITY_POLICY}"`);
        }
        if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) throw new Error('renderer/index.html must not contain inline scripts (CSP script-src \'self\')');
        return html;
      },
    },
  };
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
};

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same build is served from app://tandai/ and from the preview server.
  base: './',
  plugins: [react(), cspMetaGuard()],
  build: {
    outDir: `${repo}build/renderer`,
    emptyOutDir: true,
    // The polyfill would fetch() modules, which `connect-src 'none'` forbids; Chromium needs none.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    headers: securityHeaders,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
});
