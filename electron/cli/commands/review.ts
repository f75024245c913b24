/**
 * `tandai review open|approve|return|verify` (the reviewer, no project needed) and
 * `tandai review accept --project P DECISION` (the researcher, back in the project).
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { ExportLabelChoice, RiskRating, type ReviewPackageView } from '../../../shared/contract/channels/deid.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { SecretFlags } from '../secrets.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_ERROR, usageError } from '../errors.js';
import { table } from '../format.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const Comment = z
  .string()
  .regex(/^[^=]+=[\s\S]+$/, { error: (i) => `expected ITEM=TEXT (an item key as "review open" lists it), got "${String(i.input)}"` })
  .transform((s) => ({ key: s.slice(0, s.indexOf('=')).trim(), text: s.slice(s.indexOf('=') + 1).trim() }));
const IdentityOnly = z.object({ passphraseFile: z.string().min(1).optional() });
const DecideOpts = IdentityOnly.extend({
  ...JsonOpt.shape,
  file: z.string().min(1),
  out: z.string().min(1, 'a file name is needed').optional(),
  conditions: z.string().trim().min(1).max(8000).optional(),
  reason: z.string().trim().min(1).max(8000).optional(),
  risk: RiskRating.optional(),
  label: ExportLabelChoice.optional(),
  comment: z.array(Comment).optional(),
  revealed: z.array(z.string().min(1)).optional(),
});

function withIdentity(cmd: Command): Command {
  return cmd.option('--passphrase-file <file>', 'file holding your identity passphrase; default $TANDAI_PASSPHRASE, else a prompt');
}

function printPackage(c: CliContext, v: ReviewPackageView): void {
  c.out.line(`Review package ${v.packageId} from ${v.author.displayName} (${v.author.fingerprint}), made ${v.createdAt}`);
  c.out.line(`verified: signed by its author, sealed to you, unaltered. Reviewed hash ${v.reviewedHash}`);
  c.out.line(`project: ${v.project.name}`);
  const cv = v.coverage;
  c.out.line(`scan coverage: ${cv.transcripts} transcripts (${cv.speakerLabels} speaker labels), ${cv.titles} titles, ${cv.fileNames} file names, ${cv.attributeValues} attribute values, ${cv.memos} memos, ${cv.codeNames} code names, ${cv.codeFields} other code fields`);
  c.out.line(`replacements by category: ${Object.entries(v.counts.byCategory).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  c.out.line('');
  for (const line of table(['ITEM', 'TITLE', 'REPLACED', 'KEPT', 'ORIGINAL'], v.items.map((i) => [i.key, i.title, i.replacements, i.kept, i.originalAvailable ? 'may be revealed' : '']))) c.out.line(line);
  if (v.keptRegister.length) {
    c.out.line('');
    c.out.line('Flagged but kept:');
    for (const k of v.keptRegister) c.out.line(`  entity:${k.entityId} ${k.type} "${k.text}" ×${k.occurrences}: ${k.reason}`);
  }
  if (v.residualRisk.length) {
    c.out.line('');
    c.out.line('Residual-risk notes:');
    for (const n of v.residualRisk) c.out.line(`  - ${n}`);
  }
  if (v.originalsIncluded.length) c.out.line(`\nOriginals included (reveal with --reveal KEY): ${v.originalsIncluded.join(', ')}`);
}

export function reviewCommand(c: CliContext): Command {
  const review = new Command('review').description('ethics review: open a package sealed to you, approve or return it with a signed decision, accept a decision into the project');

  withJson(
    withIdentity(
      review
        .command('open')
        .description('verify a review package sealed to you and show it (no project needed)')
        .argument('<file>', 'the package')
        .option('--item <key>', 'print this item\'s de-identified text (repeatable)', collect)
        .option('--reveal <key>', 'print an original the researcher allowed you to see (repeatable; say so with --revealed when you decide)', collect)
        .option('--expect-signer <fingerprint>', "the researcher's fingerprint, to check who signed it"),
    ),
  ).action(async (file: string, opts: Record<string, unknown>) => {
    const o = parseArgs(IdentityOnly.extend({ ...JsonOpt.shape, file: z.string().min(1), item: z.array(z.string()).optional(), reveal: z.array(z.string()).optional(), expectSigner: z.string().optional() }), { ...opts, file }, { file: 'FILE' });
    const path = c.out.path(o.file);
    if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
    await unlockIdentity(c, o as SecretFlags, 'required');
    const v = await c.client.call('review.open', { path, expectSigner: o.expectSigner });
    const originals: Record<string, string> = {};
    for (const key of o.reveal ?? []) originals[key] = (await c.client.call('review.reveal', { path, key })).original;
    if (o.json) return c.out.json({ ...v, originals });
    printPackage(c, v);
    for (const key of o.item ?? []) {
      const it = v.items.find((i) => i.key === key);
      if (!it) throw new CliError(`no item ${key} in this package`);
      c.out.line(`\n--- ${it.key} (${it.title})`);
      c.out.line(it.text);
    }
    for (const [key, text] of Object.entries(originals)) {
      c.out.line(`\n--- original of ${key}`);
      c.out.line(text);
    }
  });

  const decideAction = (decision: 'approved' | 'returned') => async (file: string, opts: Record<string, unknown>) => {
    const o = parseArgs(DecideOpts, { ...opts, file }, { file: 'FILE' });
    if (!o.out) throw usageError('--out: required (the decision file to write)');
    if (decision === 'returned' && !o.reason) throw usageError('--reason: returning a package needs a reason');
    const path = c.out.path(o.file);
    if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
    const out = c.out.path(o.out);
    if (existsSync(out)) throw new CliError(`${o.out} already exists; choose another name`);
    await unlockIdentity(c, o as SecretFlags, 'required');
    const r = await c.client.call('review.decide', {
      path,
      out,
      decision: decision === 'approved' && o.conditions ? 'approved-with-conditions' : decision,
      conditions: o.conditions,
      reason: o.reason,
      risk: o.risk,
      label: o.label,
      comments: o.comment,
      revealed: o.revealed,
    });
    if (o.json) return c.out.json(r);
    c.out.line(`${decision === 'approved' ? (o.conditions ? 'Approved with conditions' : 'Approved') : 'Returned'}: signed decision ${r.decisionId} written to ${o.out}, sealed to the researcher.`);
    c.out.line(`It signs reviewed hash ${r.reviewedHash}.`);
  };
  const decisionOptions = (cmd: Command) =>
    withJson(
      withIdentity(
        cmd
          .argument('<file>', 'the package')
          .option('--out <file>', 'the decision file to write (must not exist yet)')
          .option('--risk <rating>', `residual risk: ${RiskRating.options.join(', ')}`)
          .option('--comment <item=text>', 'a comment on one item (repeatable)', collect)
          .option('--revealed <key>', 'an original you revealed (repeatable)', collect),
      ),
    );
  decisionOptions(review.command('approve').description('approve a package (with --conditions: approve with conditions), signed by you'))
    .option('--conditions <text>', 'conditions of the approval')
    .option('--label <label>', 'pseudonymised (default) or anonymised')
    .addHelpText('after', '\nExample:\n  tandai review approve study.review --out study.decision --risk low')
    .action(decideAction('approved'));
  decisionOptions(review.command('return').description('return a package to the researcher with a reason, signed by you'))
    .option('--reason <text>', 'why it is returned')
    .addHelpText('after', '\nExample:\n  tandai review return study.review --out study.decision --reason "the school name in T3 is still identifiable"')
    .action(decideAction('returned'));

  withJson(withProjectOptions(review.command('accept').description('accept a reviewer\'s signed decision into the project').argument('<decision>', 'the decision file'))).action(async (file: string, opts: Record<string, unknown>) => {
    const o = parseArgs(ProjectOpts.extend({ ...JsonOpt.shape, file: z.string().min(1) }), { ...opts, file }, { file: 'DECISION' });
    const path = c.out.path(o.file);
    if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
    await openProject(c, o);
    await unlockIdentity(c, o, 'required');
    const r = await c.client.call('review.accept', { path });
    if (o.json) return c.out.json(r);
    c.out.line(`Accepted: ${r.decision} by ${r.reviewer.displayName} (${r.reviewer.fingerprint}), residual risk ${r.risk}, label ${r.label}, ${r.comments} comment(s).`);
    if (r.conditions) c.out.line(`Conditions: ${r.conditions}`);
    if (r.reason) c.out.line(`Reason: ${r.reason}`);
  });

  withJson(
    withIdentity(
      review
        .command('verify')
        .description('check a package or decision sealed to you, offline: seal, signature, signer, hashes')
        .argument('<file>', 'the package or decision')
        .option('--expect-signer <fingerprint>', 'who must have signed it'),
    ),
  ).action(async (file: string, opts: Record<string, unknown>) => {
    const o = parseArgs(IdentityOnly.extend({ ...JsonOpt.shape, file: z.string().min(1), expectSigner: z.string().optional() }), { ...opts, file }, { file: 'FILE' });
    const path = c.out.path(o.file);
    if (!existsSync(path)) throw new CliError(`${o.file}: no such file`);
    await unlockIdentity(c, o as SecretFlags, 'required');
    const r = await c.client.call('review.verify', { path, expectSigner: o.expectSigner });
    if (o.json) c.out.json(r);
    else if (r.ok) c.out.line(`OK: ${r.kind} ${r.id}, signed by ${r.signer!.displayName} (${r.signer!.fingerprint}), sealed to you, unaltered${r.decision ? `; decision: ${r.decision}` : ''}.`);
    if (!r.ok) {
      for (const p of r.problems) c.out.error(p);
      c.exitCode = EXIT_ERROR;
    }
  });
  return review;
}
