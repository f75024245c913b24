import { describe, expect, it } from 'vitest';
import { percentAgreement, type Cell, type PercentDefinition } from '../../../shared/agreement/index.js';
import { KRIPPENDORFF_C, VIDEO } from './published-data.js';

describe('percent agreement against published examples', () => {
  it("reproduces R irr agree(video): 35% of units with all coders identical", () => {
    // https://rdrr.io/pkg/irr/man/agree.html example output: "%-agree = 35" (20 subjects, 4 raters);
    // also sophiedkk/pyirr tests/test_agree.py. irr's agree counts units where all raters agree.
    expect(percentAgreement(VIDEO, { definition: 'all_coders_identical' })).toBeCloseTo(0.35, 12);
  });

  it('reproduces DKPro’s pairwise percentage agreement on complete data', () => {
    // dkpro/dkpro-statistics PercentageAgreement (mean over items of agreeing pairs / pairs):
    // Krippendorff1980Test.testMultiCategoryMultiRater .740 (3 coders, 9 units),
    // Krippendorff2004Test.testDichotomy .600 and testMultipleCategories .833.
    expect(percentAgreement([[1, 1, 1], [1, 2, 2], [2, 2, 2], [4, 4, 4], [1, 4, 4], [2, 2, 2], [1, 2, 3], [3, 3, 3], [2, 2, 2]])).toBeCloseTo(0.74, 2);
    expect(percentAgreement([[1, 0], [1, 1], [0, 1], [0, 0], [0, 0], [0, 1], [0, 0], [0, 1], [0, 0], [0, 0]])).toBeCloseTo(0.6, 12);
    const ex2: Cell[][] = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c']];
    expect(percentAgreement(ex2)).toBeCloseTo(0.833, 3);
  });

  it("reproduces DKPro's per-item agreement on Fleiss' (1971) units", () => {
    // dkpro/dkpro-statistics Fleiss1971Test.testItemAgreement: items 2, 6 and 8 of the diagnoses
    // data have pairwise agreement .400, .467 and .267.
    expect(percentAgreement([[2, 2, 2, 5, 5, 5]])).toBeCloseTo(0.4, 3);
    expect(percentAgreement([[1, 1, 3, 3, 3, 3]])).toBeCloseTo(0.467, 3);
    expect(percentAgreement([[1, 1, 3, 3, 3, 4]])).toBeCloseTo(0.267, 3);
  });

  it('with missing data, averages over units with at least two values (hand-computed, not published)', () => {
    // Krippendorff's 12-unit example: unit 12 has one value and is left out; the other 11 units
    // have pairwise agreement 1, .5, 1, 1, 1, 0, 1, .5, 1, 1, 1, so the mean is 9/11.
    // (DKPro reports .800 for these data because its PercentageAgreement becomes 1 − D_o, which
    // weights units by their number of values; that is a different definition, not used here.)
    expect(percentAgreement(KRIPPENDORFF_C)).toBeCloseTo(9 / 11, 12);
    // All coders identical: 8 of the 11 units (units 2, 6 and 8 have a dissenter).
    expect(percentAgreement(KRIPPENDORFF_C, { definition: 'all_coders_identical' })).toBeCloseTo(8 / 11, 12);
  });
});

describe('percent agreement properties', () => {
  it('defaults to the pairwise mean', () => {
    expect(percentAgreement(VIDEO)).toBe(percentAgreement(VIDEO, { definition: 'pairwise_mean' }));
    expect(percentAgreement(VIDEO)).not.toBe(percentAgreement(VIDEO, { definition: 'all_coders_identical' }));
  });

  it('is the same under either definition for two coders', () => {
    const m: Cell[][] = [['a', 'a'], ['a', 'b'], [null, 'b'], ['b', 'b']];
    expect(percentAgreement(m)).toBeCloseTo(2 / 3, 12);
    expect(percentAgreement(m, { definition: 'all_coders_identical' })).toBeCloseTo(2 / 3, 12);
  });

  it('does not depend on the order of coders', () => {
    const reversed = VIDEO.map((row) => [...row].reverse());
    for (const definition of ['pairwise_mean', 'all_coders_identical'] as PercentDefinition[]) {
      expect(percentAgreement(reversed, { definition })).toBeCloseTo(percentAgreement(VIDEO, { definition }), 12);
    }
  });

  it('is 1 when every coder agrees, even on a single category, and NaN with no unit of two values', () => {
    expect(percentAgreement([['a', 'a'], ['a', 'a']])).toBe(1);
    expect(percentAgreement([['a', null], [null, 'b']])).toBeNaN();
    expect(percentAgreement([])).toBeNaN();
  });
});

describe('percent agreement input checks', () => {
  it('refuses an unknown definition', () => {
    expect(() => percentAgreement(VIDEO, { definition: 'cohen' as PercentDefinition })).toThrow(/options.definition must be 'pairwise_mean' or 'all_coders_identical'/);
  });
  it('refuses unequal rows', () => {
    expect(() => percentAgreement([['a', 'b'], ['a']])).toThrow(TypeError);
  });
});
