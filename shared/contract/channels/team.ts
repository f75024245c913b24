/**
 * Team work without a server (issue 6): sealed bundles between teammates, merging a coder's work
 * into the lead's project (codebook three-way, codings, memos, marks, flags, withdrawals), blind
 * coding ("my codings only"), and intercoder agreement with its disagreement list and settling.
 *
 * Merge resolutions: a map from a conflict's id (`<kind>:<code id>`) to 'ours' | 'theirs', and from
 * a suggestion's id (`suggest:<their code id>`) to 'new' or the id of one of our codes.
 * Agreement statistics are null where undefined (e.g. Cohen's kappa for more than two coders, or
 * no expected disagreement): JSON has no NaN.
 */
import { z } from 'zod';
import { channel } from '../channel.js';
import { Code, Coding, FilePath, Fingerprint, IsoTime, Uuid } from '../schemas.js';

export const BundlePerson = z.object({ identityId: Uuid, displayName: z.string(), fingerprint: Fingerprint });
export type BundlePerson = z.infer<typeof BundlePerson>;

export const BundleCounts = z.object({
  codes: z.number().int(),
  codebookVersions: z.number().int(),
  codings: z.number().int(),
  memos: z.number().int(),
  marks: z.number().int(),
  flags: z.number().int(),
  transcripts: z.number().int(),
  transcriptTexts: z.number().int(),
  withdrawals: z.number().int(),
  deidDecisions: z.number().int(),
  pseudonyms: z.number().int(),
});
export type BundleCounts = z.infer<typeof BundleCounts>;

export const BundleCreated = z.object({
  bundleId: Uuid,
  path: z.string(),
  bytes: z.number().int(),
  recipient: BundlePerson,
  counts: BundleCounts,
  /** Transcripts whose text stayed home (consent to share withheld); their codings still travel. */
  textsLeftOut: z.array(z.object({ transcriptId: Uuid, reason: z.string() })),
});

export const TranscriptMatch = z.enum(['same-text', 'older-version', 'changed', 'new', 'not-here']);

export const BundleSummary = z.object({
  bundleId: Uuid,
  formatVersion: z.number().int(),
  createdAt: IsoTime,
  sender: BundlePerson,
  recipient: BundlePerson,
  /** Verified: the signature is the sender's, the sender is in this project's team list, nothing was altered. */
  verified: z.literal(true),
  project: z.object({ id: Uuid, name: z.string(), sameProject: z.boolean() }),
  country: z.string().nullable(),
  auditHead: z.object({ count: z.number().int(), hash: z.string() }),
  withTranscripts: z.boolean(),
  counts: BundleCounts,
  codebook: z.object({ headVersionId: Uuid.nullable(), codes: z.array(z.object({ id: Uuid, name: z.string(), parentId: Uuid.nullable() })) }),
  transcripts: z.array(
    z.object({
      id: Uuid,
      title: z.string(),
      chars: z.number().int(),
      codings: z.number().int(),
      hasText: z.boolean(),
      /** How the lead's project holds it: same text (by SHA-256, in memory), an older version of ours, our copy changed, new (text carried), not here. */
      match: TranscriptMatch,
      leadTranscriptId: Uuid.nullable(),
    }),
  ),
  alreadyMerged: z.object({ at: IsoTime }).nullable(),
  /** What this version carries but cannot yet store, in words. */
  pending: z.array(z.string()),
});
export type BundleSummary = z.infer<typeof BundleSummary>;

export const CodeView = Code.extend({ path: z.array(z.string()) });

export const MergeConflict = z.object({
  id: z.string(),
  kind: z.enum(['renamed', 'definition-changed', 'moved', 'deleted-vs-used', 'split', 'merged']),
  codeId: Uuid,
  summary: z.string(),
  base: CodeView.nullable(),
  ours: CodeView.nullable(),
  theirs: CodeView.nullable(),
  fields: z.array(z.string()),
  deletedBy: z.enum(['ours', 'theirs']).nullable(),
  related: z.array(z.object({ id: Uuid, name: z.string() })),
  choices: z.object({ ours: z.string(), theirs: z.string() }),
  resolution: z.enum(['ours', 'theirs']).nullable(),
  blocksCodings: z.number().int(),
  note: z.string().nullable(),
});
export type MergeConflict = z.infer<typeof MergeConflict>;

