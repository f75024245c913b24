/**
 * agreement.*: intercoder agreement over the project's codings, as a service over the pure library
 * (shared/agreement: agreementByCode on presence/absence from run-length intervals, never one row
 * per character), the list of passages where coders differ (both sides, with the text), and
 * settling one: the agreed decision is recorded (settlements) and, when the code applies, as a
 * coding by the consensus coder, which agreement itself never counts. The disagreement list shows,
 * for a settled passage, the newest settlement covering it: decision, who, when and its note.
 *
 * Any set of coders, codes and transcripts can be compared; each one named must exist here (an
 * unknown or repeated one is an error naming it, never a silently smaller comparison).
 *
 * Who coded a transcript: a coder with at least one coding on it (any code). Their missing codings
 * of a code there mean "absent"; on a transcript they never coded they gave no values (missing).
 * Only transcripts coded by two or more of the coders are used: the others hold no pairs.
 */
import type { AgreementReport, Disagreement } from '../../../shared/contract/channels/team.js';
import { agreementByCode, presenceUnits, type AgreementFigures, type CodedRange, type Range, type TranscriptCodings } from '../../../shared/agreement/intervals.js';
import { newId, type CodingId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { loadCodes } from './codebook.js';
import { transcriptParticipant } from './transcripts.js';

/** The coder of settled (agreed) codings: a fixed id no identity has. */
export const CONSENSUS_CODER_ID = '00000000-0000-4000-8000-00000000a9ee';

export interface AgreementQuery {
  coders: string[];
  codes?: string[];
  transcripts?: string[];
  unit: 'char' | 'segment';
  segments: 'utterance' | 'sentence';
  excludeUncoded: boolean;
  definition: 'pairwise_mean' | 'all_coders_identical';
}

interface TranscriptFacts {
  id: string;
  participantId: string;
  versionId: string;
  chars: number;
}

interface Gathered {
  coders: { id: string; name: string; transcripts: number }[];
  codes: { id: string; name: string }[];
  transcripts: (TranscriptFacts & { codedBy: string[]; ranges: CodedRange[] })[];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function coderNames(p: OpenProject): Map<string, string> {
  const rows = p.db.prepare('SELECT identity_id, name_ct FROM team').all() as { identity_id: string; name_ct: Uint8Array }[];
  const out = new Map(rows.map((r) => [r.identity_id, p.openText('team', r.identity_id, 'name', PROJECT_KEY_ID, r.name_ct)]));
  out.set(CONSENSUS_CODER_ID, 'agreed (consensus)');
  return out;
}

const once = (ids: readonly string[], what: string) => {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new TandaiError('INVALID_INPUT', `${what} ${id} is named twice`);
    seen.add(id);
  }
};

/**
 * Checks the chosen coders, codes and transcripts before anything is computed: a name that is not
 * in this project is an error naming it, never a silently smaller comparison.
 */
function checkQuery(p: OpenProject, q: AgreementQuery, names: Map<string, string>): void {
  once(q.coders, 'the coder');
  if (q.codes) once(q.codes, 'the code');
  if (q.transcripts) once(q.transcripts, 'the transcript');
  const hasCodings = p.db.prepare('SELECT 1 FROM codings WHERE coder_id = ? LIMIT 1');
  for (const c of q.coders) if (!names.has(c) && !hasCodings.get(c)) fail(`no coder ${c} in this project's team or codings`);
  const known = p.db.prepare('SELECT 1 FROM transcripts WHERE id = ?');
  for (const t of q.transcripts ?? []) if (!known.get(t)) fail(`no transcript ${t}`);
}

function gather(p: OpenProject, q: AgreementQuery): Gathered {
  const names = coderNames(p);
  checkQuery(p, q, names);
  const allCodes = loadCodes(p);
  const codes = q.codes ? q.codes.map((id) => allCodes.find((c) => c.id === id) ?? fail(`no code ${id}`)) : allCodes;
  const coderArgs = q.coders;
  const tFilter = q.transcripts ? ` AND c.transcript_id IN (${placeholders(q.transcripts.length)})` : '';
  const tArgs = q.transcripts ?? [];
  // Who coded which transcript (any code), on current versions.
  const codedRows = p.db
    .prepare(`SELECT DISTINCT c.transcript_id, c.coder_id FROM codings c JOIN transcripts t ON t.id = c.transcript_id AND t.current_version = c.version_id WHERE c.orphaned = 0 AND c.coder_id IN (${placeholders(coderArgs.length)})${tFilter}`)
    .all(...coderArgs, ...tArgs) as { transcript_id: string; coder_id: string }[];
  const codedBy = new Map<string, string[]>();
  for (const r of codedRows) codedBy.set(r.transcript_id, [...(codedBy.get(r.transcript_id) ?? []), r.coder_id]);
  const usable = [...codedBy].filter(([, cs]) => cs.length >= 2).map(([id]) => id);
  const usableSet = new Set(usable);
  const facts = new Map(
    (p.db.prepare('SELECT t.id, t.participant_id, t.current_version, v.chars, t.created_at FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version ORDER BY t.created_at, t.id').all() as {
      id: string;
      participant_id: string;
      current_version: string;
      chars: number;
    }[])
      .filter((r) => usableSet.has(r.id))
      .map((r) => [r.id, { id: r.id, participantId: r.participant_id, versionId: r.current_version, chars: r.chars }]),
  );
  const codeSet = new Set(codes.map((c) => c.id));
  const ranges = new Map<string, CodedRange[]>();
  const rows = p.db
    .prepare(`SELECT c.transcript_id, c.coder_id, c.code_id, c.start, c."end" AS e FROM codings c JOIN transcripts t ON t.id = c.transcript_id AND t.current_version = c.version_id WHERE c.orphaned = 0 AND c.coder_id IN (${placeholders(coderArgs.length)})${tFilter}`)
    .raw()
    .iterate(...coderArgs, ...tArgs) as Iterable<[string, string, string, number, number]>;
  for (const [tid, coder, code, start, end] of rows) {
    if (!codeSet.has(code) || !facts.has(tid)) continue;
    let list = ranges.get(tid);
    if (!list) ranges.set(tid, (list = []));
    list.push({ coder, code, start, end });
  }
  return {
    coders: q.coders.map((id) => ({ id, name: names.get(id) ?? id, transcripts: usable.filter((t) => codedBy.get(t)!.includes(id)).length })),
    codes: codes.map((c) => ({ id: c.id, name: c.name })),
    transcripts: [...facts.values()].map((f) => ({ ...f, codedBy: codedBy.get(f.id)!, ranges: ranges.get(f.id) ?? [] })),
  };
}

const fail = (message: string): never => {
  throw new TandaiError('NOT_FOUND', message);
};

/** Utterance ranges from the packed int32 sextuples (no text needed). */
function utteranceRanges(p: OpenProject, t: TranscriptFacts): Range[] {
  const row = p.db.prepare('SELECT utterances_ct FROM transcript_versions WHERE id = ?').get(t.versionId) as { utterances_ct: Uint8Array };
  const bytes = p.openBytes('transcript_versions', t.versionId, 'utterances', t.participantId, row.utterances_ct);
  const a = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const out: Range[] = [];
  for (let i = 0; i + 1 < a.length; i += 6) if (a[i]! < a[i + 1]!) out.push([a[i]!, a[i + 1]!]);
  return out;
}

function readText(p: OpenProject, t: TranscriptFacts): string {
  const row = p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(t.versionId) as { text_ct: Uint8Array };
  return p.openText('transcript_versions', t.versionId, 'text', t.participantId, row.text_ct);
}

/**
 * Sentences: runs of text ending after ., !, ?, …, 。, ؟ or ।(with closing quotes or brackets)
 * followed by whitespace, or at a line break; trimmed of surrounding whitespace.
 */
export function sentenceRanges(text: string): Range[] {
  const out: Range[] = [];
  const re = /[.!?…。？！؟।]+["'”’)\]]*(?=\s)|\n/gu;
  let from = 0;
  const push = (s: number, e: number) => {
    while (s < e && /\s/u.test(text[s]!)) s++;
    while (e > s && /\s/u.test(text[e - 1]!)) e--;
    if (e > s) out.push([s, e]);
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    push(from, end);
    from = end;
  }
  push(from, text.length);
  return out;
}

function segmentsOf(p: OpenProject, t: TranscriptFacts, kind: 'utterance' | 'sentence'): Range[] {
  return kind === 'utterance' ? utteranceRanges(p, t) : sentenceRanges(readText(p, t));
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);
const figures = (f: AgreementFigures) => ({
  percentAgreement: orNull(f.percentAgreement),
  cohenKappa: orNull(f.cohenKappa),
  fleissKappa: orNull(f.fleissKappa),
  krippendorffAlpha: orNull(f.krippendorffAlpha),
  units: f.units,
});

export function computeAgreement(p: OpenProject, q: AgreementQuery): AgreementReport {
  const g = gather(p, q);
  const transcripts: TranscriptCodings[] = g.transcripts.map((t) => ({
    length: t.chars,
    codedBy: t.codedBy,
    ranges: t.ranges,
    ...(q.unit === 'segment' ? { segments: segmentsOf(p, t, q.segments) } : {}),
  }));
  const report = agreementByCode({ coders: q.coders, codes: g.codes.map((c) => c.id), transcripts }, { unit: q.unit, excludeUncoded: q.excludeUncoded, definition: q.definition });
  return {
    coders: g.coders,
    unit: q.unit,
    segments: q.unit === 'segment' ? q.segments : null,
    excludeUncoded: q.excludeUncoded,
    transcripts: g.transcripts.length,
    perCode: report.perCode.map((r, i) => ({ codeId: r.code, name: g.codes[i]!.name, ...figures(r) })),
    overall: figures(report.overall),
  };
}

interface SettlementRow {
  id: string;
  transcript_id: string;
  code_id: string;
  start: number;
  end: number;
  decision: 'present' | 'absent';
  settled_by: string | null;
  settled_at: string;
  note_ct: Uint8Array | null;
}

/** Passages where the coders' presence for a code differs, transcript by transcript, code by code. */
export function listDisagreements(p: OpenProject, q: AgreementQuery & { limit: number; includeSettled: boolean }): { total: number; items: Disagreement[] } {
  const g = gather(p, q);
  const names = coderNames(p);
  // Latest first, by transcript and code: the newest settlement covering a passage decides it.
  const settlements = new Map<string, SettlementRow[]>();
  for (const s of p.db.prepare('SELECT id, transcript_id, code_id, start, "end", decision, settled_by, settled_at, note_ct FROM settlements ORDER BY settled_at DESC').all() as SettlementRow[]) {
    const k = `${s.transcript_id}|${s.code_id}`;
    settlements.set(k, [...(settlements.get(k) ?? []), s]);
  }
  const titles = new Map<string, string>();
  const items: Disagreement[] = [];
  let total = 0;
  for (const t of g.transcripts) {
    const segments = q.unit === 'segment' ? segmentsOf(p, t, q.segments) : undefined;
    let text: string | null = null;
    // code -> coder -> ranges; a code nobody used here has no disagreement to show.
    const byCode = new Map<string, Map<string, Range[]>>();
    for (const r of t.ranges) {
      let m = byCode.get(r.code);
      if (!m) byCode.set(r.code, (m = new Map()));
      let list = m.get(r.coder);
      if (!list) m.set(r.coder, (list = []));
      list.push([r.start, r.end]);
    }
    for (const code of g.codes) {
      const used = byCode.get(code.id);
      if (!used) continue;
      const byCoder = q.coders.map((c): Range[] | null => (t.codedBy.includes(c) ? (used.get(c) ?? []) : null));
      const passages = differing(t.chars, byCoder, segments);
      for (const [start, end] of passages) {
        const settled = settlements.get(`${t.id}|${code.id}`)?.find((s) => s.start <= start && s.end >= end) ?? null;
        if (settled && !q.includeSettled) continue;
        total++;
        if (items.length >= q.limit) continue;
        text ??= readText(p, t);
        if (!titles.has(t.id)) {
          const row = p.db.prepare('SELECT title_ct FROM transcripts WHERE id = ?').get(t.id) as { title_ct: Uint8Array };
          titles.set(t.id, p.openText('transcripts', t.id, 'title', t.participantId, row.title_ct));
        }
        items.push({
          transcriptId: t.id,
          title: titles.get(t.id)!,
          versionId: t.versionId,
          codeId: code.id,
          codeName: code.name,
          start,
          end,
          text: text.slice(start, end),
          coders: q.coders.map((c, i) => {
            const rs = (byCoder[i] ?? []).filter(([s, e]) => s < end && e > start);
            return { coderId: c, name: names.get(c) ?? c, present: rs.length > 0, ranges: rs.map(([s, e]) => [s, e] as [number, number]) };
          }),
          settled: settled ? { decision: settled.decision, by: settled.settled_by, at: settled.settled_at, note: settled.note_ct ? p.openText('settlements', settled.id, 'note', t.participantId, settled.note_ct) : null } : null,
        });
      }
    }
  }
  return { total, items };
}

/**
 * Maximal stretches (or segments) where the coders who coded the transcript do not all agree on
 * presence. Built from the library's presence units: with nothing excluded, the character units come
 * in text order and their weights are the stretches' lengths.
 */
function differing(length: number, byCoder: (Range[] | null)[], segments: Range[] | undefined): Range[] {
  const out: [number, number][] = [];
  const disagrees = (row: readonly (0 | 1 | null)[]) => row.includes(0) && row.includes(1);
  if (segments) {
    const nonEmpty = segments.filter(([s, e]) => s < e);
    const u = presenceUnits(length, byCoder, { unit: 'segment', segments });
    u.rows.forEach((row, i) => {
      if (disagrees(row)) out.push([nonEmpty[i]![0], nonEmpty[i]![1]]);
    });
    return out;
  }
  const u = presenceUnits(length, byCoder);
  let at = 0;
  u.rows.forEach((row, i) => {
    const w = u.weights[i]!;
    if (disagrees(row)) {
      const last = out[out.length - 1];
      if (last && last[1] === at) last[1] = at + w;
      else out.push([at, at + w]);
    }
    at += w;
  });
  return out;
}

export function agreementHandlers(ctx: Ctx): HandlerGroup<'agreement.compute' | 'agreement.disagreements' | 'agreement.settle'> {
  return {
    'agreement.compute': (q) => computeAgreement(ctx.requireProject(), q),
    'agreement.disagreements': (q) => listDisagreements(ctx.requireProject(), q),
    'agreement.settle': ({ transcriptId, versionId, codeId, start, end, decision, note }) => {
      const p = ctx.requireProject();
      const pid = transcriptParticipant(p, transcriptId);
      const t = p.db.prepare('SELECT t.current_version, v.chars FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version WHERE t.id = ?').get(transcriptId) as { current_version: string; chars: number };
      if (t.current_version !== versionId) throw new TandaiError('CONFLICT', `version ${versionId} is no longer the current version of transcript ${transcriptId}: reload the disagreement list`);
      if (start >= end || end > t.chars) throw new TandaiError('INVALID_INPUT', `the passage ${start}–${end} is not a range of the text (${t.chars} characters)`);
      if (!p.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(codeId)) throw new TandaiError('NOT_FOUND', `no code ${codeId}`);
      const settlementId: string = newId();
      // Strictly after the last settlement (two in one millisecond, or a clock set back): the newest decides.
      const last = (p.db.prepare('SELECT MAX(settled_at) AS m FROM settlements').get() as { m: string | null }).m;
      const now = new Date(Math.max(Date.now(), last ? Date.parse(last) + 1 : 0)).toISOString();
      return p.tx(() => {
        let codingId: string | null = null;
        const same = p.db.prepare('SELECT id FROM codings WHERE version_id = ? AND start = ? AND "end" = ? AND code_id = ? AND coder_id = ?').get(versionId, start, end, codeId, CONSENSUS_CODER_ID) as { id: string } | undefined;
        if (decision === 'present') {
          codingId = same?.id ?? newId<CodingId>();
          if (!same)
            p.db
              .prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)')
              .run(codingId, transcriptId, versionId, start, end, codeId, CONSENSUS_CODER_ID, now);
        } else if (same) {
          p.db.prepare("DELETE FROM memos WHERE target_kind = 'coding' AND target_id = ?").run(same.id);
          p.db.prepare('DELETE FROM codings WHERE id = ?').run(same.id);
        }
        p.db
          .prepare('INSERT INTO settlements (id, transcript_id, version_id, start, "end", code_id, decision, coding_id, note_ct, settled_by, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(settlementId, transcriptId, versionId, start, end, codeId, decision, codingId, note ? p.sealText('settlements', settlementId, 'note', pid, note) : null, p.actorId, now);
        p.audit('agreement.settle', settlementId, { transcriptId, codeId, start, end, decision, codingId, removedConsensusCoding: decision === 'absent' && same ? same.id : null }, pid);
        return { settlementId, codingId };
      });
    },
  };
}
