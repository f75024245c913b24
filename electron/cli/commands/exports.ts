/**
 * `tandai export KIND`, `tandai verify EXPORT` and `tandai team export`: exports through the gate
 * with a signed manifest beside each, checking one offline, and the team file that check reads.
 */
import { basename } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { ExportKind, ExportPurposeSchema, type VerifyReport } from '../../../shared/contract/channels/exports.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { EXIT_ERROR, usageError } from '../errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const KindArg = z.enum(ExportKind.options, { error: (i) => `expected one of ${ExportKind.options.join(', ')}, got "${String(i.input)}"` });
const PurposeArg = z.enum(ExportPurposeSchema.options, { error: (i) => `expected one of ${ExportPurposeSchema.options.join(', ')}, got "${String(i.input)}"` });

const ExportOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  kind: KindArg,
  out: z.string().min(1, 'a file name is needed').optional(),
  purpose: PurposeArg.default('sharing'),
  nvivoPositions: z.boolean().optional(),
  transcript: z.array(z.string().min(1)).optional(),
  force: z.boolean().optional(),
});

const VerifyOpts = JsonOpt.extend({
  path: z.string().min(1, 'name the export (or its .manifest.json)'),
  team: z.string().min(1, 'a file name is needed').optional(),
  expectSigner: z.string().trim().min(1, 'a fingerprint is needed').optional(),
});

const TeamExportOpts = ProjectOpts.extend({ out: z.string().min(1, 'a file name is needed').optional(), force: z.boolean().optional() });

const LABEL_LINE: Record<string, string> = {
  anonymised: 'anonymised',
  pseudonymised: 'pseudonymised',
  'not-de-identified': 'NOT DE-IDENTIFIED: the transcripts are exported as written; share only within the study team',
};

