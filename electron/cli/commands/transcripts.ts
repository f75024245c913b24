/** `tandai list` and `tandai show`: transcripts as stored. */
import { Command } from 'commander';
import { z } from 'zod';
import type { TranscriptDetail, TranscriptSummary } from '../../../shared/contract/index.js';
import { openProject } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { formatValue, table } from '../format.js';
import { resolveTranscript } from '../transcript-ref.js';

const ListOpts = ProjectOpts.extend(JsonOpt.shape);
const ShowOpts = ProjectOpts.extend({ ...JsonOpt.shape, transcript: z.string().trim().min(1, 'a transcript id is needed') });

/** `list --json` items: the contract's TranscriptSummary, with the utterance count named `utteranceCount`. */
export function listItem(t: TranscriptSummary) {
  const { utterances, ...rest } = t;
  return { ...rest, utteranceCount: utterances };
}

/** `show --json`: the stored text and its utterances exactly as stored (offsets are UTF-16 indices into `text`). */
export function showJson(t: TranscriptDetail) {
  return {
    id: t.id,
    title: t.title,
    versionId: t.versionId,
    participantId: t.participantId,
    participantLabel: t.participantLabel,
    format: t.format,
    createdAt: t.createdAt,
    chars: t.chars,
    words: t.words,
    codings: t.codings,
    attributes: t.attributes,
    versions: t.versions,
    utteranceCount: t.utterances,
    text: t.text,
    utterances: t.utteranceList.map((u) => ({ start: u.start, end: u.end, labelStart: u.labelStart, labelEnd: u.labelEnd, speaker: u.speaker, tStartMs: u.tStartMs, tEndMs: u.tEndMs })),
  };
}

/**
 * Word counts an import left pending (the app counts them once the import is done; a project last
 * closed before that finished has some): counted before they are shown. Nothing pending, nothing done.
 */
async function countPending(c: CliContext): Promise<void> {
  await c.client.call('transcripts.countWords', {});
}

export function listCommand(c: CliContext): Command {
  return withJson(withProjectOptions(new Command('list').description('list the transcripts in the project'))).action(async (opts: unknown) => {
    const o = parseArgs(ListOpts, opts);
    await openProject(c, o);
    await countPending(c);
    const all = await c.client.call('transcripts.list', {});
    if (o.json) return c.out.json(all.map(listItem));
    if (all.length === 0) return c.out.line('No transcripts yet ("tandai import" adds them).');
    for (const line of table(
      ['ID', 'PARTICIPANT', 'FORMAT', 'WORDS', 'UTTERANCES', 'CODINGS', 'TITLE'],
      all.map((t) => [t.id, t.participantLabel, t.format, t.words ?? '-', t.utterances, t.codings, t.title]),
    ))
      c.out.line(line);
  });
}

export function showCommand(c: CliContext): Command {
  return withJson(
    withProjectOptions(
      new Command('show')
        .description('print one transcript: its details and its text as stored')
        .argument('<transcript>', 'the transcript id (or a unique prefix of 8+ characters, or its exact title)'),
    ),
  ).action(async (transcript: string, opts: Record<string, unknown>) => {
    const o = parseArgs(ShowOpts, { ...opts, transcript }, { transcript: 'TRANSCRIPT_ID' });
    await openProject(c, o);
    const { id } = await resolveTranscript(c, o.transcript);
    await countPending(c);
    const t = await c.client.call('transcripts.get', { id });
    if (o.json) return c.out.json(showJson(t));
    c.out.line(t.title);
    c.out.line(`id ${t.id}  version ${t.versionId}  participant ${t.participantLabel}  ${t.format}, ${t.words === null ? 'words not counted yet' : `${t.words} words`}, ${t.utterances} utterances, ${t.codings} codings`);
    const attrs = Object.entries(t.attributes);
    if (attrs.length) c.out.line(`attributes: ${attrs.map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`);
    c.out.line('');
    c.out.io.stdout.write(t.text.endsWith('\n') ? t.text : `${t.text}\n`);
  });
}
