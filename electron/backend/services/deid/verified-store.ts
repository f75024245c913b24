/**
 * The export gate's verified facts, kept in the project between sessions (table gate_cache,
 * migration 7), so the first export or gate check after opening a project nobody changed does not
 * render and hash every item again (on 500 transcripts with half a million candidates that was
 * most of a codebook export's time).
 *
 * The facts may describe only the project exactly as it is. How that holds:
 *   - While a session has the project open (`takeStored` at open, `keepOnClose` at close), its own
 *     writes are followed by its change stamp (verified.ts), and a write by another connection moves
 *     SQLite's data_version, which is part of the stamp. gate_cache says stale = 1 throughout.
 *   - When the session closes, and only if its facts still hold for the project as it stands
 *     (judged in a transaction that holds the write lock), the facts are stored with stale = 0.
 *   - Whenever no session has the project, triggers on every table but GATE_UNWATCHED mark the facts
 *     stale and drop them at the first write by any program: another Tandai, the CLI, a SQLite
 *     shell. A session drops the triggers when it opens the project (its writes pay nothing for
 *     them) and puts them back when it closes. A session that never closes (a crash) leaves
 *     stale = 1: the next one computes everything.
 *
 * What is kept: per item its hash, decision state, counts and unscanned places; per transcript its
 * head (de-identified title, label and attributes), the edits of its rendition and its codings
 * mapped onto it; every code as rendered. All de-identified, and sealed under the project key.
 */
import type { Code } from '../../../../shared/contract/index.js';
import type { MappedRange } from '../../../../shared/text/offset-map.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { ItemFacts } from './items.js';
import type { PackedEdits, TranscriptFacts } from './verified.js';

/**
 * Tables whose writes leave every item as it was: the header and the audit log (an export appends
 * to both; neither is read to make an item), and the store itself. Every other table is watched,
 * including tables added by later migrations (the triggers are made from the schema at close).
 */
export const GATE_UNWATCHED: readonly string[] = ['header', 'audit', 'gate_cache'];
export const TRIGGER_PREFIX = 'gate_stale_';

export interface StoredFacts {
  items: Map<string, ItemFacts>;
  transcripts: Map<string, TranscriptFacts>;
  codes: Map<string, Code>;
}

const FORMAT = 1;
const AD = ['gate_cache', '1', 'facts', PROJECT_KEY_ID] as const;

const b64 = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function int32s(s: string): Int32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

interface StoredTranscript {
  facts: ItemFacts;
  head: TranscriptFacts['head'];
  starts: string;
  ends: string;
  /** Distinct replacements, and each edit's index into them (a pseudonym recurs thousands of times). */
  reps: string[];
  repIdx: string;
  /** Coding id, start, end, collapsed (1/0), flattened. */
  codings: (string | number)[];
}

function packTranscript(f: TranscriptFacts): StoredTranscript {
  const { head, edits, codings, ...facts } = f;
  const reps: string[] = [];
  const index = new Map<string, number>();
  const repIdx = new Int32Array(edits.replacements.length);
  edits.replacements.forEach((r, i) => {
    let k = index.get(r);
    if (k === undefined) index.set(r, (k = reps.push(r) - 1));
    repIdx[i] = k;
  });
  const flat: (string | number)[] = [];
  for (const [id, m] of codings) flat.push(id, m.start, m.end, m.collapsed ? 1 : 0);
  return { facts, head, starts: b64(edits.starts), ends: b64(edits.ends), reps, repIdx: b64(repIdx), codings: flat };
}

function unpackTranscript(t: StoredTranscript): TranscriptFacts {
  const idx = int32s(t.repIdx);
  const edits: PackedEdits = { starts: int32s(t.starts), ends: int32s(t.ends), replacements: Array.from(idx, (k) => t.reps[k]!) };
  const codings = new Map<string, MappedRange>();
  for (let i = 0; i < t.codings.length; i += 4) codings.set(t.codings[i] as string, { start: t.codings[i + 1] as number, end: t.codings[i + 2] as number, collapsed: t.codings[i + 3] === 1 });
  return { ...t.facts, head: t.head, edits, codings };
}

