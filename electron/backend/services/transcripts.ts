/**
 * Importing, listing and reading transcripts. Each imported file is one transaction: a batch killed
 * mid-way leaves every committed transcript intact. Text, titles, file names, utterance metadata and
 * attribute values are encrypted under the participant's key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { AttributeDef, AttributeValue, Emit, ImportFileResult, TranscriptDetail, TranscriptSummary, Utterance } from '../../../shared/contract/index.js';
import { BUILTIN_ATTRIBUTES, coerceAttribute } from '../../../shared/domain/attributes.js';
import { newId, type TranscriptId, type TranscriptVersionId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import { countWords } from '../../../shared/text/words.js';
import { MAX_IMPORT_BYTES, readTranscriptFile, type ImportedTranscript } from '../formats/index.js';
import { keyedHash } from '../vault/keys.js';
import { encryptStream, decryptStream } from '../vault/stream.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { ParticipantIndex } from './participants.js';

export const IMPORTABLE = new Set(['.txt', '.md', '.docx', '.vtt', '.srt']);

/** Files named directly, and importable files found (recursively, sorted) in folders named. */
export function expandPaths(paths: string[]): { files: string[]; skipped: ImportFileResult[] } {
  const files: string[] = [];
  const skipped: ImportFileResult[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (IMPORTABLE.has(extname(e.name).toLowerCase())) files.push(full);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      skipped.push({ path: p, status: 'rejected', code: 'NOT_FOUND', message: `${basename(p)}: no such file or folder` });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, skipped };
}

// Utterances are packed as int32 sextuples (start, end, labelStart, labelEnd, tStartMs, tEndMs), -1 = none.
const FIELDS = 6;
export function packUtterances(us: Utterance[]): Uint8Array {
  const a = new Int32Array(us.length * FIELDS);
  us.forEach((u, i) => {
    a.set([u.start, u.end, u.labelStart ?? -1, u.labelEnd ?? -1, u.tStartMs ?? -1, u.tEndMs ?? -1], i * FIELDS);
  });
  return new Uint8Array(a.buffer);
}
export function unpackUtterances(bytes: Uint8Array, text: string): Utterance[] {
  const a = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out: Utterance[] = [];
  const n = (v: number) => (v < 0 ? null : v);
  for (let i = 0; i < a.length; i += FIELDS) {
    const ls = n(a[i + 2]!);
    const le = n(a[i + 3]!);
    out.push({ start: a[i]!, end: a[i + 1]!, labelStart: ls, labelEnd: le, speaker: ls !== null && le !== null ? text.slice(ls, le) : null, tStartMs: n(a[i + 4]!), tEndMs: n(a[i + 5]!) });
  }
  return out;
}

export function attributeDefs(p: OpenProject): AttributeDef[] {
  const rows = p.db.prepare('SELECT key, def_ct FROM attribute_defs ORDER BY position').all() as { key: string; def_ct: Uint8Array }[];
  return [...BUILTIN_ATTRIBUTES, ...rows.map((r) => p.openJson<AttributeDef>('attribute_defs', r.key, 'def', PROJECT_KEY_ID, r.def_ct))];
}

export function checkAttributes(defs: AttributeDef[], attrs: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, raw] of Object.entries(attrs)) {
    const def = defs.find((d) => d.key === key);
    if (!def) throw new TandaiError('INVALID_INPUT', `unknown attribute "${key}" (known: ${defs.map((d) => d.key).join(', ')})`);
    const v = coerceAttribute(def, raw);
    if (!v.ok) throw new TandaiError(v.error.code, v.error.message);
    out[key] = v.value;
  }
  return out;
}

