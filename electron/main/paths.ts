/** Where the built pieces live relative to build/app/main.cjs, and the per-user data folder. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface AppPaths {
  preload: string;
  worker: string;
  renderer: string;
  /** Window icon in development; packaged builds get theirs from electron-builder. */
  icon: string | undefined;
}

/** `appDir` is the folder of main.cjs: build/app, in the repo or inside app.asar. */
export function appPaths(appDir: string, exists: (p: string) => boolean = existsSync): AppPaths {
  const icon = path.resolve(appDir, '..', '..', 'resources', 'icons', 'png', '512x512.png');
  return {
    preload: path.join(appDir, 'preload.cjs'),
    worker: path.join(appDir, 'worker.cjs'),
    renderer: path.resolve(appDir, '..', 'renderer'),
    icon: exists(icon) ? icon : undefined,
  };
}

/**
 * The per-user folder (identity keystore, private wellbeing store). Development runs may point
 * it elsewhere with TANDAI_USER_DATA_DIR (tests use a temp dir); a packaged app ignores that.
 */
export function userDataDir(appData: string, isPackaged: boolean, env: NodeJS.ProcessEnv): string {
  if (!isPackaged && env.TANDAI_USER_DATA_DIR) return path.resolve(env.TANDAI_USER_DATA_DIR);
  return path.join(appData, 'Tandai');
}

/**
 * The better-sqlite3 build for Electron's ABI that `npm start` made (build/native/electron).
 * Only honoured when not packaged: in a shipped app an environment variable must not choose
 * which native code loads.
 */
export function nativeBindingPath(isPackaged: boolean, env: NodeJS.ProcessEnv, exists: (p: string) => boolean = existsSync): string | undefined {
  if (isPackaged) return undefined;
  const p = env.TANDAI_NATIVE_BINDING;
  return p && exists(p) ? path.resolve(p) : undefined;
}
