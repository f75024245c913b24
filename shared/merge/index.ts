// Merging a teammate's work into the lead's project, pure: codebook matching (GUID, name in match
// form, fuzzy suggestions with their basis), the three-way codebook merge with conflicts by kind and
// provenance, the readable diff between codebook versions, placing codings, and unioning pseudonym maps.
export { matchKey, matchWords } from './normalise.js';
export { suggestMatches, type Candidate, type SuggestionBasis } from './similarity.js';
export { mergeCodebooks, fieldsOf, CODE_FIELDS, DEFINITION_FIELDS } from './codebook.js';
export { diffCodebooks, type DiffEntry, type DiffKind } from './diff.js';
export { CodingIndex, planCodings, type CodingPlan, type CodingPlanInput, type IncomingCoding, type LeadCoding, type NotPlacedCoding, type TranscriptPlacement } from './codings.js';
export { mergePseudonymMaps, type DeidDecisionRecord, type DeidSection, type PseudonymMergePlan, type PseudonymRecord } from './pseudonyms.js';
export * from './types.js';
