/**
 * The `tandai` command. Every action goes through the backend's router (the same contract the app
 * uses); nothing here touches the project database. `run()` is the whole CLI as a function, so tests
 * drive it in-process with captured streams; `main.ts` binds it to the real process.
 */
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import type { BackendOptions } from '../backend/backend.js';
import { Client } from './client.js';
import { attrCommand } from './commands/attr.js';
import { agreementCommand } from './commands/agreement.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand } from './commands/backup.js';
import { bundleCommand } from './commands/bundle.js';
import { deidCommand } from './commands/deid.js';
import { registerCommand } from './commands/register.js';
import { reviewCommand } from './commands/review.js';
import { exportCommand, teamExportCommand, verifyCommand } from './commands/exports.js';
import { identityCommand } from './commands/identity.js';
import { importCommand } from './commands/import.js';
import { initCommand } from './commands/init.js';
import { mergeCommand } from './commands/merge.js';
import { importQdcCommand, importQdpxCommand } from './commands/interchange-import.js';
import { passwdCommand, recoverCommand } from './commands/passphrase.js';
import { participantsCommand, withdrawCommand } from './commands/participants.js';
import { teamCommand } from './commands/team.js';
import { listCommand, showCommand } from './commands/transcripts.js';
import type { CliContext } from './context.js';
import { CliError, EXIT_ERROR, EXIT_OK, EXIT_USAGE, oneLine } from './errors.js';
import { defaultHome } from './home.js';
import { Out, type CliIo } from './io.js';
import { Prompter } from './prompt.js';

export type { CliIo } from './io.js';
export { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from './errors.js';

const PROGRAM_HELP = `
Environment:
  TANDAI_PROJECT             the project file, when --project is not given
  TANDAI_PASSPHRASE          unlocks your identity (which opens your projects)
  TANDAI_PROJECT_PASSPHRASE  opens a project directly with its own passphrase
  TANDAI_NEW_PASSPHRASE      a new passphrase (identity init, init, passwd, recover);
                             identity init and init fall back to TANDAI_PASSPHRASE
  TANDAI_HOME                where your identity lives (default: the app's user-data folder)

Exit codes: 0 ok, 1 error (one line on stderr: "tandai: …"), 2 usage.
Without a terminal nothing is asked: a missing passphrase or confirmation is a usage error (2)
naming the option to use. Full reference: docs/cli.md.`;

function buildProgram(c: CliContext): Command {
  const program = new Command('tandai')
    .description('Tandai: encrypted, offline qualitative coding of interview transcripts')
    .version(pkg.version, '-V, --version', 'print the version')
    .addHelpText('after', PROGRAM_HELP);
  for (const cmd of [
    identityCommand(c),
    initCommand(c),
    importCommand(c),
    importQdpxCommand(c),
    importQdcCommand(c),
    listCommand(c),
    showCommand(c),
    attrCommand(c),
    teamCommand(c),
    participantsCommand(c),
    withdrawCommand(c),
    passwdCommand(c),
    recoverCommand(c),
    backupCommand(c),
    auditCommand(c),
    bundleCommand(c),
    mergeCommand(c),
    agreementCommand(c),
    exportCommand(c),
    verifyCommand(c),
    deidCommand(c),
    registerCommand(c),
    reviewCommand(c),
  ])
    program.addCommand(cmd);
  program.commands.find((cmd) => cmd.name() === 'team')?.addCommand(teamExportCommand(c));

  // addCommand() does not pass settings down, so apply them to the whole tree.
  const output = {
    writeOut: (s: string) => void c.out.io.stdout.write(s),
    writeErr: (s: string) => void c.out.io.stderr.write(s),
    outputError: (s: string, write: (s: string) => void) => write(`tandai: ${oneLine(s.replace(/^error:\s*/i, ''))} (see --help)\n`),
  };
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput(output).showSuggestionAfterError(true);
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/**
 * Runs one `tandai` command line (`argv` without node and the script) and resolves to its exit code.
 * `backendOptions` overrides the backend's (tests pass `kdf` and `home`); by default the identity
 * lives in `TANDAI_HOME` or the app's user-data folder and the KDF calibrates itself.
 */
export async function run(argv: string[], io: CliIo, backendOptions: Partial<BackendOptions> = {}): Promise<number> {
  const out = new Out(io);
  const client = new Client({ ...backendOptions, home: backendOptions.home ?? defaultHome(out.env) });
  const c: CliContext = { out, prompt: new Prompter(io), client, exitCode: EXIT_OK };
  try {
    await buildProgram(c).parseAsync(argv, { from: 'user' });
    return c.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has already printed the help or the one-line error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return EXIT_USAGE;
    }
    if (e instanceof CliError) {
      out.error(e.message);
      return e.exitCode;
    }
    // Never echo an unexpected error's text: it could carry plaintext.
    const code = (e as NodeJS.ErrnoException)?.code;
    out.error(`internal error (${(e as Error)?.name ?? 'unknown'}${code ? ` ${code}` : ''}); run with TANDAI_DEBUG=1 for details`);
    if (out.env.TANDAI_DEBUG === '1') io.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_ERROR;
  } finally {
    try {
      await client.close();
    } catch {
      // Closing only checkpoints and forgets keys; a failure there must not hide the command's result.
    }
  }
}
