/** The review queue's pure logic: where the cursor goes after a decision, local decisions, and offsets into the rendition. */
import { describe, expect, it } from 'vitest';
import { applyDecision, locateSelection, nextUndecided, step, summarise, toRendition } from '../../../renderer/src/features/deid/model.js';
import type { DeidCandidate, DeidDecision, DeidEntity } from '../../../renderer/src/features/deid/types.js';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const decision = (scope: 'candidate' | 'entity', action: DeidDecision['action'] = 'replace'): DeidDecision => ({ id: uuid(900), action, replacement: '[Person A]', reason: null, scope, decidedBy: uuid(901), decidedAt: '2026-11-28T00:00:00.000Z' });
const cand = (n: number, entity: number, decided: DeidDecision | null = null): DeidCandidate => ({
  id: uuid(n),
  entityId: uuid(entity),
  location: { kind: 'transcript', id: uuid(500), field: 'text' },
  transcriptId: uuid(500),
  start: n * 10,
  end: n * 10 + 4,
  type: 'PERSON',
  detector: 'heuristic',
  confidence: 0.5,
  text: 'Sari',
  decision: decided,
});
const entity = (n: number, candidates: number, undecided: number): DeidEntity => ({ id: uuid(n), type: 'PERSON', value: 'Sari', candidates, undecided, documents: 1, detectors: ['heuristic'], confidence: 0.5, decision: null, pseudonym: null, registered: false });

describe('the next undecided candidate', () => {
  const entities = [entity(1, 3, 2), entity(2, 1, 1), entity(3, 2, 0)];
  const loaded = new Map([
    [uuid(1), [cand(11, 1), cand(12, 1, decision('candidate')), cand(13, 1)]],
    [uuid(3), [cand(31, 3, decision('entity')), cand(32, 3, decision('entity'))]],
  ]);

  it('is later in the same entity first', () => {
    expect(nextUndecided(entities, loaded, { entity: 0, candidate: 0 })).toEqual({ entity: 0, candidate: 2 });
  });
  it('then earlier in the same entity', () => {
    expect(nextUndecided(entities, loaded, { entity: 0, candidate: 2 })).toEqual({ entity: 0, candidate: 0 });
  });
  it('then the next entity with undecided candidates; one not loaded yet waits for its candidates (-1)', () => {
    const done = new Map(loaded).set(uuid(1), loaded.get(uuid(1))!.map((c) => ({ ...c, decision: decision('entity') })));
    expect(nextUndecided(entities, done, { entity: 0, candidate: 1 })).toEqual({ entity: 1, candidate: -1 });
  });
  it('wraps round, skipping entities with nothing undecided, and is null when everything is decided', () => {
    expect(nextUndecided([entity(1, 3, 1), entity(3, 2, 0)], loaded, { entity: 1, candidate: 0 })).toEqual({ entity: 0, candidate: 0 });
    expect(nextUndecided([entity(3, 2, 0)], loaded, { entity: 0, candidate: 0 })).toBeNull();
  });
});

describe('moving one step', () => {
  const entities = [entity(1, 2, 2), entity(2, 3, 3)];
  const count = (e: DeidEntity) => e.candidates;
  it('goes through an entity, then into the next one, and stops at the ends', () => {
    expect(step(entities, count, { entity: 0, candidate: 0 }, 1)).toEqual({ entity: 0, candidate: 1 });
    expect(step(entities, count, { entity: 0, candidate: 1 }, 1)).toEqual({ entity: 1, candidate: 0 });
    expect(step(entities, count, { entity: 1, candidate: 0 }, -1)).toEqual({ entity: 0, candidate: 1 });
    expect(step(entities, count, { entity: 1, candidate: 2 }, 1)).toEqual({ entity: 1, candidate: 2 });
    expect(step(entities, count, { entity: 0, candidate: 0 }, -1)).toEqual({ entity: 0, candidate: 0 });
  });
});

describe('a decision shown before the backend answers again', () => {
  const own = decision('candidate', 'keep');
  const cands = [cand(1, 1), cand(2, 1, own), cand(3, 1)];
  it('for one candidate changes only that candidate', () => {
    const out = applyDecision(cands, decision('candidate', 'redact'), uuid(3));
    expect(out.map((c) => c.decision?.action ?? null)).toEqual([null, 'keep', 'redact']);
  });
  it('for the entity leaves a candidate’s own decision in force', () => {
    const out = applyDecision(cands, decision('entity'), null);
    expect(out.map((c) => c.decision?.action ?? null)).toEqual(['replace', 'keep', 'replace']);
    expect(summarise(entity(1, 3, 2), out, decision('entity'), true).undecided).toBe(0);
  });
  it('counts what is left undecided from a partial page', () => {
    expect(summarise(entity(1, 10, 5), cands, decision('candidate'), true).undecided).toBe(4);
    expect(summarise(entity(1, 10, 5), cands, decision('candidate'), false).undecided).toBe(5);
  });
});

describe('offsets of the original in the rendition', () => {
  // "Sari lives in Desa Sukamaju" → "[Person A] lives in Desa [Village A]"
  const edits = [
    { start: 0, end: 4, newStart: 0, newEnd: 10, candidateIds: [] },
    { start: 19, end: 27, newStart: 25, newEnd: 36, candidateIds: [] },
  ];
  it('shift by every edit before them', () => {
    expect(toRendition(0, edits, 'start')).toBe(0);
    expect(toRendition(4, edits, 'end')).toBe(10);
    expect(toRendition(5, edits, 'start')).toBe(11);
    expect(toRendition(19, edits, 'start')).toBe(25);
    expect(toRendition(27, edits, 'end')).toBe(36);
    expect(toRendition(30, edits, 'start')).toBe(39);
  });
  it('snap to the replacement inside an edit', () => {
    expect(toRendition(2, edits, 'start')).toBe(0);
    expect(toRendition(2, edits, 'end')).toBe(10);
  });
});

describe('a selection located in the text', () => {
  it('takes the occurrence nearest to where it appeared', () => {
    expect(locateSelection('Rina and Rina and Rina', 'Rina', 8)).toEqual({ start: 9, end: 13 });
    expect(locateSelection('Rina and Rina', 'Rina', 0)).toEqual({ start: 0, end: 4 });
  });
  it('is null when the text is not there', () => {
    expect(locateSelection('Rina', 'Sari', 0)).toBeNull();
    expect(locateSelection('Rina', '', 0)).toBeNull();
  });
});
