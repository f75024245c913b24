/**
 * One contract (DESIGN principle 6): the channels in shared/contract are exactly the handlers
 * main registers (fake electron) and exactly the channels the preload lets through, both from
 * source and in the built preload bundle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract/channels.js';
import { eventNames } from '../../../shared/contract/events.js';
import type { TandaiApi } from '../../../shared/contract/index.js';
import * as fake from './fake-electron.js';

vi.mock('electron', async () => {
  const m = await import('./fake-electron.js');
  return { ...m, default: m.default };
});

const root = path.resolve(__dirname, '..', '..', '..');
let out: string;
let api: TandaiApi;

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'tandai-parity-'));
  const { startApp } = await import('../../../electron/main/app.js');
  await startApp({ appDir: path.join(out, 'app'), env: {}, platform: 'linux', log: () => {}, spawnWorker: () => { throw new Error('no worker in this test'); } }).ready;
  await import('../../../electron/preload/index.js');
  api = fake.exposedInMainWorld.get('api') as TandaiApi;
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const sorted = (xs: readonly string[]) => [...xs].sort();

describe('contract parity with fake electron', () => {
  it('the contract has channels, and its events are exactly progress and locked', () => {
    expect(channelNames.length).toBeGreaterThan(10);
    expect(sorted(eventNames)).toEqual(['locked', 'progress']);
  });

  it('main registers a handler for exactly the contract channels', () => {
    expect(sorted([...fake.ipcHandlers.keys()])).toEqual(sorted(channelNames));
  });

  it('the preload lets through exactly the contract channels', async () => {
    for (const channel of channelNames) {
      const before = fake.ipcRenderer.invocations.length;
      await api.invoke(channel, {} as never);
      expect(fake.ipcRenderer.invocations.length, channel).toBe(before + 1);
    }
  });

  it('the built preload is one file that requires only electron, carries the contract lists as literals and no zod', () => {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs'), '--only=preload,main', `--outdir=${out}`], { cwd: root, stdio: 'pipe' });
    const preload = readFileSync(path.join(out, 'app', 'preload.cjs'), 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/\bzod\b|ZodError/);
    const literal = (name: string) => JSON.parse(preload.match(new RegExp(`${name} = Object\\.freeze\\((\\[[^\\]]*\\])\\)`))![1]!) as string[];
    expect(literal('channelNames')).toEqual(channelNames);
    expect(literal('eventNames')).toEqual(eventNames);
  });

  it('the built main requires only electron and Node built-ins', () => {
    const main = readFileSync(path.join(out, 'app', 'main.cjs'), 'utf8');
    const requires = [...main.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(requires.filter((r) => r !== 'electron' && !r.startsWith('node:'))).toEqual([]);
    expect(main).not.toMatch(/ZodError/);
  });
});
