/**
 * retrieve.excerpts and project.revision, and the session's cache of decrypted transcript texts
 * that retrieval and search share.
 *
 * Retrieval works on plaintext columns first (code ids, integer ranges, version ids) to find and
 * count every excerpt without decrypting anything; only the transcripts on the page asked for are
 * decrypted (their text, title, labels, attributes), so the first page of one code across 500
 * transcripts costs a few decryptions, not 500.
 */
import type { AttributeValue } from '../../../shared/contract/index.js';
import type { Excerpt, RetrieveFilters } from '../../../shared/contract/channels/workspace.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { OpenProject } from '../store/project.js';
import { readVersion } from './transcripts.js';

// ---------------------------------------------------------------------------------------------
// Session text cache

interface CachedVersion {
  participantId: string;
  text: string;
  /** Utterance starts and their speakers, for "who said it". */
  utteranceStarts: Int32Array;
  speakers: (string | null)[];
}

/** Upper bound on cached UTF-16 units (~128 MiB at worst): a whole 500-transcript study fits. */
const CACHE_UNITS = 64 * 1024 * 1024;

/**
 * Decrypted texts of transcript versions, for one open project, for as long as it stays open.
 * Dropped when the project closes or locks (OpenProject.onClose), and entries of a withdrawn
 * participant are dropped before any use (their key is gone, so must their text be).
 */
export class TextCache {
  private readonly entries = new Map<string, CachedVersion>();
  private units = 0;

  constructor(private readonly p: OpenProject) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.units = 0;
  }

  /** Forgets the texts of participants whose data key is gone (withdrawn). */
  prune(): void {
    for (const [id, e] of this.entries) {
      if (!this.p.participantKeys.has(e.participantId)) {
        this.entries.delete(id);
        this.units -= e.text.length;
      }
    }
  }

  version(transcriptId: string, versionId: string): CachedVersion {
    const hit = this.entries.get(versionId);
    if (hit) {
      // Most recently used last, so eviction takes the oldest.
      this.entries.delete(versionId);
      this.entries.set(versionId, hit);
      return hit;
    }
    const v = readVersion(this.p, transcriptId, versionId);
    const entry: CachedVersion = {
      participantId: v.participantId,
      text: v.text,
      utteranceStarts: Int32Array.from(v.utterances.map((u) => u.start)),
      speakers: v.utterances.map((u) => u.speaker),
    };
    this.entries.set(versionId, entry);
    this.units += v.text.length;
    for (const [id, e] of this.entries) {
      if (this.units <= CACHE_UNITS || id === versionId) break;
      this.entries.delete(id);
      this.units -= e.text.length;
    }
    return entry;
  }
}

const caches = new WeakMap<OpenProject, TextCache>();

/** The text cache of this open project (made on first use; cleared when the project closes or locks). */
export function textCache(p: OpenProject): TextCache {
  let c = caches.get(p);
  if (!c) {
    const cache = new TextCache(p);
    c = cache;
    caches.set(p, cache);
    p.onClose(() => {
      cache.clear();
      caches.delete(p);
    });
  }
  c.prune();
  return c;
}

/** How many decrypted texts the project's session cache holds (0 once it is closed or locked). */
export function cachedTextCount(p: OpenProject): number {
  return caches.get(p)?.size ?? 0;
}

