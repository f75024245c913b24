/**
 * `tandai import-qdpx` (a .qdpx, or a bare .qde) and `tandai import-qdc` (a codebook): REFI-QDA
 * files from other tools. Each prints what was wrong with the file and what was recovered. A file
 * with problems changes the project only when the import is accepted: `--yes`, or a "y" at the
 * terminal; without a terminal and without `--yes`, nothing is imported and the exit code is 2.
 */
import { basename } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import type { InterchangeImportReport } from '../../../shared/contract/channels/interchange-import.js';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';

const Opts = ProjectOpts.extend({ ...JsonOpt.shape, file: z.string().min(1, 'name the file to import'), yes: z.boolean().optional() });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function printReport(c: CliContext, r: InterchangeImportReport, applied: boolean): void {
  const what = r.format === 'qdc' ? 'REFI-QDA codebook' : 'REFI-QDA project';
  c.out.line(`${r.file}: ${what}${r.origin ? ` from ${r.origin}` : ''}${r.valid ? '' : ' (not entirely valid)'}`);
  const n = r.recovered;
  const counts = `${plural(n.codes, 'code')}, ${plural(n.users, 'user')}, ${plural(n.sources, 'source')}, ${plural(n.codings, 'coding')}, ${plural(n.memos, 'memo')}, ${plural(n.variables, 'variable')}`;
  c.out.line(`${applied ? 'Imported' : 'Recovered (not imported)'}: ${counts}`);
  if (r.problems.length) {
    c.out.line('What was wrong:');
    for (const p of r.problems) c.out.line(`  - ${p}`);
  }
  if (r.missingSources.length) {
    c.out.line('Missing sources:');
    for (const s of r.missingSources) c.out.line(`  - ${s}`);
  }
  if (r.notes.length) {
    c.out.line('Notes:');
    for (const s of r.notes) c.out.line(`  - ${s}`);
  }
  for (const t of r.transcripts) c.out.line(`${t.matched ? 'matched ' : 'imported'}  ${t.id}  ${t.title}`);
}

function interchangeCommand(c: CliContext, name: string, kind: 'project' | 'codebook', description: string, example: string): Command {
  return withJson(
    withProjectOptions(
      new Command(name)
        .description(description)
        .argument('<file>', kind === 'project' ? 'the .qdpx or .qde file' : 'the .qdc file')
        .option('--yes', 'import what can be recovered from a file that is not entirely valid'),
    ),
  )
    .addHelpText(
      'after',
      `\nPrints what was wrong with the file and what was recovered. A file with problems is imported only\nwith --yes (or a "y" at the terminal); without a terminal and without --yes, nothing is imported (exit 2).\n\nExample:\n  ${example}`,
    )
    .action(async (file: string, opts: Record<string, unknown>) => {
      const o = parseArgs(Opts, { ...opts, file }, { file: 'FILE' });
      await openProject(c, o);
      const path = c.out.path(o.file);
      let out = await c.client.call('interchange.import', { path, acceptPartial: o.yes === true, kind });
      // Not applied although something can be recovered: the file has problems and needs consent.
      if (!out.applied && !o.yes && hasSomething(out.report)) {
        if (c.out.interactive && !o.json) {
          printReport(c, out.report, false);
          const answer = await c.prompt.ask(`Import what was recovered from ${basename(path)}? [y/N] `);
          if (/^y(es)?$/i.test(answer.trim())) out = await c.client.call('interchange.import', { path, acceptPartial: true, kind });
          else {
            c.out.line('Nothing imported.');
            return;
          }
        } else {
          if (o.json) c.out.json(out);
          else printReport(c, out.report, false);
          throw usageError(`${basename(path)} is not entirely valid (${plural(out.report.problems.length, 'problem')} listed above): nothing was imported; run again with --yes to import what was recovered`);
        }
      }
      if (o.json) c.out.json(out);
      else printReport(c, out.report, out.applied);
      if (!out.applied) {
        throw new CliError(`${basename(path)}: nothing could be imported${out.report.problems[0] ? ` (${out.report.problems[0]})` : ''}`);
      }
    });
}

const hasSomething = (r: InterchangeImportReport) => Object.values(r.recovered).some((n) => n > 0);

export function importQdpxCommand(c: CliContext): Command {
  return interchangeCommand(
    c,
    'import-qdpx',
    'project',
    'import a REFI-QDA project (.qdpx, or a bare .qde) from NVivo, ATLAS.ti, MAXQDA, QualCoder and other tools',
    'tandai import-qdpx --project study.tandai nvivo-export.qdpx',
  );
}

export function importQdcCommand(c: CliContext): Command {
  return interchangeCommand(c, 'import-qdc', 'codebook', 'import a REFI-QDA codebook (.qdc) into the project\'s codebook', 'tandai import-qdc --project study.tandai codebook.qdc');
}
