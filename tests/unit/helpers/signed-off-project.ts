/**
 * A de-identified, reviewed and signed-off fixture project, for any test that needs the export gate
 * to say yes: the project helper's project (researcher identity "Test Coder", role lead) plus a
 * second identity, "Rina Reviewer", added to the team list with the reviewer role. Every transcript
 * gets consent for quoting, archiving and sharing; the project is scanned; every candidate is
 * decided (names, places, organisations and numbers replaced by pseudonyms, dates and ages
 * generalised); a review package is sealed to the reviewer, who approves it in their own backend
 * (no project), and the researcher accepts the signed decision.
 *
 *   const s = await newSignedOffProject();
 *   await s.t.call('export.run', { kind: 'qdpx', out, purpose: 'sharing' });   // passes the gate
 *   s.close();
 *
 * Synthetic data only. The reviewer's identity is made once per test process and copied.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelOutput } from '../../../shared/contract/index.js';
import { PASS, tempDir, testBackend, type TestBackend } from './backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from './project.js';

/** A synthetic interview with identifiers of each kind (no real person). */
export const DEID_TRANSCRIPT = [
  'Interviewer: Thank you for joining. Please tell me what happened.',
  'Amina: My daughter Hope Wanjiru was 13 years old then. We lived in Desa Sukamaju near SMPN 4 Sukamaju.',
  'Interviewer: Who did you call?',
  'Amina: I called Inspector Baraka Otieno on 0712 345 678 and wrote to amina.w@example.org on 3 March 2024.',
  'Interviewer: Thank you.',
  '',
].join('\n');

export interface SignedOffProject extends ProjectWithTranscript {
  /** The reviewer's backend: identity unlocked, no project open. */
  reviewer: TestBackend;
  reviewerId: string;
  reviewerFingerprint: string;
  researcherFingerprint: string;
  packagePath: string;
  decisionPath: string;
  packageId: string;
  /** Closes both backends. */
  close(): void;
}

export interface SignedOffOptions {
  text?: string;
  fileName?: string;
  /** Set consent_quoting/archiving/sharing to yes on every transcript (default true). */
  consent?: boolean;
  /** Residual-risk notes for the package. */
  residualRisk?: string[];
  /** The action per entity (default: replace names, places, organisations, numbers; generalise dates, ages). */
  decide?: (e: QueueEntity) => EntityAction;
}

let reviewerTemplate: Promise<string> | null = null;

/** The reviewer's identity home, made once and copied per test. */
async function reviewerHome(): Promise<string> {
  reviewerTemplate ??= (async () => {
    const dir = tempDir('tandai-reviewer-template-');
    const t = await testBackend(dir);
    await t.call('identity.create', { displayName: 'Rina Reviewer', passphrase: PASS });
    t.backend.close();
    return join(dir, 'home');
  })();
  return reviewerTemplate;
}

export type EntityAction = 'replace' | 'generalise' | 'redact' | 'not-identifier';
/** The queue's view of an entity, as a decision policy sees it. */
export type QueueEntity = ChannelOutput<'deid.queue'>['entities'][number];

const defaultAction = (e: QueueEntity): EntityAction => (e.type === 'DATE' || e.type === 'AGE' ? 'generalise' : 'replace');

/**
 * Decides every undecided entity, by default pseudonyms for names, places, organisations and numbers
 * and coarser dates and ages; `choose` picks another action per entity (e.g. not-identifier).
 */
export async function decideEverything(t: TestBackend, choose: (e: QueueEntity) => EntityAction = defaultAction): Promise<number> {
  let decided = 0;
  for (let round = 0; round < 6; round++) {
    const status = await t.call('deid.status', {});
    if (status.rescanNeeded || status.unscanned > 0) await t.call('deid.scan', {});
    const q = await t.call('deid.queue', { status: 'undecided', limit: 1000 });
    if (q.total === 0) {
      const again = await t.call('deid.status', {});
      if (!again.rescanNeeded && again.unscanned === 0 && again.undecided === 0) return decided;
      continue;
    }
    for (const e of q.entities) {
      const action = choose(e);
      const r = await t.backend.route('deid.decide', { entityId: e.id, action });
      if (!r.ok) await t.call('deid.decide', { entityId: e.id, action: 'redact' });
      decided++;
    }
  }
  throw new Error('decideEverything: candidates are still undecided after 6 rounds');
}

export async function newSignedOffProject(options: SignedOffOptions = {}): Promise<SignedOffProject> {
  const env = await newProjectWithTranscript({ text: options.text ?? DEID_TRANSCRIPT, fileName: options.fileName ?? 'interview-a.txt' });
  return signOff(env, options);
}

/**
 * Takes a project (made by the project helper, possibly with more transcripts, codes and memos) through
 * scan, decisions and an approved review by a second identity, so the export gate says yes.
 */
export async function signOff<E extends ProjectWithTranscript>(env: E, options: Pick<SignedOffOptions, 'consent' | 'residualRisk' | 'decide'> = {}): Promise<E & SignedOffProject> {
  const t = env.t;
  const home = join(env.dir, 'reviewer', 'home');
  mkdirSync(home, { recursive: true });
  cpSync(await reviewerHome(), home, { recursive: true });
  const reviewer = await testBackend(join(env.dir, 'reviewer'));
  const rid = await reviewer.call('identity.unlock', { passphrase: PASS });
  const member = await t.call('team.add', { card: rid.card, role: 'reviewer' });
  const me = (await t.call('identity.status', {})).identity!;

  if (options.consent !== false) {
    for (const tr of await t.call('transcripts.list', {})) {
      for (const key of ['consent_quoting', 'consent_archiving', 'consent_sharing']) await t.call('attributes.set', { transcriptId: tr.id, key, value: true });
    }
  }
  await t.call('deid.scan', {});
  await decideEverything(t, options.decide);

  const packagePath = join(env.dir, 'review.tandai-review');
  const pkg: ChannelOutput<'deid.reviewPackage'> = await t.call('deid.reviewPackage', { to: member.fingerprint, out: packagePath, residualRisk: options.residualRisk ?? ['Synthetic fixture: no residual risk.'] });
  const decisionPath = join(env.dir, 'review-decision.tandai-review');
  await reviewer.call('review.open', { path: packagePath });
  await reviewer.call('review.decide', { path: packagePath, out: decisionPath, decision: 'approved', risk: 'low' });
  await t.call('review.accept', { path: decisionPath });
  if (!existsSync(decisionPath)) throw new Error('signOff: no decision file');

  return {
    ...env,
    reviewer,
    reviewerId: rid.id,
    reviewerFingerprint: rid.fingerprint,
    researcherFingerprint: me.fingerprint,
    packagePath,
    decisionPath,
    packageId: pkg.packageId,
    close() {
      reviewer.backend.close();
      t.backend.close();
    },
  };
}
