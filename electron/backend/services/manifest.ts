/**
 * Signed export manifests and team files, and checking them offline.
 *
 * A manifest sits beside every export as `<out>.manifest.json`. It names each file with its
 * sha-256, says what was left out, the counts, the gate's label, the reviewer's sign-off and the
 * project's audit head, and who exported it (identity id, name, fingerprint, public keys). It is
 * signed Ed25519 with the exporter's identity key: a detached signature over the manifest's
 * canonical JSON without its `signature` member (keys sorted at every level, no whitespace). The
 * secret key never leaves the backend.
 *
 * A team file carries the team list (public keys, fingerprints, roles) to a machine without the
 * project, signed the same way by whoever exported it. Verifying checks the signature, every
 * file's hash, and, given a team file or an expected fingerprint, who signed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ExportManifest, TeamFile, VerifyReport } from '../../../shared/contract/channels/exports.js';
import { TandaiError } from '../../../shared/result.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { sodium } from '../vault/sodium.js';
import { fingerprint } from '../vault/words.js';

export const MANIFEST_SUFFIX = '.manifest.json';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted at every level and no whitespace: the bytes a signature covers. */
export function canonicalJson(value: unknown): string {
  // Built by concatenation, keys sorted by UTF-16 code units (as `<` compares), quoted keys cached:
  // review items with thousands of edits are hashed on every export.
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    // An array of strings only (the decisions behind a review item: thousands) is exactly what
    // JSON.stringify writes, natively: each string quoted, joined by commas (a hole as null).
    if (value.every((v) => typeof v === 'string')) return JSON.stringify(value);
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (i) out += ',';
      out += v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += quotedKey(k);
    out += typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v);
  }
  return `${out}}`;
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

