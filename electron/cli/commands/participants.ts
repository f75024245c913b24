/** `tandai participants` and `tandai withdraw`: the participant register and consent withdrawal. */
import { Command } from 'commander';
import { z } from 'zod';
import { UUID_RE } from '../../../shared/ids.js';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { table } from '../format.js';

const ListOpts = ProjectOpts.extend(JsonOpt.shape);
const WithdrawOpts = ProjectOpts.extend({
  participant: z.string().trim().min(1, 'a participant label (e.g. P003) or id is needed').optional(),
  yes: z.boolean().optional(),
});

export function participantsCommand(c: CliContext): Command {
  return withJson(withProjectOptions(new Command('participants').description('list the participants (pseudonymous labels) and how many transcripts each has'))).action(
    async (opts: unknown) => {
      const o = parseArgs(ListOpts, opts);
      await openProject(c, o);
      const all = await c.client.call('participants.list', {});
      if (o.json) return c.out.json(all);
      if (all.length === 0) return c.out.line('No participants yet.');
      for (const line of table(['LABEL', 'ID', 'TRANSCRIPTS'], all.map((p) => [p.label, p.id, p.transcriptCount]))) c.out.line(line);
    },
  );
}

export function withdrawCommand(c: CliContext): Command {
  return withProjectOptions(
    new Command('withdraw').description("withdraw a participant's consent: destroy their data key and everything encrypted under it (cannot be undone)"),
  )
    .option('--participant <id>', 'the participant: a label like P003, or their id')
    .option('--yes', 'confirm: required when not at a terminal')
    .addHelpText('after', '\nThe audit log keeps its entries about them, unreadable; "tandai audit verify" still verifies.\n\nExample:\n  tandai withdraw --project study.tandai --participant P003 --yes')
    .action(async (opts: unknown) => {
      const o = parseArgs(WithdrawOpts, opts);
      if (!o.participant) throw usageError('--participant: required (a label like P003, or the participant id)');
      if (!o.yes && !c.out.interactive) throw usageError(`withdrawing ${o.participant} destroys their data for good: add --yes to confirm`);
      await openProject(c, o);
      const all = await c.client.call('participants.list', {});
      const wanted = o.participant;
      const match = UUID_RE.test(wanted) ? all.find((p) => p.id === wanted.toLowerCase()) : all.find((p) => p.label.trim().toLowerCase() === wanted.toLowerCase());
      if (!match && !UUID_RE.test(wanted)) throw new CliError(`no participant ${wanted} in this project ("tandai participants" lists them)`);
      const id = match?.id ?? wanted.toLowerCase();
      const label = match?.label ?? wanted;
      if (!o.yes) {
        c.out.note(`This destroys ${label}'s data key and ${match?.transcriptCount ?? 0} transcript(s) with everything encrypted under it. It cannot be undone.`);
        if (!(await c.prompt.confirmTyped(`Type ${label} to confirm: `, label))) throw new CliError(`not confirmed: ${label} was not withdrawn`);
      }
      const r = await c.client.call('participants.withdraw', { participantId: id });
      c.out.line(`Withdrew ${label}: ${r.transcriptsDeleted} transcript(s) and ${r.rowsDeleted} row(s) destroyed with their key.`);
    });
}
