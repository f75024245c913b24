/**
 * `tandai init`: a new encrypted project. The recovery key is shown once: on the terminal (stderr),
 * or written to `--recovery-key-out` (mode 0600), or not made (`--no-recovery-key`).
 */
import { closeSync, existsSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { projectPath, unlockIdentity } from '../access.js';
import { optionalPath, parseArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { newPassphrase } from '../secrets.js';

const InitOpts = z.object({
  project: optionalPath,
  name: z.string().trim().min(1, 'a project name cannot be empty').max(200, 'at most 200 characters').optional(),
  recoveryKey: z.boolean(),
  recoveryKeyOut: optionalPath,
  passphraseFile: optionalPath,
  newPassphraseFile: optionalPath,
});

export function initCommand(c: CliContext): Command {
  return new Command('init')
    .description('create a new encrypted project file')
    .option('--project <file>', 'the new project file, ending in .tandai; default $TANDAI_PROJECT')
    .option('--name <name>', 'the project name (default: the file name)')
    .option('--recovery-key-out <file>', 'write the recovery key (24 words) to this new file, mode 0600')
    .option('--no-recovery-key', 'make no recovery key (a forgotten passphrase then loses the project)')
    .option('--new-passphrase-file <file>', "file holding the project's passphrase; default $TANDAI_NEW_PASSPHRASE, then your identity passphrase, else a prompt")
    .option('--passphrase-file <file>', 'file holding your identity passphrase; default $TANDAI_PASSPHRASE')
    .addHelpText(
      'after',
      [
        '',
        'Your identity (if there is one) becomes the lead and can open the project without its passphrase.',
        'Without a terminal, say where the recovery key goes: --recovery-key-out FILE or --no-recovery-key.',
        '',
        'Example:',
        '  TANDAI_PASSPHRASE=… tandai init --project study.tandai --recovery-key-out ~/study.recovery',
      ].join('\n'),
    )
    .action(async (opts: unknown) => {
      const o = parseArgs(InitOpts, opts);
      const { path, shown } = projectPath(c, o);
      if (!path.endsWith('.tandai')) throw usageError(`--project: a project file name must end in .tandai (got ${shown})`);
      if (o.recoveryKeyOut && !o.recoveryKey) throw usageError('--recovery-key-out and --no-recovery-key contradict each other: use one');
      if (o.recoveryKey && !o.recoveryKeyOut && !c.out.tty) {
        throw usageError('the recovery key can only be shown on a terminal: use --recovery-key-out FILE or --no-recovery-key');
      }
      if (existsSync(path)) throw new CliError(`${shown} already exists; choose another name`);
      const keyOut = o.recoveryKeyOut ? c.out.path(o.recoveryKeyOut) : null;
      if (keyOut && existsSync(keyOut)) throw new CliError(`${o.recoveryKeyOut} already exists: the recovery key is never written over a file`);

      const who = await unlockIdentity(c, o, 'if-exists');
      const passphrase = await newPassphrase(c, o, { what: `the project ${shown}`, fallbackToIdentity: true });

      // Claim the key file before creating the project, so a project never exists whose key could not be saved.
      let fd: number | null = null;
      if (keyOut) {
        try {
          fd = openSync(keyOut, 'wx', 0o600);
        } catch (e) {
          throw new CliError(`${o.recoveryKeyOut} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
        }
      }
      let created;
      try {
        created = await c.client.call('project.create', { path, ...(o.name ? { name: o.name } : {}), passphrase, recoveryKey: o.recoveryKey });
      } catch (e) {
        if (fd !== null) {
          closeSync(fd);
          unlinkSync(keyOut!);
        }
        throw e;
      }
      if (fd !== null) {
        try {
          if (created.recoveryPhrase) writeSync(fd, `${created.recoveryPhrase}\n`);
        } catch (e) {
          throw new CliError(`${shown} was created, but its recovery key could not be written to ${o.recoveryKeyOut} (${(e as NodeJS.ErrnoException).code ?? 'I/O error'}): delete ${shown} and run init again`);
        } finally {
          closeSync(fd);
        }
      }

      const { project, recoveryPhrase } = created;
      c.out.line(`Created ${project.name} (${shown}), project id ${project.id}`);
      if (who) c.out.line(`${who.displayName} is its lead; your identity opens it.`);
      else c.out.line('No identity on this computer: the project opens only with its passphrase ("tandai identity init" makes one).');
      if (recoveryPhrase && keyOut) c.out.line(`Recovery key written to ${o.recoveryKeyOut} (mode 0600). Keep it apart from the passphrase.`);
      else if (recoveryPhrase) {
        // Only ever to the terminal, never to stdout (which may be a file or a pipe).
        c.out.note('');
        c.out.note('Recovery key (shown once; write it down and keep it apart from the passphrase):');
        c.out.note('');
        c.out.note(`  ${recoveryPhrase}`);
        c.out.note('');
      } else c.out.line('No recovery key: if the passphrase is forgotten and no member identity remains, the project is lost.');
    });
}
