// Published reliability data sets used as test vectors. Each comes with the place it was taken
// from; the expected values live in the tests, each next to its own source.
import type { Cell } from '../../../shared/agreement/index.js';

/**
 * Krippendorff's 4-coder, 12-unit example with missing data ("the C data" in R irr's
 * `kripp.alpha` example; Krippendorff 2004, Content Analysis 2nd ed., p. 230; the same table is
 * the worked example in Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 * Taken from R irr's documented example, `nmm <- matrix(c(1,1,NA,1, 2,2,3,2, …), nrow=4)`
 * (https://rdrr.io/pkg/irr/man/kripp.alpha.html), which is coders × units, read column by column:
 * here transposed to units × coders. Coders A, B, C, D.
 */
export const KRIPPENDORFF_C: Cell[][] = [
  [1, 1, null, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [null, 5, 5, 5],
  [null, null, 1, 1],
  [null, null, 3, null],
];

/**
 * Psychiatric diagnoses of 30 patients by 6 raters (Fleiss 1971, Psychological Bulletin 76:378–382),
 * R irr's `diagnoses` data set, with categories 1 Depression, 2 Personality Disorder,
 * 3 Schizophrenia, 4 Neurosis, 5 Other. Taken from statsmodels'
 * statsmodels/stats/tests/test_inter_rater.py (`diagnoses`, which reproduces R irr's data and
 * records R's output), cross-checked row by row against sophiedkk/pyirr pyrr/tests/diagnoses.csv.
 */
export const DIAGNOSES: number[][] = [
  [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
];

/**
 * R irr's `anxiety` data (20 subjects, 3 raters), from statsmodels' test_inter_rater.py, where it
 * is given column by column (`reshape(20, 3, order='F')`): rater 1, then rater 2, then rater 3.
 */
const ANXIETY_BY_RATER = [
  [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
  [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
  [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
];
export const ANXIETY: number[][] = ANXIETY_BY_RATER[0]!.map((_, u) => ANXIETY_BY_RATER.map((r) => r[u]!));

/** R irr's `video` data (20 subjects, 4 raters), from sophiedkk/pyirr pyrr/tests/video.csv. */
export const VIDEO: number[][] = [
  [4, 4, 3, 4], [4, 4, 4, 5], [4, 4, 5, 5], [4, 4, 4, 4], [4, 3, 2, 4], [4, 4, 3, 4], [4, 3, 2, 5],
  [4, 4, 3, 4], [4, 3, 3, 4], [4, 3, 3, 4], [4, 4, 3, 4], [4, 3, 3, 4], [4, 4, 4, 4], [4, 4, 4, 4],
  [4, 4, 3, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 4, 4, 4], [4, 5, 5, 4],
];

/** Expands a contingency table {a, b, count} into two rating vectors of that many units each. */
export function fromContingency(cells: ReadonlyArray<readonly [Cell, Cell, number]>): { a: Cell[]; b: Cell[] } {
  const a: Cell[] = [];
  const b: Cell[] = [];
  for (const [x, y, n] of cells) {
    for (let i = 0; i < n; i++) {
      a.push(x);
      b.push(y);
    }
  }
  return { a, b };
}

/** Expands per-subject category counts (Fleiss' input layout) into a units × raters matrix. */
export function fromCategoryCounts(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => row.flatMap((n, category) => Array<number>(n).fill(category + 1)));
}
