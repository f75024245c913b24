import { cohenDisagreement } from './cohen.js';
import { fleissDisagreement } from './fleiss.js';
import { krippendorffDisagreement } from './krippendorff.js';
import { checkPercentOptions, percentOf, type PercentDefinition } from './percent.js';
import { pooledCoefficient, pooledMean } from './pooled.js';
import { coefficient, type Disagreement } from './types.js';
import { checkRange, checkSegments, checkUnitOptions, unitsFromChecked, type Presence, type Range, type UnitKind } from './units.js';

/** One coder's coding of one code over [start, end) of a transcript. */
export interface CodedRange {
  readonly coder: string;
  readonly code: string;
  readonly start: number;
  readonly end: number;
}

export interface TranscriptCodings {
  /** The transcript's length in characters (the offsets' unit). */
  readonly length: number;
  /** Utterance or sentence ranges; required when options.unit is 'segment'. */
  readonly segments?: readonly Range[];
  /**
   * The coders who coded this transcript (default: all). A listed coder without a range for a
   * code marked it absent; an unlisted coder gave no values here (missing, not absent).
   */
  readonly codedBy?: readonly string[];
  readonly ranges: readonly CodedRange[];
}

export interface AgreementInput {
  /** The coders compared (at least 2); ranges by other coders are ignored. */
  readonly coders: readonly string[];
  /** The codes reported; ranges of other codes are ignored. */
  readonly codes: readonly string[];
  readonly transcripts: readonly TranscriptCodings[];
}

export interface AgreementOptions {
  readonly unit?: UnitKind;
  readonly excludeUncoded?: boolean;
  /** Percent agreement definition (default 'pairwise_mean'). */
  readonly definition?: PercentDefinition;
}

/** Each statistic on presence/absence; NaN where undefined (Cohen's kappa unless exactly 2 coders). */
export interface AgreementFigures {
  readonly percentAgreement: number;
  readonly cohenKappa: number;
  readonly fleissKappa: number;
  /** Nominal level (for presence/absence every level gives the same alpha). */
  readonly krippendorffAlpha: number;
  /** Units considered: characters or segments, after excludeUncoded (overall: summed over codes). */
  readonly units: number;
}

export interface CodeAgreement extends AgreementFigures {
  readonly code: string;
}

export interface AgreementReport {
  readonly perCode: CodeAgreement[];
  /** Pooled over codes as in pooled.ts (de Vries et al. 2008), not a mean of per-code values. */
  readonly overall: AgreementFigures;
}

const FN = 'agreementByCode';

function checkNames(what: string, names: unknown, min: number): readonly string[] {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new TypeError(`${FN}: ${what} must be an array of strings`);
  if (new Set(names).size !== names.length) throw new TypeError(`${FN}: ${what} has duplicates`);
  if (names.length < min) throw new TypeError(`${FN}: needs at least ${min} ${what}, got ${names.length}`);
  return names as string[];
}

/** Per code, the units of every transcript, with identical rows merged (the statistics only count rows). */
class PatternTally {
  private readonly byPattern = new Map<string, { row: Presence[]; weight: number }>();
  add(row: Presence[], weight: number): void {
    const key = row.map((v) => (v === null ? 'n' : v)).join('');
    const hit = this.byPattern.get(key);
    if (hit) hit.weight += weight;
    else this.byPattern.set(key, { row, weight });
  }
  parts(coders: number, definition: PercentDefinition): Parts {
    const entries = [...this.byPattern.values()];
    const rows = entries.map((e) => e.row);
    const weight = (u: number) => entries[u]!.weight;
    return {
      percent: percentOf(rows, weight, definition),
      cohen: coders === 2 ? cohenDisagreement(rows.map((r) => r[0]!), rows.map((r) => r[1]!), weight) : null,
      fleiss: fleissDisagreement(rows, coders, weight),
      alpha: krippendorffDisagreement(rows, weight, 'nominal'),
      units: entries.reduce((s, e) => s + e.weight, 0),
    };
  }
}

