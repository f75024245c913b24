/** Types of the codebook and coding merge (pure). Code ids are GUIDs kept across projects. */
import type { Code } from '../contract/schemas.js';
import type { SuggestionBasis } from './similarity.js';

/** Who proposed what: the sender of a bundle. */
export interface MergeSource {
  identityId: string | null;
  name: string;
  /** Country label of the sender's work (ISO code or team label), when known. */
  country: string | null;
  bundleId: string;
}

export type ConflictKind = 'renamed' | 'definition-changed' | 'moved' | 'deleted-vs-used' | 'split' | 'merged';
export const CONFLICT_KINDS: readonly ConflictKind[] = ['renamed', 'definition-changed', 'moved', 'deleted-vs-used', 'split', 'merged'];

/** A code as shown side by side: its fields and where it sits (names of its ancestors). */
export interface CodeView extends Code {
  path: string[];
}

export interface Conflict {
  /** Stable across runs: `<kind>:<code id>`; the key of a resolution. */
  id: string;
  kind: ConflictKind;
  codeId: string;
  summary: string;
  base: CodeView | null;
  ours: CodeView | null;
  theirs: CodeView | null;
  /** For 'definition-changed': the fields changed differently on both sides. */
  fields: string[];
  /** For 'deleted-vs-used': the side that deleted the code. */
  deletedBy: 'ours' | 'theirs' | null;
  /** For 'split': the new codes; for 'merged': the code it went into. */
  related: { id: string; name: string }[];
  /** What each choice does, in words. */
  choices: { ours: string; theirs: string };
  resolution: 'ours' | 'theirs' | null;
  /** The sender's codings that cannot be placed while this stays unresolved. */
  blocksCodings: number;
  note: string | null;
}

export interface Suggestion {
  /** `suggest:<their code id>`; resolved with 'new' or the id of one of our codes. */
  id: string;
  theirs: CodeView;
  candidates: { ours: CodeView; score: number; basis: SuggestionBasis; language: string | null; note: string }[];
  /** 'new' (the default: added as its own code) or the id of our code it is the same as. */
  resolution: string;
}

export type MatchHow = 'guid' | 'name' | 'suggestion' | 'added' | 'restored' | 'repointed';

/** Where a code of theirs ends up in ours, or why it has no place. */
export type CodePlacement = { to: string; how: MatchHow } | { to: null; reason: string; conflictId: string | null };

export type ProvenanceWhat = 'proposed' | 'also-proposed' | 'name' | 'definition' | 'moved' | 'restored' | 'deleted';

export interface ProvenanceEntry {
  codeId: string;
  what: ProvenanceWhat;
  /** The wording proposed (a name), or the fields changed. */
  value: string | null;
  by: string | null;
  byName: string;
  country: string | null;
  bundleId: string;
  /** For 'also-proposed': their code's own GUID, remembered as an alias of ours for later bundles. */
  theirId: string | null;
}

/** A code of ours removed by the merge; its codings on our side go to `codingsTo` (or there are none). */
export interface CodeDeletion {
  codeId: string;
  codingsTo: string | null;
}

export interface CodebookMergeInput {
  /** The common ancestor codebook, or null when the two share no version (two-way merge). */
  base: readonly Code[] | null;
  ours: readonly Code[];
  theirs: readonly Code[];
  /** Our codes with codings or memos on them. */
  usedByOurs: ReadonlySet<string>;
  /** Their code ids used by the codings or memos they sent, with how many codings each. */
  usedByTheirs: ReadonlyMap<string, number>;
  /** Codings both sides hold (same id) that sit on different codes: evidence of merged or split codes. */
  recoded: readonly { codingId: string; oursCode: string; theirsCode: string }[];
  /**
   * Their GUID -> ours, for codes matched by name or suggestion in an earlier merge (from provenance).
   * Their codebook and the ancestor are read through it, so a later bundle finds the same code.
   */
  aliases?: ReadonlyMap<string, string>;
  resolutions?: Readonly<Record<string, string>>;
  source: MergeSource;
}

export interface CodebookMergeResult {
  kind: 'three-way' | 'two-way';
  /** The merged codebook in our id space (new codes keep their GUIDs), tree order, positions 0..n-1. */
  codes: Code[];
  placement: Map<string, CodePlacement>;
  deletions: CodeDeletion[];
  conflicts: Conflict[];
  suggestions: Suggestion[];
  provenance: ProvenanceEntry[];
  counts: { matchedByGuid: number; matchedByName: number; matchedBySuggestion: number; added: number; restored: number; deleted: number; changed: number };
}
