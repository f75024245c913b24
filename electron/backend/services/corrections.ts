/**
 * transcripts.correct: a correction never edits a version in place (DESIGN principle 5). It makes a
 * new version (parent = the current one), makes it current, and carries every coding and distress
 * mark across the edit through an offset map, all in one transaction with one audit entry.
 *
 * How codings carry across:
 * - each coding of the old version becomes a NEW row on the new version with `derived_from` = the
 *   old row's id; old rows stay on the old version untouched (history);
 * - a coding maps as [map(start, forward), map(end, backward)) so it keeps its own words and never
 *   swallows text inserted at its edges;
 * - a coding whose text was wholly deleted is not dropped: its new row has `orphaned = 1` and an
 *   empty range at the place the text used to be, and its id is listed in the result's `orphaned`
 *   (the ids are of the new rows, which `codings.list({ includeOrphaned: true })` returns);
 * - a coding already orphaned is carried forward as an orphan (so it stays visible), and is not
 *   counted again;
 * - memos on a coding follow it to its new row.
 * Distress marks map the other way ([map(start, backward), map(end, forward))), so a mark still
 * covers whatever replaced the passage it guarded; a mark whose text was purely deleted guards
 * nothing any more and is not carried forward (it stays on the old version).
 *
 * Utterances: re-detected from the new text, except for subtitle sources (vtt, srt), whose cue
 * times exist nowhere in the text: their utterances are mapped through the edit, keeping times.
 */
import type { Utterance } from '../../../shared/contract/index.js';
import { newId, type CodingId, type MarkId, type TranscriptVersionId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import { normalizeText } from '../../../shared/text/normalize.js';
import { buildOffsetMap, type OffsetMap } from '../../../shared/text/offset-map.js';
import { detectUtterances, trimmedEnd } from '../../../shared/text/speakers.js';
import { countWords } from '../../../shared/text/words.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { OpenProject } from '../store/project.js';
import type { CodingRow, MarkRow } from './codings.js';
import { packUtterances, readVersion } from './transcripts.js';

const TIMED_FORMATS = new Set(['vtt', 'srt']);

/**
 * Subtitle utterances carried through the edit, cue times kept. Each grows to cover text inserted
 * at its edges, is clipped so it never overlaps the one before, and is trimmed to start and end on
 * non-whitespace (the invariant detectUtterances keeps); one left empty is dropped.
 */
export function mapUtterances(utterances: readonly Utterance[], map: OffsetMap, newText: string): Utterance[] {
  const out: Utterance[] = [];
  let floor = 0;
  for (const u of utterances) {
    const r = map.mapRange(u.start, u.end, 'grow');
    if (r.collapsed) continue;
    let start = Math.max(r.start, floor);
    while (start < r.end && /\s/.test(newText[start]!)) start++;
    const end = trimmedEnd(newText, start, r.end);
    if (end <= start) continue;
    let labelStart: number | null = null;
    let labelEnd: number | null = null;
    if (u.labelStart !== null && u.labelEnd !== null) {
      const l = map.mapRange(u.labelStart, u.labelEnd, 'shrink');
      if (!l.collapsed && l.start >= start && l.end <= end) {
        labelStart = l.start;
        labelEnd = l.end;
      }
    }
    out.push({ start, end, labelStart, labelEnd, speaker: labelStart === null ? null : newText.slice(labelStart, labelEnd!), tStartMs: u.tStartMs, tEndMs: u.tEndMs });
    floor = end;
  }
  return out;
}

export interface CorrectionResult {
  versionId: string;
  remapped: number;
  orphaned: string[];
}

export function correctTranscript(p: OpenProject, input: { id: string; text: string; reason: string }): CorrectionResult {
  const old = readVersion(p, input.id);
  const pid = old.participantId;
  const text = normalizeText(input.text);
  if (text.trim() === '') throw new TandaiError('INVALID_INPUT', 'the corrected text is empty: a transcript cannot be corrected to nothing');
  if (text === old.text) throw new TandaiError('INVALID_INPUT', 'the corrected text is the same as the current version: nothing to correct');

  const map = buildOffsetMap(old.text, text);
  const format = (p.db.prepare('SELECT format FROM transcripts WHERE id = ?').get(input.id) as { format: string }).format;
  let utterances = TIMED_FORMATS.has(format) ? mapUtterances(old.utterances, map, text) : detectUtterances(text);
  if (utterances.length === 0) utterances = detectUtterances(text);

  const codings = p.db.prepare('SELECT * FROM codings WHERE version_id = ? ORDER BY start, "end", id').all(old.versionId) as CodingRow[];
  const marks = p.db.prepare('SELECT * FROM marks WHERE version_id = ? ORDER BY start, "end", id').all(old.versionId) as MarkRow[];

  const versionId = newId<TranscriptVersionId>();
  const now = new Date().toISOString();
  let remapped = 0;
  const orphaned: string[] = [];
  let marksCarried = 0;

  p.tx(() => {
    p.db
      .prepare('INSERT INTO transcript_versions (id, transcript_id, parent_id, text_ct, utterances_ct, chars, words, utterance_count, reason_ct, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        versionId,
        input.id,
        old.versionId,
        p.sealText('transcript_versions', versionId, 'text', pid, text),
        p.sealBytes('transcript_versions', versionId, 'utterances', pid, packUtterances(utterances)),
        text.length,
        countWords(text),
        utterances.length,
        p.sealText('transcript_versions', versionId, 'reason', pid, input.reason),
        now,
        p.actorId,
      );
    p.db.prepare('UPDATE transcripts SET current_version = ? WHERE id = ?').run(versionId, input.id);

    const insertCoding = p.db.prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const followMemos = p.db.prepare("UPDATE memos SET target_id = ? WHERE target_kind = 'coding' AND target_id = ?");
    for (const c of codings) {
      const id = newId<CodingId>();
      let start: number;
      let end: number;
      let isOrphan: boolean;
      if (c.orphaned === 1) {
        start = end = map.mapOffset(c.start, 'backward');
        isOrphan = true;
      } else {
        const r = map.mapRange(c.start, c.end, 'shrink');
        ({ start, end } = r);
        isOrphan = r.collapsed;
        if (isOrphan) orphaned.push(id);
        else remapped++;
      }
      // The coding keeps its creation time and coder: the correction did not code anything.
      insertCoding.run(id, c.transcript_id, versionId, start, end, c.code_id, c.coder_id, c.created_at, isOrphan ? 1 : 0, c.id);
      followMemos.run(id, c.id);
    }

    const insertMark = p.db.prepare('INSERT INTO marks (id, transcript_id, version_id, start, "end", author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const m of marks) {
      const r = map.mapRange(m.start, m.end, 'grow');
      if (r.collapsed) continue;
      insertMark.run(newId<MarkId>(), m.transcript_id, versionId, r.start, r.end, m.author_id, m.created_at);
      marksCarried++;
    }

    p.audit(
      'transcript.correct',
      input.id,
      {
        versionId,
        parentId: old.versionId,
        charsBefore: old.text.length,
        charsAfter: text.length,
        changes: map.hunks.length,
        remapped,
        orphaned: orphaned.length,
        marksCarried,
        marksDropped: marks.length - marksCarried,
      },
      pid,
    );
  });
  return { versionId, remapped, orphaned };
}

export function correctionHandlers(ctx: Ctx): HandlerGroup<'transcripts.correct'> {
  return {
    'transcripts.correct': (input) => correctTranscript(ctx.requireProject(), input),
  };
}
