/** Pure workspace rules: recent-code slots, codebook filtering and keyboard moves, coding progress. */
import { describe, expect, it } from 'vitest';
import { exactMatch, filterCodes, flatten, keyboardMove } from '../../../renderer/src/features/codebook/tree.js';
import { compareValues, coveredChars, progressByTranscript } from '../../../renderer/src/features/home/progress.js';
import { emptyRecent, pruneSlots, takeSlot } from '../../../renderer/src/features/workspace/recent.js';

const code = (id: string, parentId: string | null, position: number, name: string) => ({ id, parentId, position, name });
const CODES = [code('t', null, 0, 'Trust'), code('s', null, 1, 'Stigma'), code('s1', 's', 0, 'Shame at school'), code('s2', 's', 1, 'Family blame'), code('b', null, 2, 'Barriers')];

describe('recent codes on keys 1–9', () => {
  it('keeps a code on its key while it stays recent, and gives a new one a free key', () => {
    let r = takeSlot(emptyRecent(), 'a');
    r = takeSlot(r, 'b');
    r = takeSlot(r, 'a');
    expect(r.slots.slice(0, 3)).toEqual(['a', 'b', null]);
  });

  it('when all nine keys are taken, replaces the least recently used code', () => {
    let r = emptyRecent();
    for (const id of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) r = takeSlot(r, id);
    r = takeSlot(r, '1'); // 1 used again: 2 is now the oldest
    r = takeSlot(r, 'new');
    expect(r.slots.indexOf('new')).toBe(1);
    expect(r.slots).not.toContain('2');
  });

  it('drops codes that no longer exist', () => {
    const r = pruneSlots(takeSlot(takeSlot(emptyRecent(), 'a'), 'b'), (id) => id !== 'a');
    expect(r.slots.slice(0, 2)).toEqual([null, 'b']);
  });
});

describe('codebook tree', () => {
  it('flattens depth first with depth and ancestor path', () => {
    expect(flatten(CODES).map((f) => [f.code.id, f.depth, f.path.join('/')])).toEqual([
      ['t', 0, ''],
      ['s', 0, ''],
      ['s1', 1, 'Stigma'],
      ['s2', 1, 'Stigma'],
      ['b', 0, ''],
    ]);
  });

  it('filters by every typed word, accent- and case-insensitively, also by parent name; name prefixes first', () => {
    const flat = flatten(CODES);
    expect(filterCodes(flat, 'stig').map((f) => f.code.id)).toEqual(['s', 's1', 's2']);
    expect(filterCodes(flat, 'STÍGMA blame').map((f) => f.code.id)).toEqual(['s2']);
    expect(exactMatch(CODES, ' trust ')?.id).toBe('t');
    expect(exactMatch(CODES, 'trus')).toBeUndefined();
  });

  it('moves by keyboard: up/down among siblings, in under the one above, out after the parent', () => {
    expect(keyboardMove(CODES, 's2', 'up')).toEqual({ parentId: 's', position: 0 });
    expect(keyboardMove(CODES, 's1', 'up')).toBeNull();
    expect(keyboardMove(CODES, 'b', 'in')).toEqual({ parentId: 's', position: 2 });
    expect(keyboardMove(CODES, 't', 'in')).toBeNull();
    expect(keyboardMove(CODES, 's1', 'out')).toEqual({ parentId: null, position: 2 });
    expect(keyboardMove(CODES, 't', 'out')).toBeNull();
  });
});

describe('coding progress', () => {
  it('counts characters covered by the union of codings', () => {
    expect(coveredChars([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 20, end: 25 }, { start: 25, end: 25 }])).toBe(20);
  });

  it('gives each transcript its coding count, coverage and coders', () => {
    const p = progressByTranscript(
      [
        { transcriptId: 'a', start: 0, end: 50, coderId: 'x' },
        { transcriptId: 'a', start: 25, end: 100, coderId: 'y' },
      ],
      new Map([
        ['a', 200],
        ['b', 10],
      ]),
    );
    expect(p.get('a')).toEqual({ codings: 2, coverage: 0.5, coderIds: ['x', 'y'] });
    expect(p.get('b')).toEqual({ codings: 0, coverage: 0, coderIds: [] });
  });

  it('sorts numbers numerically and empty values last', () => {
    const c = new Intl.Collator('en', { numeric: true });
    expect([null, 10, 2, ''].sort((a, b) => compareValues(a, b, c))).toEqual([2, 10, null, '']);
  });
});
