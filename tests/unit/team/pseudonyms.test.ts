import { describe, expect, it } from 'vitest';
import { mergePseudonymMaps, type PseudonymRecord } from '../../../shared/merge/index.js';

const rec = (id: string, original: string, pseudonym: string, entityType = 'PERSON'): PseudonymRecord => ({ id, participantId: null, entityType, original, pseudonym, createdBy: null, createdAt: '2026-01-01T00:00:00Z' });

describe('merging pseudonym maps', () => {
  const ours = [rec('o1', 'Maria', '[Participant 3]'), rec('o2', 'Desa Sukamaju', '[Village A]', 'LOCATION')];

  it('adds what is new, and counts what both hold', () => {
    const p = mergePseudonymMaps(ours, [rec('t1', 'maría', '[Participant 3]'), rec('t2', 'Budi', '[Participant 7]')], { prefix: 'KE' });
    expect(p.same).toBe(1); // the same person, written with an accent
    expect(p.add.map((r) => [r.original, r.pseudonym])).toEqual([['Budi', '[Participant 7]']]);
    expect(p.renamed).toEqual([]);
  });

  it('keeps pseudonyms unique: a clash is prefixed with the country, and listed', () => {
    const p = mergePseudonymMaps(ours, [rec('t1', 'Achieng', '[Participant 3]')], { prefix: 'KE' });
    expect(p.add.map((r) => r.pseudonym)).toEqual(['[KE-Participant 3]']);
    expect(p.renamed).toEqual([{ id: 't1', from: '[Participant 3]', to: '[KE-Participant 3]' }]);
  });

  it('without a country, renumbers to the next free number, and lists it', () => {
    const p = mergePseudonymMaps([...ours, rec('o3', 'Sari', '[Participant 4]')], [rec('t1', 'Achieng', '[Participant 3]')], { prefix: null });
    expect(p.add.map((r) => r.pseudonym)).toEqual(['[Participant 5]']);
    expect(p.renamed).toEqual([{ id: 't1', from: '[Participant 3]', to: '[Participant 5]' }]);
  });

  it('one original with two pseudonyms is a conflict for the lead; ours is kept', () => {
    const p = mergePseudonymMaps(ours, [rec('t1', 'Maria', '[Participant 9]')], { prefix: 'KE' });
    expect(p.conflicts).toEqual([{ entityType: 'PERSON', original: 'Maria', ours: '[Participant 3]', theirs: '[Participant 9]', theirsId: 't1' }]);
    expect(p.add).toEqual([]);
  });

  it('is idempotent: merging what was added changes nothing', () => {
    const theirs = [rec('t1', 'Achieng', '[Participant 3]'), rec('t2', 'Budi', '[Participant 7]')];
    const first = mergePseudonymMaps(ours, theirs, { prefix: 'KE' });
    const second = mergePseudonymMaps([...ours, ...first.add], theirs, { prefix: 'KE' });
    expect(second.add).toEqual([]);
    expect(second.conflicts).toEqual([]);
  });
});
