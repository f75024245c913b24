/**
 * The backend: everything that runs in plain Node. The app hosts it in a worker thread
 * (electron/backend/worker.ts); the CLI, the e2e bridge, the bench and the tests create it in-process.
 */
import type { Emit } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import type { KdfParams } from './vault/kdf.js';

export interface BackendOptions {
  /** Per-user directory holding the identity keystore and private wellbeing store. */
  home: string;
  /** Path to a better-sqlite3 `.node` built for this runtime's ABI (Electron), if not the default. */
  nativeBinding?: string;
  /** Argon2id parameters for new projects and identities. Omit in production: calibrated at creation. */
  kdf?: KdfParams;
  /**
   * Where a one-line notice of an internal error goes (channel and error class only, never a
   * message that could hold plaintext). Default: stderr. The CLI passes its own.
   */
  log?: (line: string) => void;
  /**
   * The folder of data files the app ships (`resources/`: gazetteers, terminology list, starter
   * codebook). Default: found by walking up from the backend's own module (the repository in
   * development and tests, the app folder or app.asar when built).
   */
  resourcesDir?: string;
}

export interface Backend {
  route(channel: string, input: unknown, emit?: Emit): Promise<Result<unknown>>;
  /** Drop every key (memzero) and cached plaintext; emits nothing by itself. */
  lock(reason: 'command' | 'idle' | 'suspend' | 'screen-lock' | 'closed'): void;
  close(): void;
}

export { createBackend } from './session.js';
