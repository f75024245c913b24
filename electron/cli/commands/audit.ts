/** `tandai audit verify`: the hash chain, end to end, against the head sealed in the project header. */
import { Command } from 'commander';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR } from '../errors.js';

const VerifyOpts = ProjectOpts.extend(JsonOpt.shape);

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
  return audit;
}
