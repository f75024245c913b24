import { coefficient, type Cell, type Disagreement, type Value, type WeightedMatrix } from './types.js';
import { checkPair, checkWeighted } from './validate.js';

/**
 * Cohen's (1960) kappa from the two coders' contingency table, in counts so that "no expected
 * disagreement" is an exact zero: D_o = (n − agreements) / n, D_e = (n² − Σ_k r_k c_k) / n².
 * Units where either coder has no value are dropped (listwise, as R irr `kappa2`).
 */
export function cohenDisagreement(a: readonly Cell[], b: readonly Cell[], weight: (u: number) => number): Disagreement | null {
  const first = new Map<Value, number>();
  const second = new Map<Value, number>();
  let n = 0;
  let agreements = 0;
  for (let u = 0; u < a.length; u++) {
    const x = a[u]!;
    const y = b[u]!;
    const w = weight(u);
    if (x === null || y === null || w === 0) continue;
    first.set(x, (first.get(x) ?? 0) + w);
    second.set(y, (second.get(y) ?? 0) + w);
    if (x === y) agreements += w;
    n += w;
  }
  if (n === 0) return null;
  let chance = 0;
  for (const [value, r] of first) chance += r * (second.get(value) ?? 0);
  return { observed: (n - agreements) / n, expected: (n * n - chance) / (n * n) };
}

/** Cohen's kappa for two coders; NaN when undefined (no complete units, or one category only). */
export function cohenKappa(a: readonly Cell[], b: readonly Cell[]): number {
  checkPair('cohenKappa', a, b);
  return coefficient(cohenDisagreement(a, b, () => 1));
}

/** Cohen's kappa over a two-column weighted matrix (row u counts weights[u] times). */
export function cohenKappaWeighted(data: WeightedMatrix): number {
  const coders = checkWeighted('cohenKappaWeighted', data, 'nominal');
  if (data.rows.length > 0 && coders !== 2) throw new TypeError(`cohenKappaWeighted: Cohen's kappa is for exactly 2 coders, got ${coders}`);
  const column = (c: number) => data.rows.map((row) => row[c]!);
  return coefficient(cohenDisagreement(column(0), column(1), (u) => data.weights[u]!));
}
