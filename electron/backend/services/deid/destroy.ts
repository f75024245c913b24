/**
 * Destroying the originals of de-identified transcripts, so an export can be labelled "anonymised"
 * (gate.ts). Deliberate and irreversible; refused unless the scope is scanned and every candidate in
 * it is decided (what is destroyed must first be de-identified). In one transaction, per transcript:
 *
 * - its text becomes its de-identified rendition, as a new version (utterances mapped outward, as
 *   the rendition shows them); codings, distress marks and settlements of the current version move
 *   to it in place (same ids, so memos and settlements still point at them) through the rendition's
 *   offset map: codings and settlements 'shrink' (exactly where the export puts them), marks 'grow';
 *   a coding wholly inside a replaced span becomes an orphan at that place (counted, never dropped);
 * - every other version is deleted, with the history rows on them (older codings, marks and
 *   settlements that corrections left behind: counted);
 * - its title, file name and attribute values become their renditions; the original file's bytes
 *   are deleted; its duplicate-detection hash is taken from the new text;
 * - its candidates (and their decisions) are deleted; those whose words stay in the text (kept, not
 *   an identifier) move to the new version with their decisions, so the reviewer still sees them;
 * - entities left without any candidate are deleted with their decisions and pseudonyms (the link
 *   from a register entry or a name to its pseudonym goes with them).
 * Per participant whose every transcript is now destroyed: the original behind their
 * [Participant n] is destroyed (the pseudonym stays, so renditions keep naming them), their label
 * becomes that pseudonym, and register entries about them are deleted. Project-level register
 * entries stay: they are the researcher's list for scanning what comes next, are never exported,
 * and no longer lead to any pseudonym. Codes and memos are researcher-written and are not rewritten:
 * a pseudonym still used there keeps its original, so the map is not destroyed (the result says how
 * many originals remain, and the label stays "pseudonymised").
 *
 * secure_delete zeroes the freed pages; the WAL is checkpointed and truncated after. Then the
 * project is scanned again (the new texts are unscanned), and what the scan finds wholly inside
 * Tandai's own replacement text is decided "not an identifier" with that reason; anything else it
 * finds is left for a person. The sign-off is void for every transcript destroyed: its version and
 * decisions changed, and "anonymised" is a claim about the state after destroying, which a reviewer
 * must see and sign in a new package.
 */
import type { AttributeValue, Emit, TranscriptSummary } from '../../../../shared/contract/index.js';
import type { DestroyOriginalsResult } from '../../../../shared/contract/channels/deid.js';
import { buildRendition } from '../../../../shared/deid/rendition.js';
import { newId, type TranscriptVersionId } from '../../../../shared/ids.js';
import { TandaiError } from '../../../../shared/result.js';
import type { OffsetMap } from '../../../../shared/text/offset-map.js';
import { countWords } from '../../../../shared/text/words.js';
import { checkpointFully } from '../../store/db.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { keyedHash } from '../../vault/keys.js';
import type { CodingRow, MarkRow } from '../codings.js';
import { listTranscripts, packUtterances, writeAttribute } from '../transcripts.js';
import { rescanNeeded } from './gate.js';
import { computeItems } from './items.js';
import { originalsDestroyed } from './destroyed.js';
import { candidateIdBase, candidateIdFrom, digest } from './keys.js';
import { participantPseudonym } from './pseudonyms.js';
import { candidatesAt, Renderer, type Loc, type RenderedTranscript } from './render.js';
import { assertReviewable, pseudonymMapDestroyed, pseudonymOriginalsLeft } from './review.js';
import { decisionReason, decisionValue, REMOVES, type CandidateRow } from './rows.js';
import { scanProject, settleOwners } from './scan.js';
import { invalidate } from './session-cache.js';

/** Locations that belong to a transcript (memos on it are researcher-written and stay). */
const TRANSCRIPT_KINDS = ['transcript', 'title', 'file-name', 'attribute'] as const;
const IN_KINDS = `source_kind IN (${TRANSCRIPT_KINDS.map((k) => `'${k}'`).join(', ')})`;
/** Decisions that leave the words in the text: their candidates move to the new version. */
const STAYS = new Set(['keep', 'not-identifier']);

interface SettlementRow {
  id: string;
  start: number;
  end: number;
}

