/**
 * Ethics review. The researcher prepares a package sealed to a reviewer from the team list: the
 * de-identified items, the replacement register, the flagged-but-kept register with reasons, scan
 * coverage of the peripheral channels, replacement counts per category and per document,
 * residual-risk notes, and originals only for what the researcher marked "reviewer may see the
 * original" (listed). The reviewer — no project needed — opens it, reveals originals (recorded),
 * comments per item, rates residual risk and approves, approves with conditions or returns it, in
 * a signed decision file sealed back to the researcher, who accepts it into the project.
 *
 * A sign-off counts only when its signer holds the reviewer role in the team list, is the
 * reviewer the package was sealed to, and is not its author; it signs the hash of exactly what was
 * reviewed, and is void for every item that changed since (items.ts).
 */
import { z } from 'zod';
import { DeidCoverage, type ReviewPackageView } from '../../../../shared/contract/channels/deid.js';
import { AttributeValue, Uuid } from '../../../../shared/contract/schemas.js';
import { ENTITY_TYPES } from '../../../../shared/deid/types.js';
import { newId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import type { UnlockedIdentity } from '../../identity/keystore.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { sodium } from '../../vault/sodium.js';
import { fingerprint } from '../../vault/words.js';
import { resolveMember } from '../bundles.js';
import type { SignOff } from '../export-gate.js';
import { canonicalJson, sha256Hex } from '../manifest.js';
import { readVersion } from '../transcripts.js';
import { computeItems, itemHash, reviewedHashOf, type ComputedItem, type ItemFacts, type PackageItem } from './items.js';
import { candidateText, getDecision, decisionReason, type TextRef } from './rows.js';
import { lastCoverage } from './scan.js';
import { readSealedFile, writeSealedFile, type SignerInfo } from './sealed-file.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

// ---------------------------------------------------------------------------------------------
// Package content

const EntityType = z.enum(ENTITY_TYPES);
const Action = z.enum(['replace', 'generalise', 'redact', 'keep', 'not-identifier']);
const Person = z.object({ identityId: Uuid, displayName: z.string(), fingerprint: z.string() });
const KeyedPerson = Person.extend({ signPublicKey: z.string(), boxPublicKey: z.string() });
const Item = z.object({
  key: z.string(),
  kind: z.enum(['transcript', 'code', 'memo']),
  id: Uuid,
  title: z.string(),
  text: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  participant: z.string().nullable(),
  versionId: Uuid.nullable(),
  edits: z.array(z.object({ candidateId: z.string(), entityId: z.string(), type: EntityType, action: Action, replacement: z.string().nullable() })),
  kept: z.array(z.object({ candidateId: z.string(), entityId: z.string(), decisionId: z.string(), type: EntityType, text: z.string(), reason: z.string() })),
  hash: z.string(),
});
const PackageContent = z.object({
  format: z.literal('tandai-review-package'),
  version: z.literal(1),
  packageId: Uuid,
  createdAt: z.string(),
  project: z.object({ id: Uuid, name: z.string() }),
  author: KeyedPerson,
  reviewer: Person,
  items: z.array(Item),
  replacementRegister: z.array(z.object({ entityId: Uuid, type: EntityType, action: Action, replacement: z.string().nullable(), occurrences: z.number().int(), documents: z.number().int(), originalAvailable: z.boolean() })),
  keptRegister: z.array(z.object({ candidateId: Uuid.nullable(), entityId: Uuid, type: EntityType, text: z.string(), reason: z.string(), decidedBy: Uuid, decidedAt: z.string(), occurrences: z.number().int() })),
  coverage: DeidCoverage,
  counts: z.object({ byCategory: z.record(z.string(), z.number().int()), byDocument: z.array(z.object({ key: z.string(), title: z.string(), byCategory: z.record(z.string(), z.number().int()) })) }),
  residualRisk: z.array(z.string()),
  originalsIncluded: z.array(z.string()),
  originals: z.record(z.string(), z.string()),
  restHash: z.string(),
  reviewedHash: z.string(),
});
export type PackageContent = z.infer<typeof PackageContent>;

const SignOffDoc = z.object({
  projectId: Uuid,
  packageId: Uuid,
  reviewedHash: z.string(),
  reviewerId: Uuid,
  reviewerFingerprint: z.string(),
  decision: z.enum(['approved', 'approved-with-conditions', 'returned']),
  conditions: z.string().nullable(),
  label: z.enum(['pseudonymised', 'anonymised']),
  signedAt: z.string(),
});
const DecisionContent = z.object({
  format: z.literal('tandai-review-decision'),
  version: z.literal(1),
  decisionId: Uuid,
  packageId: Uuid,
  project: z.object({ id: Uuid }),
  reviewedHash: z.string(),
  decision: z.enum(['approved', 'approved-with-conditions', 'returned']),
  conditions: z.string().nullable(),
  reason: z.string().nullable(),
  risk: z.enum(['low', 'medium', 'high', 'not-rated']),
  label: z.enum(['pseudonymised', 'anonymised']),
  comments: z.array(z.object({ key: z.string(), text: z.string() })),
  revealed: z.array(z.string()),
  signedAt: z.string(),
  reviewer: KeyedPerson,
  author: z.object({ identityId: Uuid, fingerprint: z.string() }),
  signOff: SignOffDoc,
  signOffSignature: z.string(),
});
export type DecisionContent = z.infer<typeof DecisionContent>;

const restHashOf = (c: Pick<PackageContent, 'replacementRegister' | 'keptRegister' | 'coverage' | 'counts' | 'residualRisk' | 'originalsIncluded' | 'originals'>) =>
  sha256Hex(canonicalJson({ replacementRegister: c.replacementRegister, keptRegister: c.keptRegister, coverage: c.coverage, counts: c.counts, residualRisk: c.residualRisk, originalsIncluded: c.originalsIncluded, originals: c.originals }));

// ---------------------------------------------------------------------------------------------
// The researcher's side: making a package

export interface PackageInput {
  to: string;
  out: string;
  residualRisk?: string[];
  revealTranscripts?: string[];
  revealEntities?: string[];
}

function registers(p: OpenProject, items: ComputedItem[], revealEntities: ReadonlySet<string>) {
  const repl = new Map<string, { entityId: string; type: (typeof ENTITY_TYPES)[number]; action: z.infer<typeof Action>; replacement: string | null; occurrences: number; docs: Set<string> }>();
  const kept = new Map<string, PackageContent['keptRegister'][number]>();
  const byCategory: Record<string, number> = {};
  const byDocument: PackageContent['counts']['byDocument'] = [];
  for (const ci of items) {
    const doc: Record<string, number> = {};
    for (const e of ci.item.edits) {
      const k = `${e.entityId}|${e.action}|${e.replacement ?? ''}`;
      const r = repl.get(k) ?? { entityId: e.entityId, type: e.type, action: e.action, replacement: e.replacement, occurrences: 0, docs: new Set<string>() };
      r.occurrences++;
      r.docs.add(ci.item.key);
      repl.set(k, r);
      byCategory[e.type] = (byCategory[e.type] ?? 0) + 1;
      doc[e.type] = (doc[e.type] ?? 0) + 1;
    }
    byDocument.push({ key: ci.item.key, title: ci.item.title, byCategory: doc });
    for (const k of ci.item.kept) {
      const d = getDecision(p, k.decisionId)!;
      const had = kept.get(k.decisionId);
      if (had) had.occurrences++;
      else kept.set(k.decisionId, { candidateId: d.candidate_id, entityId: k.entityId, type: k.type, text: k.text, reason: decisionReason(p, d) ?? '', decidedBy: d.decided_by, decidedAt: d.decided_at, occurrences: 1 });
    }
  }
  return {
    replacementRegister: [...repl.values()].map((r) => ({ entityId: r.entityId, type: r.type, action: r.action, replacement: r.replacement, occurrences: r.occurrences, documents: r.docs.size, originalAvailable: revealEntities.has(r.entityId) })),
    keptRegister: [...kept.values()],
    counts: { byCategory, byDocument },
  };
}

/** Refuses while something in scope is unscanned or undecided (a reviewer reviews decisions, not gaps). */
export function assertReviewable(items: ComputedItem[], rescanNeeded: boolean): void {
  if (rescanNeeded) throw new TandaiError('CONFLICT', 'the register changed, or decisions confirmed new identifiers, since the last scan: run the scan again so they are found everywhere');
  const unscanned = items.filter((i) => i.unscanned.length);
  if (unscanned.length) throw new TandaiError('CONFLICT', `${unscanned.length} item(s) changed or were added since the last scan (${unscanned.slice(0, 5).map((i) => i.item.key).join(', ')}${unscanned.length > 5 ? ', …' : ''}): run the scan again`);
  const undecided = items.filter((i) => i.undecided > 0);
  if (undecided.length) {
    const n = undecided.reduce((s, i) => s + i.undecided, 0);
    throw new TandaiError('CONFLICT', `${n} candidate(s) are undecided in ${undecided.length} item(s) (${undecided.slice(0, 5).map((i) => i.item.key).join(', ')}${undecided.length > 5 ? ', …' : ''}): decide them in the review queue first`);
  }
}

export function createReviewPackage(p: OpenProject, me: UnlockedIdentity, input: PackageInput, rescanNeeded: boolean) {
  const reviewer = resolveMember(p, input.to);
  if (reviewer.identityId === me.id) throw new TandaiError('FORBIDDEN', 'you cannot review your own package: choose a reviewer from the team list');
  const role = p.db.prepare('SELECT role FROM team WHERE identity_id = ?').pluck().get(reviewer.identityId) as string | undefined;
  if (role !== 'reviewer') throw new TandaiError('FORBIDDEN', `${reviewer.displayName} does not hold the reviewer role in the team list (add them with the role "reviewer")`);
  const me_ = p.db.prepare('SELECT 1 FROM team WHERE identity_id = ? AND sign_pub = ?').get(me.id, me.signPublicKey);
  if (!me_) throw new TandaiError('FORBIDDEN', 'your identity is not in this project\'s team list: only a team member can send a package for review');

  const items = computeItems(p);
  assertReviewable(items, rescanNeeded);
  const known = new Set(items.filter((i) => i.item.kind === 'transcript').map((i) => i.item.id));
  for (const id of input.revealTranscripts ?? []) if (!known.has(id)) throw new TandaiError('NOT_FOUND', `no transcript ${id} in this project`);
  const revealEntities = new Set(input.revealEntities ?? []);
  for (const id of revealEntities) if (!p.db.prepare('SELECT 1 FROM deid_entities WHERE id = ?').get(id)) throw new TandaiError('NOT_FOUND', `no entity ${id} in this project`);

  const originals: Record<string, string> = {};
  for (const id of input.revealTranscripts ?? []) originals[`transcript:${id}`] = readVersion(p, id).text;
  for (const id of revealEntities) {
    const c = p.db.prepare('SELECT id, participant_id, text_ct, source_kind, rev, start, "end" FROM deid_candidates WHERE entity_id = ? ORDER BY current DESC, "end" - start DESC, id LIMIT 1').get(id) as TextRef | undefined;
    if (c) originals[`entity:${id}`] = candidateText(p, c);
  }
  const packageId: string = newId();
  const regs = registers(p, items, revealEntities);
  const coverage = lastCoverage(p) ?? { transcripts: 0, speakerLabels: 0, titles: 0, fileNames: 0, utteranceMetadata: 0, attributeValues: 0, memos: 0, codeNames: 0, codeFields: 0, candidatesBySource: {} };
  const rest = {
    replacementRegister: regs.replacementRegister,
    keptRegister: regs.keptRegister,
    coverage,
    counts: regs.counts,
    residualRisk: input.residualRisk ?? [],
    originalsIncluded: Object.keys(originals).sort(),
    originals,
  };
  const restHash = restHashOf(rest);
  const reviewedHash = reviewedHashOf(packageId, p.id, items.map((i) => ({ key: i.item.key, hash: i.hash })), restHash);
  const content: PackageContent = {
    format: 'tandai-review-package',
    version: 1,
    packageId,
    createdAt: new Date().toISOString(),
    project: { id: p.id, name: p.header.name },
    author: { identityId: me.id, displayName: me.displayName, fingerprint: me.fingerprint, signPublicKey: b64(me.signPublicKey), boxPublicKey: b64(me.boxPublicKey) },
    reviewer: { identityId: reviewer.identityId, displayName: reviewer.displayName, fingerprint: reviewer.fingerprint },
    items: items.map((i) => ({ ...i.item, hash: i.hash })),
    ...rest,
    restHash,
    reviewedHash,
  };
  const header = p.header;
  try {
    return p.tx(() => {
      p.db
        .prepare('INSERT INTO deid_review_packages (id, reviewer_id, author_id, created_at, reviewed_hash, items_ct) VALUES (?, ?, ?, ?, ?, ?)')
        .run(packageId, reviewer.identityId, me.id, content.createdAt, reviewedHash, p.sealJson('deid_review_packages', packageId, 'items', PROJECT_KEY_ID, items.map((i) => ({ key: i.item.key, hash: i.hash, state: i.state }))));
      p.audit('deid.review.package', packageId, {
        reviewerId: reviewer.identityId,
        reviewerFingerprint: reviewer.fingerprint,
        items: items.length,
        originalsIncluded: rest.originalsIncluded,
        reviewedHash,
      });
      // Written last, inside the transaction: a failed write leaves no package row behind.
      const bytes = writeSealedFile(input.out, me, reviewer, 'tandai-review-package', packageId, content);
      return { packageId, path: input.out, bytes, reviewer: { identityId: reviewer.identityId, displayName: reviewer.displayName, fingerprint: reviewer.fingerprint }, reviewedHash, items: items.length };
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// The reviewer's side (no project)

export interface OpenedPackage {
  content: PackageContent;
  signer: SignerInfo;
  problems: string[];
}

/** Opens and checks a package sealed to `me`: the seal, the signature, that its author signed it, and every hash in it. */
export function openPackage(path: string, me: UnlockedIdentity, expectSigner?: string): OpenedPackage {
  const opened = readSealedFile(path, me, 'tandai-review-package');
  const parsed = PackageContent.safeParse(opened.content);
  if (!parsed.success) throw new TandaiError('CORRUPT_FILE', `${path.replace(/^.*[/\\]/, '')}: the package's content is damaged (${parsed.error.issues[0]?.path.join('.') ?? 'content'})`);
  const c = parsed.data;
  const problems: string[] = [];
  if (c.packageId !== opened.header.id) problems.push('the header and the signed content name different packages');
  if (c.author.signPublicKey !== b64(opened.signer.signPublicKey)) problems.push(`signed by ${opened.signer.displayName} (${opened.signer.fingerprint}), not by the author it names (${c.author.displayName}, ${c.author.fingerprint})`);
  if (fingerprint(unb64(c.author.signPublicKey), unb64(c.author.boxPublicKey)) !== c.author.fingerprint) problems.push("the author's fingerprint does not match their keys");
  if (expectSigner && normalise(expectSigner) !== opened.signer.fingerprint) problems.push(`signed by ${opened.signer.fingerprint}, not by the expected ${normalise(expectSigner)}`);
  if (c.reviewer.identityId !== me.id) problems.push(`made for ${c.reviewer.displayName}, not for you`);
  const badItems = c.items.filter((i) => itemHash(stripHash(i)) !== i.hash);
  if (badItems.length) problems.push(`${badItems.length} item(s) do not match their hash (${badItems.slice(0, 3).map((i) => i.key).join(', ')})`);
  if (restHashOf(c) !== c.restHash) problems.push('the registers, counts or notes do not match their hash');
  if (reviewedHashOf(c.packageId, c.project.id, c.items, c.restHash) !== c.reviewedHash) problems.push('the reviewed hash does not match the content');
  return { content: c, signer: opened.signer, problems };
}

const normalise = (fp: string) => fp.trim().toLowerCase().split(/[\s,;-]+/).filter(Boolean).join('-');
const stripHash = (i: PackageContent['items'][number]): PackageItem => {
  const { hash: _h, ...rest } = i;
  return rest;
};

export function packageView(o: OpenedPackage, revealed: readonly string[]): ReviewPackageView {
  const c = o.content;
  return {
    packageId: c.packageId,
    createdAt: c.createdAt,
    project: c.project,
    author: { identityId: c.author.identityId, displayName: c.author.displayName, fingerprint: c.author.fingerprint },
    reviewer: c.reviewer,
    verified: true,
    reviewedHash: c.reviewedHash,
    items: c.items.map((i) => ({
      key: i.key,
      kind: i.kind,
      id: i.id,
      title: i.title,
      text: i.text,
      attributes: i.attributes,
      replacements: i.edits.length,
      kept: i.kept.length,
      originalAvailable: c.originalsIncluded.includes(i.key),
      hash: i.hash,
    })),
    replacementRegister: c.replacementRegister,
    keptRegister: c.keptRegister,
    coverage: c.coverage,
    counts: c.counts,
    residualRisk: c.residualRisk,
    originalsIncluded: c.originalsIncluded,
    revealed: [...revealed],
  };
}

/** Opens a package for review; refuses one that fails a check, naming why. */
export function openForReview(path: string, me: UnlockedIdentity, expectSigner?: string): OpenedPackage {
  const o = openPackage(path, me, expectSigner);
  if (o.problems.length) throw new TandaiError('INTEGRITY', `${path.replace(/^.*[/\\]/, '')} fails verification: ${o.problems.join('; ')}`);
  return o;
}

export interface DecideReviewInput {
  path: string;
  out: string;
  decision: 'approved' | 'approved-with-conditions' | 'returned';
  conditions?: string;
  reason?: string;
  comments?: { key: string; text: string }[];
  risk?: 'low' | 'medium' | 'high' | 'not-rated';
  label?: 'pseudonymised' | 'anonymised';
}

export function writeReviewDecision(me: UnlockedIdentity, input: DecideReviewInput, revealed: readonly string[]) {
  const o = openForReview(input.path, me);
  const c = o.content;
  let decision = input.decision;
  const conditions = input.conditions?.trim() || null;
  const reason = input.reason?.trim() || null;
  if (decision === 'approved' && conditions) decision = 'approved-with-conditions';
  if (decision === 'approved-with-conditions' && !conditions) throw new TandaiError('INVALID_INPUT', 'approving with conditions needs the conditions');
  if (decision === 'returned' && !reason) throw new TandaiError('INVALID_INPUT', 'returning a package needs a reason');
  const keys = new Set([...c.items.map((i) => i.key), ...c.replacementRegister.map((r) => `entity:${r.entityId}`), ...c.keptRegister.map((k) => `entity:${k.entityId}`)]);
  for (const cm of input.comments ?? []) if (!keys.has(cm.key)) throw new TandaiError('INVALID_INPUT', `a comment names ${cm.key}, which is not an item of this package`);
  const decisionId: string = newId();
  const signedAt = new Date().toISOString();
  const label = input.label ?? 'pseudonymised';
  const signOff = {
    projectId: c.project.id,
    packageId: c.packageId,
    reviewedHash: c.reviewedHash,
    reviewerId: me.id,
    reviewerFingerprint: me.fingerprint,
    decision,
    conditions,
    label,
    signedAt,
  };
  const signOffSignature = b64(sodium().crypto_sign_detached(new TextEncoder().encode(canonicalJson(signOff)), me.signSecretKey));
  const content: DecisionContent = {
    format: 'tandai-review-decision',
    version: 1,
    decisionId,
    packageId: c.packageId,
    project: { id: c.project.id },
    reviewedHash: c.reviewedHash,
    decision,
    conditions,
    reason,
    risk: input.risk ?? 'not-rated',
    label,
    comments: input.comments ?? [],
    revealed: [...revealed].sort(),
    signedAt,
    reviewer: { identityId: me.id, displayName: me.displayName, fingerprint: me.fingerprint, signPublicKey: b64(me.signPublicKey), boxPublicKey: b64(me.boxPublicKey) },
    author: { identityId: c.author.identityId, fingerprint: c.author.fingerprint },
    signOff,
    signOffSignature,
  };
  const bytes = writeSealedFile(input.out, me, { fingerprint: c.author.fingerprint, boxPublicKey: unb64(c.author.boxPublicKey) }, 'tandai-review-decision', decisionId, content);
  return { decisionId, path: input.out, bytes, reviewedHash: c.reviewedHash, revealed: content.revealed };
}

// ---------------------------------------------------------------------------------------------
// Back at the researcher's: accepting a decision

export function openDecision(path: string, me: UnlockedIdentity): { content: DecisionContent; signer: SignerInfo; problems: string[] } {
  const opened = readSealedFile(path, me, 'tandai-review-decision');
  const parsed = DecisionContent.safeParse(opened.content);
  if (!parsed.success) throw new TandaiError('CORRUPT_FILE', `${path.replace(/^.*[/\\]/, '')}: the decision's content is damaged (${parsed.error.issues[0]?.path.join('.') ?? 'content'})`);
  const c = parsed.data;
  const problems: string[] = [];
  if (c.decisionId !== opened.header.id) problems.push('the header and the signed content name different decisions');
  if (c.reviewer.signPublicKey !== b64(opened.signer.signPublicKey)) problems.push(`signed by ${opened.signer.displayName} (${opened.signer.fingerprint}), not by the reviewer it names (${c.reviewer.displayName}, ${c.reviewer.fingerprint})`);
  const so = c.signOff;
  if (so.packageId !== c.packageId || so.reviewedHash !== c.reviewedHash || so.decision !== c.decision || so.reviewerId !== c.reviewer.identityId || so.label !== c.label || so.projectId !== c.project.id || so.conditions !== c.conditions) {
    problems.push('the sign-off does not match the decision around it');
  }
  if (!sodium().crypto_sign_verify_detached(unb64(c.signOffSignature), new TextEncoder().encode(canonicalJson(so)), unb64(c.reviewer.signPublicKey))) problems.push("the sign-off's own signature does not hold");
  return { content: c, signer: opened.signer, problems };
}

interface PackageRow {
  id: string;
  reviewer_id: string;
  author_id: string;
  created_at: string;
  reviewed_hash: string;
  items_ct: Uint8Array;
}

export function acceptDecision(p: OpenProject, me: UnlockedIdentity, path: string) {
  const name = path.replace(/^.*[/\\]/, '');
  const o = openDecision(path, me);
  if (o.problems.length) throw new TandaiError('INTEGRITY', `${name} fails verification: ${o.problems.join('; ')}`);
  const c = o.content;
  if (c.project.id !== p.id) throw new TandaiError('FORBIDDEN', `${name} is a decision about another project (${c.project.id})`);
  const pkg = p.db.prepare('SELECT * FROM deid_review_packages WHERE id = ?').get(c.packageId) as PackageRow | undefined;
  if (!pkg) throw new TandaiError('NOT_FOUND', `${name} answers package ${c.packageId}, which was not sent from this project`);
  if (pkg.reviewed_hash !== c.reviewedHash) throw new TandaiError('INTEGRITY', `${name} signs a different content than package ${c.packageId} held: it cannot count as its sign-off`);
  const team = p.db.prepare('SELECT identity_id, role, sign_pub FROM team WHERE sign_pub = ?').get(o.signer.signPublicKey) as { identity_id: string; role: string; sign_pub: Uint8Array } | undefined;
  if (!team) throw new TandaiError('FORBIDDEN', `${name} is signed by a key not in this project's team list (${o.signer.displayName}, ${o.signer.fingerprint})`);
  if (team.identity_id !== c.reviewer.identityId) throw new TandaiError('FORBIDDEN', `${name} is signed by a key the team list holds for someone else (${o.signer.fingerprint})`);
  if (team.role !== 'reviewer') throw new TandaiError('FORBIDDEN', `${name} is signed by ${o.signer.displayName}, who does not hold the reviewer role in the team list`);
  if (team.identity_id === pkg.author_id) throw new TandaiError('FORBIDDEN', `${name} is signed by the package's own author: a sign-off must come from someone else`);
  if (team.identity_id !== pkg.reviewer_id) throw new TandaiError('FORBIDDEN', `${name} is signed by ${o.signer.displayName}, but package ${c.packageId} was sealed to another reviewer`);
  if (p.db.prepare('SELECT 1 FROM deid_review_decisions WHERE id = ?').get(c.decisionId)) throw new TandaiError('ALREADY_EXISTS', `${name} was already accepted`);
  const receivedAt = new Date().toISOString();
  const header = p.header;
  try {
    p.tx(() => {
      p.db
        .prepare('INSERT INTO deid_review_decisions (id, package_id, reviewer_id, decision, signed_at, received_at, received_by, data_ct) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(c.decisionId, c.packageId, team.identity_id, c.decision, c.signedAt, receivedAt, p.actorId, p.sealJson('deid_review_decisions', c.decisionId, 'data', PROJECT_KEY_ID, c));
      p.audit('deid.review.accept', c.decisionId, { packageId: c.packageId, decision: c.decision, reviewerId: team.identity_id, reviewerFingerprint: o.signer.fingerprint, risk: c.risk, label: c.label, comments: c.comments.length, revealed: c.revealed, reviewedHash: c.reviewedHash });
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  return {
    packageId: c.packageId,
    decision: c.decision,
    reviewer: { identityId: c.reviewer.identityId, displayName: c.reviewer.displayName, fingerprint: c.reviewer.fingerprint },
    conditions: c.conditions,
    reason: c.reason,
    risk: c.risk,
    label: c.label,
    comments: c.comments.length,
    signOffId: c.decision === 'returned' ? null : c.decisionId,
  };
}

// ---------------------------------------------------------------------------------------------
// Whether a sign-off holds for a scope

export interface SignOffState {
  state: 'none' | 'valid' | 'void' | 'returned';
  signOff: SignOff | null;
  label: 'pseudonymised' | 'anonymised';
  reviewer: string | null;
  at: string | null;
  voidFor: { kind: string; id: string; why: string }[];
}

export function latestDecision(p: OpenProject): { content: DecisionContent; pkg: PackageRow } | null {
  const row = p.db.prepare('SELECT id, package_id, data_ct FROM deid_review_decisions ORDER BY received_at DESC, id DESC LIMIT 1').get() as { id: string; package_id: string; data_ct: Uint8Array } | undefined;
  if (!row) return null;
  const content = p.openJson<DecisionContent>('deid_review_decisions', row.id, 'data', PROJECT_KEY_ID, row.data_ct);
  const pkg = p.db.prepare('SELECT * FROM deid_review_packages WHERE id = ?').get(row.package_id) as PackageRow;
  return { content, pkg };
}

/** The sign-off in force and whether it holds for `items` (those in scope, computed now). */
export function signOffFor(p: OpenProject, items: readonly ItemFacts[]): SignOffState {
  const latest = latestDecision(p);
  if (!latest) return { state: 'none', signOff: null, label: 'pseudonymised', reviewer: null, at: null, voidFor: [] };
  const c = latest.content;
  const base = { label: c.label, reviewer: c.reviewer.displayName, at: c.signedAt };
  if (c.decision === 'returned') return { ...base, state: 'returned', signOff: null, voidFor: [] };
  const voidFor: SignOffState['voidFor'] = [];
  const team = p.db.prepare('SELECT identity_id, role, sign_pub FROM team WHERE identity_id = ?').get(c.reviewer.identityId) as { identity_id: string; role: string; sign_pub: Uint8Array } | undefined;
  if (!team || team.role !== 'reviewer' || b64(team.sign_pub) !== c.reviewer.signPublicKey) voidFor.push({ kind: 'reviewer', id: c.reviewer.identityId, why: 'the reviewer no longer holds the reviewer role with this key in the team list' });
  if (c.reviewer.identityId === latest.pkg.author_id) voidFor.push({ kind: 'reviewer', id: c.reviewer.identityId, why: 'signed by the package author' });
  const signed = new Map(p.openJson<{ key: string; hash: string; state: string }[]>('deid_review_packages', latest.pkg.id, 'items', PROJECT_KEY_ID, latest.pkg.items_ct).map((i) => [i.key, i]));
  for (const it of items) {
    const s = signed.get(it.item.key);
    const [kind, id] = it.item.key.split(':') as [string, string];
    if (!s) voidFor.push({ kind, id, why: 'not in the reviewed package (added since)' });
    else if (s.hash !== it.hash || s.state !== it.state) voidFor.push({ kind, id, why: 'changed since the review (text, decision, definition or attribute)' });
  }
  const signOff: SignOff = {
    reviewerId: c.reviewer.identityId,
    reviewerFingerprint: c.reviewer.fingerprint,
    decision: c.decision,
    conditions: c.conditions,
    signedAt: c.signedAt,
    reviewedHash: c.reviewedHash,
  };
  return { ...base, state: voidFor.length ? 'void' : 'valid', signOff: voidFor.length ? null : signOff, voidFor };
}

/**
 * Pseudonyms whose original is still held. Destroying originals (destroy.ts) deletes the rows it can
 * and seals an empty original in place of a participant's (their [Participant n] stays in use).
 */
export function pseudonymOriginalsLeft(p: OpenProject): number {
  const rows = p.db.prepare('SELECT id, participant_id, original_ct FROM deid_pseudonyms').all() as { id: string; participant_id: string | null; original_ct: Uint8Array }[];
  return rows.filter((r) => p.openText('deid_pseudonyms', r.id, 'original', r.participant_id ?? PROJECT_KEY_ID, r.original_ct) !== '').length;
}

/** The pseudonym map is gone when no row holds an original any more. */
export function pseudonymMapDestroyed(p: OpenProject): boolean {
  return pseudonymOriginalsLeft(p) === 0;
}

