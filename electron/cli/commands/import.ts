/**
 * `tandai import`: files and folders into the project. Each file is its own transaction, so one bad
 * file is reported (and makes the exit code 1) while the others import.
 */
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { z } from 'zod';
import type { Emit, EventName, EventPayload, ImportFileResult } from '../../../shared/contract/index.js';
import { openProject } from '../access.js';
import { AttrPair, JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, oneLine, usageError } from '../errors.js';

const ImportOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  paths: z.array(z.string().min(1)).min(1, 'name at least one file or folder'),
  attr: z.array(AttrPair).default([]),
  participant: z.string().trim().min(1, 'a participant label cannot be empty').max(120, 'at most 120 characters').optional(),
  encoding: z
    .string()
    .trim()
    .min(1, 'an encoding label cannot be empty')
    .max(64, 'at most 64 characters')
    .refine(knownEncoding, { error: (i) => `unknown encoding label "${String(i.input)}" (use a label such as utf-8, utf-16le, windows-1252, windows-874)` })
    .optional(),
});

/** The labels the importer accepts: those of the WHATWG Encoding Standard, as TextDecoder knows them. */
function knownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A progress bar on stderr, only at a terminal; nothing otherwise. */
function progressBar(c: CliContext, label: string): { emit: Emit; stop: () => void } {
  if (!c.out.tty) return { emit: () => {}, stop: () => {} };
  let bar: SingleBar | null = null;
  const emit = (<E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (event !== 'progress') return;
    const p = payload as EventPayload<'progress'>;
    if (!bar) {
      bar = new SingleBar({
        stream: c.out.io.stderr,
        format: `${label} [{bar}] {value}/{total} {item}`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        noTTYOutput: true,
        notTTYSchedule: 500,
      });
      bar.start(p.total, 0, { item: '' });
    }
    bar.update(p.done, { item: p.item ?? '' });
  }) as Emit;
  return { emit, stop: () => bar?.stop() };
}

const LABEL: Record<ImportFileResult['status'], string> = { imported: 'imported ', duplicate: 'duplicate', rejected: 'rejected ' };

export function importCommand(c: CliContext): Command {
  return withJson(
    withProjectOptions(
      new Command('import')
        .description('import transcripts (.txt, .md, .docx, .vtt, .srt): files, or folders searched recursively')
        .argument('<paths...>', 'files or folders')
        .option('--attr <key=value>', 'set an attribute on every imported transcript (repeatable), e.g. --attr country=Indonesia', collect)
        .option('--participant <label>', 'the participant these transcripts belong to (created if new); default: a new one per file (P001, P002, …)')
        .option('--encoding <label>', 'the text encoding of .txt/.srt/.vtt files (e.g. windows-1252); default: detected'),
    ),
  )
    .addHelpText('after', '\nOne line per file. Exit 1 if any file was rejected; the others are imported all the same.\n\nExample:\n  tandai import --project study.tandai interviews/ --attr country=Kenya --attr interview_type=caregiver')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const o = parseArgs(ImportOpts, { ...opts, paths }, { paths: 'PATH' });
      const attributes: Record<string, string> = {};
      for (const a of o.attr) {
        if (a.value.trim() === '') throw usageError(`--attr ${a.key}=: a value is needed`);
        attributes[a.key] = a.value;
      }
      await openProject(c, o);
      const progress = progressBar(c, 'importing');
      let results: ImportFileResult[];
      try {
        ({ results } = await c.client.call(
          'transcripts.import',
          {
            paths: o.paths.map((p) => c.out.path(p)),
            ...(o.attr.length ? { attributes } : {}),
            ...(o.participant ? { participant: o.participant } : {}),
            ...(o.encoding ? { encoding: o.encoding } : {}),
          },
          progress.emit,
        ));
      } finally {
        progress.stop();
      }
      // Texts written without spaces (Thai, Chinese…) are stored before their words are counted:
      // count them now, so the project this command leaves behind is complete.
      const counting = progressBar(c, 'counting words');
      try {
        await c.client.call('transcripts.countWords', {}, counting.emit);
      } finally {
        counting.stop();
      }
      const count = (s: ImportFileResult['status']) => results.filter((r) => r.status === s).length;
      const rejected = results.filter((r) => r.status === 'rejected');
      if (o.json) c.out.json({ results, imported: count('imported'), duplicates: count('duplicate'), rejected: rejected.length });
      else {
        for (const r of results) c.out.line(`${LABEL[r.status]}  ${r.transcriptId ?? r.duplicateOf?.id ?? '-'.padEnd(36)}  ${oneLine(r.message)}`);
        c.out.line(`${count('imported')} imported, ${count('duplicate')} duplicate, ${rejected.length} rejected`);
      }
      if (results.length === 0) {
        c.exitCode = EXIT_ERROR;
        c.out.error(`nothing to import: no .txt, .md, .docx, .vtt or .srt files in ${o.paths.map((p) => basename(p)).join(', ')}`);
      } else if (rejected.length) {
        c.exitCode = EXIT_ERROR;
        const first = oneLine(rejected[0]!.message);
        c.out.error(`${rejected.length} of ${results.length} files rejected: ${first}${rejected.length > 1 ? ` (and ${rejected.length - 1} more, listed above)` : ''}`);
      }
    });
}
