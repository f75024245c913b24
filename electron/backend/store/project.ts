/**
 * An open, unlocked project: the database, the keys held in memory while unlocked, and the helpers
 * every service uses to encrypt a field in its place and to append to the audit chain in the same
 * transaction as the change it records.
 */
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { TandaiError } from '../../../shared/result.js';
import { adFor, open, openJson, openText, seal, sealJson, sealText } from '../vault/aead.js';
import { deriveSubkey, unwrapKey } from '../vault/keys.js';
import { sodium, wipe } from '../vault/sodium.js';
import { checkpoint, type Db } from './db.js';

export const PROJECT_KEY_ID = 'project';

export interface HeaderState {
  name: string;
  createdAt: string;
  audit: { count: number; hash: string };
}

export const headerAd = (projectId: string) => adFor('header', projectId, 'sealed', 'header');
export const participantKeyAd = (participantId: string) => adFor('participants', participantId, 'wrapped_key', 'master');

export class OpenProject {
  readonly fieldsKey: Uint8Array;
  readonly dedupKey: Uint8Array;
  readonly headerKey: Uint8Array;
  readonly participantKeys = new Map<string, Uint8Array>();
  header: HeaderState;
  private closed = false;
  private readonly closeHooks: (() => void)[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  private headerHeld = 0;

  constructor(
    readonly db: Db,
    readonly path: string,
    readonly id: string,
    readonly master: Uint8Array,
    readonly actorId: string | null,
    readonly openedWith: 'passphrase' | 'identity' | 'recovery',
  ) {
    this.fieldsKey = deriveSubkey(master, 'fields');
    this.dedupKey = deriveSubkey(master, 'dedup');
    this.headerKey = deriveSubkey(master, 'header');
    const row = db.prepare('SELECT sealed FROM header WHERE id = 1').get() as { sealed: Uint8Array } | undefined;
    if (!row) throw new TandaiError('NOT_A_PROJECT', `${basename(path)}: the project header is missing`);
    this.header = openJson<HeaderState>(this.headerKey, row.sealed, headerAd(id), 'the project header');
    this.loadParticipantKeys();
  }

  get name(): string {
    return basename(this.path);
  }

  private loadParticipantKeys(): void {
    const rows = this.db.prepare('SELECT id, wrapped_key FROM participants').all() as { id: string; wrapped_key: Uint8Array }[];
    for (const r of rows) {
      const key = unwrapKey(this.master, r.wrapped_key, participantKeyAd(r.id), () => new TandaiError('INTEGRITY', `integrity check failed: the data key of participant ${r.id} was altered or moved`));
      this.participantKeys.set(r.id, key);
    }
  }

  /**
   * `sql` prepared once for this connection: compiling costs 20-100 µs a call, which on paths run
   * per transcript (import, get, audit entries) adds up to more than the row work itself.
   */
  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The key for a key id: 'project' or a participant id. */
  key(keyId: string): Uint8Array {
    if (keyId === PROJECT_KEY_ID) return this.fieldsKey;
    const k = this.participantKeys.get(keyId);
    if (!k) throw new TandaiError('WITHDRAWN', `participant ${keyId} has no data key (withdrawn or unknown)`);
    return k;
  }

  sealText(table: string, rowId: string, column: string, keyId: string, text: string): Uint8Array {
    return sealText(this.key(keyId), text, adFor(table, rowId, column, keyId));
  }
  openText(table: string, rowId: string, column: string, keyId: string, blob: Uint8Array): string {
    return openText(this.key(keyId), blob, adFor(table, rowId, column, keyId), `${table}.${column} of ${rowId}`);
  }
  sealJson(table: string, rowId: string, column: string, keyId: string, value: unknown): Uint8Array {
    return sealJson(this.key(keyId), value, adFor(table, rowId, column, keyId));
  }
  openJson<T>(table: string, rowId: string, column: string, keyId: string, blob: Uint8Array): T {
    return openJson<T>(this.key(keyId), blob, adFor(table, rowId, column, keyId), `${table}.${column} of ${rowId}`);
  }
  sealBytes(table: string, rowId: string, column: string, keyId: string, bytes: Uint8Array): Uint8Array {
    return seal(this.key(keyId), bytes, adFor(table, rowId, column, keyId));
  }
  openBytes(table: string, rowId: string, column: string, keyId: string, blob: Uint8Array): Uint8Array {
    return open(this.key(keyId), blob, adFor(table, rowId, column, keyId), `${table}.${column} of ${rowId}`);
  }

  /**
   * Runs `fn` (inside the caller's transaction) writing the header row once, when `fn` returns,
   * instead of after every audit entry: a batch import appends two entries a file, and each write
   * seals the header again. If `fn` throws, nothing is written (the caller rolls back and restores
   * `header`).
   */
  withHeaderWrittenOnce<T>(fn: () => T): T {
    this.headerHeld++;
    let value: T;
    try {
      value = fn();
    } finally {
      this.headerHeld--;
    }
    if (this.headerHeld === 0) this.writeHeader();
    return value;
  }

  /** Runs `fn` in one transaction: everything it writes, including audit entries, lands or nothing does. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /**
   * Appends an audit entry (inside the caller's transaction). Entries hold ids and action codes;
   * details are encrypted under `keyId` (a participant's key for participant-specific details, so a
   * withdrawal makes them unreadable while the chain still verifies).
   */
  audit(action: string, targetId: string | null, details: Record<string, unknown> | null, keyId: string = PROJECT_KEY_ID): void {
    const seq = this.header.audit.count + 1;
    const at = new Date().toISOString();
    const detailsCt = details ? sealJson(this.key(keyId), details, adFor('audit', String(seq), 'details', keyId)) : null;
    const prev = Buffer.from(this.header.audit.hash, 'hex');
    const hash = auditHash(prev, seq, at, this.actorId, action, targetId, keyId, detailsCt);
    this.stmt('INSERT INTO audit (seq, at, actor_id, action, target_id, key_id, details_ct, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(seq, at, this.actorId, action, targetId, keyId, detailsCt, hash);
    this.header = { ...this.header, audit: { count: seq, hash: Buffer.from(hash).toString('hex') } };
    if (this.headerHeld === 0) this.writeHeader();
  }

  writeHeader(): void {
    const sealed = sealJson(this.headerKey, this.header, headerAd(this.id));
    this.stmt('UPDATE header SET sealed = ? WHERE id = 1').run(sealed);
  }

  isClosed(): boolean {
    return this.closed;
  }

  /**
   * Runs `fn` when the project closes or locks, before the keys are wiped: session caches of
   * decrypted text register here so that locking drops them.
   */
  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeHooks.push(fn);
  }

  /** Checkpoint (so the closed project is one self-contained file), close, and forget every key. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closeHooks.splice(0)) {
      try {
        fn();
      } catch {
        // A cache that fails to clear must not stop the keys from being wiped.
      }
    }
    try {
      checkpoint(this.db);
    } finally {
      this.db.close();
      for (const k of this.participantKeys.values()) wipe(k);
      this.participantKeys.clear();
      wipe(this.fieldsKey, this.dedupKey, this.headerKey, this.master);
    }
  }
}

export const GENESIS_HASH = '00'.repeat(32);

export function auditHash(prev: Uint8Array, seq: number, at: string, actor: string | null, action: string, target: string | null, keyId: string, detailsCt: Uint8Array | null): Uint8Array {
  const s = sodium();
  const state = s.crypto_generichash_init(null, 32);
  s.crypto_generichash_update(state, prev);
  s.crypto_generichash_update(state, `|${seq}|${at}|${actor ?? ''}|${action}|${target ?? ''}|${keyId}|`);
  if (detailsCt) s.crypto_generichash_update(state, detailsCt);
  return s.crypto_generichash_final(state, 32);
}
