import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, krippendorffAlpha, percentAgreement, type Cell } from '../../../shared/agreement/index.js';
import {
  agreementByCode,
  cohenKappaWeighted,
  fleissKappaWeighted,
  krippendorffAlphaWeighted,
  percentAgreementWeighted,
  presenceUnits,
  type AgreementInput,
  type Range,
  type WeightedMatrix,
} from '../../../shared/agreement/intervals.js';

/** Seeded generator (mulberry32): every property run is reproducible from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** The reference the weighted rows must match: one row per character, built naively. */
function perCharacter(length: number, coders: (Range[] | null)[], excludeUncoded = false): Cell[][] {
  const rows: Cell[][] = [];
  for (let i = 0; i < length; i++) {
    const row = coders.map((ranges) => (ranges === null ? null : ranges.some(([s, e]) => s <= i && i < e) ? 1 : 0));
    if (!excludeUncoded || row.includes(1)) rows.push(row);
  }
  return rows;
}

function expand({ rows, weights }: WeightedMatrix): Cell[][] {
  return rows.flatMap((row, u) => Array.from({ length: weights[u]! }, () => [...row]));
}

const same = (actual: number, expected: number) => {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else expect(actual).toBeCloseTo(expected, 12);
};

describe('presence units from coded ranges', () => {
  it('makes one weighted row per stretch between range boundaries, not one per character', () => {
    // Coder 0 codes [2, 5), coder 1 codes [4, 8) in 10 characters: boundaries 0 2 4 5 8 10.
    const units = presenceUnits(10, [[[2, 5]], [[4, 8]]]);
    expect(units.rows).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    expect(units.weights).toEqual([2, 2, 1, 3, 2]);
    expect(expand(units)).toEqual(perCharacter(10, [[[2, 5]], [[4, 8]]]));
  });

  it('keeps a long transcript with one coding to three rows', () => {
    const units = presenceUnits(1_000_000, [[[10, 500_000]], [[10, 500_000]]]);
    expect(units.rows).toHaveLength(3);
    expect(units.weights).toEqual([10, 499_990, 500_000]);
  });

  it('joins one coder’s overlapping or touching ranges, and ignores empty ones', () => {
    const units = presenceUnits(10, [[[1, 4], [3, 6], [6, 7], [8, 8]], [[0, 10]]]);
    expect(expand(units)).toEqual(perCharacter(10, [[[1, 7]], [[0, 10]]]));
  });

  it('gives null cells for a coder who did not code the transcript (missing, not absent)', () => {
    const units = presenceUnits(4, [[[0, 2]], null, []]);
    expect(units.rows).toEqual([[1, null, 0], [0, null, 0]]);
    expect(units.weights).toEqual([2, 2]);
  });

  it('leaves out text no coder marked when excludeUncoded is set', () => {
    const units = presenceUnits(10, [[[2, 5]], [[4, 8]]], { excludeUncoded: true });
    expect(units.rows).toEqual([[1, 0], [1, 1], [0, 1]]);
    expect(units.weights).toEqual([2, 1, 3]);
    expect(presenceUnits(10, [[], []], { excludeUncoded: true }).rows).toEqual([]);
  });

  it('at segment level, marks a segment present when the coder’s text overlaps it by at least one character', () => {
    const segments: Range[] = [[0, 10], [10, 20], [20, 30], [30, 30]];
    // Coder 0: [9, 12) overlaps segments 0 and 1. Coder 1: [20, 21) overlaps segment 2 only;
    // [10, 10) is empty. Coder 2: [30, 40) touches segment 2's end but shares no character. The
    // empty segment [30, 30) holds no text and is skipped.
    const units = presenceUnits(40, [[[9, 12]], [[20, 21], [10, 10]], [[30, 40]]], { unit: 'segment', segments });
    expect(units.rows).toEqual([[1, 0, 0], [1, 0, 0], [0, 1, 0]]);
    expect(units.weights).toEqual([1, 1, 1]);
    const coded = presenceUnits(40, [[[9, 12]], [[20, 21]], [[30, 40]]], { unit: 'segment', segments, excludeUncoded: true });
    expect(coded.rows).toHaveLength(3);
    expect(presenceUnits(40, [[], [], []], { unit: 'segment', segments, excludeUncoded: true }).rows).toEqual([]);
  });

  it('refuses ranges outside the text or reversed, naming the coder and range but no text', () => {
    expect(() => presenceUnits(10, [[[2, 11]], []])).toThrow(/coderRanges\[0\]\[0\] is \[2, 11\); a range needs integers 0 ≤ start ≤ end ≤ length \(10\)/);
    expect(() => presenceUnits(10, [[], [[5, 3]]])).toThrow(TypeError);
    expect(() => presenceUnits(10, [[[0.5, 3]], []])).toThrow(/not a pair of integers/);
    expect(() => presenceUnits(10, [[], []], { unit: 'segment' })).toThrow(/options.segments must be an array/);
    expect(() => presenceUnits(-1, [[], []])).toThrow(/length must be an integer ≥ 0/);
  });
});

