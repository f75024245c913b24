import { describe, expect, it } from 'vitest';
import { fleissKappa, type Cell } from '../../../shared/agreement/index.js';
import { fleissDisagreement } from '../../../shared/agreement/fleiss.js';
import { DIAGNOSES, fromCategoryCounts } from './published-data.js';

describe("Fleiss' kappa against published examples", () => {
  it("reproduces R irr kappam.fleiss on Fleiss' (1971) diagnoses data (kappa 0.4302445)", () => {
    // R output `kappam.fleiss(diagnoses)` value 0.4302445, recorded in statsmodels
    // statsmodels/stats/tests/test_inter_rater.py test_fleiss_kappa_irr (asserted to 7 places);
    // also sophiedkk/pyirr tests/test_kappam_fleiss.py (0.430) and statsmodels' Fleiss 1971 table.
    expect(fleissKappa(DIAGNOSES)).toBeCloseTo(0.4302445, 7);
    // dkpro/dkpro-statistics Fleiss1971Test.testAgreement: observed .5556, expected .2201.
    const parts = fleissDisagreement(DIAGNOSES, 6, () => 1)!;
    expect(1 - parts.observed).toBeCloseTo(0.5556, 3);
    expect(1 - parts.expected).toBeCloseTo(0.2201, 3);
  });

  it("reproduces statsmodels' fleiss_kappa test on the Wikipedia table (14 raters, 10 subjects: 0.210)", () => {
    // statsmodels test_inter_rater.py test_fleiss_kappa: table1 (counts per category) → 0.210 (3 places).
    const counts = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]];
    expect(fleissKappa(fromCategoryCounts(counts))).toBeCloseTo(0.21, 3);
  });
});

describe("Fleiss' kappa properties", () => {
  it('does not depend on the order of coders or of units', () => {
    const shuffled = DIAGNOSES.map((row) => [row[3]!, row[0]!, row[5]!, row[1]!, row[4]!, row[2]!]).reverse();
    expect(fleissKappa(shuffled)).toBeCloseTo(fleissKappa(DIAGNOSES), 12);
  });

  it('is 1 for perfect agreement on two or more categories, NaN when only one category is used', () => {
    expect(fleissKappa([['a', 'a', 'a'], ['b', 'b', 'b']])).toBe(1);
    expect(fleissKappa([['a', 'a', 'a'], ['a', 'a', 'a']])).toBeNaN();
  });

  it('drops units with any missing value, as R irr does; NaN when none is complete', () => {
    const complete: Cell[][] = [['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'b', 'a']];
    expect(fleissKappa([...complete, ['a', null, 'b']])).toBe(fleissKappa(complete));
    expect(fleissKappa([['a', null, 'b']])).toBeNaN();
    expect(fleissKappa([])).toBeNaN();
  });

  it('equals Scott’s pi for two coders (pi uses pooled marginals, kappa does not)', () => {
    // Scott's pi by hand for a = [x,x,y,y], b = [x,y,y,y]: p_o = 3/4, p(x) = 3/8, p_e = 9/64 + 25/64 = 34/64,
    // pi = (3/4 − 34/64) / (1 − 34/64) = 14/30.
    expect(fleissKappa([['x', 'x'], ['x', 'y'], ['y', 'y'], ['y', 'y']])).toBeCloseTo(14 / 30, 12);
  });
});

describe("Fleiss' kappa input checks", () => {
  it('refuses fewer than two coders and ragged rows', () => {
    expect(() => fleissKappa([['a'], ['b']])).toThrow(/needs at least 2 coders, got 1/);
    expect(() => fleissKappa([['a', 'b'], ['a']])).toThrow(/matrix\[1\] has 1 cells but matrix\[0\] has 2/);
  });
  it('refuses a matrix that is not an array of arrays', () => {
    expect(() => fleissKappa('ab' as unknown as Cell[][])).toThrow(/matrix must be an array of units/);
    expect(() => fleissKappa([1, 2] as unknown as Cell[][])).toThrow(/matrix\[0\] must be an array/);
  });
});
