/**
 * Where the data files the app ships live (`resources/`): the folder the host passes
 * (`BackendOptions.resourcesDir`), else the first `resources/` holding the wanted file walking up
 * from this module — the repository root in development and tests, beside build/ in the built app,
 * inside app.asar when packaged.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TandaiError } from '../../shared/result.js';

function moduleDir(): string | null {
  try {
    // The CommonJS bundle (build/app/worker.cjs) has __dirname; tsx, vitest and the ESM CLI have import.meta.url.
    if (typeof __dirname === 'string') return __dirname;
  } catch {
    // not CommonJS
  }
  try {
    const url = import.meta.url;
    return url ? dirname(fileURLToPath(url)) : null;
  } catch {
    return null;
  }
}

/** The resources folder holding `inside` (a path relative to it); NOT_FOUND with `missing` if none. */
export function findResources(inside: string, missing: string, given?: string): string {
  if (given) return given;
  for (let dir = resolve(moduleDir() ?? process.cwd()), i = 0; i < 10; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, inside))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new TandaiError('NOT_FOUND', missing);
}
