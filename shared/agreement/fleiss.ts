import { tally } from './tally.js';
import { coefficient, type Disagreement, type Matrix, type Value, type WeightedMatrix } from './types.js';
import { checkMatrix, checkWeighted } from './validate.js';

/**
 * Fleiss' (1971) kappa, written as disagreements so no term is a difference of near-equal numbers:
 * per unit 1 − P_i = Σ_j n_ij (m − n_ij) / (m (m − 1)), and 1 − P_e = Σ_j p_j (1 − p_j).
 * Units with any missing value are dropped (listwise, as R irr `kappam.fleiss`).
 */
export function fleissDisagreement(rows: Matrix, coders: number, weight: (u: number) => number): Disagreement | null {
  const m = coders;
  const totals = new Map<Value, number>();
  let units = 0;
  let observed = 0;
  for (let u = 0; u < rows.length; u++) {
    const w = weight(u);
    const { counts, total } = tally(rows[u]!);
    if (w === 0 || total < m) continue;
    let unitDisagreement = 0;
    for (const [value, n] of counts) {
      unitDisagreement += n * (m - n);
      totals.set(value, (totals.get(value) ?? 0) + w * n);
    }
    observed += (w * unitDisagreement) / (m * (m - 1));
    units += w;
  }
  if (units === 0) return null;
  let expected = 0;
  for (const t of totals.values()) {
    const p = t / (units * m);
    expected += p * (1 - p);
  }
  return { observed: observed / units, expected };
}

/** Fleiss' kappa for m ≥ 2 coders; NaN when undefined (no complete units, or one category only). */
export function fleissKappa(matrix: Matrix): number {
  const coders = checkMatrix('fleissKappa', matrix, 'nominal');
  return coefficient(fleissDisagreement(matrix, coders, () => 1));
}

/** Same number as `fleissKappa` over the matrix with row u repeated weights[u] times. */
export function fleissKappaWeighted(data: WeightedMatrix): number {
  const coders = checkWeighted('fleissKappaWeighted', data, 'nominal');
  return coefficient(fleissDisagreement(data.rows, coders, (u) => data.weights[u]!));
}
