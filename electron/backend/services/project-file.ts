/**
 * Project file lifecycle: create, open (passphrase, identity or recovery key), change passphrase,
 * recover, back up. Each opening path unwraps the same master key; the sealed header proves it right.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { newId, type ProjectId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { openJson, sealJson } from '../vault/aead.js';
import { deriveKey, kdfLabel, SALT_BYTES, type KdfParams } from '../vault/kdf.js';
import { deriveSubkey, newKey, openSealed, sealToMember, unwrapKey, wrapKey } from '../vault/keys.js';
import { assertStrongPassphrase } from '../vault/passphrase-policy.js';
import { randomBytes, wipe } from '../vault/sodium.js';
import { recoveryKeyFromPhrase, recoveryPhrase } from '../vault/words.js';
import { checkpoint, migrate, openDb, type Db } from '../store/db.js';
import { GENESIS_HASH, headerAd, OpenProject, type HeaderState } from '../store/project.js';
import { resumeVerified } from './deid/verified.js';

export const PROJECT_FORMAT = 'tandai-project';

interface HeaderRow {
  format: string;
  project_id: string;
  kdf_salt: Uint8Array;
  kdf_ops: number;
  kdf_mem: number;
  wrap_pass: Uint8Array;
  wrap_recovery: Uint8Array | null;
}

const passAd = (projectId: string, p: KdfParams, salt: Uint8Array) => `header|${projectId}|wrap_pass|${kdfLabel(p, salt)}`;
const recoveryAd = (projectId: string) => `header|${projectId}|wrap_recovery|recovery`;

export interface CreateResult {
  project: OpenProject;
  recoveryPhrase: string | null;
}

export function createProjectFile(opts: {
  path: string;
  name?: string;
  passphrase: string;
  recoveryKey: boolean;
  kdf: KdfParams;
  identity: UnlockedIdentity | null;
  nativeBinding?: string;
}): CreateResult {
  assertStrongPassphrase(opts.passphrase);
  if (!opts.path.endsWith('.tandai')) throw new TandaiError('INVALID_INPUT', `a project file name must end in .tandai (got ${basename(opts.path)})`);
  const db = openDb(opts.path, { create: true, nativeBinding: opts.nativeBinding });
  const projectId = newId<ProjectId>();
  const master = newKey();
  let recovery: Uint8Array | null = null;
  try {
    migrate(db, basename(opts.path));
    const salt = randomBytes(SALT_BYTES);
    const kek = deriveKey(opts.passphrase, salt, opts.kdf);
    const wrapPass = wrapKey(kek, master, passAd(projectId, opts.kdf, salt));
    wipe(kek);
    recovery = opts.recoveryKey ? newKey() : null;
    const wrapRecovery = recovery ? wrapKey(recovery, master, recoveryAd(projectId)) : null;
    const header: HeaderState = { name: opts.name ?? basename(opts.path, '.tandai'), createdAt: new Date().toISOString(), audit: { count: 0, hash: GENESIS_HASH } };
    const headerKey = deriveSubkey(master, 'header');
    const sealed = sealJson(headerKey, header, headerAd(projectId));
    wipe(headerKey);
    db.transaction(() => {
      db.prepare(
        'INSERT INTO header (id, format, project_id, created_at, kdf_salt, kdf_ops, kdf_mem, wrap_pass, wrap_recovery, sealed) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(PROJECT_FORMAT, projectId, header.createdAt, salt, opts.kdf.opsLimit, opts.kdf.memLimit, wrapPass, wrapRecovery, sealed);
      if (opts.identity) db.prepare('INSERT INTO member_keys (identity_id, sealed_master) VALUES (?, ?)').run(opts.identity.id, sealToMember(master, opts.identity.boxPublicKey));
    })();
  } catch (e) {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(opts.path + suffix)) unlinkSync(opts.path + suffix);
    wipe(master, recovery);
    throw e;
  }
  const phrase = recovery ? recoveryPhrase(recovery) : null;
  wipe(recovery);
  const project = new OpenProject(db, opts.path, projectId, master, opts.identity?.id ?? null, 'passphrase');
  resumeVerified(project);
  project.tx(() => project.audit('project.create', projectId, { recoveryKey: opts.recoveryKey }));
  return { project, recoveryPhrase: phrase };
}

function readHeader(db: Db, name: string): HeaderRow {
  let row: HeaderRow | undefined;
  try {
    row = db.prepare('SELECT format, project_id, kdf_salt, kdf_ops, kdf_mem, wrap_pass, wrap_recovery FROM header WHERE id = 1').get() as HeaderRow | undefined;
  } catch {
    throw new TandaiError('NOT_A_PROJECT', `${name}: not a Tandai project (no project header)`);
  }
  if (!row || row.format !== PROJECT_FORMAT) throw new TandaiError('NOT_A_PROJECT', `${name}: not a Tandai project`);
  return row;
}

/** Opens the database, checks its structure, and migrates it. */
function openChecked(path: string, nativeBinding?: string): Db {
  const name = basename(path);
  const db = openDb(path, { nativeBinding });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new TandaiError('INTEGRITY', `${name}: the file is damaged or truncated (${String(check).slice(0, 120)})`);
    migrate(db, name);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof TandaiError) throw e;
    throw new TandaiError('INTEGRITY', `${name}: the file is damaged or truncated (${(e as Error).message})`);
  }
}

