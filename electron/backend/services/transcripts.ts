/**
 * Importing, listing and reading transcripts. Each imported file is all-or-nothing (its own
 * savepoint inside a batch transaction), and is reported only once committed: an import killed
 * mid-way leaves every reported transcript intact. Text, titles, file names, utterance metadata and
 * attribute values are encrypted under the participant's key.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { AttributeDef, AttributeValue, Emit, ImportFileResult, TranscriptDetail, TranscriptSummary, Utterance } from '../../../shared/contract/index.js';
import { BUILTIN_ATTRIBUTES, coerceAttribute } from '../../../shared/domain/attributes.js';
import { newId, type TranscriptId, type TranscriptVersionId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import { cpuSample, packUtterances, ParsePool, parseWorkersFor, recentSpareCores, spareCoresSince, type ParseOutcome } from '../formats/parse-pool.js';
import { keyedHash } from '../vault/keys.js';
import { wipe } from '../vault/sodium.js';
import { encryptStream, decryptStream } from '../vault/stream.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { ParticipantIndex } from './participants.js';
import { WORDS_PENDING } from './word-counts.js';

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

// Utterances are stored packed as int32 sextuples (start, end, labelStart, labelEnd, tStartMs, tEndMs), -1 = none;
// packUtterances lives with the parser, which packs off this thread.
export { packUtterances };
const FIELDS = 6;
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
    p.stmt('DELETE FROM attribute_values WHERE transcript_id = ? AND key = ?').run(transcriptId, key);
    return;
  }
  p.stmt('INSERT OR REPLACE INTO attribute_values (transcript_id, key, value_ct) VALUES (?, ?, ?)').run(transcriptId, key, p.sealJson('attribute_values', `${transcriptId}/${key}`, 'value', participantId, value));
}

/**
 * Parse workers are considered for imports of at least MIN_BYTES_FOR_WORKERS (~35 transcripts,
 * 0.2-0.3 s of parsing; below it a worker would often be ready only when the work is done), and
 * started only for cores other programs leave free (parseWorkersFor): on a busy machine they cost
 * CPU and gain no time. Spare cores are judged at the start, over the span since the previous such
 * import (or since start-up: recentSpareCores), so on an idle machine the worker's start-up (~0.1-0.25 s of
 * CPU on another core) overlaps the first files instead of following a sample; if that span shows
 * no spare core, it is judged again over the import's first IDLE_SAMPLE_MS. Whenever no worker is
 * ready, this thread parses.
 */
const MIN_BYTES_FOR_WORKERS = 2 * 1024 * 1024;
const IDLE_SAMPLE_MS = 200;
/**
 * Files are committed in batches: one transaction per batch, a savepoint per file (a nested
 * `p.tx`), so a bad file still rolls back alone while the commit cost (WAL frames for the shared
 * pages, the header and index pages rewritten once per commit) is paid once per batch: measured
 * ~0.6 ms of CPU less per file than a transaction per file. A batch is committed at
 * BATCH_MAX_FILES files, once BATCH_MAX_MS old, when its files hold IN_HAND_BYTES, or as soon as
 * this thread would otherwise wait for a worker (parsed work is never held back while waiting).
 * A transaction also ends after BATCH_MAX_MS of work, so progress is never far behind.
 */
const BATCH_MAX_FILES = 50;
const BATCH_MAX_MS = 250;
/**
 * Files handed to the parser and not yet committed (the batch included). Each holds its text's
 * bytes (and a docx/vtt/srt its original), so the bytes are bounded too, by the files' sizes.
 */
const IN_HAND_FILES = 96;
const IN_HAND_BYTES = 128 * 1024 * 1024;

/** Tuning, not part of the contract (the router passes none; tests and the bench may). */
export interface ImportOptions {
  /** Parse worker threads, started at once (0: all in this thread). Default: decided as MIN_BYTES_FOR_WORKERS says. */
  parseWorkers?: number;
  /** Most files in one transaction (default BATCH_MAX_FILES; 1 = a transaction per file). */
  batchFiles?: number;
  /** Told at the end how many files the workers and this thread parsed. */
  onParseStats?: (stats: { inWorkers: number; here: number }) => void;
  /** A pool to parse with instead of one started (and closed) here; the caller closes it. */
  pool?: ParsePool;
}

/**
 * Worker messages (ready, results) are events: a loop that parses in this thread awaits only
 * microtasks, so it lets them in between files.
 */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** After a rollback: keys of participants the rollback removed are wiped and forgotten. */
