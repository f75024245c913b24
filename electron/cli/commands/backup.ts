/** `tandai backup`: an encrypted copy of the project, verified by opening it. */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { openProject } from '../access.js';
import { ProjectOpts, parseArgs, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';

const BackupOpts = ProjectOpts.extend({ out: z.string().min(1, 'a file name is needed').optional() });

export function backupCommand(c: CliContext): Command {
  return withProjectOptions(new Command('backup').description('write an encrypted, verified copy of the project (same passphrase, same members)'))
    .option('--out <file>', 'the backup file to write (must not exist yet)')
    .addHelpText('after', '\nExample:\n  tandai backup --project study.tandai --out /media/usb/study-2024-05-02.tandai')
    .action(async (opts: unknown) => {
      const o = parseArgs(BackupOpts, opts);
      if (!o.out) throw usageError('--out: required (the backup file to write)');
      const out = c.out.path(o.out);
      if (existsSync(out)) throw new CliError(`${o.out} already exists; choose another name`);
      await openProject(c, o);
      const r = await c.client.call('project.backup', { out });
      c.out.line(`Backup written to ${o.out} (${(r.bytes / 1048576).toFixed(1)} MB, verified by opening it).`);
    });
}
