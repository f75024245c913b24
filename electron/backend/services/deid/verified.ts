/**
 * What the export gate verified, kept while the project is open, so the next export or status
 * check need not render and hash every item again (rendering and hashing 500 transcripts was most
 * of an export's time).
 *
 * An entry holds only while the database has not changed at all since it was computed: SQLite's
 * total_changes() on the project's connection (every row inserted, updated or deleted through it,
 * triggers included) and PRAGMA data_version (commits by any other connection). Narrower keys
 * (version ids, decision ids) are not enough: decision values, pseudonyms, participants and codings
 * are updated in place by several services, and a key that missed one would let an unreviewed
 * change out. The one write known to leave every item as it was is an export's own audit entry:
 * `carryOver` moves the stamp past it when nothing else was written in between.
 *
 * Held in memory (de-identified heads, hashes, rendered codes) while the project is open; when it
 * closes, stored sealed in the project if they still hold, for the next session to start from
 * (verified-store.ts says when a stored fact may be used).
 */
import type { Statement } from 'better-sqlite3';
import type { Code, TranscriptSummary } from '../../../../shared/contract/index.js';
import { buildRendition, renderUtterances, type RenditionEdit } from '../../../../shared/deid/rendition.js';
import { TandaiError } from '../../../../shared/result.js';
import { offsetMapFromHunks, type MappedRange, type OffsetMap } from '../../../../shared/text/offset-map.js';
import type { OpenProject } from '../../store/project.js';
import { loadCodes } from '../codebook.js';
import type { Rendition, RenditionHead } from '../export-gate.js';
import { listTranscripts, readVersion } from '../transcripts.js';
import { codeItem, memoItem, memosInScope, transcriptItem, type ComputedItem, type ItemFacts } from './items.js';
import { Renderer, type RenderedTranscript } from './render.js';
import { keepOnClose, openFacts, sealFacts, takeStored } from './verified-store.js';

/**
 * The edits a rendition applied (its hunks: never overlapping or touching, so applying them again
 * gives the same text and map), packed: about 12 bytes an edit instead of a row per candidate.
 */
export interface PackedEdits {
  starts: Int32Array;
  ends: Int32Array;
  replacements: string[];
}

/** A transcript as verified: its facts, its head (no text), its rendition's edits, and where its codings land on it. */
export interface TranscriptFacts extends ItemFacts {
  head: RenditionHead;
  edits: PackedEdits;
  /** Every coding on the rendered version, by id, mapped onto the rendition ('shrink'). */
  codings: ReadonlyMap<string, MappedRange>;
}

interface Session {
  stamp: string;
  items: Map<string, ItemFacts>;
  transcripts: Map<string, TranscriptFacts>;
  codes: Map<string, Code>;
  values: Map<string, unknown>;
  /** The sealed facts this session started from (verified-store.ts), while it has computed none of its own. */
  stored: Uint8Array | null;
}

const sessions = new WeakMap<OpenProject, Session>();

/** Facts the last session stored, still sealed, and the stamp they hold for (opened when first needed). */
const resumable = new WeakMap<OpenProject, { stamp: string; sealed: Uint8Array }>();

/**
 * When a session opens (or creates) the project: takes the facts the last session stored, if nothing
 * was written since (verified-store.ts), and stores this session's when the project closes.
 */
export function resumeVerified(p: OpenProject): void {
  const sealed = takeStored(p);
  if (sealed) resumable.set(p, { stamp: changeStamp(p), sealed });
  p.onClose(() => {
    const s = sessions.get(p);
    const r = resumable.get(p);
    sessions.delete(p);
    resumable.delete(p);
    // Closing in the middle of a transaction (a crash path) stores nothing: stale stays 1.
    if (p.db.inTransaction) return;
    keepOnClose(
      p,
      () => (s ? s.stamp === changeStamp(p) && s.transcripts.size + s.items.size > 0 : r?.stamp === changeStamp(p)),
      () => (s && !s.stored ? sealFacts(p, s) : 'unchanged'),
    );
  });
}

/** Changes whenever anything in the project's database changed (see above). */
export function changeStamp(p: OpenProject): string {
  const [n, v] = p.stmt('SELECT total_changes(), data_version FROM pragma_data_version').raw().get() as [number, number];
  return `${n}|${v}`;
}

