import { coefficient, type Disagreement } from './types.js';

/**
 * One figure for many codes, following de Vries, Elliott, Kanouse & Teleki (2008), "Using pooled
 * kappa to summarize interrater agreement across many items", Field Methods 20(3):272–282:
 * average the items' observed and expected agreement first, then chance-correct once,
 * κ_pooled = (mean p_o − mean p_e) / (1 − mean p_e) = 1 − mean D_o / mean D_e.
 *
 * Why this and not the alternatives: the mean of per-code coefficients is undefined as soon as
 * one code's coefficient is (a code nobody used has p_e = 1), and gives a rare code's unstable
 * value the same say as a common one; stacking every code's units into one table computes chance
 * agreement from marginals that mix codes of very different prevalence, so it is no code's chance
 * agreement. de Vries et al. show the pooled estimator is the more efficient of the two they
 * compare and applies where item kappas do not. For Fleiss' kappa and Krippendorff's alpha we pool
 * the same way (mean D_o over mean D_e); that is a direct generalisation, not a separately
 * published estimator. Codes with no usable unit (null parts) are left out; each other code counts
 * once, whatever its number of units.
 */
export function pooledCoefficient(parts: ReadonlyArray<Disagreement | null>): number {
  const usable = parts.filter((p): p is Disagreement => p !== null);
  if (usable.length === 0) return Number.NaN;
  const mean = (pick: (p: Disagreement) => number) => usable.reduce((s, p) => s + pick(p), 0) / usable.length;
  return coefficient({ observed: mean((p) => p.observed), expected: mean((p) => p.expected) });
}

/** Percent agreement pooled the same way: the mean over codes that have a value. */
export function pooledMean(values: readonly number[]): number {
  const usable = values.filter((v) => !Number.isNaN(v));
  return usable.length === 0 ? Number.NaN : usable.reduce((s, v) => s + v, 0) / usable.length;
}
