/** `tandai team add|list`: who is on the project, with their keys' fingerprints and roles. */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, RoleArg, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { table } from '../format.js';

const AddOpts = ProjectOpts.extend({
  role: RoleArg,
  card: z.string().trim().min(1, 'a public key card is needed (tandai-id:1:… or @FILE)'),
});
const ListOpts = ProjectOpts.extend(JsonOpt.shape);

function readCardArg(c: CliContext, card: string): string {
  if (!card.startsWith('@')) return card;
  const file = card.slice(1);
  if (!file) throw usageError('CARD: name a file after @');
  try {
    return readFileSync(c.out.path(file), 'utf8').trim();
  } catch (e) {
    throw new CliError(`${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
}

export function teamCommand(c: CliContext): Command {
  const team = new Command('team').description("the project's team list: members, roles and key fingerprints");

  withProjectOptions(
    team
      .command('add')
      .description('add a teammate from their public key card; their identity can then open the project')
      .argument('<card>', 'their card (the tandai-id:1:… text from "tandai identity show --card"), or @FILE holding it')
      .option('--role <role>', 'coder, lead or reviewer'),
  )
    .addHelpText('after', '\nCompare the fingerprint printed here with the one your teammate reads out to you.\n\nExample:\n  tandai team add --project study.tandai --role coder @amina.card')
    .action(async (card: string, opts: Record<string, unknown>) => {
      if (opts.role === undefined) throw usageError(`--role: required (one of ${RoleArg.options.join(', ')})`);
      const o = parseArgs(AddOpts, { ...opts, card }, { card: 'CARD' });
      const text = readCardArg(c, o.card);
      await openProject(c, o);
      const m = await c.client.call('team.add', { card: text, role: o.role });
      c.out.line(`added ${m.displayName} as ${m.role}`);
      c.out.line(`fingerprint: ${m.fingerprint}`);
    });

  withJson(withProjectOptions(team.command('list').description('list the team'))).action(async (opts: unknown) => {
    const o = parseArgs(ListOpts, opts);
    await openProject(c, o);
    const members = await c.client.call('team.list', {});
    if (o.json) return c.out.json(members);
    for (const line of table(
      ['NAME', 'ROLE', 'OPENS WITH IDENTITY', 'ADDED', 'FINGERPRINT'],
      members.map((m) => [m.displayName, m.role, m.canOpen ? 'yes' : 'no', m.addedAt.slice(0, 10), m.fingerprint]),
    ))
      c.out.line(line);
  });
  return team;
}
