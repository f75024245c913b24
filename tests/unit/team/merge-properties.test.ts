/**
 * Property tests of the merge (codebook + codings), with a seeded generator, over an in-memory
 * model of the lead's project that applies the planner's output the way the backend does:
 * - nothing lost: every incoming coding is placed (inserted, already present, updated) or listed
 *   as not placed, exactly once, and every placed one exists afterwards;
 * - idempotent: merging the same bundle again changes nothing;
 * - commutative where it should be: bundles from different coders whose edits do not conflict give
 *   the same project in either order (up to the ids of codes two coders both proposed by name, and
 *   sibling order).
 */
import { describe, expect, it } from 'vitest';
import type { Code } from '../../../shared/contract/index.js';
import { matchKey, mergeCodebooks, planCodings, type IncomingCoding, type LeadCoding } from '../../../shared/merge/index.js';

/** mulberry32 */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

let counter = 0;
const uuid = (r: Rng) => {
  counter++;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0').slice(-w);
  return `${hex(r.int(0xffffffff), 8)}-${hex(r.int(0xffff), 4)}-4${hex(r.int(0xfff), 3)}-8${hex(r.int(0xfff), 3)}-${hex(counter, 12)}`;
};
const NAMES = ['Stigma', 'Fear of reprisal', 'Distance', 'Cost', 'Trust in police', 'Family support', 'School', 'Online risk', 'Shame', 'Referral', 'Delay', 'Language'];

function makeCode(r: Rng, name: string, parentId: string | null): Code {
  return {
    id: uuid(r),
    parentId,
    position: 0,
    name,
    // Derived from the name: two coders proposing one name propose the same wording.
    colour: '#0072b2',
    category: 'theme',
    shortDefinition: '',
    definition: `About ${name.toLowerCase()}.`,
    whenToUse: '',
    whenNotToUse: '',
    examples: [],
    translations: {},
  };
}

const TRANSCRIPTS = [
  { id: 'aaaaaaaa-0000-4000-8000-000000000001', versionId: 'bbbbbbbb-0000-4000-8000-000000000001', length: 500 },
  { id: 'aaaaaaaa-0000-4000-8000-000000000002', versionId: 'bbbbbbbb-0000-4000-8000-000000000002', length: 800 },
  { id: 'aaaaaaaa-0000-4000-8000-000000000003', versionId: 'bbbbbbbb-0000-4000-8000-000000000003', length: 300 },
];

interface Bundle {
  coder: string;
  id: string;
  baseVersion: string;
  headVersion: string;
  codes: Code[];
  codings: IncomingCoding[];
}

interface State {
  codes: Code[];
  codings: LeadCoding[];
  versions: Map<string, Code[]>;
  aliases: Map<string, string>;
}

const BASE_VERSION = 'cccccccc-0000-4000-8000-000000000000';

function baseCodebook(r: Rng): Code[] {
  const root = makeCode(r, 'Barriers', null);
  const out = [root];
  for (const name of NAMES.slice(0, 6)) out.push(makeCode(r, name, r.chance(0.5) ? root.id : null));
  return out;
}

/** A coder's work: codebook edits and codings. `conflictFree` keeps each coder to their own part of the codebook. */
function coderBundle(r: Rng, base: Code[], coder: string, slot: number, slots: number, conflictFree: boolean): Bundle {
  let codes = base.map((c) => ({ ...c }));
  const mine = (c: Code, i: number) => !conflictFree || i % slots === slot;
  codes.forEach((c, i) => {
    if (!mine(c, i) || c.name === 'Barriers') return;
    if (r.chance(0.2)) c.definition = `${c.definition} (${coder})`;
    if (!conflictFree && r.chance(0.15)) c.name = `${c.name} ${r.pick(['A', 'B', 'C'])}`;
    if (!conflictFree && r.chance(0.1)) c.parentId = r.chance(0.5) ? null : base[0]!.id;
  });
  if (!conflictFree) codes = codes.filter((c, i) => i === 0 || !r.chance(0.1));
  // New codes: names from a pool shared by coders, so some are proposed twice.
  for (let k = r.int(3); k > 0; k--) {
    const name = r.pick(NAMES.slice(6));
    if (codes.some((c) => matchKey(c.name) === matchKey(name))) continue;
    codes.push(makeCode(r, name, null));
  }
  codes.forEach((c, i) => (c.position = i));
  const usable = codes.filter((c) => c.name !== 'Barriers');
  const codings: IncomingCoding[] = [];
  for (let k = 5 + r.int(20); k > 0; k--) {
    const t = r.pick(TRANSCRIPTS);
    const start = r.int(t.length - 10);
    codings.push({ id: uuid(r), transcriptId: t.id, versionId: t.versionId, start, end: start + 1 + r.int(9), codeId: r.pick(usable).id, coderId: coder, createdAt: '2026-01-01T00:00:00.000Z', orphaned: r.chance(0.05) });
  }
  // The same passage, code and coder twice under two ids (e.g. coded again after an undo).
  if (r.chance(0.3) && !codings[0]!.orphaned) codings.push({ ...codings[0]!, id: uuid(r) });
  // A coding on a transcript the lead does not have.
  if (r.chance(0.3)) codings.push({ id: uuid(r), transcriptId: 'dddddddd-0000-4000-8000-000000000009', versionId: 'dddddddd-0000-4000-8000-00000000000a', start: 0, end: 5, codeId: usable[0]!.id, coderId: coder, createdAt: '2026-01-01T00:00:00.000Z', orphaned: false });
  return { coder, id: uuid(r), baseVersion: BASE_VERSION, headVersion: uuid(r), codes, codings };
}

