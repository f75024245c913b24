/** One coder's value for one unit: a category (nominal) or a number (every level). */
export type Value = string | number;

/** A cell of the reliability matrix; null where that coder gave no value. */
export type Cell = Value | null;

/**
 * Reliability data: `matrix[u][c]` is unit u and coder c. This is the transpose of R irr's
 * `kripp.alpha` input (coders × units) and the layout of irr's `kappam.fleiss` and `agree`.
 */
export type Matrix = ReadonlyArray<ReadonlyArray<Cell>>;

export type Level = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export const LEVELS: readonly Level[] = ['nominal', 'ordinal', 'interval', 'ratio'];

/**
 * A matrix whose row u stands for `weights[u]` identical units (a non-negative integer), so a
 * run of identical characters is one row instead of one row per character.
 */
export interface WeightedMatrix {
  readonly rows: Matrix;
  readonly weights: readonly number[];
}

/**
 * A chance-corrected coefficient kept as observed and expected disagreement, so that several can
 * be pooled before dividing (pooled.ts). The coefficient is 1 − observed / expected; every kappa
 * (p_o − p_e) / (1 − p_e) has this form with observed = 1 − p_o and expected = 1 − p_e.
 */
export interface Disagreement {
  readonly observed: number;
  readonly expected: number;
}

/** 1 − D_o / D_e; NaN where undefined (no usable units, or no expected disagreement). */
export function coefficient(parts: Disagreement | null): number {
  if (parts === null || parts.expected === 0) return Number.NaN;
  return 1 - parts.observed / parts.expected;
}