const size = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`);

export function exportCommand(c: CliContext): Command {
  return withJson(
    withProjectOptions(
      new Command('export')
        .description('export through the export gate, with a signed manifest beside it: qdc, qdpx, codebook-docx, codebook-html, segments-csv, segments-xlsx')
        .argument('<kind>', ExportKind.options.join('|'))
        .option('--out <file>', 'the file to write (segments-csv also writes FILE-without-.csv.frequencies.csv); FILE.manifest.json is written beside it')
        .option('--purpose <purpose>', 'quoting, archiving or sharing: whose consent the gate checks (default sharing)')
        .option('--transcript <id>', 'export only this transcript (repeatable; default: all)', collect)
        .option('--nvivo-positions', 'qdpx only: count positions in UTF-16 units, as NVivo for Windows does, instead of code points')
        .option('--force', 'replace files that are already there'),
    ),
  )
    .addHelpText(
      'after',
      '\nNeeds your identity unlocked: the manifest is signed with your key.\nThe export is refused if a participant in scope has not consented to the purpose, or unless the\nproject was scanned (tandai deid scan), every candidate decided and the result signed off by a\nreviewer (tandai deid review-package, then tandai review accept).\n\nExample:\n  tandai export qdpx --project study.tandai --out study.qdpx --purpose archiving',
    )
    .action(async (kind: string, opts: Record<string, unknown>) => {
      const o = parseArgs(ExportOpts, { ...opts, kind }, { kind: 'KIND' });
      if (!o.out) throw usageError('--out: required (the file to write)');
      if (o.nvivoPositions && o.kind !== 'qdpx') throw usageError('--nvivo-positions: applies to qdpx only');
      await unlockIdentity(c, o, 'required');
      await openProject(c, o);
      const r = await c.client.call('export.run', {
        kind: o.kind,
        out: c.out.path(o.out),
        purpose: o.purpose,
        ...(o.transcript ? { transcriptIds: o.transcript } : {}),
        ...(o.nvivoPositions ? { nvivoPositions: true } : {}),
        ...(o.force ? { overwrite: true } : {}),
      });
      if (o.json) return c.out.json(r);
      for (const f of r.files) c.out.line(`wrote ${f.path} (${size(f.bytes)}, sha-256 ${f.sha256})`);
      c.out.line(`manifest: ${r.manifestPath}`);
      c.out.line(`signed by ${r.manifest.exporter.name} (${r.manifest.exporter.fingerprint})`);
      c.out.line(`label: ${LABEL_LINE[r.label] ?? r.label}`);
      const n = r.manifest.counts;
      c.out.line(`contains: ${n.transcripts} transcripts, ${n.codes} codes, ${n.codings} codings, ${n.memos} memos`);
      for (const e of r.manifest.excluded) c.out.line(`left out: ${e.count} ${e.what}${e.count === 1 ? '' : 's'} (${e.reason})`);
    });
}

function printReport(c: CliContext, r: VerifyReport): void {
  c.out.line(r.exporter ? `exporter: ${r.exporter.name} (${r.exporter.fingerprint})` : 'exporter: unknown');
  c.out.line(r.reviewer ? `reviewer: ${r.reviewer.name ?? 'not named in a team file'} (${r.reviewer.fingerprint}), ${r.reviewer.decision}` : 'reviewer: none (no sign-off)');
  if (r.label) c.out.line(`label: ${r.label}`);
  for (const f of r.changed) c.out.line(`changed: ${f}`);
  for (const p of r.problems) c.out.line(`problem: ${p}`);
  if (!r.teamChecked) c.out.line('note: no team file given (--team), so the signers were not checked against a team list');
  if (r.ok) c.out.line('ok: the signature verifies and every file is as exported');
}

export function verifyCommand(c: CliContext): Command {
  return withJson(
    new Command('verify')
      .description("check an export's signed manifest offline: signature, every file's sha-256, and who signed")
      .argument('<export>', 'the exported file (its FILE.manifest.json is read), or the manifest itself')
      .option('--team <file>', 'a team file (tandai team export): the exporter and reviewer must be in it')
      .option('--expect-signer <fingerprint>', 'fail unless the exporter has this fingerprint'),
  )
    .addHelpText('after', '\nNeeds no project and no passphrase. Exit 1 if anything fails.\n\nExample:\n  tandai verify study.qdpx --team team.json --expect-signer "word-word-…"')
    .action(async (path: string, opts: Record<string, unknown>) => {
      const o = parseArgs(VerifyOpts, { ...opts, path }, { path: 'EXPORT' });
      const r = await c.client.call('export.verify', {
        path: c.out.path(o.path),
        ...(o.team ? { team: c.out.path(o.team) } : {}),
        ...(o.expectSigner ? { expectSigner: o.expectSigner } : {}),
      });
      if (o.json) c.out.json(r);
      else printReport(c, r);
      if (!r.ok) {
        c.exitCode = EXIT_ERROR;
        const first = r.changed.length ? `changed: ${r.changed.join(', ')}` : (r.problems[0] ?? 'failed');
        c.out.error(`${basename(o.path)} failed verification (${first})`);
      }
    });
}

/** `tandai team export`: added to the `team` command by `electron/cli/index.ts`. */
export function teamExportCommand(c: CliContext): Command {
  return withProjectOptions(new Command('export').description('write the team list (public keys, fingerprints, roles), signed by you, for "tandai verify --team"'))
    .option('--out <file>', 'the team file to write (JSON)')
    .option('--force', 'replace the file if it is already there')
    .addHelpText('after', '\nExample:\n  tandai team export --project study.tandai --out team.json')
    .action(async (opts: unknown) => {
      const o = parseArgs(TeamExportOpts, opts);
      if (!o.out) throw usageError('--out: required (the team file to write)');
      await unlockIdentity(c, o, 'required');
      await openProject(c, o);
      const r = await c.client.call('export.teamFile', { out: c.out.path(o.out), ...(o.force ? { overwrite: true } : {}) });
      c.out.line(`wrote ${r.path} (${r.members} member${r.members === 1 ? '' : 's'}, sha-256 ${r.sha256})`);
    });
}