function emptyResult(): DestroyOriginalsResult {
  return {
    transcripts: 0,
    alreadyDestroyed: 0,
    versionsDeleted: 0,
    sourceChunksDeleted: 0,
    codingsMoved: 0,
    codingsOrphaned: 0,
    historyCodingsDeleted: 0,
    marksMoved: 0,
    historyMarksDeleted: 0,
    settlementsMoved: 0,
    historySettlementsDeleted: 0,
    titlesChanged: 0,
    fileNamesChanged: 0,
    walCleared: false,
    attributesChanged: 0,
    candidatesDeleted: 0,
    candidatesCarried: 0,
    entitiesDeleted: 0,
    pseudonymsDeleted: 0,
    participantOriginalsDestroyed: 0,
    participantsRelabelled: 0,
    registerEntriesDeleted: 0,
    pseudonymOriginalsLeft: 0,
    pseudonymMapDestroyed: false,
    rescanned: false,
    replacementsMarked: 0,
    undecidedAfter: 0,
    rescanError: null,
  };
}

/** The transcripts of a scope (all when omitted), each checked to exist. */
function scopeOf(p: OpenProject, transcriptIds: readonly string[] | undefined): string[] {
  const all = listTranscripts(p).map((t) => t.id);
  if (!transcriptIds) return all;
  const known = new Set(all);
  const ids = [...new Set(transcriptIds)];
  for (const id of ids) if (!known.has(id)) throw new TandaiError('NOT_FOUND', `no transcript ${id} in this project`);
  return ids;
}

/** Why a candidate inside Tandai's own replacement text was decided for the person (recorded with the decision). */
export const OWN_TEXT_REASON = "Tandai's own replacement text, written when the originals were destroyed";

/** A location's new state and where Tandai's replacements sit in it. */
interface OwnText {
  loc: Loc;
  spans: [number, number][];
}

export interface DestroyOptions {
  resourcesDir?: string;
  emit?: Emit;
}

/** Destroyed before, and nothing since brought an original back: the same version, nothing replaced in it. */
function nothingLeft(p: OpenProject, tid: string, candidates: RenderedTranscript['candidates']): boolean {
  if (!originalsDestroyed(p, tid)) return false;
  return candidates.every(({ d }) => !d || !REMOVES.has(d.action));
}

/** Per-run state the steps share. */
interface Run {
  p: OpenProject;
  r: DestroyOriginalsResult;
  renderer: Renderer;
  own: OwnText[];
  touchedEntities: Set<string>;
  now: string;
  nextSeq: () => number;
}

