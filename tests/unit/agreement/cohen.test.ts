import { describe, expect, it } from 'vitest';
import { cohenKappa, type Cell } from '../../../shared/agreement/index.js';
import { cohenDisagreement } from '../../../shared/agreement/cohen.js';
import { ANXIETY, DIAGNOSES, fromContingency } from './published-data.js';

const column = (m: Cell[][], c: number) => m.map((row) => row[c]!);
/** [y1, y2] from numpy-style runs: run(0, 40) = forty 0s. */
const runs = (...parts: [Cell, number][]) => parts.flatMap(([v, n]) => Array<Cell>(n).fill(v));

describe("Cohen's kappa against published examples", () => {
  it("reproduces Cohen's (1960) worked example (kappa .492, p_o .70, p_e .41)", () => {
    // dkpro/dkpro-statistics Cohen1960Test.createExample2 / testExample2, Cohen (1960, p. 45).
    const { a, b } = fromContingency([[1, 1, 88], [1, 2, 14], [1, 3, 18], [2, 1, 10], [2, 2, 40], [2, 3, 10], [3, 1, 2], [3, 2, 6], [3, 3, 12]]);
    expect(cohenKappa(a, b)).toBeCloseTo(0.492, 3);
    const parts = cohenDisagreement(a, b, () => 1)!;
    expect(1 - parts.observed).toBeCloseTo(0.7, 2);
    expect(1 - parts.expected).toBeCloseTo(0.41, 2);
  });

  it("reproduces scikit-learn's cohen_kappa_score tests (Artstein & Poesio 2008 tables)", () => {
    // scikit-learn sklearn/metrics/tests/test_classification.py test_cohen_kappa.
    // Table 1, contingency [[20, 20], [10, 50]]: .348 (3 places), symmetric in y1 and y2.
    const y1 = runs([0, 40], [1, 60]);
    const y2 = runs([0, 20], [1, 20], [0, 10], [1, 50]);
    expect(cohenKappa(y1, y2)).toBeCloseTo(0.348, 3);
    expect(cohenKappa(y2, y1)).toBe(cohenKappa(y1, y2));
    expect(cohenKappa(y1, y1)).toBe(1);
    // Table 4 (multiclass): .8013 (4 places).
    expect(cohenKappa(runs([0, 46], [1, 44], [2, 10]), runs([0, 52], [1, 32], [2, 16]))).toBeCloseTo(0.8013, 4);
    // Unweighted case of the weighting example: .9315 (4 places).
    expect(cohenKappa(runs([0, 46], [1, 44], [2, 10]), runs([0, 50], [1, 40], [2, 10]))).toBeCloseTo(0.9315, 4);
  });

  it('reproduces R irr kappa2 on the diagnoses and anxiety data', () => {
    // kappa2(diagnoses[,2:3]) = 0.631: R irr's documented example; value from sophiedkk/pyirr
    // tests/test_kappa2.py test_kappa2_categorical (a port of irr checked against R).
    expect(cohenKappa(column(DIAGNOSES, 1), column(DIAGNOSES, 2))).toBeCloseTo(0.631, 3);
    // kappa2(anxiety[,2:3]) = -0.006289308: R output recorded in statsmodels
    // statsmodels/stats/tests/test_inter_rater.py test_cohens_kappa_irr (ck_w1.value).
    expect(cohenKappa(column(ANXIETY, 1), column(ANXIETY, 2))).toBeCloseTo(-0.006289308, 9);
  });

  it("reproduces Krippendorff's (2004) contrast of kappa with pi (.186 vs .258)", () => {
    // dkpro/dkpro-statistics Krippendorff2004Test.testOtherCoefficients (Krippendorff 2004, p. 246):
    // the same agreement with symmetric marginals gives kappa .186, with skewed marginals .258.
    const a4a = fromContingency([['a', 'a', 12], ['a', 'b', 9], ['a', 'c', 9], ['b', 'a', 9], ['b', 'b', 14], ['b', 'c', 9], ['c', 'a', 9], ['c', 'b', 9], ['c', 'c', 20]]);
    const a4b = fromContingency([['a', 'a', 12], ['a', 'b', 18], ['a', 'c', 18], ['b', 'b', 14], ['b', 'c', 18], ['c', 'c', 20]]);
    expect(cohenKappa(a4a.a, a4a.b)).toBeCloseTo(0.186, 3);
    expect(cohenKappa(a4b.a, a4b.b)).toBeCloseTo(0.258, 3);
  });
});

describe("Cohen's kappa properties", () => {
  it('is 1 for perfect agreement on two or more categories', () => {
    expect(cohenKappa(['x', 'y', 'x'], ['x', 'y', 'x'])).toBe(1);
  });

  it('is NaN when expected agreement is 1 (both coders used one category) and when no unit is complete', () => {
    expect(cohenKappa(['x', 'x'], ['x', 'x'])).toBeNaN();
    expect(cohenKappa([1, null], [null, 1])).toBeNaN();
    expect(cohenKappa([], [])).toBeNaN();
  });

  it('drops units where either coder has no value, as R irr does', () => {
    const a: Cell[] = ['x', 'y', 'x', null, 'y', 'x'];
    const b: Cell[] = ['x', 'y', 'y', 'y', null, 'x'];
    expect(cohenKappa(a, b)).toBe(cohenKappa(['x', 'y', 'x', 'x'], ['x', 'y', 'y', 'x']));
  });

  it('treats 1 and "1" as different categories (values compare strictly)', () => {
    // No category in common: p_o = 0 and p_e = 0, so kappa is 0 rather than the 1 of [1, 2] vs [1, 2].
    expect(cohenKappa([1, 2], [1, 2])).toBe(1);
    expect(cohenKappa([1, 2], ['1', '2'])).toBe(0);
  });
});

describe("Cohen's kappa input checks", () => {
  it('refuses vectors of unequal length, saying both lengths', () => {
    expect(() => cohenKappa([1, 2, 3], [1, 2])).toThrow(TypeError);
    expect(() => cohenKappa([1, 2, 3], [1, 2])).toThrow(/a has 3 values and b has 2/);
  });
  it('refuses non-arrays, non-finite numbers and other value types', () => {
    expect(() => cohenKappa('abc' as unknown as Cell[], [1])).toThrow(/must be arrays/);
    expect(() => cohenKappa([1, Number.POSITIVE_INFINITY], [1, 2])).toThrow(/a\[1\] is Infinity/);
    expect(() => cohenKappa([true as unknown as Cell], [1])).toThrow(/a\[0\] is a boolean/);
  });
});
