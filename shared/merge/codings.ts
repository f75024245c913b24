/**
 * Placing a sender's codings in the lead's project (pure). Each incoming coding keeps its id and its
 * coder; its transcript is placed by the caller (same text, mapped through an offset map, or not
 * at all) and its code through the codebook merge. Nothing is dropped silently: every incoming
 * coding ends up inserted, already present (same id, or the same passage, code and coder under
 * another id), updated, or in `notPlaced` with the reason. Placing the same codings twice changes
 * nothing the second time.
 *
 * Codings the sender held before and no longer holds (ours, by them, on transcripts they sent, not
 * accounted for by any incoming coding) are listed for removal when the caller says this is the
 * sender's newest bundle: a coder's deletion of their own coding travels like their additions.
 */
import type { CodePlacement } from './types.js';

export interface IncomingCoding {
  id: string;
  transcriptId: string;
  versionId: string;
  start: number;
  end: number;
  codeId: string;
  coderId: string | null;
  createdAt: string;
  orphaned: boolean;
}

export interface LeadCoding {
  id: string;
  transcriptId: string;
  versionId: string;
  start: number;
  end: number;
  codeId: string;
  coderId: string | null;
  /** The coding this one was carried from by a correction (transcripts.correct). */
  derivedFrom: string | null;
  /** Whether it sits on its transcript's current version (older rows are history). */
  current: boolean;
  createdAt: string;
}

export type TranscriptPlacement =
  | {
      transcriptId: string;
      versionId: string;
      length: number;
      /** Maps a range of the sender's text onto ours; null when the texts are identical. Returns null when the text is gone. */
      map: ((start: number, end: number) => { start: number; end: number } | null) | null;
    }
  | { transcriptId: null; reason: string };

export interface NotPlacedCoding {
  id: string;
  transcriptId: string;
  start: number;
  end: number;
  codeId: string;
  coderId: string | null;
  reason: string;
}

export interface CodingPlanInput {
  incoming: readonly IncomingCoding[];
  /** Where a code of theirs goes (the codebook merge's placement); undefined: not in their codebook. */
  code(theirCodeId: string): CodePlacement | undefined;
  transcript(transcriptId: string, versionId: string): TranscriptPlacement;
  existing: readonly LeadCoding[] | CodingIndex;
  /** Set when this is the sender's newest bundle: their codings here that they no longer hold are removed. */
  removals: { senderId: string; transcripts: ReadonlySet<string> } | null;
}

export interface CodingPlan {
  insert: LeadCoding[];
  update: { id: string; transcriptId: string; versionId: string; start: number; end: number; codeId: string }[];
  present: number;
  /** incoming id -> our coding id (for memos on codings). */
  placedAs: Map<string, string>;
  remove: LeadCoding[];
  notPlaced: NotPlacedCoding[];
}

type Passage = { versionId: string; start: number; end: number; codeId: string; coderId: string | null };

/**
 * Our codings, indexed by id, by passage (version, range, code, coder), by the coding a correction
 * carried them from, and counted per code. Built once and kept in step as plans are applied, so
 * merging many bundles in one run reads the project's codings once.
 *
 * The passage index is nested (version -> start -> the few codings starting there) rather than
 * keyed by one string: building and hashing a ~120-character key per coding was half the cost of
 * planning 100,000 codings.
 */
export class CodingIndex {
  readonly byId = new Map<string, LeadCoding>();
  readonly derived = new Map<string, LeadCoding>();
  /** code id -> how many of our codings (any version) are on it. */
  readonly perCode = new Map<string, number>();
  /** coder id ('' for none) -> their codings (removals look at one sender's only). */
  private readonly perCoder = new Map<string, Set<LeadCoding>>();
  private readonly at = new Map<string, Map<number, LeadCoding[]>>();

  constructor(existing: Iterable<LeadCoding> = []) {
    for (const c of existing) this.add(c);
  }

  /** Our current coding of this passage, code and coder (the latest added when there are several). */
  find(k: Passage): LeadCoding | undefined {
    const list = this.at.get(k.versionId)?.get(k.start);
    if (!list) return undefined;
    const coder = k.coderId ?? null;
    for (let i = list.length - 1; i >= 0; i--) {
      const c = list[i]!;
      if (c.end === k.end && c.codeId === k.codeId && (c.coderId ?? null) === coder) return c;
    }
    return undefined;
  }

  add(c: LeadCoding): void {
    this.byId.set(c.id, c);
    if (c.current) {
      let starts = this.at.get(c.versionId);
      if (!starts) this.at.set(c.versionId, (starts = new Map()));
      const list = starts.get(c.start);
      if (list) list.push(c);
      else starts.set(c.start, [c]);
    }
    if (c.derivedFrom) this.derived.set(c.derivedFrom, c);
    this.perCode.set(c.codeId, (this.perCode.get(c.codeId) ?? 0) + 1);
    const coder = c.coderId ?? '';
    const mine = this.perCoder.get(coder);
    if (mine) mine.add(c);
    else this.perCoder.set(coder, new Set([c]));
  }

  /** The codings of one coder. */
  byCoder(coderId: string | null): ReadonlySet<LeadCoding> {
    return this.perCoder.get(coderId ?? '') ?? new Set();
  }

  remove(id: string): void {
    const c = this.byId.get(id);
    if (!c) return;
    this.byId.delete(id);
    const starts = this.at.get(c.versionId);
    const list = starts?.get(c.start);
    const i = list ? list.indexOf(c) : -1;
    if (i >= 0) {
      list!.splice(i, 1);
      if (list!.length === 0) starts!.delete(c.start);
    }
    if (c.derivedFrom && this.derived.get(c.derivedFrom) === c) this.derived.delete(c.derivedFrom);
    const n = (this.perCode.get(c.codeId) ?? 0) - 1;
    if (n > 0) this.perCode.set(c.codeId, n);
    else this.perCode.delete(c.codeId);
    this.perCoder.get(c.coderId ?? '')?.delete(c);
  }