export function destroyOriginals(p: OpenProject, input: { transcriptIds?: readonly string[] }, options: DestroyOptions = {}): DestroyOriginalsResult {
  const ids = scopeOf(p, input.transcriptIds);
  if (ids.length === 0) throw new TandaiError('INVALID_INPUT', 'there are no transcripts to destroy the originals of');
  if (!p.db.prepare('SELECT 1 FROM deid_scans WHERE finished_at IS NOT NULL').get()) {
    throw new TandaiError('CONFLICT', 'the project was never scanned for identifiers: scan it and decide every candidate before destroying originals');
  }
  // Who destroys is recorded, and the rescan after decides Tandai's own replacement text in their name.
  if (!p.actorId) throw new TandaiError('IDENTITY_LOCKED', 'destroying originals records who did it: open the project with your identity unlocked');
  // The same items the gate and a review package see: scanned, and every candidate decided.
  assertReviewable(computeItems(p, ids), rescanNeeded(p));
  // File names are not in those items (no export carries them), but destroying keeps only their renditions.
  const inScope = new Set(ids);
  const undecidedNames = (
    p.db
      .prepare(
        `SELECT c.source_id FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id
         WHERE c.source_kind = 'file-name' AND c.current = 1 AND c.decision_id IS NULL AND e.decision_id IS NULL`,
      )
      .pluck()
      .all() as string[]
  ).filter((id) => inScope.has(id));
  if (undecidedNames.length) throw new TandaiError('CONFLICT', `${undecidedNames.length} candidate(s) in file names are undecided: decide them in the review queue before destroying originals`);

  const r = emptyResult();
  const listed = new Map(listTranscripts(p).map((t) => [t.id, t]));
  const participants = new Set<string>();
  const own: OwnText[] = [];
  const header = p.header;
  try {
    p.tx(() => {
      let seq = ((p.db.prepare('SELECT MAX(seq) AS m FROM deid_decisions').get() as { m: number | null }).m ?? 0) + 1;
      const run: Run = { p, r, renderer: new Renderer(p), own, touchedEntities: new Set(), now: new Date().toISOString(), nextSeq: () => seq++ };
      for (const tid of ids) {
        const summary = listed.get(tid)!;
        const rt = run.renderer.transcript(tid, summary);
        participants.add(rt.rendition.participantId);
        if (nothingLeft(p, tid, rt.candidates)) {
          // Destroyed before and unchanged since: a new version would only void a sign-off.
          r.alreadyDestroyed++;
          continue;
        }
        destroyTranscript(run, tid, summary, rt);
      }
      forgetEntities(run);
      forgetParticipants(run, participants);
      r.pseudonymOriginalsLeft = pseudonymOriginalsLeft(p);
      r.pseudonymMapDestroyed = pseudonymMapDestroyed(p);
      // Counts and ids only: the audit log never holds content.
      p.audit('deid.destroy', null, { ...r, transcriptIds: ids }, PROJECT_KEY_ID);
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  invalidate(p);
  // The freed pages were zeroed (secure_delete); the WAL still holds their earlier images until a
  // checkpoint copies the pages back and truncates it. A reader elsewhere (the CLI) can hold it up.
  r.walCleared = checkpointFully(p.db);
  rescanOwnText(p, own, r, options);
  return r;
}

function destroyTranscript(run: Run, tid: string, summary: TranscriptSummary, rt: RenderedTranscript): void {
  const { p, r } = run;
  const rend = rt.rendition;
  const pid = rend.participantId;
  r.transcripts++;

  // The rendition becomes the text, as a new version.
  const versionId = newId<TranscriptVersionId>();
  p.db
    .prepare('INSERT INTO transcript_versions (id, transcript_id, parent_id, text_ct, utterances_ct, chars, words, utterance_count, reason_ct, created_at, created_by) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      versionId,
      tid,
      p.sealText('transcript_versions', versionId, 'text', pid, rend.text),
      p.sealBytes('transcript_versions', versionId, 'utterances', pid, packUtterances(rend.utterances)),
      rend.text.length,
      countWords(rend.text),
      rend.utterances.length,
      p.sealText('transcript_versions', versionId, 'reason', pid, 'originals destroyed: the de-identified rendition'),
      run.now,
      p.actorId,
    );
  p.db.prepare('UPDATE transcripts SET current_version = ?, dedup = ? WHERE id = ?').run(versionId, keyedHash(p.dedupKey, rend.text), tid);
  run.own.push({ loc: { kind: 'transcript', id: tid, field: 'text', rev: versionId }, spans: rt.text.edits.map((e) => [e.newStart, e.newEnd]) });

  moveAnnotations(run, rend.versionId, versionId, rend.map);
  const carried = carryStaying(run, tid, pid, versionId, rt);
  renderShortFields(run, tid, pid, summary, rend.attributes);
  deleteOriginals(run, tid, versionId);
  if (carried) p.db.prepare('INSERT OR IGNORE INTO deid_states (source_kind, source_id, field, rev, participant_id) VALUES (?, ?, ?, ?, ?)').run('transcript', tid, 'text', versionId, pid);
  r.candidatesCarried += carried;
  p.db.prepare('INSERT INTO deid_destroyed (transcript_id, at, by_id) VALUES (?, ?, ?) ON CONFLICT(transcript_id) DO UPDATE SET at = excluded.at, by_id = excluded.by_id').run(tid, run.now, p.actorId);
}

/** Codings, marks and settlements of the current version move to the new one, keeping their ids. */
function moveAnnotations(run: Run, oldVersion: string, versionId: string, map: OffsetMap): void {
  const { p, r } = run;
  const moveCoding = p.db.prepare('UPDATE codings SET version_id = ?, start = ?, "end" = ?, orphaned = ? WHERE id = ?');
  for (const c of p.db.prepare('SELECT * FROM codings WHERE version_id = ?').all(oldVersion) as CodingRow[]) {
    const m = map.mapRange(c.start, c.end, 'shrink');
    if (c.orphaned !== 1 && !m.collapsed) {
      moveCoding.run(versionId, m.start, m.end, 0, c.id);
      r.codingsMoved++;
      continue;
    }
    // An orphan stays one; a coding wholly inside a replaced span becomes one, where the span was.
    const at = map.mapOffset(c.start, 'backward');
    moveCoding.run(versionId, at, at, 1, c.id);
    if (c.orphaned === 1) r.codingsMoved++;
    else r.codingsOrphaned++;
  }
  const moveMark = p.db.prepare('UPDATE marks SET version_id = ?, start = ?, "end" = ? WHERE id = ?');
  for (const mk of p.db.prepare('SELECT * FROM marks WHERE version_id = ?').all(oldVersion) as MarkRow[]) {
    const m = map.mapRange(mk.start, mk.end, 'grow');
    moveMark.run(versionId, m.start, m.end, mk.id);
    r.marksMoved++;
  }
  const moveSettlement = p.db.prepare('UPDATE settlements SET version_id = ?, start = ?, "end" = ? WHERE id = ?');
  for (const st of p.db.prepare('SELECT id, start, "end" FROM settlements WHERE version_id = ?').all(oldVersion) as SettlementRow[]) {
    const m = map.mapRange(st.start, st.end, 'shrink');
    moveSettlement.run(versionId, m.start, m.end, st.id);
    r.settlementsMoved++;
  }
}

/** Candidates whose words stay in the text (kept, not an identifier) move to the new version with their decisions. */
function carryStaying(run: Run, tid: string, pid: string, versionId: string, rt: RenderedTranscript): number {
  const { p } = run;
  const map = rt.rendition.map;
  const base = candidateIdBase(p, 'transcript', tid, 'text', versionId);
  const source = p.db.prepare('SELECT detector, confidence FROM deid_candidates WHERE id = ?');
  const insert = p.db.prepare(
    'INSERT OR IGNORE INTO deid_candidates (id, source_kind, source_id, field, rev, start, "end", type, detector, confidence, entity_id, participant_id, transcript_id, text_ct, decision_id, scan_id, created_at, current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, 1)',
  );
  const insertDecision = p.db.prepare('INSERT INTO deid_decisions (id, seq, candidate_id, entity_id, participant_id, action, value_ct, reason_ct, decided_by, decided_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
  const setDecision = p.db.prepare('UPDATE deid_candidates SET decision_id = ? WHERE id = ?');
  let carried = 0;
  for (const { c, d } of rt.candidates) {
    if (c.source_kind !== 'transcript' || !d || !STAYS.has(d.action)) continue;
    const m = map.mapRange(c.start, c.end, 'shrink');
    if (m.collapsed || m.end - m.start !== c.end - c.start) continue;
    const id = candidateIdFrom(base, m.start, m.end);
    const was = source.get(c.id) as { detector: string; confidence: number };
    if (insert.run(id, 'transcript', tid, 'text', versionId, m.start, m.end, c.type, was.detector, was.confidence, c.entity_id, pid, tid, run.now).changes === 0) continue;
    // A decision on this one candidate is copied (who decided it, when, and why stay); an entity's applies as it is.
    if (d.candidate_id) {
      const decisionId: string = newId();
      const value = decisionValue(p, d);
      const reason = decisionReason(p, d);
      insertDecision.run(decisionId, run.nextSeq(), id, pid, d.action, value === null ? null : p.sealText('deid_decisions', decisionId, 'value', pid, value), reason === null ? null : p.sealText('deid_decisions', decisionId, 'reason', pid, reason), d.decided_by, d.decided_at);
      setDecision.run(decisionId, id);
    }
    carried++;
  }
  return carried;
}

/** Title, file name and attribute values become their renditions (where Tandai's replacements sit is noted). */
function renderShortFields(run: Run, tid: string, pid: string, summary: TranscriptSummary, rendered: Record<string, AttributeValue>): void {
  const { p, r, renderer } = run;
  const short = (kind: 'title' | 'file-name', field: string, text: string): string => {
    const edits = renderer.short(kind, tid, field, text).at.edits;
    if (!edits.length) return text;
    const out = buildRendition(text, edits);
    run.own.push({ loc: { kind, id: tid, field, rev: digest(p, 'rev', out.text) }, spans: out.edits.map((e) => [e.newStart, e.newEnd]) });
    return out.text;
  };
  const names = p.db.prepare('SELECT title_ct, source_name_ct FROM transcripts WHERE id = ?').get(tid) as { title_ct: Uint8Array; source_name_ct: Uint8Array };
  const title = p.openText('transcripts', tid, 'title', pid, names.title_ct);
  const titleOut = short('title', 'title', title);
  if (titleOut !== title) r.titlesChanged++;
  const fileName = p.openText('transcripts', tid, 'source_name', pid, names.source_name_ct);
  const fileNameOut = short('file-name', 'file-name', fileName);
  if (fileNameOut !== fileName) r.fileNamesChanged++;
  p.db.prepare('UPDATE transcripts SET title_ct = ?, source_name_ct = ? WHERE id = ?').run(p.sealText('transcripts', tid, 'title', pid, titleOut), p.sealText('transcripts', tid, 'source_name', pid, fileNameOut), tid);
  for (const [key, value] of Object.entries(summary.attributes)) {
    const out = rendered[key];
    if (out === undefined || JSON.stringify(out) === JSON.stringify(value)) continue;
    const edits = renderer.at({ kind: 'attribute', id: tid, field: key, rev: digest(p, 'rev', JSON.stringify(value)) }).edits;
    const applied = buildRendition(String(value), edits).edits;
    run.own.push({ loc: { kind: 'attribute', id: tid, field: key, rev: digest(p, 'rev', JSON.stringify(out)) }, spans: applied.map((e) => [e.newStart, e.newEnd]) });
    writeAttribute(p, tid, pid, key, out);
    r.attributesChanged++;
  }
}

/** The source file, every other version (with the history rows on them), and the candidates of every earlier state. */
function deleteOriginals(run: Run, tid: string, versionId: string): void {
  const { p, r } = run;
  r.sourceChunksDeleted += p.db.prepare('DELETE FROM sources WHERE transcript_id = ?').run(tid).changes;
  const count = (sql: string) => (p.db.prepare(sql).get(tid, versionId) as { n: number }).n;
  r.historyCodingsDeleted += count('SELECT COUNT(*) AS n FROM codings WHERE transcript_id = ? AND version_id <> ?');
  r.historyMarksDeleted += count('SELECT COUNT(*) AS n FROM marks WHERE transcript_id = ? AND version_id <> ?');
  r.historySettlementsDeleted += count('SELECT COUNT(*) AS n FROM settlements WHERE transcript_id = ? AND version_id <> ?');
  // Cascades: codings, marks and settlements on those versions.
  r.versionsDeleted += p.db.prepare('DELETE FROM transcript_versions WHERE transcript_id = ? AND id <> ?').run(tid, versionId).changes;
  for (const e of p.db.prepare(`SELECT DISTINCT entity_id FROM deid_candidates WHERE ${IN_KINDS} AND source_id = ?`).pluck().all(tid) as string[]) run.touchedEntities.add(e);
  // Their decisions cascade; the candidates just carried to the new version stay.
  r.candidatesDeleted += p.db.prepare(`DELETE FROM deid_candidates WHERE ${IN_KINDS} AND source_id = ? AND NOT (source_kind = 'transcript' AND rev = ?)`).run(tid, versionId).changes;
  p.db.prepare(`DELETE FROM deid_states WHERE ${IN_KINDS} AND source_id = ?`).run(tid);
  p.db.prepare(`DELETE FROM deid_scanned WHERE ${IN_KINDS} AND source_id = ?`).run(tid);
}

/** Entities no candidate speaks of any more go, with their decisions and pseudonyms; the others settle their owner. */
function forgetEntities(run: Run): void {
  const { p, r } = run;
  const left = p.db.prepare('SELECT 1 FROM deid_candidates WHERE entity_id = ? LIMIT 1');
  const remaining: string[] = [];
  for (const e of run.touchedEntities) {
    if (left.get(e)) {
      remaining.push(e);
      continue;
    }
    r.pseudonymsDeleted += p.db.prepare('DELETE FROM deid_pseudonyms WHERE entity_id = ?').run(e).changes;
    r.entitiesDeleted += p.db.prepare('DELETE FROM deid_entities WHERE id = ?').run(e).changes;
  }
  settleOwners(p, remaining);
}

/**
 * Participants with no original left: the original behind their [Participant n] (an empty one is
 * sealed in its place: the pseudonym stays in use), their label (now that pseudonym), and register
 * entries about them.
 */
function forgetParticipants(run: Run, participants: ReadonlySet<string>): void {
  const { p, r } = run;
  const theirs = p.db.prepare('SELECT id FROM transcripts WHERE participant_id = ?').pluck();
  for (const pid of participants) {
    if (!(theirs.all(pid) as string[]).every((tid) => originalsDestroyed(p, tid))) continue;
    const { pseudonym } = participantPseudonym(p, pid);
    const row = p.db.prepare("SELECT id, original_ct FROM deid_pseudonyms WHERE category = 'participant' AND participant_id = ?").get(pid) as { id: string; original_ct: Uint8Array };
    if (p.openText('deid_pseudonyms', row.id, 'original', pid, row.original_ct) !== '') {
      p.db.prepare('UPDATE deid_pseudonyms SET original_ct = ? WHERE id = ?').run(p.sealText('deid_pseudonyms', row.id, 'original', pid, ''), row.id);
      r.participantOriginalsDestroyed++;
    }
    const label = pseudonym.replace(/^\[|\]$/g, '');
    const had = p.db.prepare('SELECT label_ct FROM participants WHERE id = ?').get(pid) as { label_ct: Uint8Array };
    if (p.openText('participants', pid, 'label', pid, had.label_ct) !== label) {
      p.db.prepare('UPDATE participants SET label_ct = ? WHERE id = ?').run(p.sealText('participants', pid, 'label', pid, label), pid);
      r.participantsRelabelled++;
    }
    r.registerEntriesDeleted += p.db.prepare('DELETE FROM deid_register WHERE participant_id = ?').run(pid).changes;
  }
}

/**
 * Scans the project again (the new texts are unscanned), then decides "not an identifier" for each
 * candidate that lies wholly inside a replacement Tandai wrote ([Person A], [early teens], …), with
 * the reason recorded: those words are provably not the participant's. Anything else the scan
 * finds stays undecided for a person. The originals are gone already: a failing scan is reported,
 * not thrown (scanning again later finishes it).
 */
function rescanOwnText(p: OpenProject, own: readonly OwnText[], r: DestroyOriginalsResult, options: DestroyOptions): void {
  try {
    scanProject(p, { resourcesDir: options.resourcesDir, emit: options.emit });
    r.rescanned = true;
    const inRange = p.db.prepare('SELECT * FROM deid_candidates WHERE id >= ? AND id < ?');
    const entityDecided = p.db.prepare('SELECT decision_id FROM deid_entities WHERE id = ?').pluck();
    const mark: CandidateRow[] = [];
    for (const o of own) {
      for (const c of candidatesAt(p, inRange, o.loc)) {
        if (c.decision_id || entityDecided.get(c.entity_id)) continue;
        if (o.spans.some(([s, e]) => s <= c.start && c.end <= e)) mark.push(c);
      }
    }
    markOwnText(p, mark);
    r.replacementsMarked = mark.length;
    r.undecidedAfter = (
      p.db.prepare('SELECT COUNT(*) AS n FROM deid_candidates c JOIN deid_entities e ON e.id = c.entity_id WHERE c.current = 1 AND c.decision_id IS NULL AND e.decision_id IS NULL').get() as { n: number }
    ).n;
  } catch (e) {
    r.rescanError = e instanceof Error ? e.message : String(e);
  }
}

/**
 * One "not an identifier" decision per candidate, as `decide` records it (who, when, why, sealed
 * under the candidate's key), written in one transaction with one audit entry: a large project has
 * thousands of such candidates, and a transaction each took most of the time.
 */
function markOwnText(p: OpenProject, candidates: readonly CandidateRow[]): void {
  if (!candidates.length) return;
  if (!p.actorId) throw new TandaiError('IDENTITY_LOCKED', 'de-identification decisions record who made them: open the project with your identity unlocked');
  const actor = p.actorId;
  const at = new Date().toISOString();
  const header = p.header;
  try {
    p.tx(() => {
      let seq = ((p.db.prepare('SELECT MAX(seq) AS m FROM deid_decisions').get() as { m: number | null }).m ?? 0) + 1;
      const insert = p.db.prepare("INSERT INTO deid_decisions (id, seq, candidate_id, entity_id, participant_id, action, value_ct, reason_ct, decided_by, decided_at) VALUES (?, ?, ?, NULL, ?, 'not-identifier', NULL, ?, ?, ?)");
      const set = p.db.prepare('UPDATE deid_candidates SET decision_id = ? WHERE id = ?');
      for (const c of candidates) {
        const id: string = newId();
        insert.run(id, seq++, c.id, c.participant_id, p.sealText('deid_decisions', id, 'reason', c.participant_id ?? PROJECT_KEY_ID, OWN_TEXT_REASON), actor, at);
        set.run(id, c.id);
      }
      p.audit('deid.decide.own-text', null, { action: 'not-identifier', candidates: candidates.length });
    });
  } catch (e) {
    p.header = header;
    throw e;
  }
  invalidate(p);
}