/** Must run inside a transaction. */
export function writeAttribute(p: OpenProject, transcriptId: string, participantId: string, key: string, value: AttributeValue): void {
  if (value === null) {
    p.db.prepare('DELETE FROM attribute_values WHERE transcript_id = ? AND key = ?').run(transcriptId, key);
    return;
  }
  p.db
    .prepare('INSERT OR REPLACE INTO attribute_values (transcript_id, key, value_ct) VALUES (?, ?, ?)')
    .run(transcriptId, key, p.sealJson('attribute_values', `${transcriptId}/${key}`, 'value', participantId, value));
}

interface Prepared {
  path: string;
  imported: ImportedTranscript;
  bytes: Uint8Array;
}

async function readOne(path: string, encoding: string | undefined): Promise<Prepared | ImportFileResult> {
  const name = basename(path);
  const reject = (code: string, message: string): ImportFileResult => ({ path, status: 'rejected', code, message });
  if (!IMPORTABLE.has(extname(path).toLowerCase())) return reject('UNSUPPORTED_FORMAT', `${name}: not a transcript format Tandai imports (.txt, .md, .docx, .vtt, .srt)`);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return reject('NOT_FOUND', `${name}: no such file`);
  }
  if (size > MAX_IMPORT_BYTES) return reject('FILE_TOO_LARGE', `${name}: ${(size / 1048576).toFixed(1)} MB is over the 20 MB limit for one transcript`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return reject('IO', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  const r = await readTranscriptFile(bytes, name, encoding ? { encoding } : undefined);
  if (!r.ok) return reject(r.error.code, r.error.message);
  return { path, imported: r.value, bytes };
}

export async function importTranscripts(
  p: OpenProject,
  input: { paths: string[]; participant?: string; attributes?: Record<string, AttributeValue>; encoding?: string },
  emit: Emit,
): Promise<ImportFileResult[]> {
  const attrs = checkAttributes(attributeDefs(p), input.attributes ?? {});
  const { files, skipped } = expandPaths(input.paths);
  const results: ImportFileResult[] = [...skipped];
  let index = new ParticipantIndex(p);
  const dedupLookup = p.db.prepare('SELECT id, participant_id, title_ct FROM transcripts WHERE dedup = ?');
  const insertTranscript = p.db.prepare(
    'INSERT INTO transcripts (id, participant_id, title_ct, source_name_ct, format, encoding, dedup, current_version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertVersion = p.db.prepare(
    'INSERT INTO transcript_versions (id, transcript_id, parent_id, text_ct, utterances_ct, chars, words, utterance_count, reason_ct, created_at, created_by) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?)',
  );
  const insertSource = p.db.prepare('INSERT INTO sources (transcript_id, idx, chunk) VALUES (?, ?, ?)');

  // Read the next file while this one is encrypted and written.
  let next = files.length ? readOne(files[0]!, input.encoding) : null;
  for (let i = 0; i < files.length; i++) {
    const prepared = await next!;
    next = i + 1 < files.length ? readOne(files[i + 1]!, input.encoding) : null;
    const path = files[i]!;
    const name = basename(path);
    if ('status' in prepared) {
      results.push(prepared);
      emit('progress', { task: 'import', done: i + 1, total: files.length, item: name });
      continue;
    }
    const { imported } = prepared;
    const dedup = keyedHash(p.dedupKey, imported.text);
    const dup = dedupLookup.get(dedup) as { id: string; participant_id: string; title_ct: Uint8Array } | undefined;
    if (dup) {
      const title = p.participantKeys.has(dup.participant_id) ? p.openText('transcripts', dup.id, 'title', dup.participant_id, dup.title_ct) : dup.id;
      results.push({ path, status: 'duplicate', duplicateOf: { id: dup.id, title }, code: 'DUPLICATE', message: `${name}: the same text is already in this project as "${title}"; not imported again` });
      emit('progress', { task: 'import', done: i + 1, total: files.length, item: name });
      continue;
    }
    const id = newId<TranscriptId>();
    const versionId = newId<TranscriptVersionId>();
    const title = name.replace(/\.[^.]+$/, '');
    const now = new Date().toISOString();
    try {
      p.tx(() => {
        const who = input.participant ? index.findOrCreate(input.participant) : index.createNext();
        const pid = who.id;
        insertTranscript.run(id, pid, p.sealText('transcripts', id, 'title', pid, title), p.sealText('transcripts', id, 'source_name', pid, name), imported.format, imported.encoding, dedup, versionId, now, p.actorId);
        insertVersion.run(
          versionId,
          id,
          p.sealText('transcript_versions', versionId, 'text', pid, imported.text),
          p.sealBytes('transcript_versions', versionId, 'utterances', pid, packUtterances(imported.utterances)),
          imported.text.length,
          countWords(imported.text),
          imported.utterances.length,
          now,
          p.actorId,
        );
        if (imported.keepOriginal) {
          encryptStream(p.key(pid), prepared.bytes, `sources|${id}|chunk|${pid}`).forEach((c, idx) => insertSource.run(id, idx, c));
        }
        for (const [key, value] of Object.entries(attrs)) writeAttribute(p, id, pid, key, value);
        p.audit('transcript.import', id, { title, file: name, format: imported.format, encoding: imported.encoding, participant: who.label }, pid);
      });
      results.push({ path, status: 'imported', transcriptId: id, encoding: imported.encoding, message: `${name}: imported (${imported.utterances.length} utterances, ${imported.encoding})` });
    } catch (e) {
      index = new ParticipantIndex(p); // the rolled-back transaction may have added a participant
      if (!(e instanceof TandaiError)) throw e;
      results.push({ path, status: 'rejected', code: e.code, message: `${name}: ${e.message}` });
    }
    emit('progress', { task: 'import', done: i + 1, total: files.length, item: name });
  }
  return results;
}

interface TranscriptRow {
  id: string;
  participant_id: string;
  title_ct: Uint8Array;
  format: string;
  created_at: string;
  current_version: string;
  chars: number;
  words: number;
  utterance_count: number;
}

/** Summaries of every transcript, or of one (`onlyId`): decrypts titles, labels and attributes. */
export function listTranscripts(p: OpenProject, onlyId?: string): TranscriptSummary[] {
  const where = onlyId ? 'WHERE t.id = ?' : '';
  const rows = p.db
    .prepare(
      `SELECT t.id, t.participant_id, t.title_ct, t.format, t.created_at, t.current_version, v.chars, v.words, v.utterance_count
       FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version ${where} ORDER BY t.created_at, t.id`,
    )
    .all(...(onlyId ? [onlyId] : [])) as TranscriptRow[];
  if (rows.length === 0) return [];
  const pids = new Set(rows.map((r) => r.participant_id));
  const labels = new Map(
    (p.db.prepare('SELECT id, label_ct FROM participants').all() as { id: string; label_ct: Uint8Array }[])
      .filter((r) => pids.has(r.id))
      .map((r) => [r.id, p.openText('participants', r.id, 'label', r.id, r.label_ct)]),
  );
  const codingCounts = new Map(
    (onlyId
      ? (p.db.prepare('SELECT version_id, COUNT(*) AS n FROM codings WHERE orphaned = 0 AND version_id = ? GROUP BY version_id').all(rows[0]!.current_version) as { version_id: string; n: number }[])
      : (p.db.prepare('SELECT version_id, COUNT(*) AS n FROM codings WHERE orphaned = 0 GROUP BY version_id').all() as { version_id: string; n: number }[])
    ).map((r) => [r.version_id, r.n]),
  );
  const attrRows = (onlyId
    ? p.db.prepare('SELECT transcript_id, key, value_ct FROM attribute_values WHERE transcript_id = ?').all(onlyId)
    : p.db.prepare('SELECT transcript_id, key, value_ct FROM attribute_values').all()) as { transcript_id: string; key: string; value_ct: Uint8Array }[];
  const pidOf = new Map(rows.map((r) => [r.id, r.participant_id]));
  const attrs = new Map<string, Record<string, AttributeValue>>();
  for (const a of attrRows) {
    const pid = pidOf.get(a.transcript_id);
    if (!pid) continue;
    const rec = attrs.get(a.transcript_id) ?? {};
    rec[a.key] = p.openJson<AttributeValue>('attribute_values', `${a.transcript_id}/${a.key}`, 'value', pid, a.value_ct);
    attrs.set(a.transcript_id, rec);
  }
  return rows.map((r) => ({
    id: r.id,
    title: p.openText('transcripts', r.id, 'title', r.participant_id, r.title_ct),
    participantId: r.participant_id,
    participantLabel: labels.get(r.participant_id) ?? '',
    versionId: r.current_version,
    format: r.format,
    createdAt: r.created_at,
    chars: r.chars,
    words: r.words,
    utterances: r.utterance_count,
    codings: codingCounts.get(r.current_version) ?? 0,
    attributes: attrs.get(r.id) ?? {},
  }));
}

export function transcriptParticipant(p: OpenProject, transcriptId: string): string {
  const row = p.db.prepare('SELECT participant_id FROM transcripts WHERE id = ?').get(transcriptId) as { participant_id: string } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no transcript ${transcriptId}`);
  return row.participant_id;
}

/** The stored text of a version (the current one by default) and its utterances. */
export function readVersion(p: OpenProject, transcriptId: string, versionId?: string): { versionId: string; participantId: string; text: string; utterances: Utterance[] } {
  const pid = transcriptParticipant(p, transcriptId);
  const row = (
    versionId
      ? p.db.prepare('SELECT id, text_ct, utterances_ct FROM transcript_versions WHERE id = ? AND transcript_id = ?').get(versionId, transcriptId)
      : p.db.prepare('SELECT v.id, v.text_ct, v.utterances_ct FROM transcript_versions v JOIN transcripts t ON t.current_version = v.id WHERE t.id = ?').get(transcriptId)
  ) as { id: string; text_ct: Uint8Array; utterances_ct: Uint8Array } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no version ${versionId ?? '(current)'} of transcript ${transcriptId}`);
  const text = p.openText('transcript_versions', row.id, 'text', pid, row.text_ct);
  const utterances = unpackUtterances(p.openBytes('transcript_versions', row.id, 'utterances', pid, row.utterances_ct), text);
  return { versionId: row.id, participantId: pid, text, utterances };
}

