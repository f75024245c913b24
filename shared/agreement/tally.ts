import type { Cell, Value } from './types.js';

/** Counts of each value in one unit, nulls left out. */
export interface Tally {
  readonly counts: Map<Value, number>;
  readonly total: number;
}

export function tally(row: ReadonlyArray<Cell>): Tally {
  const counts = new Map<Value, number>();
  let total = 0;
  for (const cell of row) {
    if (cell === null) continue;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
    total++;
  }
  return { counts, total };
}