export const MergeSuggestion = z.object({
  id: z.string(),
  theirs: CodeView,
  candidates: z.array(
    z.object({
      ours: CodeView,
      score: z.number(),
      /** 'string-similarity' is plain string similarity of the names: it says nothing about meaning. */
      basis: z.enum(['translation', 'name-and-definition', 'string-similarity']),
      language: z.string().nullable(),
      note: z.string(),
    }),
  ),
  resolution: z.string(),
});

export const NotPlaced = z.object({
  kind: z.enum(['coding', 'memo', 'mark', 'flag', 'transcript', 'attribute', 'withdrawal', 'deid']),
  id: z.string(),
  transcriptId: Uuid.nullable(),
  codeId: Uuid.nullable(),
  coderId: Uuid.nullable(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  reason: z.string(),
});
export type NotPlaced = z.infer<typeof NotPlaced>;

const Tally = z.object({ received: z.number().int(), added: z.number().int(), alreadyPresent: z.number().int(), updated: z.number().int(), notPlaced: z.number().int() });

export const BundleMergeReport = z.object({
  bundleId: Uuid,
  sender: BundlePerson,
  country: z.string().nullable(),
  alreadyMerged: z.boolean(),
  /** This bundle is older than one already merged from the same sender: nothing of theirs is removed. */
  olderThanMerged: z.boolean(),
  ancestor: z.object({ kind: z.enum(['three-way', 'two-way']), versionId: Uuid.nullable() }),
  codes: z.object({
    matchedByGuid: z.number().int(),
    matchedByName: z.number().int(),
    matchedBySuggestion: z.number().int(),
    added: z.number().int(),
    restored: z.number().int(),
    deleted: z.number().int(),
    changed: z.number().int(),
  }),
  conflicts: z.array(MergeConflict),
  suggestions: z.array(MergeSuggestion),
  /** The readable diff from our codebook to the merged one, one line per change. */
  diff: z.array(z.string()),
  transcripts: z.object({ received: z.number().int(), sameText: z.number().int(), olderVersion: z.number().int(), changed: z.number().int(), imported: z.number().int(), notPlaced: z.number().int() }),
  codings: Tally.extend({ removedByCoder: z.number().int() }),
  memos: Tally,
  marks: Tally,
  flags: Tally,
  withdrawals: z.array(z.object({ participantId: Uuid, action: z.enum(['withdraw', 'already-withdrawn', 'unknown-here']) })),
  deid: z.object({
    decisions: z.number().int(),
    pseudonyms: z.number().int(),
    pseudonymConflicts: z.number().int(),
    /** Their pseudonyms that were taken here already, with the name each carries here (the visible map). */
    renamed: z.array(z.object({ from: z.string(), to: z.string() })),
    stored: z.boolean(),
    added: z.object({ decisions: z.number().int(), pseudonyms: z.number().int(), register: z.number().int() }),
    /** Ours and theirs differ (one original with two pseudonyms, or two decisions): ours stays until the lead decides. */
    conflicts: z.array(z.object({ kind: z.enum(['decision', 'pseudonym']), entityType: z.string(), original: z.string(), ours: z.string(), theirs: z.string() })),
    /** Records about a participant who withdrew here: dropped. */
    withdrawnDropped: z.number().int(),
  }),
  notPlaced: z.array(NotPlaced),
  /** The merged codebook version (apply only, when the codebook changed). */
  codebookVersionId: Uuid.nullable(),
  pending: z.array(z.string()),
});
export type BundleMergeReport = z.infer<typeof BundleMergeReport>;

export const MergeResult = z.object({
  applied: z.boolean(),
  bundles: z.array(BundleMergeReport),
  unresolvedConflicts: z.number().int(),
  notPlaced: z.number().int(),
  withdrawn: z.array(z.object({ participantId: Uuid, transcriptsDeleted: z.number().int() })),
});
export type MergeResult = z.infer<typeof MergeResult>;

const Resolutions = z.record(z.string(), z.string());

export const ProvenanceEntry = z.object({
  what: z.enum(['proposed', 'also-proposed', 'name', 'definition', 'moved', 'restored', 'deleted']),
  value: z.string().nullable(),
  by: Uuid.nullable(),
  byName: z.string(),
  country: z.string().nullable(),
  bundleId: Uuid,
  at: IsoTime,
});

const Stat = z.number().nullable();
export const AgreementFigures = z.object({ percentAgreement: Stat, cohenKappa: Stat, fleissKappa: Stat, krippendorffAlpha: Stat, units: z.number() });

export const AgreementQuery = z.object({
  coders: z.array(Uuid).min(2),
  /** Only these codes (default: every code). */
  codes: z.array(Uuid).min(1).optional(),
  /** Only these transcripts (default: every transcript coded by two or more of the coders). */
  transcripts: z.array(Uuid).min(1).optional(),
  unit: z.enum(['char', 'segment']).default('char'),
  /** What a segment is when unit is 'segment'. */
  segments: z.enum(['utterance', 'sentence']).default('utterance'),
  /** Leave out units no coder marked: uncoded text agrees trivially and inflates agreement. */
  excludeUncoded: z.boolean().default(false),
  definition: z.enum(['pairwise_mean', 'all_coders_identical']).default('pairwise_mean'),
});

export const AgreementReport = z.object({
  coders: z.array(z.object({ id: Uuid, name: z.string(), transcripts: z.number().int() })),
  unit: z.enum(['char', 'segment']),
  segments: z.enum(['utterance', 'sentence']).nullable(),
  excludeUncoded: z.boolean(),
  /** Transcripts coded by at least two of the coders (only these can show agreement). */
  transcripts: z.number().int(),
  perCode: z.array(AgreementFigures.extend({ codeId: Uuid, name: z.string() })),
  overall: AgreementFigures,
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const Disagreement = z.object({
  transcriptId: Uuid,
  title: z.string(),
  versionId: Uuid,
  codeId: Uuid,
  codeName: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  coders: z.array(z.object({ coderId: Uuid, name: z.string(), present: z.boolean(), ranges: z.array(z.tuple([z.number().int(), z.number().int()])) })),
  /** The newest settlement covering the passage: the agreed decision, who recorded it, when, and its note. */
  settled: z.object({ decision: z.enum(['present', 'absent']), by: Uuid.nullable(), at: IsoTime, note: z.string().nullable() }).nullable(),
});
export type Disagreement = z.infer<typeof Disagreement>;

/** One team member's own choices for this project, kept in the project (sealed) under their identity. */
export const MemberPrefs = z.object({
  /** Blind coding: only this person's own codings are shown anywhere in the project. */
  blindCoding: z.boolean(),
});
export type MemberPrefs = z.infer<typeof MemberPrefs>;

export const teamChannels = {
  'bundle.create': channel(
    z.object({
      /** The recipient: a team member's fingerprint, display name or identity id. */
      to: z.string().trim().min(1),
      out: FilePath,
      withTranscripts: z.boolean().optional(),
      /** Country label carried with the work (default: the transcripts' shared country attribute). */
      country: z.string().trim().min(1).max(16).optional(),
    }),
    BundleCreated,
  ),
  'bundle.open': channel(z.object({ path: FilePath }), BundleSummary),
  'merge.plan': channel(z.object({ paths: z.array(FilePath).min(1), resolutions: Resolutions.optional() }), MergeResult),
  'merge.apply': channel(z.object({ paths: z.array(FilePath).min(1), resolutions: Resolutions.optional() }), MergeResult),
  'merge.provenance': channel(z.object({ codeId: Uuid.optional() }), z.array(z.object({ codeId: Uuid, entries: z.array(ProvenanceEntry) }))),
  /** The caller's own choices for this project (defaults when none are stored, or no identity opened it). */
  'member.prefs.get': channel(z.object({}).strict(), MemberPrefs),
  /** Changes some of them; the rest stay. Needs the project opened with an identity. */
  'member.prefs.set': channel(MemberPrefs.partial().strict(), MemberPrefs),
  /** Blind coding: the caller's own codings only (same filters as codings.list). */
  'codings.mine': channel(z.object({ transcriptId: Uuid.optional(), codeId: Uuid.optional(), includeOrphaned: z.boolean().optional() }), z.array(Coding)),
  'agreement.compute': channel(AgreementQuery, AgreementReport),
  'agreement.disagreements': channel(AgreementQuery.extend({ limit: z.number().int().min(1).max(100000).default(1000), includeSettled: z.boolean().default(true) }), z.object({ total: z.number().int(), items: z.array(Disagreement) })),
  'agreement.settle': channel(
    z.object({
      transcriptId: Uuid,
      versionId: Uuid,
      codeId: Uuid,
      start: z.number().int().min(0),
      end: z.number().int().min(0),
      decision: z.enum(['present', 'absent']),
      note: z.string().max(20000).optional(),
    }),
    z.object({ settlementId: Uuid, codingId: Uuid.nullable() }),
  ),
} as const;
