import { coincidences } from './coincidence.js';
import { squaredDifferences } from './distance.js';
import { coefficient, type Disagreement, type Level, type Matrix, type WeightedMatrix } from './types.js';
import { checkLevel, checkMatrix, checkWeighted } from './validate.js';

/**
 * Krippendorff's alpha = 1 − D_o / D_e with D_o = Σ o_ck δ²_ck / n and
 * D_e = Σ n_c n_k δ²_ck / (n (n − 1)), over the units with at least two values (missing data allowed).
 */
export function krippendorffDisagreement(rows: Matrix, weight: (u: number) => number, level: Level): Disagreement | null {
  const { values, o, marginals, total: n } = coincidences(rows, weight, level);
  if (n === 0) return null;
  const delta2 = squaredDifferences(level, values, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c++) {
    for (let k = 0; k < values.length; k++) {
      observed += o[c]![k]! * delta2[c]![k]!;
      expected += marginals[c]! * marginals[k]! * delta2[c]![k]!;
    }
  }
  return { observed: observed / n, expected: expected / (n * (n - 1)) };
}

/** Krippendorff's alpha; NaN when undefined (no unit with two values, or no variation at all). */
export function krippendorffAlpha(matrix: Matrix, level: Level): number {
  const lvl = checkLevel('krippendorffAlpha', level);
  checkMatrix('krippendorffAlpha', matrix, lvl);
  return coefficient(krippendorffDisagreement(matrix, () => 1, lvl));
}

/** Same number as `krippendorffAlpha` over the matrix with row u repeated weights[u] times. */
export function krippendorffAlphaWeighted(data: WeightedMatrix, level: Level = 'nominal'): number {
  const lvl = checkLevel('krippendorffAlphaWeighted', level);
  checkWeighted('krippendorffAlphaWeighted', data, lvl);
  return coefficient(krippendorffDisagreement(data.rows, (u) => data.weights[u]!, lvl));
}
