/**
 * `tandai audit verify`: the hash chain, end to end, against the head sealed in the project header.
 * `tandai audit list`: the latest entries. Entries hold ids, kinds and counts only (never a title or
 * label, which de-identification may destroy), so the list names each target and actor by looking
 * its id up in the project as it is now.
 */
import { Command } from 'commander';
import { z } from 'zod';
import type { ChannelOutput } from '../../../shared/contract/index.js';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR } from '../errors.js';
import { table } from '../format.js';

const VerifyOpts = ProjectOpts.extend(JsonOpt.shape);
const ListOpts = ProjectOpts.extend({ ...JsonOpt.shape, limit: z.coerce.number({ error: 'expected a whole number' }).int('expected a whole number').min(1).max(10000).default(50) });

type Entry = ChannelOutput<'audit.list'>[number];

/** Current names by id: the project, transcripts (title), participants (label), codes (name), team members (name). */
async function currentNames(c: CliContext): Promise<Map<string, string>> {
  const [info, transcripts, participants, codebook, team] = await Promise.all([
    c.client.call('project.info', {}),
    c.client.call('transcripts.list', {}),
    c.client.call('participants.list', {}),
    c.client.call('codebook.get', {}),
    c.client.call('team.list', {}),
  ]);
  return new Map<string, string>([
    [info.id, info.name],
    ...transcripts.map((t) => [t.id, t.title] as const),
    ...participants.map((p) => [p.id, p.label] as const),
    ...codebook.codes.map((k) => [k.id, k.name] as const),
    ...team.map((m) => [m.identityId, m.displayName] as const),
  ]);
}

export function auditCommand(c: CliContext): Command {
  const audit = new Command('audit').description("the project's append-only, hash-chained audit log");
  withJson(withProjectOptions(audit.command('verify').description('verify the audit chain; exit 1 if anything is wrong')))
    .addHelpText('after', '\nEntries about a withdrawn participant still verify; their details are counted as unreadable.')
    .action(async (opts: unknown) => {
      const o = parseArgs(VerifyOpts, opts);
      await openProject(c, o);
      const r = await c.client.call('audit.verify', {});
      if (o.json) c.out.json(r);
      else {
        c.out.line(`${r.entries} entries, ${r.unreadable} unreadable (withdrawn)`);
        for (const p of r.problems) c.out.line(`problem: ${p}`);
        if (r.ok) c.out.line('ok: the chain verifies up to the head sealed in the project header');
      }
      if (!r.ok) {
        c.exitCode = EXIT_ERROR;
        c.out.error(`the audit log failed verification: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}${r.problems[0] ? ` (first: ${r.problems[0]})` : ''}`);
      }
    });
  withJson(withProjectOptions(audit.command('list').description('list the latest audit entries, newest first').option('--limit <n>', 'how many entries (1-10000)', '50')))
    .addHelpText(
      'after',
      '\nEntries hold ids, kinds and counts, never titles or labels: a target or actor is named as it is now in the project\n(the project, a transcript title, participant label, code name or team member), else shown by id. Details under a withdrawn\nparticipant\'s key are unreadable and left empty.',
    )
    .action(async (opts: unknown) => {
      const o = parseArgs(ListOpts, opts);
      await openProject(c, o);
      const entries = await c.client.call('audit.list', { limit: o.limit });
      const names = await currentNames(c);
      const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
      if (o.json) return c.out.json(entries.map((e: Entry) => ({ ...e, actorName: nameOf(e.actorId), targetName: nameOf(e.targetId) })));
      if (entries.length === 0) return c.out.line('The audit log is empty.');
      const target = (e: Entry) => (e.targetId === null ? '-' : names.has(e.targetId) ? `${names.get(e.targetId)} (${e.targetId})` : e.targetId);
      for (const line of table(
        ['SEQ', 'AT', 'BY', 'ACTION', 'TARGET', 'DETAILS'],
        entries.map((e) => [e.seq, e.at, nameOf(e.actorId) ?? e.actorId ?? '-', e.action, target(e), e.details ? JSON.stringify(e.details) : '']),
      ))
        c.out.line(line);
    });
  return audit;
}