describe('weighted statistics equal the plain ones over the expanded per-character matrix', () => {
  it('on random codings (2–5 coders, some missing, with and without excludeUncoded)', () => {
    const r = rng(20240611);
    for (let trial = 0; trial < 300; trial++) {
      const length = r.int(0, 60);
      const coderCount = r.int(2, 5);
      const coders: (Range[] | null)[] = Array.from({ length: coderCount }, () => {
        if (r.next() < 0.1) return null;
        return Array.from({ length: r.int(0, 4) }, (): Range => {
          const s = r.int(0, length);
          return [s, r.int(s, length)];
        });
      });
      const excludeUncoded = r.next() < 0.5;
      const units = presenceUnits(length, coders, { excludeUncoded });
      const plain = perCharacter(length, coders, excludeUncoded);
      expect(expand(units)).toEqual(plain);
      expect(units.rows.length).toBeLessThanOrEqual(2 * coders.reduce((s, c) => s + (c?.length ?? 0), 0) + 1);

      same(percentAgreementWeighted(units), percentAgreement(plain));
      same(percentAgreementWeighted(units, { definition: 'all_coders_identical' }), percentAgreement(plain, { definition: 'all_coders_identical' }));
      same(fleissKappaWeighted(units), fleissKappa(plain));
      same(krippendorffAlphaWeighted(units), krippendorffAlpha(plain, 'nominal'));
      const pair: WeightedMatrix = { rows: units.rows.map((row) => row.slice(0, 2)), weights: units.weights };
      same(cohenKappaWeighted(pair), cohenKappa(plain.map((row) => row[0]!), plain.map((row) => row[1]!)));
    }
  });

  it('on random weighted matrices with several categories and other levels', () => {
    const r = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const coders = r.int(2, 4);
      const rows: Cell[][] = Array.from({ length: r.int(1, 8) }, () =>
        Array.from({ length: coders }, () => (r.next() < 0.15 ? null : r.int(0, 3))),
      );
      const data: WeightedMatrix = { rows, weights: rows.map(() => r.int(0, 5)) };
      const plain = expand(data);
      for (const level of ['nominal', 'ordinal', 'interval', 'ratio'] as const) same(krippendorffAlphaWeighted(data, level), krippendorffAlpha(plain, level));
      same(fleissKappaWeighted(data), fleissKappa(plain));
      same(percentAgreementWeighted(data), percentAgreement(plain));
    }
  });

  it('refuses weights that are not one non-negative integer per row', () => {
    const rows: Cell[][] = [[1, 0], [0, 0]];
    expect(() => fleissKappaWeighted({ rows, weights: [1] })).toThrow(/1 weights for 2 rows/);
    expect(() => fleissKappaWeighted({ rows, weights: [1, 0.5] })).toThrow(/weights\[1\] is 0.5; a weight counts units/);
    expect(() => krippendorffAlphaWeighted({ rows, weights: [1, -1] })).toThrow(TypeError);
    expect(() => cohenKappaWeighted({ rows: [[1, 0, 1]], weights: [1] })).toThrow(/exactly 2 coders, got 3/);
  });
});

