/**
 * `tandai merge`: merge teammates' bundles into this project. Prints the plan and a conflict
 * summary; `--plan FILE` writes the plan as JSON and changes nothing; `--yes` applies every part
 * that does not conflict (and conflicts resolved with --resolve / --resolutions).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import type { MergeResult } from '../../../shared/contract/channels/team.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_USAGE, usageError } from '../errors.js';

const Resolve = z
  .string()
  .regex(/^[^=]+=[^=]+$/, { error: (i) => `expected ID=CHOICE (e.g. renamed:<code id>=theirs), got "${String(i.input)}"` })
  .transform((s) => {
    const at = s.indexOf('=');
    return [s.slice(0, at).trim(), s.slice(at + 1).trim()] as const;
  });

const MergeOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  bundles: z.array(z.string().min(1)).min(1, 'name at least one bundle file'),
  plan: z.string().min(1, 'a file name is needed').optional(),
  yes: z.boolean().optional(),
  resolve: z.array(Resolve).default([]),
  resolutions: z.string().min(1, 'a file name is needed').optional(),
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

function printResult(c: CliContext, r: MergeResult): void {
  for (const b of r.bundles) {
    c.out.line(`Bundle ${b.bundleId} from ${b.sender.displayName}${b.country ? ` (${b.country})` : ''}${b.alreadyMerged ? ' — merged before' : ''}${b.olderThanMerged ? ' — older than one merged before' : ''}`);
    c.out.line(`  codebook: ${b.ancestor.kind} merge; ${b.codes.matchedByGuid} matched by id, ${b.codes.matchedByName} by name, ${b.codes.matchedBySuggestion} by suggestion; ${b.codes.added} added, ${b.codes.changed} changed, ${b.codes.deleted} removed, ${b.codes.restored} restored`);
    for (const d of b.diff) c.out.line(`    ${d}`);
    const t = b.transcripts;
    c.out.line(`  transcripts: ${t.received} received; ${t.sameText} same text, ${t.olderVersion} older version, ${t.changed} changed, ${t.imported} imported, ${t.notPlaced} not placed`);
    const k = b.codings;
    c.out.line(`  codings: ${k.received} received; ${k.added} added, ${k.alreadyPresent} already here, ${k.updated} updated, ${k.removedByCoder} removed by their coder, ${k.notPlaced} not placed`);
    c.out.line(`  memos: ${b.memos.added} added, ${b.memos.updated} updated; marks: ${b.marks.added} added; flags: ${b.flags.added} added`);
    const d = b.deid;
    if (d.decisions || d.pseudonyms) {
      c.out.line(`  de-identification: ${d.decisions} decision(s), ${d.pseudonyms} pseudonym(s) received; ${d.added.decisions} decision(s) and ${d.added.pseudonyms} pseudonym(s) added, ${d.added.register} name(s) added to the register${d.withdrawnDropped ? `, ${d.withdrawnDropped} dropped (participant withdrawn here)` : ''}`);
      for (const x of d.renamed) c.out.line(`    pseudonym ${x.from} is taken here: theirs becomes ${x.to}`);
      for (const x of d.conflicts) c.out.line(`    conflict (${x.kind}, ${x.entityType}) "${x.original}": ours ${x.ours} (kept); theirs ${x.theirs}`);
      if (d.added.register) c.out.line('    scan again (tandai deid scan) so the names added to the register are found in every transcript');
    }
    for (const w of b.withdrawals) c.out.line(`  withdrawal notice: participant ${w.participantId}: ${w.action === 'withdraw' ? 'will be withdrawn here' : w.action === 'already-withdrawn' ? 'already withdrawn here' : 'not in this project'}`);
    if (b.conflicts.length) {
      c.out.line(`  conflicts (${b.conflicts.filter((x) => x.resolution === null).length} open):`);
      for (const x of b.conflicts) c.out.line(`    [${x.resolution ?? 'open'}] ${x.id}: ${x.summary} — ours: ${x.choices.ours}; theirs: ${x.choices.theirs}${x.note ? ` (${x.note})` : ''}`);
    }
    if (b.suggestions.length) {
      c.out.line('  possible duplicates (resolve with suggest:<id>=<our code id> to merge them, default: kept apart):');
      for (const s of b.suggestions)
        c.out.line(`    ${s.id}: "${s.theirs.name}" ~ ${s.candidates.map((x) => `"${x.ours.name}" (${x.basis}${x.language ? ` ${x.language}` : ''}, ${x.score})`).join(', ')}${s.resolution !== 'new' ? ` -> ${s.resolution}` : ''}`);
    }
    if (b.notPlaced.length) {
      c.out.line(`  not placed (${b.notPlaced.length}):`);
      for (const n of b.notPlaced.slice(0, 20)) c.out.line(`    ${n.kind} ${n.id}: ${n.reason}`);
      if (b.notPlaced.length > 20) c.out.line(`    … and ${b.notPlaced.length - 20} more (--json or --plan FILE lists them all)`);
    }
    for (const p of b.pending) c.out.note(`pending: ${p}`);
  }
  for (const w of r.withdrawn) c.out.line(`Withdrew participant ${w.participantId}: ${w.transcriptsDeleted} transcript(s) destroyed with their key.`);
}

export function mergeCommand(c: CliContext): Command {
  return withJson(
    withProjectOptions(
      new Command('merge')
        .description("merge teammates' bundles into this project: codebook (three-way), codings, memos, marks, flags, withdrawals")
        .argument('<bundles...>', 'bundle files, merged in the order given')
        .option('--plan <file>', 'write the plan as JSON to FILE and change nothing')
        .option('--yes', 'apply everything that does not conflict (conflicts stay as they are unless resolved)')
        .option('--resolve <id=choice>', 'resolve a conflict (ours|theirs) or a suggestion (new|<our code id>); repeatable', collect)
        .option('--resolutions <file>', 'a JSON object of resolutions {id: choice}'),
    ),
  )
    .addHelpText(
      'after',
      '\nWithout --yes or --plan, prints the plan and exits 2 when not at a terminal.\n\nExamples:\n  tandai merge --project study.tandai amina.tandai-bundle budi.tandai-bundle --plan plan.json\n  tandai merge --project study.tandai amina.tandai-bundle --resolve renamed:<code id>=theirs --yes',
    )
    .action(async (bundles: string[], opts: Record<string, unknown>) => {
      const o = parseArgs(MergeOpts, { ...opts, bundles }, { bundles: 'BUNDLE' });
      const paths = o.bundles.map((b) => {
        const p = c.out.path(b);
        if (!existsSync(p)) throw new CliError(`${b}: no such file`);
        return p;
      });
      if (o.plan && o.yes) throw usageError('--plan and --yes: choose one (--plan changes nothing)');
      const planOut = o.plan ? c.out.path(o.plan) : null;
      if (planOut && existsSync(planOut)) throw new CliError(`${o.plan} already exists; choose another name`);
      const resolutions: Record<string, string> = {};
      if (o.resolutions) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(readFileSync(c.out.path(o.resolutions), 'utf8'));
        } catch (e) {
          throw new CliError(`${o.resolutions} cannot be read as JSON (${(e as NodeJS.ErrnoException).code ?? 'invalid JSON'})`);
        }
        const r = z.record(z.string(), z.string()).safeParse(parsed);
        if (!r.success) throw usageError(`--resolutions: ${o.resolutions} must hold a JSON object of "id": "choice"`);
        Object.assign(resolutions, r.data);
      }
      for (const [id, choice] of o.resolve) resolutions[id] = choice;
      await openProject(c, o);
      await unlockIdentity(c, o, 'required');

      if (planOut) {
        const plan = await c.client.call('merge.plan', { paths, resolutions });
        writeFileSync(planOut, `${JSON.stringify(plan, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
        if (o.json) return c.out.json(plan);
        printResult(c, plan);
        c.out.line(`Plan written to ${o.plan}; nothing was changed.`);
        return;
      }
      let confirmed = o.yes === true;
      if (!confirmed) {
        const plan = await c.client.call('merge.plan', { paths, resolutions });
        if (o.json && !c.out.interactive) {
          c.out.json(plan);
          c.exitCode = EXIT_USAGE;
          c.out.error('nothing applied: add --yes to apply the parts that do not conflict, or --plan FILE to save the plan');
          return;
        }
        printResult(c, plan);
        if (!c.out.interactive) throw usageError(`nothing applied (${plan.unresolvedConflicts} open conflict(s)): add --yes to apply the parts that do not conflict, or --plan FILE to save the plan`);
        confirmed = await c.prompt.confirmTyped('Type "merge" to apply everything that does not conflict: ', 'merge');
        if (!confirmed) throw new CliError('not confirmed: nothing was merged');
      }
      const r = await c.client.call('merge.apply', { paths, resolutions });
      if (o.json) return c.out.json(r);
      printResult(c, r);
      c.out.line(`Merged ${r.bundles.length} bundle(s); ${r.unresolvedConflicts} conflict(s) still open, ${r.notPlaced} item(s) not placed (listed above).`);
    });
}
