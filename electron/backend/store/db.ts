/** Opening a `.tandai` file: SQLite in WAL with the app's pragmas, and numbered migrations. */
import Database from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { TandaiError } from '../../../shared/result.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  nativeBinding?: string;
  readonly?: boolean;
  create?: boolean;
}

/** Pragmas every connection gets. temp_store=MEMORY: SQLite never spills to a temp file. */
export function applyPragmas(db: Db, readonly = false): void {
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (readonly) return;
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a killed process loses nothing committed; the file never corrupts.
  db.pragma('synchronous = NORMAL');
  db.pragma('secure_delete = ON');
  db.pragma('wal_autocheckpoint = 1000');
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function looksLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  const name = basename(path);
  if (!opts.create) {
    if (!existsSync(path)) throw new TandaiError('NOT_FOUND', `${name}: no such project file`);
    if (!looksLikeSqlite(path)) throw new TandaiError('NOT_A_PROJECT', `${name}: not a Tandai project (not a database file, or damaged)`);
  } else if (existsSync(path)) {
    throw new TandaiError('ALREADY_EXISTS', `${name} already exists; choose another name`);
  }
  let db: Db;
  try {
    db = new Database(path, { readonly: !!opts.readonly, fileMustExist: !opts.create, nativeBinding: opts.nativeBinding });
    applyPragmas(db, !!opts.readonly);
  } catch (e) {
    throw new TandaiError('NOT_A_PROJECT', `${name}: cannot be opened as a project (${(e as Error).message})`);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to date in one transaction; refuses a file from a newer Tandai. */
export function migrate(db: Db, name: string): void {
  const v = schemaVersion(db);
  if (v > SCHEMA_VERSION) {
    throw new TandaiError('NEWER_SCHEMA', `${name} was made by a newer version of Tandai (schema ${v}; this version reads up to ${SCHEMA_VERSION}). Update Tandai to open it.`);
  }
  if (v === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let i = v; i < SCHEMA_VERSION; i++) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

export function checkpoint(db: Db): void {
  if (!db.readonly && db.open) db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * A TRUNCATE checkpoint that says whether it completed (every frame copied back and the WAL
 * emptied): another connection reading the file makes it return busy. Tried a few times.
 */
export function checkpointFully(db: Db, attempts = 5): boolean {
  if (db.readonly || !db.open) return false;
  for (let i = 0; i < attempts; i++) {
    const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    if (row && row.busy === 0 && row.log <= 0) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return false;
}
