/**
 * interchange.import: a REFI-QDA file (.qdpx, bare .qde, .qdc) into the open project.
 *
 * The file is read and the whole import planned first (formats/refi/plan.ts) without writing
 * anything; the plan is applied only when nothing was wrong or the caller accepts a partial
 * import, and then in one transaction: codes, attribute definitions, participants, transcripts,
 * codings, memos and the audit entries all land, or none do.
 *
 * Ids: codes keep their GUIDs (a code whose GUID the project already has is that code: matched,
 * not duplicated or changed); a text source becomes a transcript under its GUID when no transcript
 * has that id (a source whose text the project already holds is matched to that transcript, and its
 * codings are added there); users' GUIDs become coder ids; Coding and Note GUIDs become coding and
 * memo ids when free. Storage follows transcripts.ts: text, utterances, title and source name sealed
 * under the participant's key, the keyed dedup hash, an audit entry per transcript.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { AttributeValue, Emit, Utterance } from '../../../shared/contract/index.js';
import type { InterchangeImportReport } from '../../../shared/contract/channels/interchange-import.js';
import { newId, type TranscriptVersionId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import { countWords } from '../../../shared/text/words.js';
import { openRefiPackage, MAX_REFI_BYTES, type FileLookup, type FileResult, type RefiFormat } from '../formats/refi/package.js';
import { planImport, type ImportPlan, type ProjectView, type ExistingTranscript } from '../formats/refi/plan.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { keyedHash } from '../vault/keys.js';
import { wipe } from '../vault/sodium.js';
import { loadCodes, recordCodebookVersion } from './codebook.js';
import { ParticipantIndex, type ParticipantRow } from './participants.js';
import { attributeDefs, packUtterances, readVersion, writeAttribute } from './transcripts.js';

export interface ImportOutcome {
  applied: boolean;
  report: InterchangeImportReport;
}

/** Reads files next to a bare .qde: its folder and its `sources/` folder, matching names case-insensitively. */
function folderLookup(dir: string): FileLookup {
  const listing = new Map<string, Map<string, string>>();
  const entriesOf = (folder: string): Map<string, string> => {
    let m = listing.get(folder);
    if (!m) {
      m = new Map();
      try {
        for (const e of readdirSync(folder, { withFileTypes: true })) m.set(e.name.toLowerCase(), e.name);
      } catch {
        // no such folder: nothing in it
      }
      listing.set(folder, m);
    }
    return m;
  };
  return (rel): FileResult => {
    let folder = dir;
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const real = entriesOf(folder).get(parts[i]!.toLowerCase());
      if (!real) return { ok: false, reason: `not found beside the .qde (looked for ${rel})` };
      folder = join(folder, real);
    }
    try {
      const st = statSync(folder);
      if (!st.isFile()) return { ok: false, reason: `${rel} is not a file` };
      if (st.size > MAX_REFI_BYTES) return { ok: false, reason: `${rel} is too large` };
      return { ok: true, bytes: readFileSync(folder), name: basename(folder) };
    } catch (e) {
      return { ok: false, reason: `${rel} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})` };
    }
  };
}

