/** Fixed facts of the shell, in one place so main, tests and the preload agree on them. */

/** The renderer is served from `app://tandai/…`: a privileged standard scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tandai';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Sent on every app:// response (DESIGN principle 2: `connect-src 'none'`). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The window's session. No `persist:` prefix, so Chromium keeps its storage (cache,
 * localStorage, IndexedDB) in memory only: nothing the page stores reaches disk.
 */
export const SESSION_PARTITION = 'tandai';

/** Keys are dropped after this much system idle time (DESIGN: default 10 min). */
export const IDLE_LOCK_MS = 10 * 60 * 1000;
export const IDLE_POLL_MS = 15 * 1000;

/** Where the spellchecker would fetch dictionaries: a local URL that never reaches a network. */
export const NO_DICTIONARY_URL = 'file:///dev/null/tandai-no-spellcheck-dictionaries/';

export type LockReason = 'command' | 'idle' | 'suspend' | 'screen-lock' | 'closed';
