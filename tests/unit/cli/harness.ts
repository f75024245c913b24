/**
 * Runs the real CLI in-process (`run()`), with captured stdout/stderr, an explicit environment
 * (never the developer's), a temp identity home and the KDF floor. The backend behind it is real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { run } from '../../../electron/cli/index.js';

export const PASS = 'correct horse battery staple';
export const PASS2 = 'purple monkey dishwasher lantern';
export const KDF = { opsLimit: 2, memLimit: 64 * 1024 * 1024 };

export function tempDir(prefix = 'tandai-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr split into lines, without the trailing empty one. */
  errLines: string[];
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  home: string;
  cwd?: string;
  /** Pretend a person is at a terminal; `input` is what they type (a fake stdin: the one edge mocked). */
  tty?: { input: string };
}

export async function cli(argv: string[], opts: CliOptions): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  let stdin: PassThrough | undefined;
  if (opts.tty) {
    stdin = new PassThrough();
    stdin.end(opts.tty.input);
  }
  const code = await run(
    argv,
    { stdout, stderr, ...(stdin ? { stdin } : {}), isTTY: Boolean(opts.tty), env: opts.env ?? {}, cwd: opts.cwd ?? opts.home },
    { kdf: KDF, home: opts.home },
  );
  return { code, stdout: stdout.text, stderr: stderr.text, errLines: stderr.text === '' ? [] : stderr.text.replace(/\n$/, '').split('\n') };
}

/** Parses stdout as one JSON document: fails if anything else is on stdout. */
export function json<T = unknown>(r: CliResult): T {
  return JSON.parse(r.stdout) as T;
}