/** The project as the planner sees it: read-only, decrypting a transcript's text only when asked. */
function projectView(p: OpenProject): ProjectView {
  const existing = (id: string): ExistingTranscript | null => {
    const row = p.db.prepare('SELECT id, participant_id, current_version FROM transcripts WHERE id = ?').get(id) as { id: string; participant_id: string; current_version: string } | undefined;
    if (!row || !p.participantKeys.has(row.participant_id)) return null;
    let text: string | null = null;
    return {
      id: row.id,
      participantId: row.participant_id,
      versionId: row.current_version,
      text: () => (text ??= readVersion(p, row.id).text),
    };
  };
  const byDedup = p.db.prepare('SELECT id FROM transcripts WHERE dedup = ?');
  let participants: ParticipantIndex | null = null;
  const sameCoding = p.db.prepare('SELECT id FROM codings WHERE version_id = ? AND start = ? AND "end" = ? AND code_id = ? AND coder_id IS ? AND orphaned = 0');
  const memosOn = p.db.prepare('SELECT id, participant_id, body_ct FROM memos WHERE target_kind = ? AND target_id IS ?');
  return {
    codes: loadCodes(p),
    attributeDefs: attributeDefs(p),
    transcript: existing,
    transcriptWithText(text) {
      const row = byDedup.get(keyedHash(p.dedupKey, text)) as { id: string } | undefined;
      return row ? existing(row.id) : null;
    },
    existingCoding: (versionId, start, end, codeId, coderId) => (sameCoding.get(versionId, start, end, codeId, coderId) as { id: string } | undefined)?.id ?? null,
    memoWithBody(target, body) {
      const rows = memosOn.all(target.kind, target.kind === 'project' ? null : target.id) as { id: string; participant_id: string | null; body_ct: Uint8Array }[];
      return rows.some((r) => (r.participant_id === null || p.participantKeys.has(r.participant_id)) && p.openText('memos', r.id, 'body', r.participant_id ?? PROJECT_KEY_ID, r.body_ct) === body);
    },
    idTaken: (table, id) => p.db.prepare(`SELECT 1 FROM ${table === 'codings' ? 'codings' : 'memos'} WHERE id = ?`).get(id) !== undefined,
    attributesOf: (transcriptId) => new Set((p.db.prepare('SELECT key FROM attribute_values WHERE transcript_id = ?').pluck().all(transcriptId) as string[])),
    participantExists: (label) => (participants ??= new ParticipantIndex(p)).find(label) !== undefined,
  };
}

const emptyReport = (file: string, format: RefiFormat, problem: string): InterchangeImportReport => ({
  file,
  format,
  origin: null,
  valid: false,
  problems: [problem],
  notes: [],
  recovered: { codes: 0, users: 0, sources: 0, codings: 0, memos: 0, variables: 0 },
  missingSources: [],
  positions: null,
  transcripts: [],
});

const formatByExtension = (name: string): RefiFormat => (/\.qdc$/i.test(name) ? 'qdc' : /\.qde$/i.test(name) ? 'qde' : 'qdpx');

