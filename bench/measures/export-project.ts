/**
 * The project the export measures share (not a measure itself): a copy of the imported .txt corpus
 * (500 transcripts at issue scale; the merge measure takes its own copy of the original), with an
 * identity to sign manifests, consent for sharing and a country and interview type on every
 * transcript, 300 codes with every field filled, and 40
 * codings a transcript (20,000 at issue scale) spread over the codes. Then what the export gate
 * needs to say yes, as a researcher would do it: a second identity (the reviewer, its own backend
 * and home) joins the team; the project is scanned, every entity decided (names, places,
 * organisations and numbers replaced, dates and ages generalised, rescanning while decisions
 * confirm new identifiers), a review package sealed to the reviewer, approved in their backend and
 * accepted. Made through the router, untimed, once per run: the measures time only `export.run`.
 * The setup's last step is the gate check (`deid.check`), which leaves the project's items verified
 * for the session, as the de-identification screen's check does in the app; `reopen` starts a new
 * session for a figure without that.
 */
import { join } from 'node:path';
import type { Code, TranscriptSummary } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import { BENCH_PASSPHRASE, MeasureFailure, must, type Bench } from '../bench.js';
import { timed } from '../harness.js';
import { mulberry32 } from '../prng.js';

export const EXPORT_CODES = 300;
export const CODINGS_PER_TRANSCRIPT = 40;
const COUNTRIES = ['Indonesia', 'Philippines', 'Kenya', 'Ethiopia', 'Thailand', 'Cambodia', 'Viet Nam', 'Malaysia', 'Uganda', 'Tanzania', 'Rwanda', 'Mozambique', 'Namibia', 'South Africa'];
const TYPES = ['government', 'justice_stakeholder', 'caregiver', 'survivor', 'frontline_worker'];

export interface ExportBenchProject {
  route: (channel: string, input: unknown) => Promise<Result<unknown>>;
  transcripts: number;
  codes: number;
  codings: number;
  /** What the sign-off covered: entities decided, candidates, scans run. */
  deid: { entities: number; candidates: number; scans: number };
  out: string;
  /**
   * Closes the project (which stores what the gate verified, if it still holds) and opens it again:
   * a new session. Times the close and the open apart.
   */
  reopen: () => Promise<{ closeMs: number; openMs: number }>;
  /** One more coding (no reviewed item holds a coding: what the gate verified is carried over). */
  addCoding: () => Promise<void>;
  /** Moves a code within its parent (a write the gate does not carry over: the next check renders and hashes every item). */
  reorderCodes: () => Promise<void>;
}

type Route = (channel: string, input: unknown) => Promise<Result<unknown>>;

/** Scan, decide every entity, and have a second identity approve the review: the gate's yes. */
async function signOff(b: Bench, route: Route, rroute: Route): Promise<ExportBenchProject['deid'] & { reviewer: string }> {
  const rid = must(await rroute('identity.create', { displayName: 'Bench Reviewer', passphrase: BENCH_PASSPHRASE }), 'identity.create (reviewer)') as { card: string; fingerprint: string };
  const team = must(await route('team.list', {}), 'team.list') as { fingerprint: string }[];
  if (!team.some((m) => m.fingerprint === rid.fingerprint)) must(await route('team.add', { card: rid.card, role: 'reviewer' }), 'team.add');

  let scans = 0;
  let entities = 0;
  for (let round = 0; round < 8; round++) {
    must(await route('deid.scan', {}), 'deid.scan');
    scans++;
    // Decide every undecided entity (the queue gives 1,000 at a time), then scan again only if the
    // decisions confirmed identifiers the scan must now find everywhere.
    for (let before = Infinity; ; ) {
      const q = must(await route('deid.queue', { status: 'undecided', limit: 1000 }), 'deid.queue') as { total: number; entities: { id: string; type: string }[] };
      if (q.total === 0) break;
      if (q.total >= before) throw new MeasureFailure(`export: deciding did not shrink the queue (${q.total} undecided)`);
      before = q.total;
      b.log(`export: deciding ${q.entities.length} of ${q.total} undecided entities (scan ${scans})`);
      for (const e of q.entities) {
        const action = e.type === 'DATE' || e.type === 'AGE' ? 'generalise' : 'replace';
        const r = await route('deid.decide', { entityId: e.id, action });
        if (!r.ok) must(await route('deid.decide', { entityId: e.id, action: 'redact' }), 'deid.decide');
        entities++;
      }
    }
    const status = must(await route('deid.status', {}), 'deid.status') as { rescanNeeded: boolean; unscanned: number; undecided: number; candidates: number };
    if (!status.rescanNeeded && status.unscanned === 0 && status.undecided === 0) return { entities, candidates: status.candidates, scans, reviewer: rid.fingerprint };
  }
  throw new MeasureFailure('export: candidates still undecided after 8 rounds of scanning and deciding');
}

async function review(b: Bench, route: Route, rroute: Route, reviewer: string): Promise<void> {
  const dir = b.dir('export-review');
  const pkg = join(dir, 'bench.tandai-review');
  const decision = join(dir, 'bench-decision.tandai-review');
  b.log('export: review package, approval, acceptance');
  must(await route('deid.reviewPackage', { to: reviewer, out: pkg, residualRisk: ['Synthetic bench corpus.'] }), 'deid.reviewPackage');
  must(await rroute('review.decide', { path: pkg, out: decision, decision: 'approved', risk: 'low' }), 'review.decide');
  must(await route('review.accept', { path: decision }), 'review.accept');
}

