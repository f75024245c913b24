import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, type Cell, type Level } from '../../../shared/agreement/index.js';
import { krippendorffDisagreement } from '../../../shared/agreement/krippendorff.js';
import { KRIPPENDORFF_C } from './published-data.js';

/** Transposes coders × units (the layout of R irr, NLTK and the Python `krippendorff` package) to units × coders. */
const byUnit = (coders: Cell[][]): Cell[][] => coders[0]!.map((_, u) => coders.map((row) => row[u]!));
const parts = (m: Cell[][], level: Level) => krippendorffDisagreement(m, () => 1, level)!;

describe("Krippendorff's alpha against published worked examples", () => {
  it('reproduces the 4-coder, 12-unit example with missing data at all four levels', () => {
    // Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability" and Krippendorff (2004,
    // p. 230): nominal .743, ordinal .815, interval .849, ratio .797. The same four values are
    // asserted by sophiedkk/pyirr tests/test_kripp_alpha.py (a port of R irr `kripp.alpha`, run on
    // irr's documented `nmm` example) and, for ordinal and ratio, by pln-fing-udelar/fast-krippendorff
    // tests/test_krippendorff.py. NLTK nltk/test/unit/test_disagreement.py (test_advanced) gives the
    // nominal value to 12 places: 0.743421052632.
    expect(krippendorffAlpha(KRIPPENDORFF_C, 'nominal')).toBeCloseTo(0.743421052632, 12);
    expect(krippendorffAlpha(KRIPPENDORFF_C, 'ordinal')).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_C, 'interval')).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(KRIPPENDORFF_C, 'ratio')).toBeCloseTo(0.797, 3);
  });

  it('reproduces the observed and expected disagreements printed for that example', () => {
    // dkpro/dkpro-statistics Krippendorff2004Test (testMultipleRatersMissingValues,
    // testIntervallAgreement), from Krippendorff (2004, p. 230): nominal D_o .200, D_e .779;
    // interval D_o .433, D_e 2.872.
    const nominal = parts(KRIPPENDORFF_C, 'nominal');
    expect(nominal.observed).toBeCloseTo(0.2, 3);
    expect(nominal.expected).toBeCloseTo(0.779, 3);
    const interval = parts(KRIPPENDORFF_C, 'interval');
    expect(interval.observed).toBeCloseTo(0.433, 3);
    expect(interval.expected).toBeCloseTo(2.872, 3);
  });

  it('reproduces the two-coder binary example (alpha .095)', () => {
    // Krippendorff's 10-unit dichotomous example: alpha .095, D_o .400, D_e .442. Vector and values
    // from dkpro/dkpro-statistics Krippendorff1980Test.createExample1 / testDichotomy (Krippendorff
    // 1980, p. 133; the same counts are Krippendorff 2004, p. 224 and the first example of
    // Krippendorff 2011). We could not retrieve the 2011 paper's own table here, so the vector is
    // DKPro's; its coincidences (5 × 0-0, 1 × 1-1, 4 × 0-1) are what make alpha .095.
    const m: Cell[][] = [[0, 0], [1, 1], [0, 1], [0, 0], [0, 0], [0, 1], [0, 0], [0, 1], [1, 0], [0, 0]];
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(0.095, 3);
    // By hand: n0 = 14, n1 = 6, o01 = 4, so alpha = 1 − (n − 1) o01 / (n0 n1) = 1 − 19·4/84 = 2/21.
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(2 / 21, 12);
    const p = parts(m, 'nominal');
    expect(p.observed).toBeCloseTo(0.4, 3);
    expect(p.expected).toBeCloseTo(0.442, 3);
  });

  it('reproduces the two-coder, three-category example (alpha .734)', () => {
    // dkpro/dkpro-statistics Krippendorff2004Test.createExample2 / testMultipleCategories
    // (Krippendorff 2004, p. 227): D_o .1667, D_e .6268, alpha .734.
    const m: Cell[][] = [['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'b'], ['b', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c'], ['c', 'c']];
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(0.734, 3);
    expect(parts(m, 'nominal').observed).toBeCloseTo(0.1667, 3);
    expect(parts(m, 'nominal').expected).toBeCloseTo(0.6268, 3);
  });

  it('reproduces the three-coder, nine-unit example at nominal, interval and ratio levels', () => {
    // dkpro/dkpro-statistics Krippendorff1980Test.createExample2 (Krippendorff 1980, p. 139):
    // nominal .642 (D_o .259, D_e .724), interval .547, ratio .483.
    const m: Cell[][] = [[1, 1, 1], [1, 2, 2], [2, 2, 2], [4, 4, 4], [1, 4, 4], [2, 2, 2], [1, 2, 3], [3, 3, 3], [2, 2, 2]];
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(0.642, 3);
    expect(parts(m, 'nominal').observed).toBeCloseTo(0.259, 3);
    expect(parts(m, 'nominal').expected).toBeCloseTo(0.724, 3);
    expect(krippendorffAlpha(m, 'interval')).toBeCloseTo(0.547, 3);
    expect(krippendorffAlpha(m, 'ratio')).toBeCloseTo(0.483, 3);
  });

  it("reproduces Wikipedia's three-coder, fifteen-unit computational example", () => {
    // pln-fing-udelar/fast-krippendorff tests/test_krippendorff.py test_nominal_metric_reliability_data
    // (0.691358) and test_interval_metric (0.810845); the data are the "computational example" of
    // the Wikipedia article on Krippendorff's alpha (nominal .691), given there coders × units.
    const n = null;
    const m = byUnit([
      [n, n, n, n, n, 3, 4, 1, 2, 1, 1, 3, 3, n, 3],
      [1, n, 2, 1, 3, 3, 4, 3, n, n, n, n, n, n, n],
      [n, n, 2, 1, 3, 4, 4, n, 2, 1, 1, 3, 3, n, 4],
    ]);
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(m, 'interval')).toBeCloseTo(0.810845, 6);
  });

  it('takes string categories at the nominal level', () => {
    // fast-krippendorff test_string_labels_nominal: 0.722222.
    const m = byUnit([
      ['pos', 'neg', 'neu', null],
      ['pos', 'neg', 'neu', 'pos'],
      ['pos', 'neg', 'pos', 'pos'],
    ]);
    expect(krippendorffAlpha(m, 'nominal')).toBeCloseTo(0.722222, 6);
  });

  it('ignores units with a single value, as NLTK does (dress example, alpha −1/3)', () => {
    // nltk/test/unit/test_disagreement.py test_easy and test_easy2: −0.3333333 with or without the
    // third item, which only one coder rated.
    const withLone: Cell[][] = [['YES', 'NO', 'NO'], ['YES', 'NO', null], [null, null, 'NO']];
    expect(krippendorffAlpha(withLone, 'nominal')).toBeCloseTo(-1 / 3, 7);
    expect(krippendorffAlpha(withLone.slice(0, 2), 'nominal')).toBeCloseTo(-1 / 3, 7);
  });

  it('gives exactly 1 for perfect agreement at a ratio level that includes zero', () => {
    // fast-krippendorff test_ratio_metric_with_zeros: [[0,1,2],[0,1,2]] → 1.0 (δ(0,0) = 0, not 0/0).
    expect(krippendorffAlpha(byUnit([[0, 1, 2], [0, 1, 2]]), 'ratio')).toBe(1);
  });
});

