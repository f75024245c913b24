/** scripts/build-node.mjs (what `prepare` and `npm start` run) and the bin/tandai.cjs launcher. */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
const script = path.join(root, 'scripts', 'build-node.mjs');
let out: string;

beforeAll(() => {
  out = mkdtempSync(path.join(os.tmpdir(), 'tandai-build-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('build-node', () => {
  it('--cli builds only the CLI bundle and exits 0', () => {
    const r = spawnSync(process.execPath, [script, '--cli', `--outdir=${out}`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(existsSync(path.join(out, 'cli', 'tandai.mjs'))).toBe(true);
    expect(existsSync(path.join(out, 'app'))).toBe(false);
  });

  it('a full build fails with one line naming an entry it does not know', () => {
    const r = spawnSync(process.execPath, [script, '--only=nonsense', `--outdir=${out}`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['build-node: unknown entry "nonsense" (known: main, preload, worker, cli)']);
  });

  it('a failing entry never fails the install-time --cli run', () => {
    const r = spawnSync(process.execPath, [script, '--cli', '--only=nonsense', `--outdir=${out}`], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('unknown entry');
  });
});

describe('bin/tandai.cjs', () => {
  it('without a built CLI, prints one line telling to run npm run build, and exits 1', () => {
    const fakeRoot = path.join(out, 'pkg');
    mkdirSync(path.join(fakeRoot, 'bin'), { recursive: true });
    copyFileSync(path.join(root, 'bin', 'tandai.cjs'), path.join(fakeRoot, 'bin', 'tandai.cjs'));
    const r = spawnSync(process.execPath, [path.join(fakeRoot, 'bin', 'tandai.cjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('npm run build');
  });

  it('with the CLI built, hands the arguments to it', () => {
    execFileSync(process.execPath, [script, '--cli'], { cwd: root, stdio: 'pipe' });
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'tandai.cjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
