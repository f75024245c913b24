/** The executable entry (bundled to build/cli/tandai.mjs): `run()` bound to this process. */
import { run } from './index.js';

// `tandai list | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTTY: Boolean(process.stdin.isTTY && process.stderr.isTTY),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`tandai: internal error (${(e as Error)?.name ?? 'unknown'})\n`);
    process.exitCode = 1;
  },
);