function current(p: OpenProject): Session {
  const stamp = changeStamp(p);
  // Inside a transaction that may yet roll back (a merge plan), total_changes() would not move on
  // the rollback: what is computed there is used there and never kept.
  if (p.db.inTransaction) return { stamp: `tx|${stamp}`, items: new Map(), transcripts: new Map(), codes: new Map(), values: new Map(), stored: null };
  const s = sessions.get(p);
  if (s && s.stamp === stamp) return s;
  if (!s) {
    const r = resumable.get(p);
    resumable.delete(p);
    const facts = r && r.stamp === stamp ? openFacts(p, r.sealed) : null;
    if (facts) {
      const resumed: Session = { stamp, ...facts, values: new Map(), stored: r!.sealed };
      sessions.set(p, resumed);
      return resumed;
    }
    p.onClose(() => sessions.delete(p));
  }
  const fresh: Session = { stamp, items: new Map(), transcripts: new Map(), codes: new Map(), values: new Map(), stored: null };
  sessions.set(p, fresh);
  return fresh;
}

/** A value computed from the project as it now stands, computed again only after a change. */
export function sameState<T>(p: OpenProject, name: string, compute: () => T): T {
  const s = current(p);
  if (!s.values.has(name)) s.values.set(name, compute());
  return s.values.get(name) as T;
}

/**
 * After `write` (which must touch nothing an item is made of, e.g. an audit entry): when the
 * session was current just before it, it stays current. Returns what `write` returned.
 */
export function carryOver<T>(p: OpenProject, write: () => T): T {
  return carry(p, write, null);
}

/**
 * After `write`, which must add or delete codings of one transcript and touch nothing else an item
 * is made of (no reviewed item holds a coding): when the session was current just before it, it
 * stays current, with that transcript's codings mapped onto its rendition again. So coding on after
 * an export does not make the next export check every item again. Returns what `write` returned.
 */
export function carryOverCodings<T>(p: OpenProject, transcriptId: string, write: () => T): T {
  return carry(p, write, (s) => {
    const f = s.transcripts.get(transcriptId);
    if (f) s.transcripts.set(transcriptId, { ...f, codings: mapCodings(codingsOn(p), f.head.versionId, renditionFromFacts(p, f).map) });
    s.stored = null;
  });
}

/** `write`, then the session (if it was current just before) brought past it by `update` (null: nothing to update). */
function carry<T>(p: OpenProject, write: () => T, update: ((s: Session) => void) | null): T {
  const before = changeStamp(p);
  const value = write();
  const s = sessions.get(p);
  if (s && s.stamp === before) {
    try {
      update?.(s);
      s.stamp = changeStamp(p);
    } catch {
      // Not carried over (the write itself stands): the next check computes every item.
    }
  }
  return value;
}

/** Every coding on a version mapped onto its rendition (`stmt`: codingsOn, prepared once per scope). */
function mapCodings(stmt: Statement, versionId: string, map: OffsetMap): Map<string, MappedRange> {
  const rows = stmt.all(versionId) as [string, number, number][];
  const out = new Map<string, MappedRange>();
  for (const r of rows) out.set(r[0], map.mapRange(r[1], r[2], 'shrink'));
  return out;
}

const codingsOn = (p: OpenProject): Statement => p.db.prepare('SELECT id, start, "end" FROM codings WHERE version_id = ?').raw();

function packEdits(r: RenderedTranscript): PackedEdits {
  const applied = r.text.edits;
  const starts = new Int32Array(applied.length);
  const ends = new Int32Array(applied.length);
  const replacements = new Array<string>(applied.length);
  applied.forEach((e, i) => {
    starts[i] = e.start;
    ends[i] = e.end;
    replacements[i] = e.replacement;
  });
  return { starts, ends, replacements };
}

/**
 * A verified transcript's rendition, made again from its version and packed edits (no candidate
 * rows read): the same text, offset map and utterances the renderer gave, while the project is
 * unchanged — the caller holds the stamp.
 */
