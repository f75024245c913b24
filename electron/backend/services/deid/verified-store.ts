/**
 * The export gate's verified facts, kept in the project between sessions (table gate_cache,
 * migration 7), so the first export or status check after opening does not render and hash every
 * item again when nothing changed since the last check.
 *
 * Held only while nothing an item is made of has changed: triggers on every table but the header,
 * the audit log and this one (GATE_UNWATCHED) mark the facts stale and drop them at the first
 * write, whoever writes (this app, the CLI, another version of it, a SQLite shell). Facts are
 * stored only in a transaction that holds the write lock and finds the project exactly as it was
 * when they were computed (the session stamp), so they can never describe another state.
 *
 * What is kept: per item its hash, decision state, counts and unscanned places; per transcript its
 * head (de-identified title, label and attributes), the edits of its rendition and its codings
 * mapped onto it; every code as rendered. All de-identified, and sealed under the project key;
 * a withdrawal or destruction writes, so drops them with everything else.
 */
import type { Code } from '../../../../shared/contract/index.js';
import type { MappedRange } from '../../../../shared/text/offset-map.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import type { ItemFacts } from './items.js';
import type { PackedEdits, TranscriptFacts } from './verified.js';

export interface StoredFacts {
  items: Map<string, ItemFacts>;
  transcripts: Map<string, TranscriptFacts>;
  codes: Map<string, Code>;
}

const FORMAT = 1;

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

const AD = ['gate_cache', '1', 'facts', PROJECT_KEY_ID] as const;

/** The stored facts, or null when there are none or they are stale (something changed since). */
export function loadStoredFacts(p: OpenProject): StoredFacts | null {
  const row = p.stmt('SELECT stale, facts_ct FROM gate_cache WHERE id = 1').get() as { stale: number; facts_ct: Uint8Array | null } | undefined;
  if (!row || row.stale !== 0 || !row.facts_ct) return null;
  const doc = JSON.parse(new TextDecoder().decode(p.openBytes(...AD, row.facts_ct))) as { v: number; items: [string, ItemFacts][]; transcripts: [string, StoredTranscript][]; codes: [string, Code][] };
  if (doc.v !== FORMAT) return null;
  return { items: new Map(doc.items), transcripts: new Map(doc.transcripts.map(([id, t]) => [id, unpackTranscript(t)])), codes: new Map(doc.codes) };
}

/**
 * Stores `facts` as the project's verified facts, only if the project is still exactly as it was
 * when they were computed (`isCurrent`, judged inside a transaction that holds the write lock, so
 * no other writer can come in between). True when stored.
 */
export function storeFacts(p: OpenProject, facts: StoredFacts, isCurrent: () => boolean): boolean {
  const doc = {
    v: FORMAT,
    items: [...facts.items],
    transcripts: [...facts.transcripts].map(([id, f]) => [id, packTranscript(f)]),
    codes: [...facts.codes],
  };
  const sealed = p.sealBytes(...AD, new TextEncoder().encode(JSON.stringify(doc)));
  return p.db
    .transaction(() => {
      if (!isCurrent()) return false;
      p.stmt('UPDATE gate_cache SET stale = 0, facts_ct = ? WHERE id = 1').run(sealed);
      return true;
    })
    .immediate();
}
