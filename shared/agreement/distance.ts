import type { Level, Value } from './types.js';

/**
 * Krippendorff's squared difference functions δ²(c, k) over the coincidence matrix's values
 * (sorted ascending unless nominal), from "Computing Krippendorff's Alpha-Reliability" (2011):
 * nominal 0/1; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)², which uses the marginals, not the
 * numbers; interval (c − k)²; ratio ((c − k)/(c + k))², taken as 0 when c = k = 0.
 */
export function squaredDifferences(level: Level, values: readonly Value[], marginals: readonly number[]): number[][] {
  const v = values as readonly number[];
  // cumulative[i] = n_0 + … + n_{i−1}, so Σ_{g=c..k} n_g = cumulative[k + 1] − cumulative[c] for c ≤ k.
  const cumulative = [0];
  for (const n of marginals) cumulative.push(cumulative[cumulative.length - 1]! + n);
  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'ordinal': {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        const between = cumulative[hi + 1]! - cumulative[lo]! - (marginals[lo]! + marginals[hi]!) / 2;
        return between * between;
      }
      case 'interval':
        return (v[c]! - v[k]!) ** 2;
      case 'ratio': {
        const sum = v[c]! + v[k]!;
        return sum === 0 ? 0 : ((v[c]! - v[k]!) / sum) ** 2;
      }
    }
  };
  return values.map((_, c) => values.map((__, k) => delta2(c, k)));
}
