/**
 * The bundled backend worker (build/app/worker.cjs, as the app runs it) in a real worker thread
 * under Node, with the real backend and the Node build of better-sqlite3 passed as nativeBinding.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..', '..');
let out: string;
let home: string;

beforeAll(() => {
  // Inside the repo (build/ is ignored) so the bundle finds node_modules/better-sqlite3 as in the app.
  mkdirSync(path.join(root, 'build'), { recursive: true });
  out = mkdtempSync(path.join(root, 'build', 'test-worker-'));
  home = mkdtempSync(path.join(os.tmpdir(), 'tandai-worker-home-'));
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs'), '--only=worker', `--outdir=${out}`], { cwd: root, stdio: 'pipe' });
});
afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('bundled backend worker (real worker thread, real backend)', () => {
  it('answers contract calls by id, reports a lock, and ends its thread on close', async () => {
    const nativeBinding = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    const worker = new Worker(path.join(out, 'app', 'worker.cjs'), { workerData: { home, nativeBinding } });
    const messages: unknown[] = [];
    const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
    worker.on('message', (m: { closed?: boolean }) => {
      messages.push(m);
    });
    worker.postMessage({ id: 1, channel: 'identity.status', input: {} });
    worker.postMessage({ id: 2, channel: 'no.such.channel', input: {} });
    worker.postMessage({ lock: 'idle' });
    worker.postMessage({ close: true });
    const code = await Promise.race([exited, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('worker did not exit after close')), 20_000))]);
    expect(code).toBe(0);
    expect(messages).toEqual([
      { id: 1, result: { ok: true, value: expect.objectContaining({ exists: false, unlocked: false }) } },
      { id: 2, result: { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'unknown channel "no.such.channel"' } } },
      { event: 'locked', payload: { reason: 'idle' } },
      { closed: true },
    ]);
  });
});