function initialState(base: Code[]): State {
  return { codes: base.map((c) => ({ ...c })), codings: [], versions: new Map([[BASE_VERSION, base]]), aliases: new Map() };
}

/** What the backend does with the planner's output, in memory. */
function merge(state: State, b: Bundle, resolutions: Record<string, string> = {}) {
  const ancestor = state.versions.has(b.headVersion) ? b.headVersion : b.baseVersion;
  const usedByTheirs = new Map<string, number>();
  for (const c of b.codings) usedByTheirs.set(c.codeId, (usedByTheirs.get(c.codeId) ?? 0) + 1);
  const byId = new Map(state.codings.map((c) => [c.id, c]));
  const cb = mergeCodebooks({
    base: state.versions.get(ancestor)!,
    ours: state.codes,
    theirs: b.codes,
    usedByOurs: new Set(state.codings.map((c) => c.codeId)),
    usedByTheirs,
    recoded: b.codings.flatMap((c) => (byId.has(c.id) && byId.get(c.id)!.codeId !== c.codeId ? [{ codingId: c.id, oursCode: byId.get(c.id)!.codeId, theirsCode: c.codeId }] : [])),
    aliases: state.aliases,
    resolutions,
    source: { identityId: b.coder, name: b.coder, country: null, bundleId: b.id },
  });
  let codings = state.codings.map((c) => {
    const d = cb.deletions.find((x) => x.codeId === c.codeId);
    return d && d.codingsTo ? { ...c, codeId: d.codingsTo } : c;
  });
  const plan = planCodings({
    incoming: b.codings,
    code: (id) => cb.placement.get(id),
    transcript: (t, v) => {
      const here = TRANSCRIPTS.find((x) => x.id === t && x.versionId === v);
      return here ? { transcriptId: here.id, versionId: here.versionId, length: here.length, map: null } : { transcriptId: null, reason: 'not in this project' };
    },
    existing: codings,
    removals: { senderId: b.coder, transcripts: new Set(TRANSCRIPTS.map((t) => t.id)) },
  });
  const updates = new Map(plan.update.map((u) => [u.id, u]));
  const removed = new Set(plan.remove.map((c) => c.id));
  codings = [...codings.filter((c) => !removed.has(c.id)).map((c) => (updates.has(c.id) ? { ...c, ...updates.get(c.id)! } : c)), ...plan.insert];
  for (const e of cb.provenance) if (e.theirId) state.aliases.set(e.theirId, e.codeId);
  state.codes = cb.codes;
  state.codings = codings;
  state.versions.set(b.headVersion, b.codes);
  return { cb, plan };
}

const clone = (s: State): State => ({ codes: structuredClone(s.codes), codings: structuredClone(s.codings), versions: new Map(s.versions), aliases: new Map(s.aliases) });

/** The project up to ids of codes proposed by name and sibling order. */
function canonical(s: State) {
  const byId = new Map(s.codes.map((c) => [c.id, c]));
  const path = (id: string | null): string => {
    const parts: string[] = [];
    for (let c = id ? byId.get(id) : undefined; c; c = c.parentId ? byId.get(c.parentId) : undefined) parts.unshift(matchKey(c.name));
    return parts.join('/');
  };
  return {
    codes: s.codes.map((c) => `${path(c.id)}|${c.definition}|${c.category}|${c.colour}`).sort(),
    codings: s.codings.map((c) => `${c.id}|${c.transcriptId}|${c.start}-${c.end}|${c.coderId}|${path(c.codeId)}`).sort(),
  };
}

