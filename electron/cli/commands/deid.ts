/**
 * `tandai deid …`: scanning files or a project for identifiers, listing and deciding candidates,
 * adding a missed one, previewing a rendition, asking the gate, the terminology check, sealing
 * a review package to a reviewer, and destroying the originals once de-identified.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { DeidAction, EntityTypeSchema } from '../../../shared/contract/channels/deid.js';
import { ExportPurposeSchema } from '../../../shared/contract/channels/exports.js';
import { openProject, unlockIdentity } from '../access.js';
import { JsonOpt, ProjectOpts, parseArgs, withJson, withProjectOptions } from '../args.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT_ERROR, usageError } from '../errors.js';
import { table } from '../format.js';
import { resolveTranscript } from '../transcript-ref.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const ActionArg = z.enum(DeidAction.options, { error: (i) => `expected one of ${DeidAction.options.join(', ')}, got "${String(i.input)}"` });
const TypeArg = z.enum(EntityTypeSchema.options, { error: (i) => `expected one of ${EntityTypeSchema.options.join(', ')}, got "${String(i.input)}"` });
const Id = z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'an id as "tandai deid list" shows it');

const ScanOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  files: z.array(z.string().min(1)),
  register: z.string().min(1, 'a file name is needed').optional(),
  language: z.string().trim().min(1).max(35).optional(),
  country: z.string().trim().length(2, 'a two-letter country code (ID, KE, PH…)').optional(),
});
const ListOpts = ProjectOpts.extend({ ...JsonOpt.shape, status: z.enum(['undecided', 'decided', 'all']).default('all'), transcript: z.string().optional() });
const DecideOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  candidate: Id.optional(),
  entity: Id.optional(),
  action: ActionArg.optional(),
  reason: z.string().trim().min(1, 'a reason is needed').max(4000).optional(),
  value: z.string().trim().min(1).max(500).optional(),
  dateLevel: z.enum(['month', 'year']).optional(),
});
const AddOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  transcript: z.string().trim().min(1, 'a transcript id is needed'),
  start: z.coerce.number().int().min(0),
  end: z.coerce.number().int().min(1),
  type: TypeArg,
  action: ActionArg.optional(),
  reason: z.string().trim().max(4000).optional(),
  value: z.string().trim().min(1).max(500).optional(),
});
const PackageOpts = ProjectOpts.extend({
  ...JsonOpt.shape,
  to: z.string().trim().min(1, 'name the reviewer (fingerprint or team-list name)').optional(),
  out: z.string().min(1, 'a file name is needed').optional(),
  riskNote: z.array(z.string().trim().min(1)).optional(),
  revealTranscript: z.array(z.string().min(1)).optional(),
  revealEntity: z.array(Id).optional(),
});

const conf = (x: number) => x.toFixed(2);
const oneLineText = (s: string) => s.replace(/\s+/g, ' ');

export function deidCommand(c: CliContext): Command {
  const deid = new Command('deid').description('de-identification: scan for identifiers, decide them, preview renditions, send for ethics review');

  withJson(
    withProjectOptions(
      deid
        .command('scan')
        .description('scan transcript files (no project needed), or with --project every transcript, title, file name, attribute, memo and code')
        .argument('[files...]', 'transcript files (.txt, .md, .docx, .vtt, .srt); with several, register and validated-pattern hits propagate to the others')
        .option('--register <file.csv>', 'files only: a participant register (header kind,value,aliases,note)')
        .option('--language <tag>', 'files only: the language of the files (en, id, fil, vi, sw…)')
        .option('--country <cc>', 'files only: the country they are from (ID, KE, PH…): tried first for local phone numbers'),
    ),
  )
    .addHelpText(
      'after',
      '\nWith --json, stdout is one object: each file path exactly as given → an array of\n{start, end, type, text, detector, confidence} (offsets in UTF-16 units into the imported text).\n\nExamples:\n  tandai deid scan interview-01.docx interview-02.txt --json\n  tandai deid scan --project study.tandai',
    )
    .action(async (files: string[], opts: Record<string, unknown>) => {
      const o = parseArgs(ScanOpts, { ...opts, files }, { files: 'FILE' });
      if (o.files.length && o.project) throw usageError('name files to scan, or --project, not both');
      if (!o.files.length) {
        if (o.register || o.language || o.country) throw usageError('--register, --language and --country apply to scanning files; a project uses its own register and attributes');
        if (!o.project && !c.out.envVar('TANDAI_PROJECT')) throw usageError('name the files to scan, or --project FILE.tandai');
        await openProject(c, o);
        await unlockIdentity(c, o, 'if-given');
        const r = await c.client.call('deid.scan', {});
        if (o.json) return c.out.json(r);
        c.out.line(`Scanned ${r.documents} locations in ${(r.ms / 1000).toFixed(1)} s: ${r.candidates} candidates (${r.added} new, ${r.removed} gone) in ${r.entities} entities; ${r.undecided} undecided.`);
        const cv = r.coverage;
        c.out.line(`Covered: ${cv.transcripts} transcripts (${cv.speakerLabels} speaker labels, ${cv.utteranceMetadata} utterances), ${cv.titles} titles, ${cv.fileNames} file names, ${cv.attributeValues} attribute values, ${cv.memos} memos, ${cv.codeNames} code names and ${cv.codeFields} other code fields.`);
        return;
      }
      const r = await c.client.call('deid.scanFiles', { paths: o.files.map((f) => c.out.path(f)), register: o.register ? c.out.path(o.register) : undefined, language: o.language, country: o.country?.toUpperCase() });
      const failed = r.files.filter((f) => f.error);
      if (o.json) {
        const out: Record<string, unknown> = {};
        r.files.forEach((f, i) => {
          if (!f.error) out[o.files[i]!] = f.candidates;
        });
        c.out.json(out);
      } else {
        const rows: (string | number)[][] = [];
        r.files.forEach((f, i) => {
          for (const h of f.candidates) rows.push([o.files[i]!, h.start, h.end, h.type, h.detector, conf(h.confidence), oneLineText(h.text)]);
        });
        if (rows.length) for (const line of table(['FILE', 'START', 'END', 'TYPE', 'DETECTOR', 'CONF', 'TEXT'], rows)) c.out.line(line);
        else if (!failed.length) c.out.line('No identifiers found.');
      }
      for (const f of failed) c.out.error(f.error!.message);
      if (failed.length) c.exitCode = EXIT_ERROR;
    });

  withJson(withProjectOptions(deid.command('status').description('what is scanned, undecided and signed off'))).action(async (opts: unknown) => {
    const o = parseArgs(ProjectOpts.extend(JsonOpt.shape), opts);
    await openProject(c, o);
    const s = await c.client.call('deid.status', {});
    if (o.json) return c.out.json(s);
    c.out.line(s.lastScan ? `Last scan ${s.lastScan.finishedAt ?? `${s.lastScan.startedAt} (did not finish)`}` : 'Never scanned.');
    c.out.line(`${s.candidates} candidates in ${s.entities} entities, ${s.undecided} undecided; ${s.registerEntries} register entries.`);
    if (s.unscanned) c.out.line(`${s.unscanned} location(s) changed since they were scanned: scan again.`);
    if (s.rescanNeeded) c.out.line('The register or confirmed identifiers changed since the last scan: scan again.');
    c.out.line(`Sign-off: ${s.signOff.state}${s.signOff.reviewer ? ` (${s.signOff.reviewer}, ${s.signOff.at})` : ''}`);
    for (const v of s.signOff.voidFor) c.out.line(`  void for ${v.kind} ${v.id}: ${v.why}`);
  });

  withJson(
    withProjectOptions(
      deid
        .command('list')
        .description('candidates with their ids, grouped by entity')
        .option('--status <which>', 'undecided, decided or all (default all)')
        .option('--transcript <id>', 'only those in one transcript'),
    ),
  )
    .addHelpText('after', '\nExample:\n  tandai deid list --project study.tandai --status undecided --json')
    .action(async (opts: unknown) => {
      const o = parseArgs(ListOpts, opts);
      await openProject(c, o);
      const transcriptId = o.transcript ? (await resolveTranscript(c, o.transcript)).id : undefined;
      const r = await c.client.call('deid.list', { status: o.status, transcriptId });
      if (o.json) return c.out.json(r);
      if (!r.entities.length) return c.out.line(o.status === 'undecided' ? 'Nothing undecided.' : 'No candidates (run "tandai deid scan --project …" first).');
      for (const e of r.entities) {
        const d = e.decision ? `${e.decision.action}${e.decision.replacement ? ` → ${e.decision.replacement}` : ''}` : e.undecided ? `${e.undecided} undecided` : 'decided per candidate';
        c.out.line(`${e.id}  ${e.type}  "${oneLineText(e.value)}"  ×${e.candidates} in ${e.documents}  ${d}`);
        for (const line of table(
          ['  CANDIDATE', 'WHERE', 'RANGE', 'DETECTOR', 'DECISION', 'TEXT'],
          e.items.map((x) => [`  ${x.id}`, `${x.location.kind}:${x.location.field}`, `${x.start}-${x.end}`, x.detector, x.decision ? x.decision.action : '-', oneLineText(x.text)]),
        ))
          c.out.line(line);
      }
    });

  withJson(
    withProjectOptions(
      deid
        .command('decide')
        .description('decide a candidate or a whole entity: replace, generalise, redact, keep (needs --reason) or not-identifier')
        .option('--candidate <id>', 'one candidate')
        .option('--entity <id>', 'every candidate of an entity')
        .option('--action <action>', DeidAction.options.join(', '))
        .option('--reason <text>', 'why (required for keep)')
        .option('--value <text>', 'generalise: the value to use (default: worked out from the text); replace: your own pseudonym')
        .option('--date-level <level>', 'generalise a date to its month (default) or year'),
    ),
  )
    .addHelpText('after', '\nExamples:\n  tandai deid decide --project study.tandai --entity 5c0e… --action replace\n  tandai deid decide --project study.tandai --candidate 9a1f… --action keep --reason "public official named in a court record"')
    .action(async (opts: unknown) => {
      const o = parseArgs(DecideOpts, opts);
      if (!o.action) throw usageError(`--action: required (one of ${DeidAction.options.join(', ')})`);
      if ((o.candidate === undefined) === (o.entity === undefined)) throw usageError('name exactly one of --candidate ID or --entity ID');
      if (o.action === 'keep' && !o.reason) throw usageError('--reason: keeping an identifier needs a reason');
      await openProject(c, o);
      await unlockIdentity(c, o, 'if-given');
      const r = await c.client.call('deid.decide', { candidateId: o.candidate, entityId: o.entity, action: o.action, reason: o.reason, value: o.value, dateLevel: o.dateLevel });
      if (o.json) return c.out.json(r);
      c.out.line(`${r.decision.action}${r.replacement ? ` → ${r.replacement}` : ''} (${r.candidates} candidate${r.candidates === 1 ? '' : 's'}; decision ${r.decision.id})`);
    });

  withJson(
    withProjectOptions(
      deid
        .command('add')
        .description('add an identifier the scan missed, by its range in a transcript')
        .requiredOption('--transcript <id>', 'the transcript')
        .requiredOption('--start <n>', 'start offset (UTF-16 units)')
        .requiredOption('--end <n>', 'end offset, exclusive')
        .requiredOption('--type <type>', EntityTypeSchema.options.join(', '))
        .option('--action <action>', 'decide it at once')
        .option('--reason <text>', 'why (for keep)')
        .option('--value <text>', 'generalised value or own pseudonym'),
    ),
  ).action(async (opts: unknown) => {
    const o = parseArgs(AddOpts, opts);
    await openProject(c, o);
    await unlockIdentity(c, o, 'if-given');
    const { id } = await resolveTranscript(c, o.transcript);
    const r = await c.client.call('deid.add', { location: { kind: 'transcript', id, field: 'text' }, start: o.start, end: o.end, type: o.type, action: o.action, reason: o.reason, value: o.value });
    if (o.json) return c.out.json(r);
    c.out.line(`added candidate ${r.candidate.id} (entity ${r.candidate.entityId})${r.candidate.decision ? `: ${r.candidate.decision.action}` : ''}`);
  });

  withJson(withProjectOptions(deid.command('preview').description('the de-identified rendition of a transcript').argument('<transcript>', 'transcript id, unique prefix or exact title'))).action(
    async (transcript: string, opts: Record<string, unknown>) => {
      const o = parseArgs(ProjectOpts.extend(JsonOpt.shape), opts);
      await openProject(c, o);
      const { id } = await resolveTranscript(c, transcript);
      const r = await c.client.call('deid.preview', { transcriptId: id });
      if (o.json) return c.out.json(r);
      c.out.line(`${r.title} (${r.participantLabel})${r.undecided ? ` — ${r.undecided} undecided candidate(s) still shown as written` : ''}`);
      c.out.line('');
      c.out.line(r.text);
    },
  );

  withJson(
    withProjectOptions(
      deid
        .command('check')
        .description("ask the export gate whether a scope may leave the project, and why not")
        .option('--purpose <purpose>', 'quoting, archiving or sharing (default sharing)')
        .option('--transcript <id>', 'only this transcript (repeatable)', collect),
    ),
  ).action(async (opts: Record<string, unknown>) => {
    const o = parseArgs(ProjectOpts.extend({ ...JsonOpt.shape, purpose: ExportPurposeSchema.default('sharing'), transcript: z.array(z.string()).optional() }), opts);
    await openProject(c, o);
    const ids = o.transcript ? await Promise.all(o.transcript.map(async (t) => (await resolveTranscript(c, t)).id)) : undefined;
    const r = await c.client.call('deid.check', { purpose: o.purpose, transcriptIds: ids });
    if (o.json) return c.out.json(r);
    if (r.ok) c.out.line(`The gate allows it (${r.label}).`);
    else {
      c.out.line(r.reason ?? 'refused');
      c.exitCode = EXIT_ERROR;
    }
  });

  withJson(withProjectOptions(deid.command('terminology').description('check code names, definitions and memos against the Luxembourg Guidelines terms'))).action(async (opts: unknown) => {
    const o = parseArgs(ProjectOpts.extend(JsonOpt.shape), opts);
    await openProject(c, o);
    const r = await c.client.call('deid.terminology', {});
    if (o.json) return c.out.json(r);
    if (!r.length) return c.out.line('No terms to reconsider.');
    for (const w of r) for (const f of w.findings) c.out.line(`${w.where.kind} ${w.where.id} ${w.where.field}: "${f.term}" → prefer ${f.prefer}`);
  });

  withJson(
    withProjectOptions(
      deid
        .command('review-package')
        .description('seal the de-identified project to a reviewer for ethics review, signed by you')
        .option('--to <reviewer>', "the reviewer: their fingerprint or team-list name (they must hold the reviewer role)")
        .option('--out <file>', 'the package file to write (must not exist yet)')
        .option('--risk-note <text>', 'a residual-risk note for the reviewer (repeatable)', collect)
        .option('--reveal-transcript <id>', 'the reviewer may see this transcript\'s original (repeatable)', collect)
        .option('--reveal-entity <id>', 'the reviewer may see this entity\'s original text (repeatable)', collect),
    ),
  )
    .addHelpText('after', '\nEvery candidate must be decided first. Only the reviewer can open the package.\n\nExample:\n  tandai deid review-package --project study.tandai --to "Rina Reviewer" --out study.review')
    .action(async (opts: unknown) => {
      const o = parseArgs(PackageOpts, opts);
      if (!o.to) throw usageError("--to: required (the reviewer's fingerprint or team-list name)");
      if (!o.out) throw usageError('--out: required (the package file to write)');
      const out = c.out.path(o.out);
      if (existsSync(out)) throw new CliError(`${o.out} already exists; choose another name`);
      await openProject(c, o);
      await unlockIdentity(c, o, 'required');
      const revealTranscripts = o.revealTranscript ? await Promise.all(o.revealTranscript.map(async (t) => (await resolveTranscript(c, t)).id)) : undefined;
      const r = await c.client.call('deid.reviewPackage', { to: o.to, out, residualRisk: o.riskNote, revealTranscripts, revealEntities: o.revealEntity });
      if (o.json) return c.out.json(r);
      c.out.line(`Review package ${r.packageId} written to ${o.out} for ${r.reviewer.displayName} (${r.reviewer.fingerprint}): ${r.items} items.`);
      c.out.line(`Reviewed hash: ${r.reviewedHash}`);
    });

  withJson(
    withProjectOptions(
      deid
        .command('destroy-originals')
        .description("replace the originals of de-identified transcripts by their renditions and destroy the pseudonym map's originals (cannot be undone)")
        .option('--transcript <id>', 'only this transcript (repeatable; default every transcript)', collect)
        .option('--yes', 'confirm: required when not at a terminal'),
    ),
  )
    .addHelpText(
      'after',
      '\nEvery candidate in scope must be decided and the scope scanned. Each transcript\'s text, title, file name and\nattributes become their de-identified renditions; earlier versions, the source file and the candidates are\ndeleted; codings move to the same words. The project is scanned again; afterwards decide what is left and\nsend a new review package: an export is labelled "anonymised" only when the reviewer chose that and no\noriginal is left. Backups made before keep the originals.\n\nExample:\n  tandai deid destroy-originals --project study.tandai --yes',
    )
    .action(async (opts: unknown) => {
      const o = parseArgs(ProjectOpts.extend({ ...JsonOpt.shape, transcript: z.array(z.string().min(1)).optional(), yes: z.boolean().optional() }), opts);
      if (!o.yes && !c.out.interactive) throw usageError('destroying originals cannot be undone: add --yes to confirm');
      const project = await openProject(c, o);
      await unlockIdentity(c, o, 'required');
      const ids = o.transcript ? await Promise.all(o.transcript.map(async (t) => (await resolveTranscript(c, t)).id)) : undefined;
      if (!o.yes) {
        const n = ids?.length ?? project.transcriptCount;
        c.out.note(`This replaces the originals of ${n} transcript(s) in ${project.name} by their de-identified renditions and destroys the pseudonym map's originals. It cannot be undone.`);
        if (!(await c.prompt.confirmTyped(`Type ${project.name} to confirm: `, project.name))) throw new CliError('not confirmed: nothing was destroyed');
      }
      const r = await c.client.call('deid.destroyOriginals', { transcriptIds: ids, confirm: true });
      if (o.json) return c.out.json(r);
      if (r.alreadyDestroyed) c.out.line(`${r.alreadyDestroyed} transcript(s) were destroyed before and are unchanged since: left as they are.`);
      c.out.line(`Destroyed the originals of ${r.transcripts} transcript(s): ${r.versionsDeleted} earlier version(s), ${r.sourceChunksDeleted} source chunk(s), ${r.candidatesDeleted} candidate(s), ${r.entitiesDeleted} entit(ies) with ${r.pseudonymsDeleted} pseudonym(s).`);
      c.out.line(`Moved ${r.codingsMoved} coding(s) to the de-identified text; ${r.codingsOrphaned} lay wholly inside a replaced span and are now orphans there; ${r.historyCodingsDeleted} history coding(s) went with their versions.`);
      c.out.line(`Changed ${r.titlesChanged} title(s), ${r.fileNamesChanged} file name(s), ${r.attributesChanged} attribute value(s); relabelled ${r.participantsRelabelled} participant(s); deleted ${r.registerEntriesDeleted} register entr(ies) about them.`);
      c.out.line(
        r.pseudonymMapDestroyed
          ? 'The pseudonym map holds no original any more.'
          : `${r.pseudonymOriginalsLeft} pseudonym(s) still stand for an original (used in codes, memos or transcripts not destroyed): exports stay "pseudonymised".`,
      );
      if (!r.walCleared) c.out.error('The write-ahead log could not be emptied (another process has the project open): close it, then lock the project, so no earlier page image of the originals stays in the -wal file.');
      if (!r.rescanned) c.out.line(`The scan afterwards failed (${r.rescanError ?? 'unknown'}): run tandai deid scan --project … again.`);
      else c.out.line(`Scanned again: ${r.replacementsMarked} candidate(s) inside Tandai's own replacement text were decided "not an identifier"; ${r.undecidedAfter} candidate(s) are left for you to decide.`);
      c.out.line('Next: decide what is left (tandai deid list --status undecided) and send a new review package: the sign-off no longer covers the changed texts.');
    });
  return deid;
}
