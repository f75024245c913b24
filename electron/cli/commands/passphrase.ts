/** `tandai passwd` and `tandai recover`: the project's own passphrase. */
import { existsSync, readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { projectPath, unlockIdentity } from '../access.js';
import { optionalPath, parseArgs } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { givenProjectPassphrase, newPassphrase } from '../secrets.js';

const PasswdOpts = z.object({ project: optionalPath, passphraseFile: optionalPath, projectPassphraseFile: optionalPath, newPassphraseFile: optionalPath });
const RecoverOpts = PasswdOpts.extend({ recoveryKeyFile: optionalPath });

export function passwdCommand(c: CliContext): Command {
  return new Command('passwd')
    .description("change the project's own passphrase (your identity's passphrase is not changed)")
    .option('--project <file>', 'the project file (.tandai); default $TANDAI_PROJECT')
    .option('--project-passphrase-file <file>', 'file holding the current project passphrase; default $TANDAI_PROJECT_PASSPHRASE, else a prompt')
    .option('--new-passphrase-file <file>', 'file holding the new passphrase; default $TANDAI_NEW_PASSPHRASE, else a prompt')
    .option('--passphrase-file <file>', 'file holding your identity passphrase (to record who changed it); default $TANDAI_PASSPHRASE')
    .action(async (opts: unknown) => {
      const o = parseArgs(PasswdOpts, opts);
      const { path, shown } = projectPath(c, o);
      if (!existsSync(path)) throw new CliError(`${shown}: no such project file`);
      let current = givenProjectPassphrase(c, o);
      if (current === null) {
        if (!c.out.interactive) throw usageError('no current project passphrase: use --project-passphrase-file FILE or set TANDAI_PROJECT_PASSPHRASE');
        current = await c.prompt.ask(`Current passphrase for ${shown}: `, { hidden: true });
      }
      await unlockIdentity(c, o, 'if-given');
      await c.client.call('project.open', { path, passphrase: current });
      const next = await newPassphrase(c, o, { what: shown, fallbackToIdentity: false });
      await c.client.call('project.changePassphrase', { current, next });
      c.out.line(`Changed the passphrase of ${shown}.`);
    });
}

export function recoverCommand(c: CliContext): Command {
  return new Command('recover')
    .description("open a project with its recovery key and set a new passphrase")
    .option('--project <file>', 'the project file (.tandai); default $TANDAI_PROJECT')
    .option('--recovery-key-file <file>', 'file holding the 24 recovery words; default a prompt')
    .option('--new-passphrase-file <file>', 'file holding the new passphrase; default $TANDAI_NEW_PASSPHRASE, else a prompt')
    .option('--passphrase-file <file>', 'file holding your identity passphrase (to record who recovered it); default $TANDAI_PASSPHRASE')
    .action(async (opts: unknown) => {
      const o = parseArgs(RecoverOpts, opts);
      const { path, shown } = projectPath(c, o);
      if (!existsSync(path)) throw new CliError(`${shown}: no such project file`);
      let words: string;
      if (o.recoveryKeyFile) {
        try {
          words = readFileSync(c.out.path(o.recoveryKeyFile), 'utf8').trim();
        } catch (e) {
          throw new CliError(`recovery key file ${o.recoveryKeyFile} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
        }
        if (!words) throw new CliError(`recovery key file ${o.recoveryKeyFile} is empty`);
      } else {
        if (!c.out.interactive) throw usageError('no recovery key: use --recovery-key-file FILE');
        words = await c.prompt.ask(`Recovery key for ${shown} (24 words): `, { hidden: true });
      }
      const newPass = await newPassphrase(c, o, { what: shown, fallbackToIdentity: false });
      await unlockIdentity(c, o, 'if-given');
      const info = await c.client.call('project.recover', { path, recoveryPhrase: words, newPassphrase: newPass });
      c.out.line(`Recovered ${info.name} (${shown}): the new passphrase is set. The recovery key still works; keep it safe.`);
    });
}
