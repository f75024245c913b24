import { describe, expect, it } from 'vitest';
import { CODE_PALETTE, childrenOf, defaultColour, isSelfOrDescendant, normaliseName, placeAt, siblingNameClash, treeOrder } from '../../../shared/domain/codebook.js';

const node = (id: string, parentId: string | null, position: number, name = id) => ({ id, parentId, position, name });

// a ─┬─ b ── d
//    └─ c
// e
const TREE = [node('d', 'b', 0), node('c', 'a', 1), node('e', null, 1), node('b', 'a', 0), node('a', null, 0)];

describe('normaliseName', () => {
  it('treats case, accents, surrounding and repeated whitespace as the same sibling name', () => {
    expect(normaliseName('  Stígma ')).toBe('stigma');
    expect(normaliseName('STIGMA')).toBe(normaliseName('stigma'));
    expect(normaliseName('Lack  of\tstaff')).toBe('lack of staff');
    expect(normaliseName('Kekerasan Ｓeksual')).toBe('kekerasan seksual'); // full-width letter folds too
  });
  it('keeps genuinely different names apart', () => {
    expect(normaliseName('Stigma')).not.toBe(normaliseName('Stigmas'));
    expect(normaliseName('Barrier: cost')).not.toBe(normaliseName('Barrier: time'));
  });
});

describe('siblingNameClash', () => {
  const codes = [node('x', null, 0, 'Stigma'), node('y', 'x', 0, 'Shame'), node('z', null, 1, 'Cost')];
  it('finds a sibling with the same normalised name', () => {
    expect(siblingNameClash(codes, null, 'stígma ')?.id).toBe('x');
  });
  it('ignores the same name under another parent, and the code itself when renaming', () => {
    expect(siblingNameClash(codes, 'x', 'Stigma')).toBeUndefined();
    expect(siblingNameClash(codes, null, 'STIGMA', 'x')).toBeUndefined();
  });
});

describe('isSelfOrDescendant', () => {
  it('is true for the code itself and everything below it', () => {
    expect(isSelfOrDescendant(TREE, 'a', 'a')).toBe(true);
    expect(isSelfOrDescendant(TREE, 'a', 'b')).toBe(true);
    expect(isSelfOrDescendant(TREE, 'a', 'd')).toBe(true);
  });
  it('is false for ancestors, siblings, other roots and the top level', () => {
    expect(isSelfOrDescendant(TREE, 'b', 'a')).toBe(false);
    expect(isSelfOrDescendant(TREE, 'b', 'c')).toBe(false);
    expect(isSelfOrDescendant(TREE, 'a', 'e')).toBe(false);
    expect(isSelfOrDescendant(TREE, 'a', null)).toBe(false);
  });
  it('ends on a cycle already in the data instead of looping', () => {
    const cyclic = [node('p', 'q', 0), node('q', 'p', 0)];
    expect(isSelfOrDescendant(cyclic, 'z', 'p')).toBe(false);
  });
});

describe('ordering', () => {
  it('lists children by position', () => {
    expect(childrenOf(TREE, 'a').map((c) => c.id)).toEqual(['b', 'c']);
    expect(childrenOf(TREE, null).map((c) => c.id)).toEqual(['a', 'e']);
  });
  it('lists the tree depth first: a parent, then its children in order', () => {
    expect(treeOrder(TREE).map((c) => c.id)).toEqual(['a', 'b', 'd', 'c', 'e']);
  });
  it('never drops a code whose parent is missing or caught in a cycle', () => {
    const broken = [node('a', null, 0), node('orphan', 'gone', 0), node('p', 'q', 0), node('q', 'p', 0)];
    expect(treeOrder(broken).map((c) => c.id).sort()).toEqual(['a', 'orphan', 'p', 'q']);
  });
  it('places a code at a position among its siblings, clamping past the end', () => {
    expect(placeAt(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(placeAt(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(placeAt(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(placeAt(['a', 'b'], 'new', 1)).toEqual(['a', 'new', 'b']);
  });
});

describe('defaultColour', () => {
  it('gives distinct palette colours to the first siblings and cycles after the palette', () => {
    const first = Array.from({ length: CODE_PALETTE.length }, (_, i) => defaultColour(i));
    expect(new Set(first).size).toBe(CODE_PALETTE.length);
    expect(defaultColour(CODE_PALETTE.length)).toBe(defaultColour(0));
    for (const c of first) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});