/** Reads and plans; throws only for what is not about the file's content (missing file, wrong kind). */
function readAndPlan(p: OpenProject, path: string, kind: 'project' | 'codebook' | undefined): { plan: ImportPlan } | { report: InterchangeImportReport } {
  const name = basename(path);
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new TandaiError('NOT_FOUND', `${name}: no such file`);
  }
  if (!st.isFile()) throw new TandaiError('INVALID_INPUT', `${name}: not a file`);
  if (st.size > MAX_REFI_BYTES) throw new TandaiError('FILE_TOO_LARGE', `${name}: ${(st.size / 1048576).toFixed(0)} MB is over the ${MAX_REFI_BYTES / 1048576} MB limit`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new TandaiError('IO', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  const opened = openRefiPackage(bytes, name, folderLookup(dirname(path)));
  if (!opened.ok) return { report: emptyReport(name, formatByExtension(name), opened.error.message) };
  const pkg = opened.value;
  if (kind === 'codebook' && pkg.document.kind !== 'codebook') throw new TandaiError('INVALID_INPUT', `${name}: is a REFI-QDA project, not a codebook (.qdc): import it as a project`);
  if (kind === 'project' && pkg.document.kind !== 'project') throw new TandaiError('INVALID_INPUT', `${name}: is a REFI-QDA codebook, not a project (.qdpx or .qde): import it as a codebook`);
  return { plan: planImport(pkg, name, projectView(p)) };
}

/** Keys of participants a rolled-back transaction created are forgotten with it. */
function forgetRolledBackKeys(p: OpenProject): void {
  const live = new Set(p.db.prepare('SELECT id FROM participants').pluck().all() as string[]);
  for (const [id, key] of p.participantKeys) {
    if (live.has(id)) continue;
    p.participantKeys.delete(id);
    wipe(key);
  }
}

/** Inserts one transcript version from text already normalised. Must run inside a transaction. */
export function insertTranscriptText(
  p: OpenProject,
  t: { id: string; participantId: string; title: string; sourceName: string; format: string; encoding: string; text: string; utterances: Utterance[] },
  audit: Record<string, unknown>,
): string {
  const versionId = newId<TranscriptVersionId>();
  const now = new Date().toISOString();
  const pid = t.participantId;
  p.db
    .prepare('INSERT INTO transcripts (id, participant_id, title_ct, source_name_ct, format, encoding, dedup, current_version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(t.id, pid, p.sealText('transcripts', t.id, 'title', pid, t.title), p.sealText('transcripts', t.id, 'source_name', pid, t.sourceName), t.format, t.encoding, keyedHash(p.dedupKey, t.text), versionId, now, p.actorId);
  p.db
    .prepare('INSERT INTO transcript_versions (id, transcript_id, parent_id, text_ct, utterances_ct, chars, words, utterance_count, reason_ct, created_at, created_by) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?)')
    .run(
      versionId,
      t.id,
      p.sealText('transcript_versions', versionId, 'text', pid, t.text),
      p.sealBytes('transcript_versions', versionId, 'utterances', pid, packUtterances(t.utterances)),
      t.text.length,
      countWords(t.text),
      t.utterances.length,
      now,
      p.actorId,
    );
  p.audit('transcript.import', t.id, { participantId: pid, chars: t.text.length, utterances: t.utterances.length, ...audit }, pid);
  return versionId;
}

/** Applies a plan. Must run inside a transaction. */
function apply(p: OpenProject, plan: ImportPlan, emit: Emit): void {
  const { report } = plan;
  // Attribute definitions (as attributes.define writes them).
  let pos = (p.db.prepare('SELECT COUNT(*) AS n FROM attribute_defs').get() as { n: number }).n;
  for (const def of plan.attributeDefs) {
    p.db.prepare('INSERT INTO attribute_defs (key, def_ct, position, builtin) VALUES (?, ?, ?, 0)').run(def.key, p.sealJson('attribute_defs', def.key, 'def', PROJECT_KEY_ID, def), pos++);
    p.audit('attribute.define', def.key, { type: def.type, choices: def.choices?.length ?? 0, from: report.format });
  }

  // Codes (as codebook.ts writes them), then one codebook version for the whole import.
  const insertCode = p.db.prepare('INSERT INTO codes (id, parent_id, position, data_ct) VALUES (?, ?, ?, ?)');
  for (const c of plan.codes) {
    const { id, parentId, position, ...fields } = c;
    insertCode.run(id, parentId, position, p.sealJson('codes', id, 'data', PROJECT_KEY_ID, fields));
  }
  let codebookVersion: string | null = null;
  if (plan.codes.length) {
    codebookVersion = recordCodebookVersion(p, `imported ${plan.codes.length} code${plan.codes.length === 1 ? '' : 's'} from ${report.file}`);
    p.audit('codebook.import', null, { format: report.format, codes: plan.codes.length, codeIds: plan.codes.map((c) => c.id), codebookVersion });
  }

  // Transcripts, their participants and attributes, and their codings.
  const index = new ParticipantIndex(p);
  const insertCoding = p.db.prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)');
  const participantOf = new Map<string, string>();
  plan.transcripts.forEach((t, i) => {
    let pid: string;
    let versionId: string;
    if (t.existing) {
      pid = t.existing.participantId;
      versionId = t.existing.versionId;
    } else {
      const who: ParticipantRow = t.participantLabel ? index.findOrCreate(t.participantLabel) : index.createNext();
      pid = who.id;
      versionId = insertTranscriptText(
        p,
        { id: t.id, participantId: pid, title: t.title, sourceName: t.sourceName, format: 'txt', encoding: t.encoding, text: t.text, utterances: t.utterances },
        { sourceGuid: t.sourceGuid, format: report.format, encoding: t.encoding },
      );
    }
    participantOf.set(t.id, pid);
    for (const [key, value] of Object.entries(t.attributes)) writeAttribute(p, t.id, pid, key, value as AttributeValue);
    for (const c of t.codings) insertCoding.run(c.id, t.id, versionId, c.start, c.end, c.codeId, c.coderId, c.createdAt);
    if (t.codings.length) p.audit('coding.import', t.id, { versionId, codings: t.codings.length }, pid);
    emit('progress', { task: 'import', done: i + 1, total: plan.transcripts.length, item: t.title });
  });

  // Memos (as memos.ts stores them: participant-keyed when about a transcript or a coding).
  const insertMemo = p.db.prepare('INSERT INTO memos (id, target_kind, target_id, participant_id, body_ct, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const m of plan.memos) {
    const t = m.target;
    const pid = t.kind === 'transcript' ? participantOf.get(t.id)! : t.kind === 'coding' ? participantOf.get(t.transcriptId)! : null;
    const keyId = pid ?? PROJECT_KEY_ID;
    const targetId = t.kind === 'project' ? null : t.id;
    insertMemo.run(m.id, t.kind, targetId, pid, p.sealText('memos', m.id, 'body', keyId, m.body), m.authorId, m.createdAt, m.updatedAt);
    p.audit('memo.import', m.id, { target: t.kind, targetId, chars: m.body.length }, keyId);
  }

  // The import as a whole: counts, who the file's users are (coder ids and their names), what was wrong.
  p.audit('interchange.import', null, {
    format: report.format,
    origin: report.origin,
    valid: report.valid,
    recovered: report.recovered,
    missingSources: report.missingSources.length,
    problems: report.problems.length,
    positions: report.positions,
    users: plan.users,
    codebookVersion,
    transcripts: plan.transcripts.map((t) => ({ id: t.id, sourceGuid: t.sourceGuid, matched: t.existing !== null })),
  });
}

export function importRefiFile(p: OpenProject, input: { path: string; acceptPartial: boolean; kind?: 'project' | 'codebook' }, emit: Emit): ImportOutcome {
  const read = readAndPlan(p, input.path, input.kind);
  if ('report' in read) return { applied: false, report: read.report };
  const { plan } = read;
  if (plan.empty || (!plan.report.valid && !input.acceptPartial)) return { applied: false, report: plan.report };
  const header = p.header;
  try {
    p.tx(() => apply(p, plan, emit));
  } catch (e) {
    // The transaction rolled back: so must what this thread remembers of it.
    p.header = header;
    forgetRolledBackKeys(p);
    throw e;
  }
  return { applied: true, report: plan.report };
}

/**
 * The coder names a project learned from imported files (user GUID → name), newest import last,
 * from the audit entries of `interchange.import`. For exporters that write `<Users>`.
 */
export function importedUserNames(p: OpenProject): Map<string, string> {
  const out = new Map<string, string>();
  const rows = p.db.prepare("SELECT seq, key_id, details_ct FROM audit WHERE action = 'interchange.import' AND key_id = 'project' ORDER BY seq").all() as { seq: number; key_id: string; details_ct: Uint8Array | null }[];
  for (const r of rows) {
    if (!r.details_ct) continue;
    const d = p.openJson<{ users?: { id: string; name: string | null }[] }>('audit', String(r.seq), 'details', PROJECT_KEY_ID, r.details_ct);
    for (const u of d.users ?? []) if (u.name) out.set(u.id, u.name);
  }
  return out;
}

export function interchangeImportHandlers(ctx: Ctx): HandlerGroup<'interchange.import'> {
  return {
    'interchange.import': (input, emit) => importRefiFile(ctx.requireProject(), input, emit),
  };
}
