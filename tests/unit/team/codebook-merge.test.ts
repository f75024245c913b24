import { describe, expect, it } from 'vitest';
import type { Code } from '../../../shared/contract/index.js';
import { diffCodebooks, matchKey, mergeCodebooks, suggestMatches, type CodebookMergeInput } from '../../../shared/merge/index.js';

let n = 0;
const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
function code(name: string, extra: Partial<Code> = {}): Code {
  return {
    id: id(),
    parentId: null,
    position: 0,
    name,
    colour: '#e69f00',
    category: 'theme',
    shortDefinition: '',
    definition: '',
    whenToUse: '',
    whenNotToUse: '',
    examples: [],
    translations: {},
    ...extra,
  };
}
const src = { identityId: '11111111-1111-4111-8111-111111111111', name: 'Amina', country: 'KE', bundleId: '22222222-2222-4222-8222-222222222222' };
function run(base: Code[] | null, ours: Code[], theirs: Code[], more: Partial<CodebookMergeInput> = {}) {
  return mergeCodebooks({ base, ours, theirs, usedByOurs: new Set(), usedByTheirs: new Map(), recoded: [], source: src, ...more });
}
const byName = (codes: Code[], name: string) => codes.find((c) => c.name === name);
const edit = (c: Code, patch: Partial<Code>): Code => ({ ...c, ...patch });

describe('matching codes', () => {
  it('normalises names for matching: case, accents, whitespace and punctuation', () => {
    expect(matchKey('  Fear-of   Reprisal. ')).toBe('fear of reprisal');
    expect(matchKey('Stígma')).toBe(matchKey('stigma'));
    expect(matchKey('Kekerasan (fisik)')).toBe('kekerasan fisik');
  });

  it('matches by GUID first, then by normalised name, and adds the rest keeping their GUIDs', () => {
    const stigma = code('Stigma');
    const oursFear = code('Fear of reprisal');
    const theirFear = code('fear-of-reprisal');
    const theirNew = code('Distance to services');
    const r = run(null, [stigma, oursFear], [stigma, theirFear, theirNew]);
    expect(r.placement.get(stigma.id)).toEqual({ to: stigma.id, how: 'guid' });
    expect(r.placement.get(theirFear.id)).toEqual({ to: oursFear.id, how: 'name' });
    expect(r.placement.get(theirNew.id)).toEqual({ to: theirNew.id, how: 'added' });
    expect(r.codes.map((c) => c.name)).toEqual(['Stigma', 'Fear of reprisal', 'Distance to services']);
    expect(r.provenance).toContainEqual(expect.objectContaining({ codeId: theirNew.id, what: 'proposed', byName: 'Amina', country: 'KE' }));
    expect(r.provenance).toContainEqual(expect.objectContaining({ codeId: oursFear.id, what: 'also-proposed', value: 'fear-of-reprisal', theirId: theirFear.id }));
  });

  it('does not match one name under different parents unless it is unique on both sides', () => {
    const barriers = code('Barriers');
    const enablers = code('Enablers');
    const other = code('Other', { parentId: barriers.id });
    const theirOther = code('Other', { parentId: enablers.id });
    const theirOther2 = code('Other', { parentId: barriers.id });
    // unique on both sides: matched (and the parent difference is a question for the lead)
    expect(run(null, [barriers, enablers, other], [barriers, enablers, theirOther]).placement.get(theirOther.id)).toMatchObject({ to: other.id, how: 'name' });
    // two on their side: only the one under the same parent matches
    const r = run(null, [barriers, enablers, other], [barriers, enablers, theirOther, theirOther2]);
    expect(r.placement.get(theirOther2.id)).toMatchObject({ to: other.id, how: 'name' });
    expect(r.placement.get(theirOther.id)).toMatchObject({ to: theirOther.id, how: 'added' });
  });

  it('suggests fuzzy matches with their basis, and applies one only when the lead resolves it', () => {
    const ours = [
      code('Stigma', { translations: { id: { name: 'Stigma sosial' } } }),
      code('Lack of trained staff', { definition: 'Not enough trained social workers or police officers to handle cases' }),
      code('Transport costs'),
    ];
    const theirs = [
      code('Stigma sosial'),
      code('Shortage of trained staff', { definition: 'Not enough trained social workers to handle the cases' }),
      code('Transport cost'),
    ];
    const r = run(null, ours, theirs);
    const s = new Map(r.suggestions.map((x) => [x.theirs.name, x.candidates[0]!]));
    expect(s.get('Stigma sosial')).toMatchObject({ basis: 'translation', language: 'id', ours: expect.objectContaining({ name: 'Stigma' }) });
    expect(s.get('Shortage of trained staff')).toMatchObject({ basis: 'name-and-definition', ours: expect.objectContaining({ name: 'Lack of trained staff' }) });
    expect(s.get('Transport cost')).toMatchObject({ basis: 'string-similarity', note: expect.stringContaining('plain string similarity') });
    // unresolved: each is added as its own code
    expect(r.counts.added).toBe(3);
    const resolved = run(null, ours, theirs, { resolutions: { [`suggest:${theirs[0]!.id}`]: ours[0]!.id } });
    expect(resolved.placement.get(theirs[0]!.id)).toEqual({ to: ours[0]!.id, how: 'suggestion' });
    expect(resolved.counts.added).toBe(2);
  });

  it('across languages, a match through a translation field is labelled translation; look-alike spelling alone is labelled string similarity', () => {
    const police = code('Police');
    const polisiAlone = code('Polisi');
    const [alone] = suggestMatches([polisiAlone], [police]).get(polisiAlone.id)!;
    expect(alone).toMatchObject({ oursId: police.id, basis: 'string-similarity', language: null });
    const withTranslation = code('Police', { translations: { id: { name: 'Polisi' } } });
    const polisi = code('Polisi');
    expect(suggestMatches([polisi], [withTranslation]).get(polisi.id)![0]).toMatchObject({ basis: 'translation', language: 'id', score: 1 });
    // a different word with no translation link: no suggestion at all
    expect(suggestMatches([code('Sekolah')], [police]).size).toBe(0);
  });
});