export function exportBenchProject(b: Bench): Promise<ExportBenchProject> {
  return b.once('export-project', async () => {
    const src = await b.imported('txt');
    const route = (channel: string, input: unknown) => src.backend.route(channel, input);
    must(await route('project.open', { path: src.path, passphrase: BENCH_PASSPHRASE }), 'project.open');
    // A copy: the measures after this one (merge) start from the imported corpus as it was.
    const path = join(b.dir('export-project'), 'export.tandai');
    must(await route('project.backup', { out: path }), 'project.backup');
    must(await route('project.open', { path, passphrase: BENCH_PASSPHRASE }), 'project.open');
    const who = must(await route('identity.status', {}), 'identity.status') as { exists: boolean; unlocked: boolean };
    const me = (
      !who.exists
        ? must(await route('identity.create', { displayName: 'Bench Exporter', passphrase: BENCH_PASSPHRASE }), 'identity.create')
        : must(await route('identity.unlock', { passphrase: BENCH_PASSPHRASE }), 'identity.unlock')
    ) as { card: string; fingerprint: string };
    // Decisions record who made them: reopen the project under the identity (it was imported before one existed).
    must(await route('project.open', { path, passphrase: BENCH_PASSPHRASE }), 'project.open');
    // The exporter sends the review package: they are on the team (as lead).
    const team = must(await route('team.list', {}), 'team.list') as { fingerprint: string }[];
    if (!team.some((m) => m.fingerprint === me.fingerprint)) must(await route('team.add', { card: me.card, role: 'lead' }), 'team.add');

    const list = must(await route('transcripts.list', {}), 'transcripts.list') as TranscriptSummary[];
    b.log(`export: consent and attributes on ${list.length} transcripts, ${EXPORT_CODES} codes, ${list.length * CODINGS_PER_TRANSCRIPT} codings`);
    for (const [i, t] of list.entries()) {
      must(await route('attributes.set', { transcriptId: t.id, key: 'consent_sharing', value: true }), 'attributes.set');
      must(await route('attributes.set', { transcriptId: t.id, key: 'country', value: COUNTRIES[i % COUNTRIES.length] }), 'attributes.set');
      must(await route('attributes.set', { transcriptId: t.id, key: 'interview_type', value: TYPES[i % TYPES.length] }), 'attributes.set');
    }

    // 30 top-level codes with 9 children each.
    const codes: Code[] = [];
    for (let i = 0; codes.length < EXPORT_CODES; i++) {
      const parent = must(
        await route('codes.create', {
          name: `Theme ${i + 1}`,
          shortDefinition: `Short definition of theme ${i + 1}.`,
          definition: `What theme ${i + 1} covers, in two sentences. It is long enough to wrap on the page.`,
          whenToUse: 'When the respondent describes it directly.',
          whenNotToUse: 'When it is only implied.',
          examples: ['an example phrase', 'another example\nover two lines'],
        }),
        'codes.create',
      ) as Code;
      codes.push(parent);
      for (let j = 0; j < 9 && codes.length < EXPORT_CODES; j++) {
        codes.push(must(await route('codes.create', { name: `Sub-theme ${i + 1}.${j + 1}`, parentId: parent.id, definition: `Part of theme ${i + 1}.`, examples: ['a short example'] }), 'codes.create') as Code);
      }
    }

    const rnd = mulberry32(b.settings.seed ^ 0x5eed);
    let codings = 0;
    for (const t of list) {
      for (let k = 0; k < CODINGS_PER_TRANSCRIPT; k++) {
        const len = 40 + Math.floor(rnd() * 400);
        const start = Math.floor(rnd() * Math.max(1, t.chars - len));
        const code = codes[Math.floor(rnd() * codes.length)]!;
        const r = await route('codings.create', { transcriptId: t.id, versionId: t.versionId, start, end: Math.min(t.chars, start + len), codeId: code.id });
        if (r.ok) codings++;
        else if (r.error.code !== 'ALREADY_EXISTS') must(r, 'codings.create');
      }
    }
    const rev = await b.backend('export-reviewer');
    const rroute: Route = (channel, input) => rev.backend.route(channel, input);
    const { reviewer, ...deid } = await signOff(b, route, rroute);
    await review(b, route, rroute, reviewer);
    const check = must(await route('deid.check', { purpose: 'sharing' }), 'deid.check') as { ok: boolean; reason: string | null };
    if (!check.ok) throw new MeasureFailure(`export: the gate still refuses after the review: ${check.reason}`);
    b.log(`export: signed off (${deid.entities} entities decided over ${deid.scans} scans, ${deid.candidates} candidates)`);
    const reopen = async () => {
      const closed = await timed(async () => must(await route('project.lock', {}), 'project.lock'));
      const opened = await timed(async () => must(await route('project.open', { path, passphrase: BENCH_PASSPHRASE }), 'project.open'));
      return { closeMs: closed.ms, openMs: opened.ms };
    };
    let added = 0;
    const addCoding = async () => {
      const t = list[added % list.length]!;
      const start = 100 + 7 * added++;
      must(await route('codings.create', { transcriptId: t.id, versionId: t.versionId, start, end: start + 50, codeId: codes[0]!.id }), 'codings.create');
    };
    const reorderCodes = async () => {
      must(await route('codes.move', { id: codes[1]!.id, parentId: codes[0]!.id, position: 8 }), 'codes.move');
    };
    return { route, transcripts: list.length, codes: codes.length, codings, deid, out: b.dir('exports'), reopen, addCoding, reorderCodes };
  });
}
