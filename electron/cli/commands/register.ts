/** `tandai register import|list|add`: the participant register (never exported, never in a bundle). */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { RegisterKind, RegisterRole } from '../../../shared/contract/channels/deid.js';
import { UUID_RE } from '../../../shared/ids.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { table } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A participant by label (P003) or id. */
async function participantId(c: CliContext, ref: string | undefined): Promise<string | undefined> {
  if (!ref) return undefined;
  const all = await c.client.call('participants.list', {});
  const hit = UUID_RE.test(ref) ? all.find((p) => p.id === ref.toLowerCase()) : all.find((p) => p.label.trim().toLowerCase() === ref.trim().toLowerCase());
  if (!hit) throw new CliError(`no participant ${ref} in this project ("tandai participants" lists them)`);
  return hit.id;
}

export function registerCommand(c: CliContext): Command {
  const register = new Command('register').description('the participant register: people, places, organisations and numbers the scan must find');

  withJson(
    withProjectOptions(
      register
        .command('import')
        .description('import entries from a CSV with the header kind,value,aliases,note (aliases separated by |)')
        .argument('<file.csv>', 'the register CSV (UTF-8)')
        .option('--participant <label>', 'file every entry under this participant (label like P003, or id): sealed under their key, pseudonyms relative to them'),
    ),
  )
    .addHelpText('after', '\nAll entries are imported or none; a malformed file is refused naming the line.\n\nExample:\n  tandai register import --project study.tandai register.csv --participant P003')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const o = parseArgs(ProjectOpts.extend({ ...JsonOpt.shape, file: z.string().min(1), participant: z.string().trim().min(1).optional() }), { ...opts, file }, { file: 'FILE.csv' });
      const path = c.out.path(o.file);
      if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
      await openProject(c, o);
      await unlockIdentity(c, o, 'if-given');
      const r = await c.client.call('register.import', { path, participantId: await participantId(c, o.participant) });
      if (o.json) return c.out.json(r);
      c.out.line(`Imported ${r.imported} entries; the register holds ${r.entries}. Scan again so they are found everywhere.`);
    });

  withJson(withProjectOptions(register.command('list').description('the register entries'))).action(async (opts: unknown) => {
    const o = parseArgs(ProjectOpts.extend(JsonOpt.shape), opts);
    await openProject(c, o);
    const rows = await c.client.call('register.list', {});
    if (o.json) return c.out.json(rows);
    if (!rows.length) return c.out.line('The register is empty.');
    for (const line of table(['ID', 'KIND', 'VALUE', 'ALIASES', 'PARTICIPANT', 'NOTE'], rows.map((r) => [r.id, r.kind, r.value, r.aliases.join('|'), r.participantId ?? '', r.note]))) c.out.line(line);
  });

  withJson(
    withProjectOptions(
      register
        .command('add')
        .description('add one entry')
        .requiredOption('--kind <kind>', RegisterKind.options.join(', '))
        .requiredOption('--value <text>', 'the name or number')
        .option('--alias <text>', 'another form (repeatable)', collect)
        .option('--note <text>', 'who or what it is')
        .option('--participant <label>', 'file it under a participant')
        .option('--role <role>', `for a person under a participant: ${RegisterRole.options.join(', ')}`),
    ),
  ).action(async (opts: unknown) => {
    const o = parseArgs(
      ProjectOpts.extend({ ...JsonOpt.shape, kind: RegisterKind, value: z.string().trim().min(1), alias: z.array(z.string().trim().min(1)).optional(), note: z.string().optional(), participant: z.string().optional(), role: RegisterRole.optional() }),
      opts,
    );
    if (o.role && !o.participant) throw usageError('--role: only for an entry filed under a participant (--participant)');
    await openProject(c, o);
    await unlockIdentity(c, o, 'if-given');
    const r = await c.client.call('register.add', { kind: o.kind, value: o.value, aliases: o.alias, note: o.note, participantId: await participantId(c, o.participant), role: o.role });
    if (o.json) return c.out.json(r);
    c.out.line(`added register entry ${r.id}`);
  });
  return register;
}
