/** The reader's model: blocks per utterance, segments at labels, distress regions and coding edges, exact offsets. */
import { describe, expect, it } from 'vitest';
import { blocksOverlapping, buildBlocks, lineEstimate, regionsOf, segmentsOf, snapToCodePoints } from '../../../renderer/src/editor/blocks.js';

const TEXT = 'Pewawancara: Selamat pagi.\nNarasumber: Sama-sama 🙂 ya.\n\nNote without a speaker\n';
const U = [
  { start: 0, end: 26, labelStart: 0, labelEnd: 11, speaker: 'Pewawancara', tStartMs: 1000 },
  { start: 27, end: 57, labelStart: 27, labelEnd: 37, speaker: 'Narasumber', tStartMs: null },
];

describe('reader blocks', () => {
  it('makes one block per utterance and one per non-blank line no utterance covers, trimmed', () => {
    const blocks = buildBlocks(TEXT, U);
    expect(blocks.map((b) => TEXT.slice(b.start, b.end))).toEqual(['Pewawancara: Selamat pagi.', 'Narasumber: Sama-sama 🙂 ya.', 'Note without a speaker']);
    expect(blocks[0]).toMatchObject({ index: 0, labelStart: 0, labelEnd: 11, tStartMs: 1000 });
    expect(blocks[2]).toMatchObject({ speaker: null, labelStart: null });
  });

  it('without utterances, makes one block per non-blank line', () => {
    expect(buildBlocks('a\n\n  b c \n', []).map((b) => [b.start, b.end])).toEqual([
      [0, 1],
      [5, 8],
    ]);
  });

  it('cuts a block into segments that cover it exactly: label, text, a region, coding edges', () => {
    const [, b] = buildBlocks(TEXT, U);
    const regions = regionsOf([{ id: 'm1', start: 49, end: 53 }]);
    const segs = segmentsOf(b!, regions, [{ start: 39, end: 48, codeId: 'c1' }, { start: 44, end: 53, codeId: 'c2' }]);
    expect(segs[0]).toMatchObject({ start: 27, end: 37, role: 'label', codes: [] });
    expect(segs.map((s) => TEXT.slice(s.start, s.end)).join('')).toBe(TEXT.slice(b!.start, b!.end));
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBe(segs[i - 1]!.end);
    const at = (o: number) => segs.find((s) => s.start <= o && o < s.end)!;
    expect(at(40).codes).toEqual(['c1']);
    expect(at(46).codes).toEqual(['c1', 'c2']); // overlapping codings stack
    expect(at(50)).toMatchObject({ regionId: 'm1', codes: ['c2'] });
  });

  it('joins overlapping and touching marks into one region, keeping every mark id', () => {
    expect(regionsOf([{ id: 'b', start: 10, end: 20 }, { id: 'a', start: 0, end: 10 }, { id: 'c', start: 30, end: 40 }])).toEqual([
      { id: 'a', start: 0, end: 20, markIds: ['a', 'b'] },
      { id: 'c', start: 30, end: 40, markIds: ['c'] },
    ]);
  });

  it('finds the blocks a range overlaps, and none for a range between blocks', () => {
    const blocks = buildBlocks(TEXT, U);
    expect(blocksOverlapping(blocks, 5, 30)).toEqual([0, 1]);
    expect(blocksOverlapping(blocks, 26, 27)).toBeNull();
    expect(blocksOverlapping(blocks, 60, 70)).toEqual([2, 2]);
  });

  it('estimates lines at about 80 characters, at least one a paragraph', () => {
    expect(lineEstimate('short')).toBe(1);
    expect(lineEstimate(`${'x'.repeat(161)}\n\nsecond`)).toBe(4);
  });

  it('never cuts an emoji in half', () => {
    const t = 'a🙂b';
    expect(snapToCodePoints(t, 2, 3)).toEqual({ start: 1, end: 3 });
    expect(snapToCodePoints(t, 0, 2)).toEqual({ start: 0, end: 3 });
  });
});