  update(id: string, patch: Partial<LeadCoding>): void {
    const c = this.byId.get(id);
    if (!c) return;
    this.remove(id);
    this.add({ ...c, ...patch });
  }

  /** Codings of one code now on another (a code merged away). */
  recode(from: string, to: string): void {
    for (const c of [...this.byId.values()]) if (c.codeId === from) this.update(c.id, { codeId: to });
  }

  values(): IterableIterator<LeadCoding> {
    return this.byId.values();
  }
}

/**
 * Plans placing `incoming`. When `existing` is a CodingIndex it is updated as if the plan were
 * applied (the caller applies it); an array is indexed afresh and left alone.
 */
export function planCodings(input: CodingPlanInput): CodingPlan {
  const index = input.existing instanceof CodingIndex ? input.existing : new CodingIndex(input.existing);
  const { byId, derived } = index;
  const plan: CodingPlan = { insert: [], update: [], present: 0, placedAs: new Map(), remove: [], notPlaced: [] };
  /** Our codings some incoming coding stands for (only what removals need, so only kept for them). */
  const accounted = new Set<string>();
  const account = input.removals ? (id: string) => accounted.add(id) : (_id: string) => {};
  /** transcript id -> version id -> placement (nested: no key strings to build per coding). */
  const transcriptCache = new Map<string, Map<string, TranscriptPlacement>>();

  /** Our current row for a coding id: the row itself, or the row a correction carried it to. */
  const currentRow = (id: string): LeadCoding | undefined => {
    let row = byId.get(id);
    if (!row || row.current) return row;
    const seen = new Set<string>();
    while (row && !row.current && !seen.has(row.id)) {
      seen.add(row.id);
      account(row.id);
      row = derived.get(row.id);
    }
    return row;
  };
  /** Not placed, unless we hold it already (same id): then it is in the result as we have it. */
  const skip = (c: IncomingCoding, ours: LeadCoding | undefined, reason: string) => {
    if (ours) {
      plan.placedAs.set(c.id, ours.id);
      plan.present++;
    } else plan.notPlaced.push({ id: c.id, transcriptId: c.transcriptId, start: c.start, end: c.end, codeId: c.codeId, coderId: c.coderId, reason });
  };

  for (const c of input.incoming) {
    const ours = currentRow(c.id);
    if (ours) account(ours.id);
    if (c.orphaned) {
      skip(c, ours, "orphaned on the sender's side: a correction deleted its text");
      continue;
    }
    let versions = transcriptCache.get(c.transcriptId);
    if (!versions) transcriptCache.set(c.transcriptId, (versions = new Map()));
    let tp = versions.get(c.versionId);
    if (!tp) versions.set(c.versionId, (tp = input.transcript(c.transcriptId, c.versionId)));
    if (tp.transcriptId === null) {
      skip(c, ours, tp.reason);
      continue;
    }
    let start = c.start;
    let end = c.end;
    if (tp.map) {
      const r = tp.map(c.start, c.end);
      if (!r) {
        skip(c, ours, "its text is not in the lead's version of the transcript");
        continue;
      }
      start = r.start;
      end = r.end;
    }
    if (start >= end) {
      skip(c, ours, "its text is not in the lead's version of the transcript");
      continue;
    }
    if (start < 0 || end > tp.length) {
      skip(c, ours, `its range ${c.start}–${c.end} runs past the end of the lead's text (${tp.length} characters)`);
      continue;
    }
    const cp = input.code(c.codeId);
    if (!cp) {
      skip(c, ours, `its code ${c.codeId} is not in the sender's codebook`);
      continue;
    }
    if (cp.to === null) {
      skip(c, ours, cp.reason);
      continue;
    }
    if (ours) {
      plan.placedAs.set(c.id, ours.id);
      // A row carried by a correction keeps our mapping of its range; only a changed code travels.
      const sameRange = ours.id !== c.id || (ours.start === start && ours.end === end && ours.versionId === tp.versionId);
      if (ours.codeId === cp.to && sameRange) plan.present++;
      else {
        const update =
          ours.id === c.id
            ? { id: ours.id, transcriptId: tp.transcriptId, versionId: tp.versionId, start, end, codeId: cp.to }
            : { id: ours.id, transcriptId: ours.transcriptId, versionId: ours.versionId, start: ours.start, end: ours.end, codeId: cp.to };
        index.update(ours.id, { transcriptId: update.transcriptId, versionId: update.versionId, start: update.start, end: update.end, codeId: update.codeId, current: true });
        plan.update.push(update);
      }
      continue;
    }
    const row: LeadCoding = { id: c.id, transcriptId: tp.transcriptId, versionId: tp.versionId, start, end, codeId: cp.to, coderId: c.coderId, derivedFrom: null, current: true, createdAt: c.createdAt };
    const dup = index.find(row);
    if (dup !== undefined) {
      plan.placedAs.set(c.id, dup.id);
      account(dup.id);
      plan.present++;
      continue;
    }
    plan.insert.push(row);
    index.add(row);
    account(row.id);
    plan.placedAs.set(c.id, row.id);
  }

  if (input.removals) {
    const { senderId, transcripts } = input.removals;
    for (const c of index.byCoder(senderId)) {
      if (c.current && transcripts.has(c.transcriptId) && !accounted.has(c.id)) plan.remove.push(c);
    }
    for (const c of plan.remove) index.remove(c.id);
  }
  return plan;
}
