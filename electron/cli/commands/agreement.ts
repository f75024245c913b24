/**
 * `tandai agreement`: intercoder agreement per code and overall (percent agreement, Cohen's kappa
 * for two coders, Fleiss' kappa, Krippendorff's alpha) on presence/absence, and optionally the
 * passages where the coders differ.
 */
import { Command } from 'commander';
import { z } from 'zod';
import { UUID_RE } from '../../../shared/ids.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { table } from '../format.js';

const AgreementOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  coders: z.string().trim().min(1, 'name at least two coders, separated by commas').optional(),
  unit: z.enum(['char', 'segment'], { error: (i) => `expected char or segment, got "${String(i.input)}"` }).default('char'),
  segments: z.enum(['utterance', 'sentence'], { error: (i) => `expected utterance or sentence, got "${String(i.input)}"` }).default('utterance'),
  code: z.array(z.string().regex(UUID_RE, 'a code id (UUID)')).optional(),
  excludeUncoded: z.boolean().optional(),
  disagreements: z.boolean().optional(),
});

const collect = (value: string, previous: string[] = []) => [...previous, value];
const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

export function agreementCommand(c: CliContext): Command {
  return withJson(
    withProjectOptions(
      new Command('agreement')
        .description('intercoder agreement per code and overall, on presence/absence of each code')
        .option('--coders <list>', 'the coders, separated by commas: team-list names, fingerprints or identity ids')
        .option('--unit <unit>', 'char (every character is a unit) or segment', 'char')
        .option('--segments <kind>', 'with --unit segment: utterance or sentence', 'utterance')
        .option('--code <id>', 'only this code (repeatable)', collect)
        .option('--exclude-uncoded', 'leave out text no coder coded (it agrees trivially and inflates agreement)')
        .option('--disagreements', 'list the passages where the coders differ instead'),
    ),
  )
    .addHelpText('after', '\nn/a: undefined for these data (e.g. Cohen\'s kappa for more than two coders).\n\nExample:\n  tandai agreement --project study.tandai --coders Amina,Budi --unit char --exclude-uncoded --json')
    .action(async (opts: unknown) => {
      const o = parseArgs(AgreementOpts, opts);
      if (!o.coders) throw usageError('--coders: required (at least two, separated by commas)');
      const wanted = o.coders.split(',').map((s) => s.trim()).filter(Boolean);
      if (wanted.length < 2) throw usageError('--coders: name at least two coders, separated by commas');
      await openProject(c, o);
      await unlockIdentity(c, o, 'if-given');
      const members = await c.client.call('team.list', {});
      const coders = wanted.map((w) => {
        const lw = w.toLowerCase();
        const hits = members.filter((m) => m.identityId === lw || m.fingerprint === lw.replace(/\s+/g, '-') || m.displayName.trim().toLowerCase() === lw);
        if (hits.length === 1) return hits[0]!.identityId;
        if (hits.length > 1) throw new CliError(`more than one team member is called "${w}": name them by fingerprint`);
        if (UUID_RE.test(w)) return lw;
        throw new CliError(`no team member "${w}" ("tandai team list" shows them)`);
      });
      const query = { coders, unit: o.unit, segments: o.segments, excludeUncoded: o.excludeUncoded === true, ...(o.code ? { codes: o.code } : {}) };
      if (o.disagreements) {
        const d = await c.client.call('agreement.disagreements', query);
        if (o.json) return c.out.json(d);
        c.out.line(`${d.total} passage(s) where the coders differ${d.items.length < d.total ? ` (first ${d.items.length})` : ''}`);
        for (const x of d.items) {
          c.out.line(`${x.title} [${x.start}–${x.end}] ${x.codeName}${x.settled ? ` (settled: ${x.settled.decision})` : ''}`);
          for (const k of x.coders) c.out.line(`  ${k.name}: ${k.present ? `coded ${k.ranges.map(([s, e]) => `${s}–${e}`).join(', ')}` : 'not coded'}`);
        }
        return;
      }
      const r = await c.client.call('agreement.compute', query);
      if (o.json) return c.out.json(r);
      c.out.line(`${r.transcripts} transcript(s) coded by at least two of: ${r.coders.map((k) => `${k.name} (${k.transcripts})`).join(', ')}; unit: ${r.unit}${r.segments ? ` (${r.segments})` : ''}${r.excludeUncoded ? ', uncoded text left out' : ''}`);
      const rows = r.perCode.map((x) => [x.name, fmt(x.percentAgreement), fmt(x.cohenKappa), fmt(x.fleissKappa), fmt(x.krippendorffAlpha), x.units]);
      rows.push(['(overall, pooled)', fmt(r.overall.percentAgreement), fmt(r.overall.cohenKappa), fmt(r.overall.fleissKappa), fmt(r.overall.krippendorffAlpha), r.overall.units]);
      for (const line of table(['CODE', 'PERCENT', 'COHEN', 'FLEISS', 'ALPHA', 'UNITS'], rows)) c.out.line(line);
    });
}