const SEEDS = Array.from({ length: 60 }, (_, i) => 20260500 + i);

describe('merge properties (seeded)', () => {
  it('nothing is lost: every incoming coding is in the result or in the not-placed list, exactly once', () => {
    const seen = { notPlaced: 0, inserted: 0, present: 0, conflicts: 0, byName: 0, deleted: 0 };
    for (const seed of SEEDS) {
      const r = rng(seed);
      const base = baseCodebook(r);
      const state = initialState(base);
      for (const [i, coder] of ['amina', 'budi', 'chan'].entries()) {
        const b = coderBundle(r, base, coder, i, 3, false);
        const { plan, cb } = merge(state, b);
        seen.notPlaced += plan.notPlaced.length;
        seen.inserted += plan.insert.length;
        seen.present += plan.present;
        seen.conflicts += cb.conflicts.length;
        seen.byName += cb.counts.matchedByName;
        seen.deleted += cb.counts.deleted;
        const here = new Set(state.codings.map((c) => c.id));
        const notPlaced = new Set(plan.notPlaced.map((x) => x.id));
        for (const c of b.codings) {
          const placed = plan.placedAs.get(c.id);
          expect(placed !== undefined || notPlaced.has(c.id), `seed ${seed}: coding ${c.id} vanished`).toBe(true);
          expect(placed !== undefined && notPlaced.has(c.id), `seed ${seed}: coding ${c.id} counted twice`).toBe(false);
          if (placed !== undefined) expect(here.has(placed), `seed ${seed}: coding ${c.id} placed as ${placed}, which is not there`).toBe(true);
        }
        expect(plan.insert.length + plan.present + plan.update.length + plan.notPlaced.length, `seed ${seed}`).toBe(b.codings.length);
        // every code a placed coding points at exists
        const codeIds = new Set(state.codes.map((c) => c.id));
        expect(state.codings.every((c) => codeIds.has(c.codeId)), `seed ${seed}: a coding points at a missing code`).toBe(true);
      }
    }
    // The generator reaches every path this property is about.
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(0);
  });

  it('idempotent: merging the same bundle again changes nothing', () => {
    for (const seed of SEEDS) {
      const r = rng(seed);
      const base = baseCodebook(r);
      const state = initialState(base);
      const bundles = ['amina', 'budi'].map((coder, i) => coderBundle(r, base, coder, i, 2, false));
      for (const b of bundles) merge(state, b);
      const once = structuredClone({ codes: state.codes, codings: state.codings });
      for (const b of bundles) {
        const { plan } = merge(state, b);
        expect(plan.insert.length + plan.update.length + plan.remove.length, `seed ${seed}`).toBe(0);
      }
      expect(state.codes, `seed ${seed}`).toEqual(once.codes);
      expect(state.codings, `seed ${seed}`).toEqual(once.codings);
    }
  });

  it('commutative where it should be: conflict-free bundles from different coders give one project in either order', () => {
    let proposedTwice = 0;
    let edited = 0;
    for (const seed of SEEDS) {
      const r = rng(seed);
      const base = baseCodebook(r);
      const a = coderBundle(r, base, 'amina', 0, 3, true);
      const b = coderBundle(r, base, 'budi', 1, 3, true);
      const c = coderBundle(r, base, 'chan', 2, 3, true);
      const orders = [
        [a, b, c],
        [c, b, a],
        [b, a, c],
      ];
      const results = orders.map((order) => {
        const s = initialState(base);
        for (const x of order) {
          const { cb } = merge(s, x);
          expect(cb.conflicts, `seed ${seed}: the generator made a conflict`).toEqual([]);
          proposedTwice += cb.counts.matchedByName;
          edited += cb.counts.changed;
        }
        return canonical(s);
      });
      expect(results[1], `seed ${seed}`).toEqual(results[0]);
      expect(results[2], `seed ${seed}`).toEqual(results[0]);
    }
    expect(proposedTwice).toBeGreaterThan(0);
    expect(edited).toBeGreaterThan(0);
  });

  it('merging into a copy and merging twice commute: (A then B) then A again equals A then B', () => {
    for (const seed of SEEDS.slice(0, 20)) {
      const r = rng(seed);
      const base = baseCodebook(r);
      const a = coderBundle(r, base, 'amina', 0, 2, false);
      const b = coderBundle(r, base, 'budi', 1, 2, false);
      const s1 = initialState(base);
      merge(s1, a);
      merge(s1, b);
      const s2 = clone(s1);
      merge(s2, a);
      expect(canonical(s2), `seed ${seed}`).toEqual(canonical(s1));
    }
  });
});
