import { tally } from './tally.js';
import type { Level, Matrix, Value } from './types.js';

/**
 * Krippendorff's coincidence matrix: every ordered pair of values from different coders in a
 * unit with m_u ≥ 2 values adds 1 / (m_u − 1) to o[c][k], so each pairable value counts once.
 * Values are sorted ascending at the ordinal, interval and ratio levels (the distances need it).
 */
export interface Coincidences {
  readonly values: readonly Value[];
  readonly o: readonly (readonly number[])[];
  /** n_c = Σ_k o[c][k]: how often value c was pairable. */
  readonly marginals: readonly number[];
  /** n = Σ_c n_c: the number of pairable values. */
  readonly total: number;
}

export function coincidences(rows: Matrix, weight: (u: number) => number, level: Level): Coincidences {
  const units: { w: number; counts: Map<Value, number>; m: number }[] = [];
  const seen = new Set<Value>();
  for (let u = 0; u < rows.length; u++) {
    const w = weight(u);
    const { counts, total } = tally(rows[u]!);
    if (w === 0 || total < 2) continue;
    units.push({ w, counts, m: total });
    for (const value of counts.keys()) seen.add(value);
  }
  const values = [...seen];
  if (level !== 'nominal') (values as number[]).sort((x, y) => x - y);
  const index = new Map(values.map((v, i) => [v, i] as const));
  const o = values.map(() => values.map(() => 0));
  for (const { w, counts, m } of units) {
    for (const [c, nc] of counts) {
      const row = o[index.get(c)!]!;
      for (const [k, nk] of counts) row[index.get(k)!]! += (w * nc * (c === k ? nk - 1 : nk)) / (m - 1);
    }
  }
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));
  return { values, o, marginals, total: marginals.reduce((s, x) => s + x, 0) };
}