function forgetRolledBackKeys(p: OpenProject): void {
  const live = new Set(p.db.prepare('SELECT id FROM participants').pluck().all() as string[]);
  for (const [id, key] of p.participantKeys) {
    if (live.has(id)) continue;
    p.participantKeys.delete(id);
    wipe(key);
  }
}

/**
 * Imports files (named, or found in folders) as transcripts. Parsing runs in parse workers when
 * there is enough to parse and cores to spare (see MIN_BYTES_FOR_WORKERS, formats/parse-pool.ts),
 * else in this thread; results keep file order. This thread hashes, encrypts and commits. A `progress` event for a file is emitted only after that
 * file's outcome is final: imported and committed, or rejected/duplicate (nothing written). So a
 * process killed mid-import keeps exactly the imported files it has reported, and each commit is
 * a whole number of files.
 */
export async function importTranscripts(
  p: OpenProject,
  input: { paths: string[]; participant?: string; attributes?: Record<string, AttributeValue>; encoding?: string },
  emit: Emit,
  options: ImportOptions = {},
): Promise<ImportFileResult[]> {
  const attrs = checkAttributes(attributeDefs(p), input.attributes ?? {});
  const { files, skipped } = expandPaths(input.paths);
  const sizes = files.map((f) => {
    try {
      return statSync(f).size;
    } catch {
      return 0; // the parser reports it
    }
  });
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
  // Each file's savepoint, as prepared statements: better-sqlite3's nested transaction() builds
  // its wrapper functions on every call (~60 µs a file).
  const savepoint = p.db.prepare('SAVEPOINT import_file');
  const release = p.db.prepare('RELEASE import_file');
  const rollbackTo = p.db.prepare('ROLLBACK TO import_file');

  /** One file, inside the batch's transaction; its own savepoint. */
  const importOne = (path: string, parsed: ParseOutcome): ImportFileResult => {
    const name = basename(path);
    if (parsed.kind === 'rejected') return { path, status: 'rejected', code: parsed.code, message: parsed.message };
    // Hash and encrypt the UTF-8 bytes the parser made: the same bytes sealText/keyedHash would encode.
    const dedup = keyedHash(p.dedupKey, parsed.text);
    const dup = dedupLookup.get(dedup) as { id: string; participant_id: string; title_ct: Uint8Array } | undefined;
    if (dup) {
      const title = p.participantKeys.has(dup.participant_id) ? p.openText('transcripts', dup.id, 'title', dup.participant_id, dup.title_ct) : dup.id;
      return { path, status: 'duplicate', duplicateOf: { id: dup.id, title }, code: 'DUPLICATE', message: `${name}: the same text is already in this project as "${title}"; not imported again` };
    }
    const id = newId<TranscriptId>();
    const versionId = newId<TranscriptVersionId>();
    const title = name.replace(/\.[^.]+$/, '');
    const now = new Date().toISOString();
    const header = p.header;
    savepoint.run();
    try {
      const who = input.participant ? index.findOrCreate(input.participant) : index.createNext();
      const pid = who.id;
      insertTranscript.run(id, pid, p.sealText('transcripts', id, 'title', pid, title), p.sealText('transcripts', id, 'source_name', pid, name), parsed.format, parsed.encoding, dedup, versionId, now, p.actorId);
      insertVersion.run(
        versionId,
        id,
        p.sealBytes('transcript_versions', versionId, 'text', pid, parsed.text),
        p.sealBytes('transcript_versions', versionId, 'utterances', pid, parsed.utterances),
        parsed.chars,
        parsed.words ?? WORDS_PENDING,
        parsed.utteranceCount,
        now,
        p.actorId,
      );
      if (parsed.keepOriginal && parsed.original) {
        encryptStream(p.key(pid), parsed.original, `sources|${id}|chunk|${pid}`).forEach((c, idx) => insertSource.run(id, idx, c));
      }
      for (const [key, value] of Object.entries(attrs)) writeAttribute(p, id, pid, key, value);
      // Ids, kinds and counts only: the title, file name and label are what de-identification destroys.
      p.audit('transcript.import', id, { format: parsed.format, encoding: parsed.encoding, participantId: pid, chars: parsed.chars, utterances: parsed.utteranceCount, attributes: Object.keys(attrs).length, original: !!(parsed.keepOriginal && parsed.original) }, pid);
      release.run();
    } catch (e) {
      // As better-sqlite3's transaction() does: undo the savepoint unless SQLite already ended the
      // whole transaction. Then so must what this thread remembers of it.
      if (p.db.inTransaction) {
        rollbackTo.run();
        release.run();
      }
      p.header = header;
      index = new ParticipantIndex(p);
      forgetRolledBackKeys(p);
      if (!(e instanceof TandaiError)) throw e;
      return { path, status: 'rejected', code: e.code, message: `${name}: ${e.message}` };
    }
    return { path, status: 'imported', transcriptId: id, encoding: parsed.encoding, message: `${name}: imported (${parsed.utteranceCount} utterances, ${parsed.encoding})` };
  };

  /** Commits parsed files in order, in transactions of at most BATCH_MAX_MS, then reports them. */
  let reported = 0;
  let inHandBytes = 0;
  const commit = (batch: { path: string; parsed: ParseOutcome }[]) => {
    for (let k = 0; k < batch.length; ) {
      const header = p.header;
      const done: ImportFileResult[] = [];
      const t0 = performance.now();
      try {
        p.tx(() =>
          p.withHeaderWrittenOnce(() => {
            do done.push(importOne(batch[k]!.path, batch[k]!.parsed));
            while (++k < batch.length && performance.now() - t0 < BATCH_MAX_MS);
          }),
        );
      } catch (e) {
        p.header = header;
        index = new ParticipantIndex(p);
        forgetRolledBackKeys(p);
        throw e;
      }
      for (const r of done) {
        results.push(r);
        inHandBytes -= sizes[reported] ?? 0;
        emit('progress', { task: 'import', done: ++reported, total: files.length, item: basename(r.path) });
      }
    }
  };

  const decide = !options.pool && options.parseWorkers === undefined && sizes.reduce((a, b) => a + b, 0) >= MIN_BYTES_FOR_WORKERS;
  const spareBefore = decide ? recentSpareCores() : null;
  const workersNow = options.parseWorkers ?? (spareBefore === null ? 0 : parseWorkersFor(spareBefore));
  const pool = options.pool ?? ParsePool.start(Math.min(files.length, workersNow));
  let sampleSince = decide && workersNow === 0 ? cpuSample() : null;
  try {
    const jobs: ({ id: number; outcome: Promise<ParseOutcome>; settled: ParseOutcome | null } | null)[] = [];
    /** Hands files to the parser up to the in-hand bounds, and always file `next`. */
    const dispatch = (next: number) => {
      while (jobs.length < files.length && (jobs.length <= next || (jobs.length - reported < IN_HAND_FILES && inHandBytes < IN_HAND_BYTES))) {
        const path = files[jobs.length]!;
        inHandBytes += sizes[jobs.length]!;
        if (!IMPORTABLE.has(extname(path).toLowerCase())) {
          const o: ParseOutcome = { kind: 'rejected', code: 'UNSUPPORTED_FORMAT', message: `${basename(path)}: not a transcript format Tandai imports (.txt, .md, .docx, .vtt, .srt)` };
          jobs.push({ id: -1, outcome: Promise.resolve(o), settled: o });
          continue;
        }
        const job = { ...pool.parse(path, input.encoding), settled: null as ParseOutcome | null };
        job.outcome.then((o) => (job.settled = o), () => {});
        jobs.push(job);
      }
    };
    const maxBatch = Math.max(1, options.batchFiles ?? BATCH_MAX_FILES);
    let batch: { path: string; parsed: ParseOutcome }[] = [];
    let batchSince = 0;
    const flush = () => {
      if (batch.length) commit(batch);
      batch = [];
    };
    for (let i = 0; i < files.length; i++) {
      if (sampleSince && performance.now() - sampleSince.at >= IDLE_SAMPLE_MS) {
        pool.addWorkers(Math.min(files.length - i, parseWorkersFor(spareCoresSince(sampleSince))));
        sampleSince = null;
      }
      dispatch(i);
      const job = jobs[i]!;
      jobs[i] = null; // its buffers are released once committed
      // No worker has it (none started, none ready yet, or all busy): parse it here.
      if (!job.settled && pool.isQueued(job.id)) {
        await pool.parseQueuedHere(job.id);
        if (pool.size) await yieldToEvents();
      }
      if (!job.settled) {
        // A worker has it. Parsed files are not held back while waiting: commit them, then help
        // with later files here.
        flush();
        while (!job.settled && (await pool.parseQueuedHere())) await yieldToEvents();
      }
      const parsed = job.settled ?? (await job.outcome);
      if (!batch.length) batchSince = performance.now();
      batch.push({ path: files[i]!, parsed });
      if (batch.length >= maxBatch || inHandBytes >= IN_HAND_BYTES || performance.now() - batchSince >= BATCH_MAX_MS) flush();
    }
    flush();
  } finally {
    options.onParseStats?.(pool.stats);
    if (!options.pool) await pool.close();
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

const SUMMARY_COLUMNS = 't.id, t.participant_id, t.title_ct, t.format, t.created_at, t.current_version, v.chars, v.words, v.utterance_count';

/**
 * Summaries of every transcript, or of one (`onlyId`): decrypts titles, labels and attributes.
 * For one transcript every query is keyed by it (its participant, its version, its attributes):
 * transcripts.get runs this once per transcript opened, so nothing here may grow with the project.
 */
export function listTranscripts(p: OpenProject, onlyId?: string): TranscriptSummary[] {
  if (onlyId !== undefined) {
    const row = p.stmt(`SELECT ${SUMMARY_COLUMNS} FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version WHERE t.id = ?`).get(onlyId) as TranscriptRow | undefined;
    return row ? [oneSummary(p, row)] : [];
  }
  const rows = p.stmt(`SELECT ${SUMMARY_COLUMNS} FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version ORDER BY t.created_at, t.id`).all() as TranscriptRow[];
  if (rows.length === 0) return [];
  const pids = new Set(rows.map((r) => r.participant_id));
  const labels = new Map(
    (p.stmt('SELECT id, label_ct FROM participants').all() as { id: string; label_ct: Uint8Array }[])
      .filter((r) => pids.has(r.id))
      .map((r) => [r.id, p.openText('participants', r.id, 'label', r.id, r.label_ct)]),
  );
  const codingCounts = new Map(
    (p.stmt('SELECT version_id, COUNT(*) AS n FROM codings WHERE orphaned = 0 GROUP BY version_id').all() as { version_id: string; n: number }[]).map((r) => [r.version_id, r.n]),
  );
  const attrRows = p.stmt('SELECT transcript_id, key, value_ct FROM attribute_values').all() as { transcript_id: string; key: string; value_ct: Uint8Array }[];
  const pidOf = new Map(rows.map((r) => [r.id, r.participant_id]));
  const attrs = new Map<string, Record<string, AttributeValue>>();
  for (const a of attrRows) {
    const pid = pidOf.get(a.transcript_id);
    if (!pid) continue;
    const rec = attrs.get(a.transcript_id) ?? {};
    rec[a.key] = p.openJson<AttributeValue>('attribute_values', `${a.transcript_id}/${a.key}`, 'value', pid, a.value_ct);
    attrs.set(a.transcript_id, rec);
  }
  return rows.map((r) => summaryOf(p, r, labels.get(r.participant_id) ?? '', codingCounts.get(r.current_version) ?? 0, attrs.get(r.id) ?? {}));
}

/** One transcript's summary: its participant's label, codings and attributes, each looked up by key. */
function oneSummary(p: OpenProject, row: TranscriptRow): TranscriptSummary {
  const label = p.stmt('SELECT label_ct FROM participants WHERE id = ?').get(row.participant_id) as { label_ct: Uint8Array } | undefined;
  const codings = (p.stmt('SELECT COUNT(*) AS n FROM codings WHERE orphaned = 0 AND version_id = ?').get(row.current_version) as { n: number }).n;
  const attributes: Record<string, AttributeValue> = {};
  for (const a of p.stmt('SELECT key, value_ct FROM attribute_values WHERE transcript_id = ?').all(row.id) as { key: string; value_ct: Uint8Array }[]) {
    attributes[a.key] = p.openJson<AttributeValue>('attribute_values', `${row.id}/${a.key}`, 'value', row.participant_id, a.value_ct);
  }
  return summaryOf(p, row, label ? p.openText('participants', row.participant_id, 'label', row.participant_id, label.label_ct) : '', codings, attributes);
}

function summaryOf(p: OpenProject, r: TranscriptRow, participantLabel: string, codings: number, attributes: Record<string, AttributeValue>): TranscriptSummary {
  return {
    id: r.id,
    title: p.openText('transcripts', r.id, 'title', r.participant_id, r.title_ct),
    participantId: r.participant_id,
    participantLabel,
    versionId: r.current_version,
    format: r.format,
    createdAt: r.created_at,
    chars: r.chars,
    words: r.words === WORDS_PENDING ? null : r.words,
    utterances: r.utterance_count,
    codings,
    attributes,
  };
}

export function transcriptParticipant(p: OpenProject, transcriptId: string): string {
  const row = p.stmt('SELECT participant_id FROM transcripts WHERE id = ?').get(transcriptId) as { participant_id: string } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no transcript ${transcriptId}`);
  return row.participant_id;
}

/** Decrypts a version's text and utterances (the row's place binds both to it). */
function openVersion(p: OpenProject, pid: string, row: { id: string; text_ct: Uint8Array; utterances_ct: Uint8Array }): { text: string; utterances: Utterance[] } {
  const text = p.openText('transcript_versions', row.id, 'text', pid, row.text_ct);
  return { text, utterances: unpackUtterances(p.openBytes('transcript_versions', row.id, 'utterances', pid, row.utterances_ct), text) };
}

/** The stored text of a version (the current one by default) and its utterances. */
export function readVersion(p: OpenProject, transcriptId: string, versionId?: string): { versionId: string; participantId: string; text: string; utterances: Utterance[] } {
  const pid = transcriptParticipant(p, transcriptId);
  const row = (
    versionId
      ? p.stmt('SELECT id, text_ct, utterances_ct FROM transcript_versions WHERE id = ? AND transcript_id = ?').get(versionId, transcriptId)
      : p.stmt('SELECT v.id, v.text_ct, v.utterances_ct FROM transcript_versions v JOIN transcripts t ON t.current_version = v.id WHERE t.id = ?').get(transcriptId)
  ) as { id: string; text_ct: Uint8Array; utterances_ct: Uint8Array } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no version ${versionId ?? '(current)'} of transcript ${transcriptId}`);
  return { versionId: row.id, participantId: pid, ...openVersion(p, pid, row) };
}

export function getTranscript(p: OpenProject, id: string, versionId?: string): TranscriptDetail {
  // One row for the summary and the current version's text: the columns after text_ct sit past
  // its overflow pages, so every separate query touching them walks that chain again.
  const row = p
    .stmt(`SELECT ${SUMMARY_COLUMNS}, v.text_ct, v.utterances_ct FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version WHERE t.id = ?`)
    .get(id) as (TranscriptRow & { text_ct: Uint8Array; utterances_ct: Uint8Array }) | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no transcript ${id}`);
  const pid = row.participant_id;
  const asked =
    versionId === undefined || versionId === row.current_version
      ? { id: row.current_version, text_ct: row.text_ct, utterances_ct: row.utterances_ct }
      : (p.stmt('SELECT id, text_ct, utterances_ct FROM transcript_versions WHERE id = ? AND transcript_id = ?').get(versionId, id) as { id: string; text_ct: Uint8Array; utterances_ct: Uint8Array } | undefined);
  if (!asked) throw new TandaiError('NOT_FOUND', `no version ${versionId} of transcript ${id}`);
  const summary = oneSummary(p, row);
  const v = openVersion(p, pid, asked);
  const versions = (p.stmt('SELECT id, parent_id, created_at, reason_ct FROM transcript_versions WHERE transcript_id = ? ORDER BY created_at, rowid').all(id) as { id: string; parent_id: string | null; created_at: string; reason_ct: Uint8Array | null }[]).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    createdAt: r.created_at,
    reason: r.reason_ct ? p.openText('transcript_versions', r.id, 'reason', pid, r.reason_ct) : 'imported',
  }));
  return { ...summary, versionId: asked.id, text: v.text, utteranceList: v.utterances, versions };
}

/** The original file as imported (docx, vtt, srt), decrypted; null for txt/md, whose text is the original. */
export function readSource(p: OpenProject, transcriptId: string): Uint8Array | null {
  const pid = transcriptParticipant(p, transcriptId);
  const parts = (p.stmt('SELECT chunk FROM sources WHERE transcript_id = ? ORDER BY idx').all(transcriptId) as { chunk: Uint8Array }[]).map((r) => r.chunk);
  if (parts.length === 0) return null;
  return decryptStream(p.key(pid), parts, `sources|${transcriptId}|chunk|${pid}`, `the original file of transcript ${transcriptId}`);
}
