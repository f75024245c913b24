/**
 * The installed command: `node bin/tandai.cjs` loading the bundle build/cli/tandai.mjs (made from
 * electron/cli/main.ts by `npm run build`, and by `npm ci` via prepare). Skipped, saying why, when
 * the bundle has not been built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './harness.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bundle = join(root, 'build', 'cli', 'tandai.mjs');
const bin = join(root, 'bin', 'tandai.cjs');
const SKIP = 'build/cli/tandai.mjs is not built (npm run build, or npm ci via prepare, makes it)';

function tandai(args: string[]) {
  const home = tempDir();
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, TANDAI_HOME: home }, timeout: 20_000 });
}

describe('the built tandai command', () => {
  it('node bin/tandai.cjs --help prints the usage and exits 0', (ctx) => {
    if (!existsSync(bundle)) return ctx.skip(SKIP);
    const r = tandai(['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tandai /);
    expect(r.stdout).toContain('withdraw');
    expect(r.stderr).toBe('');
  });

  it('sets the process exit code: 2 for a usage error, with one line on stderr', (ctx) => {
    if (!existsSync(bundle)) return ctx.skip(SKIP);
    const r = tandai(['list']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('tandai: no project: use --project FILE.tandai or set TANDAI_PROJECT\n');
  });
});
