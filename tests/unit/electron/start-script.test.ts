/**
 * `npm start`'s Electron check (scripts/start.mjs --check-electron), run as a child process
 * against stand-in electron package folders (TANDAI_ELECTRON_DIR): the real runtime cannot be
 * downloaded here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
let tmp: string;

function standInElectron(name: string, installJs: string | null, installed = false): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  if (installJs !== null) writeFileSync(path.join(dir, 'install.js'), installJs);
  if (installed) {
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
    writeFileSync(path.join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

function check(electronDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, TANDAI_ELECTRON_DIR: electronDir };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--check-electron', ...args], { cwd: root, env, encoding: 'utf8' });
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tandai-start-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm start: the Electron runtime check', () => {
  it('when the download fails (offline), prints one line naming the version and the exact install command, no stack trace, exit 1', () => {
    const dir = standInElectron('offline', "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici'); process.exit(1);");
    const r = check(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Tandai needs the Electron 45\.5\.0 runtime, which is not installed/);
    expect(lines[0]).toContain('npx install-electron');
    expect(r.stderr).not.toMatch(/fetch failed|\n\s+at /);
  });

  it('with --no-download, does not run the installer and still prints the one line', () => {
    const marker = path.join(tmp, 'installer-ran');
    const dir = standInElectron('no-download', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); process.exit(1);`);
    const r = check(dir, '--no-download');
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it("runs Electron's own lazy installer when the binary is missing, and uses what it installed", () => {
    const install = [
      "const fs = require('fs'), path = require('path');",
      "fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });",
      "fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');",
      "fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');",
    ].join('\n');
    const dir = standInElectron('downloads', install);
    const r = check(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`Electron 45.5.0: ${path.join(dir, 'dist', 'electron')}`);
  });

  it('finds an installed runtime without running the installer', () => {
    const dir = standInElectron('installed', 'process.exit(3);', true);
    const r = check(dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(path.join(dir, 'dist', 'electron'));
  });

  it('says so in one line when the electron package itself is missing', () => {
    const r = check(path.join(tmp, 'does-not-exist'));
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('npm install');
  });
});