describe('three-way merge of fields', () => {
  it('takes a change made on one side only, from either side', () => {
    const a = code('Stigma', { definition: 'old' });
    const b = code('Staffing');
    const r = run([a, b], [a, edit(b, { name: 'Staff shortage' })], [edit(a, { definition: 'new wording' }), b]);
    expect(byName(r.codes, 'Stigma')!.definition).toBe('new wording');
    expect(byName(r.codes, 'Staff shortage')).toBeDefined();
    expect(r.conflicts).toEqual([]);
    expect(r.provenance).toContainEqual(expect.objectContaining({ codeId: a.id, what: 'definition', value: 'definition' }));
  });

  it('lists a rename on both sides as a conflict, keeps ours until resolved, and applies theirs when chosen', () => {
    const a = code('Stigma');
    const ours = [edit(a, { name: 'Social stigma' })];
    const theirs = [edit(a, { name: 'Shame' })];
    const r = run([a], ours, theirs);
    expect(r.conflicts).toEqual([expect.objectContaining({ id: `renamed:${a.id}`, kind: 'renamed', resolution: null, base: expect.objectContaining({ name: 'Stigma' }), ours: expect.objectContaining({ name: 'Social stigma' }), theirs: expect.objectContaining({ name: 'Shame' }) })]);
    expect(r.codes[0]!.name).toBe('Social stigma');
    expect(run([a], ours, theirs, { resolutions: { [`renamed:${a.id}`]: 'theirs' } }).codes[0]!.name).toBe('Shame');
  });

  it('lists definitions changed on both sides with the fields, translations included', () => {
    const a = code('Stigma', { definition: 'd0', whenToUse: 'w0', translations: { id: { name: 'Stigma' } } });
    const r = run([a], [edit(a, { definition: 'd-ours', translations: { id: { name: 'Stigma (ID)' } } })], [edit(a, { definition: 'd-theirs', whenToUse: 'w-theirs', translations: { id: { name: 'Aib' } } })]);
    expect(r.conflicts.map((c) => [c.kind, c.fields])).toEqual([['definition-changed', ['definition', 'translations.id']]]);
    expect(r.codes[0]!).toMatchObject({ definition: 'd-ours', whenToUse: 'w-theirs', translations: { id: { name: 'Stigma (ID)' } } });
    const theirs = run([a], [edit(a, { definition: 'd-ours' })], [edit(a, { definition: 'd-theirs' })], { resolutions: { [`definition-changed:${a.id}`]: 'theirs' } });
    expect(theirs.codes[0]!.definition).toBe('d-theirs');
  });

  it('lists a code moved under different parents on both sides, and never makes a cycle', () => {
    const p1 = code('Barriers');
    const p2 = code('Enablers');
    const p3 = code('Context');
    const x = code('Police');
    const base = [p1, p2, p3, x];
    const r = run(base, [p1, p2, p3, edit(x, { parentId: p1.id })], [p1, p2, p3, edit(x, { parentId: p2.id })]);
    expect(r.conflicts.map((c) => c.kind)).toEqual(['moved']);
    expect(byName(r.codes, 'Police')!.parentId).toBe(p1.id);
    const chosen = run(base, [p1, p2, p3, edit(x, { parentId: p1.id })], [p1, p2, p3, edit(x, { parentId: p2.id })], { resolutions: { [`moved:${x.id}`]: 'theirs' } });
    expect(byName(chosen.codes, 'Police')!.parentId).toBe(p2.id);
    // ours put A under B, theirs put B under A: taking theirs would make a cycle
    const cyc = run([p1, p2], [p1, edit(p2, { parentId: p1.id })], [edit(p1, { parentId: p2.id }), p2]);
    const ids = new Map(cyc.codes.map((c) => [c.id, c.parentId]));
    expect(ids.get(p2.id)).toBe(p1.id);
    expect(ids.get(p1.id)).toBeNull();
  });

  it('without an ancestor, fills what one side left empty and lists real differences', () => {
    const a = code('Stigma');
    const r = run(null, [a], [edit(a, { definition: 'their definition' })]);
    expect(r.kind).toBe('two-way');
    expect(r.codes[0]!.definition).toBe('their definition');
    expect(run(null, [edit(a, { definition: 'ours' })], [edit(a, { definition: 'theirs' })]).conflicts.map((c) => c.kind)).toEqual(['definition-changed']);
  });
});

