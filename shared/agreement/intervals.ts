// The app's agreement computation: per code, on presence/absence, from each coder's coded ranges
// (run-length intervals), never one row per character. Units are weighted rows (units.ts); the
// weighted statistics give the same numbers as the plain ones over the expanded per-character
// matrix; agreementByCode gives per-code figures and one pooled overall figure (pooled.ts).
export { presenceUnits, type Presence, type PresenceUnits, type Range, type UnitKind, type UnitOptions } from './units.js';
export { percentAgreementWeighted, type PercentDefinition, type PercentOptions } from './percent.js';
export { cohenKappaWeighted } from './cohen.js';
export { fleissKappaWeighted } from './fleiss.js';
export { krippendorffAlphaWeighted } from './krippendorff.js';
export {
  agreementByCode,
  type AgreementFigures,
  type AgreementInput,
  type AgreementOptions,
  type AgreementReport,
  type CodeAgreement,
  type CodedRange,
  type TranscriptCodings,
} from './by-code.js';
export type { WeightedMatrix } from './types.js';
