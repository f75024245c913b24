/** What `run()` talks to instead of the process: streams, whether a person is at a terminal, env, cwd. */
import { isAbsolute, resolve } from 'node:path';
import { oneLine } from './errors.js';

export interface CliStdin extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin?: CliStdin;
  /** A person is at a terminal: prompts, progress bars and on-screen recovery keys are allowed. */
  isTTY: boolean;
  /** Environment variables; defaults to `process.env`. Tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Base for relative paths; defaults to `process.cwd()`. */
  cwd?: string;
}

export class Out {
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  constructor(readonly io: CliIo) {
    this.env = io.env ?? process.env;
    this.cwd = io.cwd ?? process.cwd();
  }

  /** A person is at the terminal: secrets shown once (recovery keys) may go to stderr. */
  get tty(): boolean {
    return this.io.isTTY;
  }

  /** Prompts need a terminal and something to read from. */
  get interactive(): boolean {
    return this.io.isTTY && this.io.stdin !== undefined;
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** `--json` output: the only thing on stdout. */
  json(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Notes for a person (not data): stderr, so stdout stays clean for pipes. */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** The one stderr line of a failure. */
  error(message: string): void {
    this.io.stderr.write(`tandai: ${oneLine(message)}\n`);
  }

  path(p: string): string {
    return isAbsolute(p) ? p : resolve(this.cwd, p);
  }

  envVar(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v === '' ? undefined : v;
  }
}
