/**
 * The participant register: people, places, organisations and numbers the researcher knows.
 * An entry filed under a participant is sealed under that participant's key (and goes with their
 * withdrawal); a project-wide entry under the project key. Never exported, never in a bundle.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRegisterCsv } from '../../../../shared/deid/register-csv.js';
import type { RegisterEntry } from '../../../../shared/deid/types.js';
import { newId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { requireParticipant } from '../participants.js';
import { digest } from './keys.js';

export type RegisterRole = 'participant' | 'relative' | 'other';
export interface StoredEntry extends RegisterEntry {
  role?: RegisterRole;
}
export interface RegisterRow {
  id: string;
  participantId: string | null;
  entry: StoredEntry;
  createdAt: string;
}

const MAX_CSV_BYTES = 5 * 1024 * 1024;

export function loadRegister(p: OpenProject): RegisterRow[] {
  const rows = p.db.prepare('SELECT id, participant_id, entry_ct, created_at FROM deid_register ORDER BY created_at, id').all() as { id: string; participant_id: string | null; entry_ct: Uint8Array; created_at: string }[];
  return rows.map((r) => ({
    id: r.id,
    participantId: r.participant_id,
    entry: p.openJson<StoredEntry>('deid_register', r.id, 'entry', r.participant_id ?? PROJECT_KEY_ID, r.entry_ct),
    createdAt: r.created_at,
  }));
}

/** Must run inside a transaction. */
function insertEntry(p: OpenProject, entry: StoredEntry, participantId: string | null, at: string): RegisterRow {
  const id: string = newId();
  const keyId = participantId ?? PROJECT_KEY_ID;
  p.db.prepare('INSERT INTO deid_register (id, participant_id, entry_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?)').run(id, participantId, p.sealJson('deid_register', id, 'entry', keyId, entry), at, p.actorId);
  return { id, participantId, entry, createdAt: at };
}

export function addRegisterEntry(p: OpenProject, entry: StoredEntry, participantId: string | null): RegisterRow {
  if (participantId) requireParticipant(p, participantId);
  const at = new Date().toISOString();
  return p.tx(() => {
    const row = insertEntry(p, entry, participantId, at);
    p.audit('deid.register.add', row.id, { kind: entry.kind, aliases: entry.aliases.length, participantId }, participantId ?? PROJECT_KEY_ID);
    return row;
  });
}

/** Imports a register CSV (`kind,value,aliases,note`) in one transaction: all entries or none. */
export function importRegisterCsv(p: OpenProject, path: string, participantId: string | null): { imported: number; entries: number } {
  const name = basename(path);
  if (participantId) requireParticipant(p, participantId);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new TandaiError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  if (size > MAX_CSV_BYTES) throw new TandaiError('FILE_TOO_LARGE', `${name}: ${(size / 1048576).toFixed(1)} MB is over the 5 MB limit for a register`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    throw new TandaiError('UNKNOWN_ENCODING', `${name}: not UTF-8 text (save the register as CSV UTF-8)`);
  }
  const parsed = parseRegisterCsv(text, name);
  // A malformed file is bad input, not a wrong argument: CORRUPT_FILE (the CLI exits 1, naming the line).
  if (!parsed.ok) throw new TandaiError('CORRUPT_FILE', parsed.error.message);
  const at = new Date().toISOString();
  p.tx(() => {
    for (const e of parsed.value) insertEntry(p, e, participantId, at);
    p.audit('deid.register.import', null, { entries: parsed.value.length, participantId }, participantId ?? PROJECT_KEY_ID);
  });
  return { imported: parsed.value.length, entries: (p.db.prepare('SELECT COUNT(*) AS n FROM deid_register').get() as { n: number }).n };
}

export function removeRegisterEntry(p: OpenProject, id: string): void {
  const row = p.db.prepare('SELECT participant_id FROM deid_register WHERE id = ?').get(id) as { participant_id: string | null } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no register entry ${id}`);
  p.tx(() => {
    p.db.prepare('DELETE FROM deid_register WHERE id = ?').run(id);
    p.audit('deid.register.remove', id, null, row.participant_id ?? PROJECT_KEY_ID);
  });
}

/** Changes whenever an entry is added or removed (entries are never edited in place). */
export function registerDigest(p: OpenProject): string {
  const ids = (p.db.prepare('SELECT id FROM deid_register ORDER BY id').pluck().all() as string[]).join(',');
  return digest(p, 'register', ids);
}

const PARTICIPANT_NOTE = /(?<![\p{L}])(participant|respondent|interviewee|informant|self|survivor|victim|korban|responden|narasumber|informan|partisipan|mshiriki)(?![\p{L}'’])/iu;
const RELATIVE_NOTE =
  /(?<![\p{L}])(mother|father|mum|mom|dad|sister|brother|sibling|aunt|auntie|uncle|cousin|grand(?:mother|father|child|son|daughter|ma|pa)|son|daughter|child|husband|wife|partner|relative|niece|nephew|stepfather|stepmother|guardian|twin|ibu|ayah|bapak|kakak|adik|nenek|kakek|paman|bibi|tante|om|suami|istri|anak|cucu|sepupu|keponakan|lola|lolo|tita|tito|kuya|ate|mama|baba|dada|kaka|shangazi|mjomba|bibi|babu)(?![\p{L}])/iu;

/**
 * Who a person filed under a participant is to them, from the role given or the note: "survivor",
 * "participant" → the participant; "participant's sister", "ibu korban" → a relative.
 */
export function roleOf(row: RegisterRow): RegisterRole {
  if (row.entry.role) return row.entry.role;
  if (row.entry.kind !== 'person' || !row.participantId) return 'other';
  const note = row.entry.note;
  if (RELATIVE_NOTE.test(note)) return 'relative';
  if (PARTICIPANT_NOTE.test(note)) return 'participant';
  return 'other';
}