describe('agreement per code and overall', () => {
  // Two coders, one transcript of 10 characters.
  // Code A: coder 0 [0, 6), coder 1 [0, 4): 4 both, 2 only coder 0, 4 neither.
  //   p_o = .8, p_e = (6·4 + 4·6)/100 = .48, kappa = .32/.52. Scott/Fleiss: p(1) = .5, pi = 1 − .2/.5 = .6.
  //   alpha: n = 20, D_o = 4/20 = .2, D_e = 2·10·10/(20·19) = 10/19, alpha = 1 − .2·19/10 = .62.
  // Code C: coder 0 [5, 10), coder 1 [0, 10): 5 both, 5 only coder 1.
  //   p_o = .5, p_e = (5·10)/100 = .5, kappa = 0. p(1) = .75, pi = 1 − .5/.375 = −1/3.
  //   alpha: D_o = 10/20 = .5, D_e = 2·15·5/380 = 15/38, alpha = 1 − .5·38/15 = −4/15.
  // Code U: nobody used it: p_o = p_e = 1, every chance-corrected value undefined (NaN).
  const input: AgreementInput = {
    coders: ['ana', 'budi'],
    codes: ['A', 'C', 'U'],
    transcripts: [
      {
        length: 10,
        ranges: [
          { coder: 'ana', code: 'A', start: 0, end: 6 },
          { coder: 'budi', code: 'A', start: 0, end: 4 },
          { coder: 'ana', code: 'C', start: 5, end: 10 },
          { coder: 'budi', code: 'C', start: 0, end: 10 },
          { coder: 'cita', code: 'A', start: 0, end: 10 }, // a coder not compared: ignored
          { coder: 'ana', code: 'Z', start: 0, end: 10 }, // a code not asked for: ignored
        ],
      },
    ],
  };

  it('computes each code from its presence/absence units (hand-computed values)', () => {
    const { perCode } = agreementByCode(input);
    const [a, c, u] = perCode;
    expect(a).toMatchObject({ code: 'A', units: 10 });
    expect(a!.percentAgreement).toBeCloseTo(0.8, 12);
    expect(a!.cohenKappa).toBeCloseTo(0.32 / 0.52, 12);
    expect(a!.fleissKappa).toBeCloseTo(0.6, 12);
    expect(a!.krippendorffAlpha).toBeCloseTo(0.62, 12);
    expect(c!.percentAgreement).toBeCloseTo(0.5, 12);
    expect(c!.cohenKappa).toBeCloseTo(0, 12);
    expect(c!.fleissKappa).toBeCloseTo(-1 / 3, 12);
    expect(c!.krippendorffAlpha).toBeCloseTo(-4 / 15, 12);
    expect(u).toMatchObject({ code: 'U', percentAgreement: 1, units: 10 });
    expect(u!.cohenKappa).toBeNaN();
    expect(u!.fleissKappa).toBeNaN();
    expect(u!.krippendorffAlpha).toBeNaN();
  });

  it('pools codes as de Vries et al. (2008): mean observed over mean expected, not a mean of kappas', () => {
    const { overall } = agreementByCode(input);
    // Over A, C, U: mean p_o = (.8 + .5 + 1)/3, mean p_e = (.48 + .5 + 1)/3, so
    // kappa = (2.3 − 1.98)/(3 − 1.98) = .32/1.02, although U's own kappa is undefined.
    expect(overall.cohenKappa).toBeCloseTo(0.32 / 1.02, 12);
    // Fleiss: mean D_o = (.2 + .5 + 0)/3, mean D_e = (.5 + .375 + 0)/3 → 1 − .7/.875 = .2.
    expect(overall.fleissKappa).toBeCloseTo(0.2, 12);
    // Alpha: mean D_o = (.2 + .5)/3, mean D_e = (10/19 + 15/38)/3 → 1 − .7/(35/38) = .24.
    expect(overall.krippendorffAlpha).toBeCloseTo(0.24, 12);
    expect(overall.percentAgreement).toBeCloseTo(2.3 / 3, 12);
    expect(overall.units).toBe(30);
  });

  it('with a single code, overall equals that code', () => {
    const one = agreementByCode({ ...input, codes: ['A'] });
    const { code: _code, ...figures } = one.perCode[0]!;
    for (const [key, value] of Object.entries(figures)) same(one.overall[key as keyof typeof figures], value);
  });

  it('leaving out uncoded text lowers the inflated agreement and drops the unused code', () => {
    const all = agreementByCode(input);
    const coded = agreementByCode(input, { excludeUncoded: true });
    // Code A without its 4 uncoded characters: 4 both, 2 only coder 0.
    expect(coded.perCode[0]!.units).toBe(6);
    expect(coded.perCode[0]!.percentAgreement).toBeCloseTo(4 / 6, 12);
    expect(coded.perCode[0]!.percentAgreement).toBeLessThan(all.perCode[0]!.percentAgreement);
    expect(coded.perCode[2]!.units).toBe(0);
    expect(coded.perCode[2]!.percentAgreement).toBeNaN();
    expect(coded.overall.percentAgreement).toBeCloseTo((4 / 6 + 0.5) / 2, 12);
  });

  it('pools every transcript into the code’s units, matching the statistics on the concatenated per-character rows', () => {
    const r = rng(99);
    const coders = ['a', 'b', 'c'];
    const transcripts = Array.from({ length: 5 }, () => {
      const length = r.int(0, 40);
      const codedBy = r.next() < 0.3 ? ['a', 'b'] : undefined;
      const ranges = Array.from({ length: r.int(0, 6) }, () => {
        const coder = (codedBy ?? coders)[r.int(0, (codedBy ?? coders).length - 1)]!;
        const start = r.int(0, length);
        return { coder, code: 'K', start, end: r.int(start, length) };
      });
      return { length, codedBy, ranges };
    });
    const report = agreementByCode({ coders, codes: ['K'], transcripts });
    const plain = transcripts.flatMap((t) =>
      perCharacter(t.length, coders.map((coder) => (t.codedBy && !t.codedBy.includes(coder) ? null : t.ranges.filter((x) => x.coder === coder).map((x): Range => [x.start, x.end])))),
    );
    same(report.perCode[0]!.percentAgreement, percentAgreement(plain));
    same(report.perCode[0]!.fleissKappa, fleissKappa(plain));
    same(report.perCode[0]!.krippendorffAlpha, krippendorffAlpha(plain, 'nominal'));
    expect(report.perCode[0]!.cohenKappa).toBeNaN(); // three coders: Cohen's kappa does not apply
    expect(report.perCode[0]!.units).toBe(plain.length);
  });

  it('uses segments as units when asked', () => {
    const report = agreementByCode(
      { coders: ['ana', 'budi'], codes: ['A'], transcripts: [{ length: 30, segments: [[0, 10], [10, 20], [20, 30]], ranges: [{ coder: 'ana', code: 'A', start: 2, end: 3 }, { coder: 'budi', code: 'A', start: 9, end: 11 }] }] },
      { unit: 'segment' },
    );
    // Segment 0: both present; segment 1: budi only; segment 2: neither. Percent agreement 2/3.
    expect(report.perCode[0]!.units).toBe(3);
    expect(report.perCode[0]!.percentAgreement).toBeCloseTo(2 / 3, 12);
  });

  it('refuses bad input with the position, never the text', () => {
    expect(() => agreementByCode({ ...input, coders: ['ana'] })).toThrow(/needs at least 2 coders, got 1/);
    expect(() => agreementByCode({ ...input, codes: ['A', 'A'] })).toThrow(/codes has duplicates/);
    const bad = { ...input, transcripts: [{ length: 5, ranges: [{ coder: 'ana', code: 'A', start: 3, end: 9 }] }] };
    expect(() => agreementByCode(bad)).toThrow(/transcripts\[0\]\.ranges\[0\] is \[3, 9\)/);
    const unlisted = { ...input, transcripts: [{ length: 5, codedBy: ['ana'], ranges: [{ coder: 'budi', code: 'A', start: 0, end: 1 }] }] };
    expect(() => agreementByCode(unlisted)).toThrow(/transcripts\[0\]\.ranges\[0\] is by a coder not listed in transcripts\[0\]\.codedBy/);
    expect(() => agreementByCode(input, { unit: 'segment' })).toThrow(/transcripts\[0\]\.segments must be an array/);
  });
});