describe('deletions, splits and merges', () => {
  it('deletes a code they deleted when it is unused and untouched here; keeps it (a conflict) when used', () => {
    const a = code('Other');
    const b = code('Stigma');
    expect(run([a, b], [a, b], [b]).deletions).toEqual([{ codeId: a.id, codingsTo: null }]);
    const used = run([a, b], [a, b], [b], { usedByOurs: new Set([a.id]) });
    expect(used.deletions).toEqual([]);
    expect(used.conflicts).toEqual([expect.objectContaining({ kind: 'deleted-vs-used', deletedBy: 'theirs', codeId: a.id })]);
    expect(used.codes.map((c) => c.name)).toContain('Other');
  });

  it('a code we deleted but they used: their codings stay unplaced until the lead restores it', () => {
    const a = code('Other');
    const r = run([a], [], [a], { usedByTheirs: new Map([[a.id, 3]]) });
    expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'deleted-vs-used', deletedBy: 'ours', blocksCodings: 3 })]);
    expect(r.placement.get(a.id)).toMatchObject({ to: null, conflictId: `deleted-vs-used:${a.id}` });
    const restored = run([a], [], [a], { usedByTheirs: new Map([[a.id, 3]]), resolutions: { [`deleted-vs-used:${a.id}`]: 'theirs' } });
    expect(restored.placement.get(a.id)).toEqual({ to: a.id, how: 'restored' });
    expect(restored.codes.map((c) => c.id)).toEqual([a.id]);
  });

  it('a code we merged into another: their codings follow ours (evidence: the same codings on different codes)', () => {
    const a = code('Shame');
    const b = code('Stigma');
    const r = run([a, b], [b], [a, b], { usedByTheirs: new Map([[a.id, 1]]), recoded: [{ codingId: 'c1', oursCode: b.id, theirsCode: a.id }] });
    expect(r.placement.get(a.id)).toEqual({ to: b.id, how: 'repointed' });
    expect(r.conflicts).toEqual([]);
  });

  it('detects that they merged a code into another, and applies it here when chosen', () => {
    const a = code('Shame');
    const b = code('Stigma');
    const input = { usedByOurs: new Set([a.id]), recoded: [{ codingId: 'c1', oursCode: a.id, theirsCode: b.id }] };
    const r = run([a, b], [a, b], [b], input);
    expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'merged', related: [{ id: b.id, name: 'Stigma' }] })]);
    const applied = run([a, b], [a, b], [b], { ...input, resolutions: { [`merged:${a.id}`]: 'theirs' } });
    expect(applied.deletions).toEqual([{ codeId: a.id, codingsTo: b.id }]);
  });

  it('detects a split (the deleted code\'s name in two new codes) and lists it', () => {
    const parent = code('Barriers');
    const a = code('Stigma', { parentId: parent.id });
    const s1 = code('Stigma at school', { parentId: parent.id });
    const s2 = code('Stigma in the family', { parentId: parent.id });
    const r = run([parent, a], [parent, a], [parent, s1, s2], { usedByOurs: new Set([a.id]) });
    expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'split', related: [expect.objectContaining({ name: 'Stigma at school' }), expect.objectContaining({ name: 'Stigma in the family' })] })]);
    expect(r.counts.added).toBe(2);
    const retired = run([parent, a], [parent, a], [parent, s1, s2], { usedByOurs: new Set([a.id]), resolutions: { [`split:${a.id}`]: 'theirs' } });
    expect(retired.deletions).toEqual([{ codeId: a.id, codingsTo: parent.id }]);
  });

  it('reads their codebook through aliases recorded by an earlier merge, so a renamed code stays matched', () => {
    const ours = code('Fear of reprisal', { definition: 'x' });
    const theirsOld = code('Fear of reprisal', { definition: 'x' });
    const theirsNow = { ...theirsOld, name: 'Fear of retaliation' };
    // base is their earlier head (stored in their ids); the alias maps their id to ours
    const r = run([theirsOld], [ours], [theirsNow], { aliases: new Map([[theirsOld.id, ours.id]]) });
    expect(r.placement.get(theirsOld.id)).toEqual({ to: ours.id, how: 'guid' });
    expect(r.codes.map((c) => [c.id, c.name])).toEqual([[ours.id, 'Fear of retaliation']]);
  });
});

describe('the readable diff', () => {
  it('says what was added, removed, renamed, moved and re-worded', () => {
    const p = code('Barriers');
    const a = code('Stigma');
    const b = code('Other');
    const before = [p, a, b];
    const after = [p, edit(a, { name: 'Social stigma', parentId: p.id, definition: 'new' }), code('Fear')];
    expect(diffCodebooks(before, after).map((d) => d.line)).toEqual([
      '~ "Stigma" renamed to "Social stigma"',
      '> "Social stigma" moved from the top level to "Barriers"',
      '~ "Social stigma": definition changed',
      '+ "Fear" added under the top level',
      '- "Other" removed (was under the top level)',
    ]);
  });
});
