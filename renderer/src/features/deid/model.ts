/**
 * The review queue's pure logic: where the cursor goes after a decision, how a decision shows
 * locally before the backend's fresh numbers arrive, and how an offset of the original lands in
 * the de-identified rendition.
 */
import type { DeidCandidate, DeidDecision, DeidEntity, RenditionEdit } from './types.js';

export interface Cursor {
  entity: number;
  candidate: number;
}

export const undecidedIn = (cands: readonly DeidCandidate[]) => cands.filter((c) => c.decision === null).length;

/**
 * The next undecided candidate after the cursor: later in the same entity, then earlier in it,
 * then the first entity after (wrapping round) that still has undecided candidates. Null when
 * everything is decided. An entity whose candidates are not loaded yet counts by its summary.
 */
export function nextUndecided(entities: readonly DeidEntity[], loaded: ReadonlyMap<string, readonly DeidCandidate[]>, at: Cursor): Cursor | null {
  const here = entities[at.entity];
  if (here) {
    const cands = loaded.get(here.id);
    if (cands) {
      for (let i = at.candidate + 1; i < cands.length; i++) if (cands[i]!.decision === null) return { entity: at.entity, candidate: i };
      for (let i = 0; i <= at.candidate && i < cands.length; i++) if (cands[i]!.decision === null) return { entity: at.entity, candidate: i };
    }
  }
  for (let step = 1; step <= entities.length; step++) {
    const e = (at.entity + step) % entities.length;
    const ent = entities[e]!;
    const cands = loaded.get(ent.id);
    if (cands) {
      const i = cands.findIndex((c) => c.decision === null);
      if (i >= 0) return { entity: e, candidate: i };
    } else if (ent.undecided > 0) return { entity: e, candidate: -1 };
  }
  return null;
}

/** One step through every candidate in order (entities in turn); `count` says how many candidates an entity has. */
export function step(entities: readonly DeidEntity[], count: (e: DeidEntity) => number, at: Cursor, dir: 1 | -1): Cursor {
  const n = count(entities[at.entity]!);
  const c = at.candidate + dir;
  if (c >= 0 && c < n) return { entity: at.entity, candidate: c };
  const e = at.entity + dir;
  if (e < 0 || e >= entities.length) return at;
  return { entity: e, candidate: dir === 1 ? 0 : Math.max(0, count(entities[e]!) - 1) };
}

/** The candidates once a decision is in force: its own candidate, or every candidate of the entity that has no decision of its own. */
export function applyDecision(cands: readonly DeidCandidate[], decision: DeidDecision, candidateId: string | null): DeidCandidate[] {
  return cands.map((c) => {
    if (candidateId !== null) return c.id === candidateId ? { ...c, decision } : c;
    return c.decision === null || c.decision.scope === 'entity' ? { ...c, decision } : c;
  });
}

/** The entity's summary with its candidates' new state (the backend's own numbers replace it shortly after). */
export function summarise(entity: DeidEntity, cands: readonly DeidCandidate[], decision: DeidDecision, wasUndecided: boolean): DeidEntity {
  const complete = cands.length >= entity.candidates;
  const undecided = complete ? undecidedIn(cands) : decision.scope === 'entity' ? 0 : Math.max(0, entity.undecided - (wasUndecided ? 1 : 0));
  return { ...entity, undecided, ...(decision.scope === 'entity' ? { decision } : {}) };
}

/**
 * Where an offset of the original lies in the rendition: shifted by every edit before it; inside
 * an edit it snaps to the replacement's start or end.
 */
export function toRendition(pos: number, edits: readonly RenditionEdit[], bias: 'start' | 'end'): number {
  let delta = 0;
  for (const e of edits) {
    if (pos <= e.start) break;
    if (pos >= e.end) {
      delta = e.newEnd - e.end;
      continue;
    }
    return bias === 'start' ? e.newStart : e.newEnd;
  }
  return pos + delta;
}

/**
 * The offsets of a selected string in a window of text: of its occurrences, the one nearest to
 * where the selection appeared to start (the rendered passage may hold collapsed parts, so the
 * DOM position is only approximate).
 */
export function locateSelection(text: string, selected: string, approx: number): { start: number; end: number } | null {
  if (!selected) return null;
  let best: number | null = null;
  for (let i = text.indexOf(selected); i >= 0; i = text.indexOf(selected, i + 1)) {
    if (best === null || Math.abs(i - approx) < Math.abs(best - approx)) best = i;
  }
  return best === null ? null : { start: best, end: best + selected.length };
}