export function speakerAt(v: CachedVersion, offset: number): string | null {
  // Last utterance starting at or before offset.
  let lo = 0;
  let hi = v.utteranceStarts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v.utteranceStarts[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : (v.speakers[found] ?? null);
}

// ---------------------------------------------------------------------------------------------
// Ranges

export interface Range {
  start: number;
  end: number;
}

/**
 * Ranges as flat arrays [start0, end0, start1, end1, ...]: retrieval handles every coding of a
 * code (20,000 at the scale), and flat number arrays cost far less than an object each.
 */
export type FlatRanges = number[];

/** Union: sorted, overlapping ranges joined; ranges that only touch stay apart. */
export function unionFlat(flat: FlatRanges): FlatRanges {
  let sorted = true;
  for (let i = 2; i < flat.length; i += 2) {
    if (flat[i]! < flat[i - 2]! || (flat[i] === flat[i - 2] && flat[i + 1]! < flat[i - 1]!)) {
      sorted = false;
      break;
    }
  }
  let src = flat;
  if (!sorted) {
    const idx = Array.from({ length: flat.length / 2 }, (_, i) => i * 2);
    idx.sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
    src = new Array<number>(flat.length);
    idx.forEach((k, i) => {
      src[2 * i] = flat[k]!;
      src[2 * i + 1] = flat[k + 1]!;
    });
  }
  const out: FlatRanges = [];
  for (let i = 0; i < src.length; i += 2) {
    const s = src[i]!;
    const e = src[i + 1]!;
    const n = out.length;
    if (n > 0 && s < out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Intersection of two unions (each sorted and disjoint): the ranges covered by both. */
export function intersectFlat(a: FlatRanges, b: FlatRanges): FlatRanges {
  const out: FlatRanges = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]!, b[j]!);
    const e = Math.min(a[i + 1]!, b[j + 1]!);
    if (s < e) out.push(s, e);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

const toFlat = (rs: readonly Range[]): FlatRanges => rs.flatMap((r) => [r.start, r.end]);
const fromFlat = (f: FlatRanges): Range[] => Array.from({ length: f.length / 2 }, (_, i) => ({ start: f[2 * i]!, end: f[2 * i + 1]! }));
export const unionRanges = (ranges: readonly Range[]): Range[] => fromFlat(unionFlat(toFlat(ranges)));
export const intersectRanges = (a: readonly Range[], b: readonly Range[]): Range[] => fromFlat(intersectFlat(toFlat(a), toFlat(b)));

/** Stays off the low half of a surrogate pair, so a context edge never splits an emoji. */
export function safeStart(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff ? i - 1 : i;
}
export function safeEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return i < text.length && c >= 0xdc00 && c <= 0xdfff ? i + 1 : i;
}

export interface MarkRange {
  id: string;
  start: number;
  end: number;
}

/** The current version's marks for each transcript, from plaintext columns. */
export function marksByVersion(p: OpenProject, versionIds: readonly string[]): Map<string, MarkRange[]> {
  const out = new Map<string, MarkRange[]>();
  if (versionIds.length === 0) return out;
  const stmt = p.db.prepare('SELECT id, version_id, start, "end" FROM marks WHERE version_id = ? ORDER BY start');
  for (const v of new Set(versionIds)) {
    out.set(
      v,
      (stmt.all(v) as { id: string; start: number; end: number }[]).map((m) => ({ id: m.id, start: m.start, end: m.end })),
    );
  }
  return out;
}

/** Marks touching [from, to), clipped to it. */
export function marksIn(marks: readonly MarkRange[] | undefined, from: number, to: number): MarkRange[] {
  if (!marks) return [];
  return marks.filter((m) => m.start < to && m.end > from).map((m) => ({ id: m.id, start: Math.max(m.start, from), end: Math.min(m.end, to) }));
}

// ---------------------------------------------------------------------------------------------
// Transcript facts (decrypted per page)

export interface TranscriptFacts {
  title: string;
  participantLabel: string;
  attributes: Record<string, AttributeValue>;
}

export function transcriptFacts(p: OpenProject, ids: readonly string[]): Map<string, TranscriptFacts> {
  const out = new Map<string, TranscriptFacts>();
  const row = p.db.prepare('SELECT t.participant_id, t.title_ct, pp.label_ct FROM transcripts t JOIN participants pp ON pp.id = t.participant_id WHERE t.id = ?');
  const attrs = p.db.prepare('SELECT key, value_ct FROM attribute_values WHERE transcript_id = ?');
  for (const id of new Set(ids)) {
    const r = row.get(id) as { participant_id: string; title_ct: Uint8Array; label_ct: Uint8Array } | undefined;
    if (!r) continue;
    const pid = r.participant_id;
    const attributes: Record<string, AttributeValue> = {};
    for (const a of attrs.all(id) as { key: string; value_ct: Uint8Array }[]) {
      attributes[a.key] = p.openJson<AttributeValue>('attribute_values', `${id}/${a.key}`, 'value', pid, a.value_ct);
    }
    out.set(id, {
      title: p.openText('transcripts', id, 'title', pid, r.title_ct),
      participantLabel: p.openText('participants', pid, 'label', pid, r.label_ct),
      attributes,
    });
  }
  return out;
}

/** Transcripts (of `candidates`) whose attributes match every filter key (any of its values). */
export function filterByAttributes(p: OpenProject, candidates: readonly string[], filters: Record<string, AttributeValue[]>): Set<string> {
  const keys = Object.keys(filters);
  const keep = new Set(candidates);
  if (keys.length === 0 || keep.size === 0) return keep;
  const pids = new Map((p.db.prepare('SELECT id, participant_id FROM transcripts').all() as { id: string; participant_id: string }[]).map((r) => [r.id, r.participant_id]));
  const stmt = p.db.prepare('SELECT transcript_id, value_ct FROM attribute_values WHERE key = ?');
  for (const key of keys) {
    const wanted = filters[key]!.map(normaliseValue);
    const matched = new Set<string>();
    for (const r of stmt.all(key) as { transcript_id: string; value_ct: Uint8Array }[]) {
      if (!keep.has(r.transcript_id)) continue;
      const pid = pids.get(r.transcript_id);
      if (!pid || !p.participantKeys.has(pid)) continue;
      const v = normaliseValue(p.openJson<AttributeValue>('attribute_values', `${r.transcript_id}/${key}`, 'value', pid, r.value_ct));
      if (wanted.includes(v)) matched.add(r.transcript_id);
    }
    for (const id of keep) if (!matched.has(id)) keep.delete(id);
  }
  return keep;
}

/** Attribute values compare by type and, for text, NFC and trimmed ("Indonesia" = " Indonesia"). */
function normaliseValue(v: AttributeValue): string {
  if (typeof v === 'string') return `s:${v.normalize('NFC').trim()}`;
  return `${typeof v}:${String(v)}`;
}

// ---------------------------------------------------------------------------------------------
// Retrieval

export function currentRevision(p: OpenProject): number {
  return p.header.audit.count;
}

/** CONFLICT when a view's revision is not the project's: it reloads instead of writing over a newer change. */
export function checkRevision(p: OpenProject, expected: number | undefined): void {
  if (expected === undefined) return;
  const now = currentRevision(p);
  if (now !== expected) throw new TandaiError('CONFLICT', `the project changed since this view was loaded (revision ${expected}, now ${now}): reload and try again`);
}

interface HitCoding {
  id: string;
  start: number;
  end: number;
  code_id: string;
  coder_id: string | null;
}

export interface RawExcerpt {
  transcriptId: string;
  versionId: string;
  start: number;
  end: number;
}

export interface RetrieveQuery {
  codeIds: string[];
  mode: 'and' | 'or';
  includeDescendants: boolean;
  filters: RetrieveFilters;
  contextChars: number;
  limit: number;
  offset: number;
}

interface Plan {
  /** Selected code -> itself; with includeDescendants, each descendant -> its nearest selected ancestor. */
  group: Map<string, string>;
  selected: string[];
  /** SQL condition and arguments: the codings that count (codes, not orphaned, coder filter). */
  where: string;
  args: string[];
}

function plan(p: OpenProject, q: Pick<RetrieveQuery, 'codeIds' | 'includeDescendants' | 'filters'>): Plan {
  const tree = p.db.prepare('SELECT id, parent_id FROM codes').all() as { id: string; parent_id: string | null }[];
  const known = new Set(tree.map((c) => c.id));
  const selected = [...new Set(q.codeIds)];
  for (const id of selected) if (!known.has(id)) throw new TandaiError('NOT_FOUND', `no code ${id}`);
  const group = new Map<string, string>(selected.map((id) => [id, id]));
  const selectedSet = new Set(selected);
  if (q.includeDescendants) {
    const parent = new Map(tree.map((c) => [c.id, c.parent_id]));
    for (const c of tree) {
      if (group.has(c.id)) continue;
      const seen = new Set<string>();
      for (let cur = parent.get(c.id) ?? null; cur !== null && !seen.has(cur); cur = parent.get(cur) ?? null) {
        seen.add(cur);
        if (selectedSet.has(cur)) {
          group.set(c.id, cur);
          break;
        }
      }
    }
  }
  const codeIds = [...group.keys()];
  const where = [`code_id IN (${codeIds.map(() => '?').join(',')})`, 'orphaned = 0'];
  const args: string[] = [...codeIds];
  const coders = q.filters.coderIds;
  if (coders) {
    const ids = coders.filter((x): x is string => x !== null);
    const parts: string[] = [];
    if (ids.length) {
      parts.push(`coder_id IN (${ids.map(() => '?').join(',')})`);
      args.push(...ids);
    }
    if (coders.includes(null)) parts.push('coder_id IS NULL');
    where.push(`(${parts.join(' OR ')})`);
  }
  return { group, selected, where: where.join(' AND '), args };
}

/** Appends "s,e;s,e;..." (SQLite group_concat of integers) to a flat range list, without making substrings. */
function parseInto(packed: string, out: FlatRanges): void {
  let n = 0;
  for (let i = 0; i < packed.length; i++) {
    const c = packed.charCodeAt(i);
    if (c === 44 || c === 59) {
      out.push(n);
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  out.push(n);
}

export interface Located {
  /** Transcripts with at least one excerpt, in listing order, each with its excerpts as flat ranges. */
  transcripts: { transcriptId: string; versionId: string; ranges: FlatRanges }[];
  total: number;
}

/**
 * Where every excerpt is (no text, no coding ids, no objects per excerpt): the plaintext part of
 * retrieval.
 *
 * Cost matters here (every coding of a code, 20,000 at the scale): SQLite hands over one
 * row per code and transcript version with its ranges packed in a string (a range scan of the
 * covering index codings_code_cover, grouped in index order, so no sort), instead of one JS object
 * per coding; codings on earlier versions are dropped by comparing with each transcript's current
 * version, a Map lookup rather than a join.
 */
export function locateExcerpts(p: OpenProject, q: Pick<RetrieveQuery, 'codeIds' | 'mode' | 'includeDescendants' | 'filters'>, pl: Plan = plan(p, q)): Located {
  const rows = p.db
    .prepare(`SELECT code_id, transcript_id, version_id, group_concat(start || ',' || "end", ';') AS ranges FROM codings WHERE ${pl.where} GROUP BY code_id, transcript_id, version_id`)
    .all(...pl.args) as { code_id: string; transcript_id: string; version_id: string; ranges: string }[];
  const current = new Map<string, string>();
  const order = new Map<string, number>();
  (p.db.prepare('SELECT id, current_version FROM transcripts ORDER BY created_at, id').all() as { id: string; current_version: string }[]).forEach((t, i) => {
    current.set(t.id, t.current_version);
    order.set(t.id, i);
  });
  const only = q.filters.transcriptIds ? new Set(q.filters.transcriptIds) : null;

  // Per transcript (current version only), per selected code: its ranges.
  const byTranscript = new Map<string, Map<string, FlatRanges>>();
  for (const r of rows) {
    if (current.get(r.transcript_id) !== r.version_id) continue;
    if (only && !only.has(r.transcript_id)) continue;
    const g = pl.group.get(r.code_id)!;
    let perCode = byTranscript.get(r.transcript_id);
    if (!perCode) byTranscript.set(r.transcript_id, (perCode = new Map()));
    let list = perCode.get(g);
    if (!list) perCode.set(g, (list = []));
    parseInto(r.ranges, list);
  }
  const allowed = q.filters.attributes ? filterByAttributes(p, [...byTranscript.keys()], q.filters.attributes) : null;
  const ids = [...byTranscript.keys()].filter((id) => !allowed || allowed.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);

  const out: Located = { transcripts: [], total: 0 };
  for (const transcriptId of ids) {
    const perCode = byTranscript.get(transcriptId)!;
    let ranges: FlatRanges;
    if (q.mode === 'or') {
      ranges = unionFlat(perCode.size === 1 ? [...perCode.values()][0]! : [...perCode.values()].flat());
    } else {
      ranges = [];
      for (let i = 0; i < pl.selected.length; i++) {
        const mine = unionFlat(perCode.get(pl.selected[i]!) ?? []);
        ranges = i === 0 ? mine : intersectFlat(ranges, mine);
        if (ranges.length === 0) break;
      }
    }
    if (ranges.length === 0) continue;
    out.transcripts.push({ transcriptId, versionId: current.get(transcriptId)!, ranges });
    out.total += ranges.length / 2;
  }
  return out;
}

/** The excerpts [offset, offset + limit) in order, as objects. */
export function pageOf(located: Located, offset: number, limit: number): RawExcerpt[] {
  const out: RawExcerpt[] = [];
  let skip = offset;
  for (const t of located.transcripts) {
    const n = t.ranges.length / 2;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    for (let i = skip; i < n && out.length < limit; i++) out.push({ transcriptId: t.transcriptId, versionId: t.versionId, start: t.ranges[2 * i]!, end: t.ranges[2 * i + 1]! });
    skip = 0;
    if (out.length >= limit) break;
  }
  return out;
}

/** Every excerpt's place, as objects (tests and small callers; retrieval pages without making them all). */
export function findExcerpts(p: OpenProject, q: Pick<RetrieveQuery, 'codeIds' | 'mode' | 'includeDescendants' | 'filters'>): RawExcerpt[] {
  const located = locateExcerpts(p, q);
  return pageOf(located, 0, located.total);
}

/** The counted codings overlapping each excerpt (for the page only: one indexed read per transcript version). */
function codingsOverlapping(p: OpenProject, pl: Plan, page: readonly RawExcerpt[]): HitCoding[][] {
  const stmt = p.db.prepare(`SELECT id, start, "end", code_id, coder_id FROM codings WHERE version_id = ? AND ${pl.where} ORDER BY start, "end", id`);
  const byVersion = new Map<string, HitCoding[]>();
  return page.map((e) => {
    let list = byVersion.get(e.versionId);
    if (!list) byVersion.set(e.versionId, (list = stmt.all(e.versionId, ...pl.args) as HitCoding[]));
    return list.filter((c) => c.start < e.end && c.end > e.start);
  });
}

export function retrieve(p: OpenProject, q: RetrieveQuery): { excerpts: Excerpt[]; total: number; transcripts: number; offset: number; revision: number } {
  const pl = plan(p, q);
  const located = locateExcerpts(p, q, pl);
  const page = pageOf(located, q.offset, q.limit);
  const overlapping = codingsOverlapping(p, pl, page);
  const cache = textCache(p);
  const facts = transcriptFacts(
    p,
    page.map((e) => e.transcriptId),
  );
  const marks = marksByVersion(
    p,
    page.map((e) => e.versionId),
  );
  const excerpts: Excerpt[] = page.map((e, i) => {
    const v = cache.version(e.transcriptId, e.versionId);
    const t = v.text;
    const contextStart = safeStart(t, Math.max(0, e.start - q.contextChars));
    const contextEnd = safeEnd(t, Math.min(t.length, e.end + q.contextChars));
    const shown = marksIn(marks.get(e.versionId), contextStart, contextEnd);
    const fact = facts.get(e.transcriptId)!;
    const codings = overlapping[i]!;
    return {
      transcriptId: e.transcriptId,
      versionId: e.versionId,
      title: fact.title,
      participantLabel: fact.participantLabel,
      attributes: fact.attributes,
      start: e.start,
      end: e.end,
      text: t.slice(e.start, e.end),
      before: t.slice(contextStart, e.start),
      after: t.slice(e.end, contextEnd),
      contextStart,
      contextEnd,
      codingIds: codings.map((c) => c.id),
      codeIds: [...new Set(codings.map((c) => c.code_id))],
      coderIds: [...new Set(codings.map((c) => c.coder_id))],
      distressing: shown.length > 0,
      marks: shown,
      speaker: speakerAt(v, e.start),
    };
  });
  return { excerpts, total: located.total, transcripts: located.transcripts.length, offset: q.offset, revision: currentRevision(p) };
}

export function retrieveHandlers(ctx: Ctx): HandlerGroup<'retrieve.excerpts' | 'project.revision'> {
  return {
    'retrieve.excerpts': (input) => retrieve(ctx.requireProject(), input),
    'project.revision': () => ({ revision: currentRevision(ctx.requireProject()) }),
  };
}
