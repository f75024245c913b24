/** `tandai bundle create|open`: sealed bundles of coded work between teammates. */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import type { BundleSummary } from '../../../shared/contract/channels/team.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { table } from '../format.js';

const CreateOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  to: z.string().trim().min(1, 'name the recipient (fingerprint or team-list name)').optional(),
  out: z.string().min(1, 'a file name is needed').optional(),
  withTranscripts: z.boolean().optional(),
  country: z.string().trim().min(1).max(16, 'at most 16 characters').optional(),
});
const OpenOpts = ProjectOpts.extend({ ...JsonOpt.shape, file: z.string().min(1, 'name the bundle file') });

const MATCH_WORDS: Record<BundleSummary['transcripts'][number]['match'], string> = {
  'same-text': 'same text here',
  'older-version': 'an older version of ours',
  changed: 'ours differs (corrected)',
  new: 'new (text carried)',
  'not-here': 'not in this project',
};

export function printSummary(c: CliContext, s: BundleSummary): void {
  c.out.line(`Bundle ${s.bundleId} (format ${s.formatVersion}), made ${s.createdAt}`);
  c.out.line(`from:  ${s.sender.displayName} (${s.sender.fingerprint})${s.country ? `, ${s.country}` : ''}`);
  c.out.line(`to:    ${s.recipient.displayName} (${s.recipient.fingerprint})`);
  c.out.line(`verified: signed by a team member, sealed to you, unaltered`);
  c.out.line(`project: ${s.project.name}${s.project.sameProject ? ' (a copy of this project)' : ' (another project)'}; sender's audit head ${s.auditHead.count}`);
  const n = s.counts;
  c.out.line(
    `holds: ${n.codes} codes (${n.codebookVersions} versions), ${n.codings} codings, ${n.memos} memos, ${n.marks} distress marks, ${n.flags} flags, ${n.transcripts} transcripts (${n.transcriptTexts} with text), ${n.withdrawals} withdrawal notices, ${n.deidDecisions} de-identification decisions, ${n.pseudonyms} pseudonyms`,
  );
  if (s.alreadyMerged) c.out.line(`already merged here on ${s.alreadyMerged.at}`);
  if (s.transcripts.length) {
    c.out.line('');
    for (const line of table(['TRANSCRIPT', 'CHARS', 'CODINGS', 'HERE'], s.transcripts.map((t) => [t.title, t.chars, t.codings, MATCH_WORDS[t.match]]))) c.out.line(line);
  }
  for (const p of s.pending) c.out.note(`pending: ${p}`);
}

export function bundleCommand(c: CliContext): Command {
  const bundle = new Command('bundle').description('sealed bundles: send your coded work to a teammate, or look inside one sent to you');

  withJson(
    withProjectOptions(
      bundle
        .command('create')
        .description("seal this project's codebook, codings, memos, marks, flags and withdrawal notices to a teammate, signed by you")
        .option('--to <who>', "the recipient: their fingerprint or their name in the team list")
        .option('--out <file>', 'the bundle file to write (must not exist yet)')
        .option('--with-transcripts', 'carry the transcripts\' texts too (not for participants who withheld consent to share)')
        .option('--country <label>', "label the work with a country (default: the transcripts' shared country attribute)"),
    ),
  )
    .addHelpText('after', '\nThe participant register never travels. Only the recipient can open the bundle.\n\nExample:\n  tandai bundle create --project study.tandai --to "Lina Lead" --out amina-week3.tandai-bundle')
    .action(async (opts: unknown) => {
      const o = parseArgs(CreateOpts, opts);
      if (!o.to) throw usageError('--to: required (the recipient\'s fingerprint or team-list name)');
      if (!o.out) throw usageError('--out: required (the bundle file to write)');
      const out = c.out.path(o.out);
      if (existsSync(out)) throw new CliError(`${o.out} already exists; choose another name`);
      await openProject(c, o);
      await unlockIdentity(c, o, 'required');
      const r = await c.client.call('bundle.create', { to: o.to, out, withTranscripts: o.withTranscripts, country: o.country });
      if (o.json) return c.out.json(r);
      const n = r.counts;
      c.out.line(`Sealed bundle written to ${o.out} (${(r.bytes / 1048576).toFixed(2)} MB) for ${r.recipient.displayName} (${r.recipient.fingerprint}).`);
      c.out.line(`It holds ${n.codes} codes, ${n.codings} codings, ${n.memos} memos, ${n.marks} marks, ${n.transcripts} transcripts (${n.transcriptTexts} with text), ${n.withdrawals} withdrawal notices.`);
      for (const l of r.textsLeftOut) c.out.note(`text left out: transcript ${l.transcriptId}: ${l.reason}`);
    });

  withJson(withProjectOptions(bundle.command('open').description('verify a bundle sent to you and show what it holds (changes nothing)').argument('<file>', 'the bundle file')))
    .addHelpText('after', '\nExample:\n  tandai bundle open amina-week3.tandai-bundle --project study.tandai')
    .action(async (file: string, opts: Record<string, unknown>) => {
      const o = parseArgs(OpenOpts, { ...opts, file }, { file: 'FILE' });
      const path = c.out.path(o.file);
      if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
      await openProject(c, o);
      await unlockIdentity(c, o, 'required');
      const s = await c.client.call('bundle.open', { path });
      if (o.json) return c.out.json(s);
      printSummary(c, s);
    });
  return bundle;
}