const quoted = new Map<string, string>();
/** `"key":`, remembered for the short keys documents repeat (field names), not for every map key. */
function quotedKey(k: string): string {
  let q = quoted.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`;
    if (k.length <= 32 && quoted.size < 4096) quoted.set(k, q);
  }
  return q;
}

function withoutSignature(doc: Record<string, unknown>): Record<string, unknown> {
  const { signature: _signature, ...rest } = doc;
  return rest;
}

/** Signs a document (a manifest or a team file) with the identity's Ed25519 key. */
export function signDocument<T extends Record<string, unknown>>(doc: T, who: UnlockedIdentity): T & { signature: { algorithm: 'ed25519'; value: string } } {
  const sig = sodium().crypto_sign_detached(new TextEncoder().encode(canonicalJson(doc)), who.signSecretKey);
  return { ...doc, signature: { algorithm: 'ed25519' as const, value: b64(sig) } };
}

function signatureHolds(raw: Record<string, unknown>, signPublicKey: string, signature: string): boolean {
  const key = unb64(signPublicKey);
  const sig = unb64(signature);
  if (key.length !== 32 || sig.length !== 64) return false;
  return sodium().crypto_sign_verify_detached(sig, new TextEncoder().encode(canonicalJson(withoutSignature(raw))), key);
}

export function signerOf(who: UnlockedIdentity) {
  return { id: who.id, name: who.displayName, fingerprint: who.fingerprint, signPublicKey: b64(who.signPublicKey), boxPublicKey: b64(who.boxPublicKey) };
}

/** The fingerprint of keys given in base64, or null when they are not keys. */
function fingerprintOf(signPublicKey: string, boxPublicKey: string): string | null {
  const s = unb64(signPublicKey);
  const b = unb64(boxPublicKey);
  return s.length === 32 && b.length === 32 ? fingerprint(s, b) : null;
}

/** Fingerprints as people type them: any case, words joined by hyphens, spaces or commas. */
export const normaliseFingerprint = (fp: string): string =>
  fp
    .trim()
    .toLowerCase()
    .split(/[\s,;-]+/)
    .filter(Boolean)
    .join('-');

export function manifestPathFor(exportPath: string): string {
  return exportPath.endsWith(MANIFEST_SUFFIX) ? exportPath : `${exportPath}${MANIFEST_SUFFIX}`;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TandaiError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', code === 'ENOENT' ? `${basename(path)}: no such ${what}` : `${basename(path)}: cannot be read (${code ?? 'I/O error'})`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

export interface TeamList {
  file: TeamFile;
  /** Problems with the team file itself (a bad signature, a member whose keys do not match). */
  problems: string[];
}

/** Reads and checks a team file: its signature, its signer's membership, each member's fingerprint. */
export function readTeamFile(path: string): TeamList {
  const raw = readJson(path, 'team file');
  const parsed = TeamFile.safeParse(raw);
  if (!parsed.success) throw new TandaiError('CORRUPT_FILE', `${basename(path)}: not a Tandai team file (tandai team export writes one)`);
  const file = parsed.data;
  const problems: string[] = [];
  if (!signatureHolds(raw as Record<string, unknown>, file.signedBy.signPublicKey, file.signature.value)) {
    problems.push(`the team file ${basename(path)} was changed after ${file.signedBy.name} signed it`);
  }
  const signerInList = file.members.find((m) => m.signPublicKey === file.signedBy.signPublicKey);
  if (!signerInList) problems.push(`the team file was signed by ${file.signedBy.name} (${file.signedBy.fingerprint}), who is not in it`);
  for (const m of file.members) {
    if (fingerprintOf(m.signPublicKey, m.boxPublicKey) !== m.fingerprint) problems.push(`team member ${m.name}: the fingerprint does not match the keys`);
  }
  return { file, problems };
}

/** Checks an export (or its manifest) offline. Never needs a project or an identity. */
export function verifyExport(path: string, opts: { team?: string; expectSigner?: string } = {}): VerifyReport {
  const manifestPath = manifestPathFor(path);
  if (!existsSync(manifestPath)) throw new TandaiError('NOT_FOUND', `${basename(path)}: no manifest beside it (expected ${basename(manifestPath)})`);
  const raw = readJson(manifestPath, 'manifest');
  const report: VerifyReport = { ok: false, kind: null, label: null, exporter: null, reviewer: null, teamChecked: false, changed: [], problems: [] };
  const parsed = ExportManifest.safeParse(raw);
  if (!parsed.success) {
    report.problems.push(`${basename(manifestPath)} is not a Tandai export manifest (or was damaged)`);
    return report;
  }
  const m = parsed.data;
  report.kind = m.kind;
  report.label = m.label;
  report.exporter = { id: m.exporter.id, name: m.exporter.name, fingerprint: m.exporter.fingerprint };
  report.reviewer = m.reviewer ? { id: m.reviewer.reviewerId, name: null, fingerprint: m.reviewer.reviewerFingerprint, decision: m.reviewer.decision } : null;

  if (!signatureHolds(raw as Record<string, unknown>, m.exporter.signPublicKey, m.signature.value)) {
    report.problems.push('the manifest signature does not verify: the manifest was changed after it was signed, or not signed by the key it names');
  }
  if (fingerprintOf(m.exporter.signPublicKey, m.exporter.boxPublicKey) !== m.exporter.fingerprint) {
    report.problems.push("the exporter's fingerprint does not match the exporter's keys");
  }

  const dir = dirname(manifestPath);
  for (const f of m.files) {
    if (f.name !== basename(f.name) || f.name === '..' || f.name === '.') {
      report.problems.push(`the manifest names a file outside its folder: ${f.name}`);
      report.changed.push(f.name);
      continue;
    }
    const p = join(dir, f.name);
    let data: Buffer;
    try {
      data = readFileSync(p);
    } catch {
      report.changed.push(f.name);
      report.problems.push(`${f.name} is missing`);
      continue;
    }
    if (data.length !== f.bytes || sha256Hex(data) !== f.sha256) {
      report.changed.push(f.name);
      report.problems.push(`${f.name} has changed since it was exported (its sha-256 no longer matches)`);
    }
  }

  if (opts.expectSigner !== undefined && normaliseFingerprint(opts.expectSigner) !== normaliseFingerprint(m.exporter.fingerprint)) {
    report.problems.push(`signed by ${m.exporter.name} (${m.exporter.fingerprint}), not by the expected ${normaliseFingerprint(opts.expectSigner)}`);
  }

  if (opts.team !== undefined) {
    const team = readTeamFile(opts.team);
    report.teamChecked = true;
    report.problems.push(...team.problems);
    if (team.file.project.id !== m.project.id) report.problems.push(`the team file is for another project (${team.file.project.id}, the export is from ${m.project.id})`);
    const exporter = team.file.members.find((x) => x.signPublicKey === m.exporter.signPublicKey);
    if (!exporter) report.problems.push(`the exporter ${m.exporter.name} (${m.exporter.fingerprint}) is not in the team list`);
    else if (exporter.id !== m.exporter.id) report.problems.push(`the exporter's key belongs to ${exporter.name} in the team list, not to identity ${m.exporter.id}`);
    if (m.reviewer) {
      const fp = normaliseFingerprint(m.reviewer.reviewerFingerprint);
      const reviewer = team.file.members.find((x) => x.fingerprint === fp);
      if (!reviewer) report.problems.push(`the reviewer who signed off (${m.reviewer.reviewerFingerprint}) is not in the team list`);
      else {
        report.reviewer = { ...report.reviewer!, name: reviewer.name };
        if (reviewer.role !== 'reviewer') report.problems.push(`${reviewer.name} signed off as reviewer but is a ${reviewer.role} in the team list`);
      }
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}
