import { tally } from './tally.js';
import type { Matrix, WeightedMatrix } from './types.js';
import { checkMatrix, checkWeighted } from './validate.js';

/**
 * 'pairwise_mean' (default): per unit, agreeing coder pairs / coder pairs, averaged over units.
 * 'all_coders_identical': the share of units on which every coder gave the same value (R irr `agree`).
 */
export type PercentDefinition = 'pairwise_mean' | 'all_coders_identical';
export interface PercentOptions {
  readonly definition?: PercentDefinition;
}

export function checkPercentOptions(fn: string, options: unknown): PercentDefinition {
  if (options === undefined) return 'pairwise_mean';
  if (typeof options !== 'object' || options === null) throw new TypeError(`${fn}: options must be an object`);
  const { definition } = options as PercentOptions;
  if (definition === undefined || definition === 'pairwise_mean' || definition === 'all_coders_identical') return definition ?? 'pairwise_mean';
  throw new TypeError(`${fn}: options.definition must be 'pairwise_mean' or 'all_coders_identical'`);
}

/** Weighted mean of per-unit agreement over the units with at least two values; NaN if none. */
export function percentOf(rows: Matrix, weight: (u: number) => number, definition: PercentDefinition): number {
  let sum = 0;
  let units = 0;
  for (let u = 0; u < rows.length; u++) {
    const w = weight(u);
    const { counts, total: m } = tally(rows[u]!);
    if (w === 0 || m < 2) continue;
    let agreement: number;
    if (definition === 'all_coders_identical') agreement = counts.size === 1 ? 1 : 0;
    else {
      let agreeingPairs = 0;
      for (const n of counts.values()) agreeingPairs += n * (n - 1);
      agreement = agreeingPairs / (m * (m - 1));
    }
    sum += w * agreement;
    units += w;
  }
  return units === 0 ? Number.NaN : sum / units;
}

/** Percent agreement as a proportion in [0, 1] (not a percentage). */
export function percentAgreement(matrix: Matrix, options?: PercentOptions): number {
  checkMatrix('percentAgreement', matrix, 'nominal');
  return percentOf(matrix, () => 1, checkPercentOptions('percentAgreement', options));
}

/** Same number as `percentAgreement` over the matrix with row u repeated weights[u] times. */
export function percentAgreementWeighted(data: WeightedMatrix, options?: PercentOptions): number {
  checkWeighted('percentAgreementWeighted', data, 'nominal');
  return percentOf(data.rows, (u) => data.weights[u]!, checkPercentOptions('percentAgreementWeighted', options));
}