export type Unlocker =
  | { kind: 'passphrase'; passphrase: string }
  | { kind: 'identity'; identity: UnlockedIdentity }
  | { kind: 'recovery'; phrase: string };

export function openProjectFile(path: string, how: Unlocker, actor: UnlockedIdentity | null, nativeBinding?: string): OpenProject {
  const name = basename(path);
  const db = openChecked(path, nativeBinding);
  try {
    const h = readHeader(db, name);
    let master: Uint8Array;
    if (how.kind === 'passphrase') {
      const params = { opsLimit: h.kdf_ops, memLimit: h.kdf_mem };
      const kek = deriveKey(how.passphrase, h.kdf_salt, params);
      master = unwrapKey(kek, h.wrap_pass, passAd(h.project_id, params, h.kdf_salt), () => new TandaiError('WRONG_PASSPHRASE', `wrong passphrase for ${name}`));
      wipe(kek);
    } else if (how.kind === 'recovery') {
      if (!h.wrap_recovery) throw new TandaiError('WRONG_RECOVERY_KEY', `${name} was created without a recovery key`);
      const rk = recoveryKeyFromPhrase(how.phrase);
      master = unwrapKey(rk, h.wrap_recovery, recoveryAd(h.project_id), () => new TandaiError('WRONG_RECOVERY_KEY', `that recovery key does not open ${name}`));
      wipe(rk);
    } else {
      const row = db.prepare('SELECT sealed_master FROM member_keys WHERE identity_id = ?').get(how.identity.id) as { sealed_master: Uint8Array } | undefined;
      if (!row) throw new TandaiError('NOT_A_MEMBER', `${name} is not shared with your identity: open it with its passphrase`);
      master = openSealed(row.sealed_master, how.identity.boxPublicKey, how.identity.boxSecretKey);
    }
    const project = new OpenProject(db, path, h.project_id, master, actor?.id ?? null, how.kind);
    resumeVerified(project);
    return project;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function changePassphrase(project: OpenProject, current: string, next: string, kdf: KdfParams): void {
  const h = readHeader(project.db, project.name);
  const params = { opsLimit: h.kdf_ops, memLimit: h.kdf_mem };
  const kek = deriveKey(current, h.kdf_salt, params);
  const check = unwrapKey(kek, h.wrap_pass, passAd(h.project_id, params, h.kdf_salt), () => new TandaiError('WRONG_PASSPHRASE', `wrong current passphrase for ${project.name}`));
  wipe(kek, check);
  setPassphrase(project, next, kdf);
}

export function setPassphrase(project: OpenProject, next: string, kdf: KdfParams): void {
  assertStrongPassphrase(next);
  const salt = randomBytes(SALT_BYTES);
  const kek = deriveKey(next, salt, kdf);
  const wrapped = wrapKey(kek, project.master, passAd(project.id, kdf, salt));
  wipe(kek);
  project.tx(() => {
    project.db.prepare('UPDATE header SET kdf_salt = ?, kdf_ops = ?, kdf_mem = ?, wrap_pass = ? WHERE id = 1').run(salt, kdf.opsLimit, kdf.memLimit, wrapped);
    project.audit('project.passphrase-changed', project.id, null);
  });
  // The old wrap must not survive in the WAL.
  checkpoint(project.db);
}

/** An encrypted copy made with VACUUM INTO, verified by opening it read-only and reading its header. */
export function backupProject(project: OpenProject, out: string, nativeBinding?: string): { path: string; bytes: number } {
  if (existsSync(out)) throw new TandaiError('ALREADY_EXISTS', `${basename(out)} already exists; choose another name`);
  checkpoint(project.db);
  project.db.prepare('VACUUM INTO ?').run(out);
  const copy = openDb(out, { readonly: true, nativeBinding });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    const h = copy.prepare('SELECT project_id, sealed FROM header WHERE id = 1').get() as { project_id: string; sealed: Uint8Array } | undefined;
    if (check !== 'ok' || !h || h.project_id !== project.id) throw new TandaiError('IO', `the backup ${basename(out)} did not verify`);
    // Opening the sealed header with this project's key proves the copy holds the same keys and data.
    const headerKey = deriveSubkey(project.master, 'header');
    try {
      openJson(headerKey, h.sealed, headerAd(project.id), `the header of backup ${basename(out)}`);
    } finally {
      wipe(headerKey);
    }
  } catch (e) {
    copy.close();
    unlinkSync(out);
    throw e;
  }
  copy.close();
  const bytes = statSync(out).size;
  // Not the file's name: a name chosen by a person may name a participant, and the log is never rewritten.
  project.tx(() => project.audit('project.backup', project.id, { bytes }));
  return { path: out, bytes };
}