export function renditionFromFacts(p: OpenProject, f: TranscriptFacts): Rendition {
  const v = readVersion(p, f.head.transcriptId);
  if (v.versionId !== f.head.versionId) throw new TandaiError('INTERNAL', `transcript ${f.head.transcriptId} is not at the version the gate checked`);
  const { starts, ends, replacements } = f.edits;
  const edits: RenditionEdit[] = replacements.map((replacement, i) => ({ start: starts[i]!, end: ends[i]!, replacement }));
  const rendered = edits.length ? buildRendition(v.text, edits) : { text: v.text, hunks: [], map: offsetMapFromHunks([], v.text, v.text), edits: [] };
  return { ...f.head, text: rendered.text, utterances: renderUtterances(v.utterances, rendered), map: rendered.map };
}

function headOf(r: RenderedTranscript): RenditionHead {
  const { transcriptId, versionId, participantId, participantLabel, title, attributes } = r.rendition;
  return { transcriptId, versionId, participantId, participantLabel, title, attributes };
}

const factsOf = (ci: ComputedItem): ItemFacts => ({ item: { key: ci.item.key, kind: ci.item.kind, id: ci.item.id }, hash: ci.hash, state: ci.state, undecided: ci.undecided, unscanned: ci.unscanned });

export interface VerifiedScope {
  /** Transcripts (in scope order), codes, then memos in scope: what a sign-off is compared with. */
  items: ItemFacts[];
  transcripts: Map<string, TranscriptFacts>;
  /** Every code, rendered. */
  codes: Map<string, Code>;
  /**
   * Renditions made by this call (items not verified before): the gate hands these on rather than
   * render twice. Only the rendition is kept of each: the candidate lists behind it are let go.
   */
  rendered: Map<string, Rendition>;
  /** The stamp the facts hold for. */
  stamp: string;
  /** Items whose facts this call computed (0: all known already, in this session or stored by the last). */
  computed: number;
}

/**
 * The facts of every item of a scope (transcripts, all codes, memos in scope), from this session's
 * verified items where the project has not changed since, else computed now (and kept).
 */
export function verifiedScope(p: OpenProject, transcriptIds: readonly string[]): VerifiedScope {
  const s = current(p);
  let renderer: Renderer | null = null;
  const r = () => (renderer ??= new Renderer(p));
  let listed: Map<string, TranscriptSummary> | null = null;
  const summary = (id: string) => (listed ??= new Map(listTranscripts(p).map((t) => [t.id, t]))).get(id);

  const items: ItemFacts[] = [];
  const transcripts = new Map<string, TranscriptFacts>();
  const rendered = new Map<string, Rendition>();
  let codings: Statement | null = null;
  let computed = 0;
  // Items are computed after opening or after any change, each time for the whole scope: its
  // entities, decisions and pseudonyms are read in one query each rather than one by one.
  if (transcriptIds.some((id) => !s.transcripts.has(id))) r().preload();
  for (const id of transcriptIds) {
    let f = s.transcripts.get(id);
    if (!f) {
      const ci = transcriptItem(p, r(), id, summary(id));
      const rt = ci.rendered!;
      f = { ...factsOf(ci), head: headOf(rt), edits: packEdits(rt), codings: mapCodings((codings ??= codingsOn(p)), rt.rendition.versionId, rt.rendition.map) };
      s.transcripts.set(id, f);
      rendered.set(id, rt.rendition);
      computed++;
    }
    transcripts.set(id, f);
    items.push(f);
  }
  const codes = new Map<string, Code>();
  for (const c of loadCodes(p)) {
    const key = `code:${c.id}`;
    let f = s.items.get(key);
    if (!f || !s.codes.has(c.id)) {
      const ci = codeItem(p, r(), c);
      f = factsOf(ci);
      s.items.set(key, f);
      s.codes.set(c.id, ci.code!);
      computed++;
    }
    codes.set(c.id, s.codes.get(c.id)!);
    items.push(f);
  }
  for (const m of memosInScope(p, new Set(transcriptIds))) {
    const key = `memo:${m.id}`;
    let f = s.items.get(key);
    if (!f) {
      f = factsOf(memoItem(p, r(), m));
      s.items.set(key, f);
      computed++;
    }
    items.push(f);
  }
  if (computed > 0) s.stored = null;
  return { items, transcripts, codes, rendered, stamp: s.stamp, computed };
}