/** The facts sealed for storing. */
export function sealFacts(p: OpenProject, facts: StoredFacts): Uint8Array {
  const doc = { v: FORMAT, items: [...facts.items], transcripts: [...facts.transcripts].map(([id, f]) => [id, packTranscript(f)]), codes: [...facts.codes] };
  return p.sealBytes(...AD, new TextEncoder().encode(JSON.stringify(doc)));
}

/** Stored facts opened; null when they do not open (another key, altered) or are of another format. */
export function openFacts(p: OpenProject, sealed: Uint8Array): StoredFacts | null {
  let doc: { v: number; items: [string, ItemFacts][]; transcripts: [string, StoredTranscript][]; codes: [string, Code][] };
  try {
    doc = JSON.parse(new TextDecoder().decode(p.openBytes(...AD, sealed))) as typeof doc;
  } catch {
    return null;
  }
  if (doc.v !== FORMAT) return null;
  return { items: new Map(doc.items), transcripts: new Map(doc.transcripts.map(([id, t]) => [id, unpackTranscript(t)])), codes: new Map(doc.codes) };
}

const triggerNames = (p: OpenProject) => p.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, ?) = ?").pluck().all(TRIGGER_PREFIX.length, TRIGGER_PREFIX) as string[];
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * When a session opens the project: the stored facts (still sealed) if nothing wrote since they were
 * stored, else null; in the same transaction marks them stale and drops the triggers, for as long
 * as this session has the project. A file that cannot be written (read-only on disk) keeps its
 * facts and triggers, and this session starts with none.
 */
export function takeStored(p: OpenProject): Uint8Array | null {
  try {
    return p.db
      .transaction(() => {
        const row = p.db.prepare('SELECT stale, facts_ct FROM gate_cache WHERE id = 1').get() as { stale: number; facts_ct: Uint8Array | null } | undefined;
        // The sealed facts stay in the file, stale: when this session leaves them as they were, its
        // close marks them fresh again without writing them out anew.
        p.db.prepare('UPDATE gate_cache SET stale = 1 WHERE id = 1').run();
        for (const name of triggerNames(p)) p.db.exec(`DROP TRIGGER ${quoted(name)}`);
        return row && row.stale === 0 && row.facts_ct ? row.facts_ct : null;
      })
      .immediate();
  } catch {
    return null;
  }
}

/**
 * When the session closes: if `isCurrent()` (the session's facts hold for the project as it stands,
 * judged under the write lock so no writer comes in between), stores `sealed()` as the project's
 * facts, or marks those in the file fresh when it says 'unchanged' (the session started from them
 * and computed none); otherwise drops them. Puts the triggers back on every watched table either
 * way. True when facts are kept.
 */
export function keepOnClose(p: OpenProject, isCurrent: () => boolean, sealed: () => Uint8Array | 'unchanged'): boolean {
  return p.db
    .transaction(() => {
      const ct = isCurrent() ? sealed() : null;
      if (ct === 'unchanged') p.db.prepare('UPDATE gate_cache SET stale = 0 WHERE id = 1 AND facts_ct IS NOT NULL').run();
      else if (ct) p.db.prepare('UPDATE gate_cache SET stale = 0, facts_ct = ? WHERE id = 1').run(ct);
      else p.db.prepare('UPDATE gate_cache SET stale = 1, facts_ct = NULL WHERE id = 1 AND facts_ct IS NOT NULL').run();
      const tables = p.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
      for (const t of tables) {
        if (GATE_UNWATCHED.includes(t)) continue;
        for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
          p.db.exec(`CREATE TRIGGER IF NOT EXISTS ${quoted(`${TRIGGER_PREFIX}${t}_${op.toLowerCase()}`)} AFTER ${op} ON ${quoted(t)} BEGIN UPDATE gate_cache SET stale = 1, facts_ct = NULL WHERE id = 1 AND stale = 0; END`);
        }
      }
      return ct !== null;
    })
    .immediate();
}