interface Parts {
  percent: number;
  cohen: Disagreement | null;
  fleiss: Disagreement | null;
  alpha: Disagreement | null;
  units: number;
}

/**
 * Agreement per code on presence/absence over the given transcripts, and overall (pooled).
 * Each transcript contributes its characters (or segments) as units for every code.
 */
export function agreementByCode(input: AgreementInput, options?: AgreementOptions): AgreementReport {
  if (typeof input !== 'object' || input === null) throw new TypeError(`${FN}: input must be { coders, codes, transcripts }`);
  const coders = checkNames('coders', input.coders, 2);
  const codes = checkNames('codes', input.codes, 0);
  const opts = checkUnitOptions(FN, options);
  const definition = checkPercentOptions(FN, options);
  if (!Array.isArray(input.transcripts)) throw new TypeError(`${FN}: transcripts must be an array`);
  const coderIndex = new Map(coders.map((c, i) => [c, i] as const));
  const codeIndex = new Map(codes.map((c, i) => [c, i] as const));
  const tallies = codes.map(() => new PatternTally());

  input.transcripts.forEach((t: TranscriptCodings, ti) => {
    const where = `transcripts[${ti}]`;
    if (typeof t !== 'object' || t === null) throw new TypeError(`${FN}: ${where} must be an object`);
    if (!Number.isSafeInteger(t.length) || t.length < 0) throw new TypeError(`${FN}: ${where}.length must be an integer ≥ 0`);
    const codedBy = t.codedBy === undefined ? null : new Set(checkNames(`${where}.codedBy`, t.codedBy, 0));
    const segments = opts.unit === 'segment' ? checkSegments(FN, `${where}.segments`, t.segments, t.length) : undefined;
    // byCode[k][c]: coder c's ranges for code k, or null when coder c did not code this transcript.
    const byCode = codes.map(() => coders.map((c): Range[] | null => (codedBy === null || codedBy.has(c) ? [] : null)));
    if (!Array.isArray(t.ranges)) throw new TypeError(`${FN}: ${where}.ranges must be an array`);
    t.ranges.forEach((r: CodedRange, ri) => {
      const at = `${where}.ranges[${ri}]`;
      if (typeof r !== 'object' || r === null) throw new TypeError(`${FN}: ${at} must be { coder, code, start, end }`);
      const range = checkRange(FN, at, [r.start, r.end], t.length);
      const k = codeIndex.get(r.code);
      const c = coderIndex.get(r.coder);
      if (k === undefined || c === undefined) return;
      const list = byCode[k]![c];
      if (list === null || list === undefined) throw new TypeError(`${FN}: ${at} is by a coder not listed in ${where}.codedBy`);
      list.push(range);
    });
    byCode.forEach((ranges, k) => {
      const { rows, weights } = unitsFromChecked(t.length, ranges, opts, segments);
      rows.forEach((row, u) => tallies[k]!.add(row, weights[u]!));
    });
  });

  const parts = tallies.map((tally) => tally.parts(coders.length, definition));
  return {
    perCode: parts.map((p, k) => ({
      code: codes[k]!,
      percentAgreement: p.percent,
      cohenKappa: coefficient(p.cohen),
      fleissKappa: coefficient(p.fleiss),
      krippendorffAlpha: coefficient(p.alpha),
      units: p.units,
    })),
    overall: {
      percentAgreement: pooledMean(parts.map((p) => p.percent)),
      cohenKappa: pooledCoefficient(parts.map((p) => p.cohen)),
      fleissKappa: pooledCoefficient(parts.map((p) => p.fleiss)),
      krippendorffAlpha: pooledCoefficient(parts.map((p) => p.alpha)),
      units: parts.reduce((s, p) => s + p.units, 0),
    },
  };
}
