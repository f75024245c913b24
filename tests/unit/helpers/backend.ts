/** Test helpers: a real backend (real SQLite, real libsodium) in temp folders, at the KDF floor. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../electron/backend/backend.js';
import type { Backend } from '../../../electron/backend/backend.js';
import type { ChannelInput, ChannelName, ChannelOutput, Emit } from '../../../shared/contract/index.js';
import { KDF_FLOOR } from '../../../electron/backend/vault/kdf.js';

export const PASS = 'correct horse battery staple';
export const PASS2 = 'purple monkey dishwasher lantern';

export function tempDir(prefix = 'tandai-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestBackend {
  backend: Backend;
  home: string;
  dir: string;
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>, emit?: Emit): Promise<ChannelOutput<C>>;
  fail(channel: ChannelName, input: unknown): Promise<{ code: string; message: string }>;
}

/** A backend whose every call must succeed (`call`) or must fail (`fail`). Tests pass the KDF floor explicitly. */
export async function testBackend(dir = tempDir()): Promise<TestBackend> {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const backend = await createBackend({ home, kdf: KDF_FLOOR });
  return {
    backend,
    home,
    dir,
    async call(channel, input, emit) {
      const r = await backend.route(channel, input, emit);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
      return r.value as never;
    },
    async fail(channel, input) {
      const r = await backend.route(channel, input);
      if (r.ok) throw new Error(`${channel} was expected to fail but succeeded`);
      return r.error;
    },
  };
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  });
}