describe("Krippendorff's alpha properties", () => {
  it('does not depend on the order of coders', () => {
    const reversed = KRIPPENDORFF_C.map((row) => [...row].reverse());
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha(reversed, level)).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_C, level), 12);
    }
  });

  it('is NaN when every pairable value is the same (no expected disagreement), at every level', () => {
    // NLTK (test_easy3) and R irr return 1 here; Krippendorff's alpha is 0/0, and the issue asks for NaN.
    for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) {
      expect(krippendorffAlpha([[2, 2], [2, null], [2, 2]], level)).toBeNaN();
    }
  });

  it('is NaN when no unit has two values, and for an empty matrix', () => {
    expect(krippendorffAlpha([[1, null], [null, 2]], 'nominal')).toBeNaN();
    expect(krippendorffAlpha([], 'interval')).toBeNaN();
  });

  it('ordinal alpha depends on ranks, not on the numbers used for them', () => {
    const recoded = KRIPPENDORFF_C.map((row) => row.map((v) => (v === null ? null : (v as number) ** 3 + 10)));
    expect(krippendorffAlpha(recoded, 'ordinal')).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_C, 'ordinal'), 12);
    expect(krippendorffAlpha(recoded, 'interval')).not.toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_C, 'interval'), 3);
  });
});

describe("Krippendorff's alpha input checks", () => {
  it('refuses an unknown level, naming the allowed ones', () => {
    expect(() => krippendorffAlpha(KRIPPENDORFF_C, 'circular' as Level)).toThrow(/level must be one of nominal, ordinal, interval, ratio/);
  });
  it('refuses strings above the nominal level', () => {
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(TypeError);
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(/matrix\[0\]\[0\] is a string; the interval level needs finite numbers/);
  });
  it('refuses non-finite numbers, naming the cell', () => {
    expect(() => krippendorffAlpha([[1, 2], [3, Infinity]], 'interval')).toThrow(/matrix\[1\]\[1\] is Infinity; numbers must be finite/);
    expect(() => krippendorffAlpha([[Number.NaN, 2]], 'nominal')).toThrow(TypeError);
  });
  it('refuses negative values at the ratio level', () => {
    expect(() => krippendorffAlpha([[1, -2]], 'ratio')).toThrow(/ratio level needs values ≥ 0/);
  });
  it('refuses rows of unequal length and undefined cells', () => {
    expect(() => krippendorffAlpha([[1, 2], [1, 2, 3]], 'nominal')).toThrow(/matrix\[1\] has 3 cells but matrix\[0\] has 2/);
    expect(() => krippendorffAlpha([[1, undefined as unknown as Cell]], 'nominal')).toThrow(/use null for a missing value/);
  });
});