export function getTranscript(p: OpenProject, id: string, versionId?: string): TranscriptDetail {
  const [summary] = listTranscripts(p, id);
  if (!summary) throw new TandaiError('NOT_FOUND', `no transcript ${id}`);
  const v = readVersion(p, id, versionId);
  const versions = (p.db.prepare('SELECT id, parent_id, created_at, reason_ct FROM transcript_versions WHERE transcript_id = ? ORDER BY created_at, rowid').all(id) as { id: string; parent_id: string | null; created_at: string; reason_ct: Uint8Array | null }[]).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    createdAt: r.created_at,
    reason: r.reason_ct ? p.openText('transcript_versions', r.id, 'reason', v.participantId, r.reason_ct) : 'imported',
  }));
  return { ...summary, versionId: v.versionId, text: v.text, utteranceList: v.utterances, versions };
}

/** The original file as imported (docx, vtt, srt), decrypted; null for txt/md, whose text is the original. */
export function readSource(p: OpenProject, transcriptId: string): Uint8Array | null {
  const pid = transcriptParticipant(p, transcriptId);
  const parts = (p.db.prepare('SELECT chunk FROM sources WHERE transcript_id = ? ORDER BY idx').all(transcriptId) as { chunk: Uint8Array }[]).map((r) => r.chunk);
  if (parts.length === 0) return null;
  return decryptStream(p.key(pid), parts, `sources|${transcriptId}|chunk|${pid}`, `the original file of transcript ${transcriptId}`);
}
