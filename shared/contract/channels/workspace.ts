/**
 * The coding workspace's channels (issue 3): retrieval, text search, codebook tools (merge, split,
 * diff, starter import), undo/redo, care for the coder, "needs another coder" flags, and the
 * project revision a view compares before writing.
 *
 * Undo/redo (one design for every coding and codebook action): an undoable write returns `undo`,
 * a list of `HistoryStep`s that reverses it exactly (same ids). The UI keeps the stacks: to undo,
 * it sends the top of its undo stack to `history.apply`, which applies the steps in one transaction
 * (one audit entry) and returns their own inverse, which goes on the redo stack; redo is the same
 * call the other way. For the core channels the UI builds the inverse from what it already holds:
 *   codings.create -> [{ kind: 'codings.delete', ids: [coding.id] }]
 *   codings.delete -> [{ kind: 'codings.put', codings: [coding], memos: [its memos] }]
 *   codes.create   -> [{ kind: 'code.remove', id }]
 *   codes.update / codes.move -> [{ kind: 'code.put', code: codeBefore }]
 * For a destructive codebook action whose inverse the UI cannot know (deleting a code with its
 * codings), it performs the action itself through `history.apply` ([{ kind: 'code.remove', id,
 * codings: 'delete' }]), which returns the full inverse (the code, every coding row and memo).
 * Re-creating a coding stamped with another coder (or a memo by another author) is allowed only
 * if this session removed it (FORBIDDEN otherwise: no forging someone else's codings), so delete
 * other people's codings through `history.apply` ([{ kind: 'codings.delete', ids }]) to keep the
 * delete undoable. The stacks are the UI's and last a session: a lock empties them.
 * `history.apply` takes `expectedRevision`: a view that is out of date gets CONFLICT and reloads
 * instead of writing over another window's change.
 */
import { z } from 'zod';
import { channel, Done, None } from '../channel.js';
import { AttributeValue, Code, CodeFields, Coding, Memo, Uuid } from '../schemas.js';

/** The project's revision: the audit chain's length. Every committed write to the project adds an entry. */
export const Revision = z.number().int().min(0);
/** Sent with a write by a view that wants CONFLICT (not a silent overwrite) if the project moved on since it loaded. */
const expectedRevision = Revision.optional();

// ---------------------------------------------------------------------------------------------
// Undo/redo steps

/** A coding row as it was, restorable exactly (history rows on earlier versions included). */
export const CodingRecord = Coding.extend({ derivedFrom: Uuid.nullable().optional() });
export type CodingRecord = z.infer<typeof CodingRecord>;

export const HistoryStep = z.discriminatedUnion('kind', [
  /** Re-create codings with their ids, coder and times, and the memos that were on them. */
  z.object({ kind: z.literal('codings.put'), codings: z.array(CodingRecord).max(100000), memos: z.array(Memo).max(100000).default([]) }),
  /** Remove codings (and memos on them; the inverse carries both). */
  z.object({ kind: z.literal('codings.delete'), ids: z.array(Uuid).max(100000) }),
  /** Point codings at other codes (merge, split). */
  z.object({ kind: z.literal('codings.recode'), changes: z.array(z.object({ id: Uuid, codeId: Uuid })).max(100000) }),
  /** Create or overwrite a code with this id at its parent and position (siblings shift). */
  z.object({ kind: z.literal('code.put'), code: Code }),
  /**
   * Remove a code. It must have no child codes. Its codings: 'refuse' (default) fails with
   * CONFLICT if it has any; 'delete' removes them (and memos on them and on the code).
   */
  z.object({ kind: z.literal('code.remove'), id: Uuid, codings: z.enum(['refuse', 'delete']).default('refuse') }),
  /** Re-create memos with their ids (e.g. a code's memos after undoing its deletion). */
  z.object({ kind: z.literal('memos.put'), memos: z.array(Memo).max(100000) }),
  z.object({ kind: z.literal('memos.delete'), ids: z.array(Uuid).max(100000) }),
  /** Point memos at another target of the same kind (a merge moves the source code's memos to the target). */
  z.object({ kind: z.literal('memos.retarget'), changes: z.array(z.object({ id: Uuid, targetId: Uuid })).max(100000) }),
]);
export type HistoryStep = z.infer<typeof HistoryStep>;
export type HistoryStepInput = z.input<typeof HistoryStep>;

const Undo = z.array(HistoryStep);

// ---------------------------------------------------------------------------------------------
// Retrieval and search

/** A distress mark's range, clipped to what an excerpt or hit shows (absolute offsets). */
export const ShownMark = z.object({ id: Uuid, start: z.number().int(), end: z.number().int() });

export const RetrieveFilters = z.object({
  /** Attribute key -> accepted values (any of them); a transcript without the attribute never matches. */
  attributes: z.record(z.string(), z.array(AttributeValue).min(1)).optional(),
  /** Only codings by these coders (identity ids; null = codings made without an identity). */
  coderIds: z.array(Uuid.nullable()).min(1).optional(),
  transcriptIds: z.array(Uuid).min(1).optional(),
});
export type RetrieveFilters = z.infer<typeof RetrieveFilters>;

export const Excerpt = z.object({
  transcriptId: Uuid,
  versionId: Uuid,
  title: z.string(),
  participantLabel: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  /** [start, end) over the version's text (UTF-16 units, DESIGN "Text and offsets"). */
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  /** Context: `before` is text[contextStart, start), `after` is text[end, contextEnd). Never splits a surrogate pair. */
  before: z.string(),
  after: z.string(),
  contextStart: z.number().int(),
  contextEnd: z.number().int(),
  /** The codings (of the selected codes, after the coder filter) that overlap this excerpt. */
  codingIds: z.array(Uuid),
  codeIds: z.array(Uuid),
  coderIds: z.array(Uuid.nullable()),
  /** Whether anything shown (excerpt or context) touches a distress mark: the UI shows it collapsed until opened. */
  distressing: z.boolean(),
  marks: z.array(ShownMark),
  /** Speaker of the utterance the excerpt starts in, when one was detected. */
  speaker: z.string().nullable(),
});
export type Excerpt = z.infer<typeof Excerpt>;

export const RetrieveInput = z.object({
  codeIds: z.array(Uuid).min(1).max(200),
  /**
   * 'or': per transcript, the union of the selected codes' coded ranges; overlapping ranges join
   * into one excerpt (ranges that only touch stay apart).
   * 'and': per transcript, the intersection over the selected codes of each code's union of coded
   * ranges: a passage is returned where every selected code covers it; each maximal such range is
   * one excerpt.
   */
  mode: z.enum(['and', 'or']).default('or'),
  /** Also count codings of the selected codes' descendants as codings of the selected code. */
  includeDescendants: z.boolean().default(false),
  filters: RetrieveFilters.default({}),
  contextChars: z.number().int().min(0).max(5000).default(200),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});

export const RetrieveOutput = z.object({
  /** Excerpts in transcript order (import order), then by start. */
  excerpts: z.array(Excerpt),
  total: z.number().int(),
  transcripts: z.number().int(),
  offset: z.number().int(),
  revision: Revision,
});

export const SearchInput = z.object({
  query: z.string().min(1).max(1000),
  transcriptIds: z.array(Uuid).min(1).optional(),
  /**
   * Match whole words only. Word boundaries come from Intl.Segmenter (word granularity), so this
   * works in scripts written without spaces (Thai, Khmer, Lao, Myanmar, CJK): a Thai word is found
   * inside unspaced text but not inside a longer word.
   */
  wholeWord: z.boolean(),
  /** Default false: case-insensitive. */
  caseSensitive: z.boolean().default(false),
  /** Default false: "cafe" finds "café" (and "Café" unless caseSensitive). */
  accentSensitive: z.boolean().default(false),
  contextChars: z.number().int().min(0).max(2000).default(80),
  limit: z.number().int().min(1).max(10000).default(500),
});

export const SearchHit = z.object({
  transcriptId: Uuid,
  versionId: Uuid,
  title: z.string(),
  /** Exact offsets into the stored text: text.slice(start, end) is what matched. */
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  distressing: z.boolean(),
  marks: z.array(ShownMark),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchOutput = z.object({
  hits: z.array(SearchHit),
  /** Every hit found, even past `limit`. */
  total: z.number().int(),
  truncated: z.boolean(),
  transcriptsSearched: z.number().int(),
});

export const CodeAllInput = z.object({
  hits: z.array(z.object({ transcriptId: Uuid, versionId: Uuid, start: z.number().int().min(0), end: z.number().int().min(0) })).min(1).max(20000),
  codeId: Uuid,
  expectedRevision,
});
export const CodeAllOutput = z.object({
  codings: z.array(Coding),
  /** Hits that already had this code from this coder: left as they were. */
  alreadyCoded: z.number().int(),
  undo: Undo,
  revision: Revision,
});

// ---------------------------------------------------------------------------------------------
// Codebook tools

export const MergeOutput = z.object({
  target: Code,
  codingsMoved: z.number().int(),
  /** Source codings identical to a target coding (same version, range and coder): removed, not doubled. */
  duplicatesRemoved: z.number().int(),
  childrenMoved: z.number().int(),
  codebookVersionId: Uuid,
  undo: Undo,
  revision: Revision,
});

export const SplitInput = z.object({
  codeId: Uuid,
  codingIds: z.array(Uuid).min(1).max(100000),
  /** The new code: a name, optional fields; placed under `parentId` (default: beside the code split, as its next sibling). */
  newCode: CodeFields.partial().extend({ name: CodeFields.shape.name, parentId: Uuid.nullable().optional() }),
  expectedRevision,
});
export const SplitOutput = z.object({
  code: Code,
  codingsMoved: z.number().int(),
  codebookVersionId: Uuid,
  undo: Undo,
  revision: Revision,
});

const ParentRef = z.object({ id: Uuid, name: z.string() }).nullable();
/** Field changes are given as readable text: lists one item a line, translations as "lang: name". */
export const DiffEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('added'), codeId: Uuid, name: z.string(), parent: ParentRef }),
  z.object({ kind: z.literal('removed'), codeId: Uuid, name: z.string(), parent: ParentRef }),
  z.object({ kind: z.literal('renamed'), codeId: Uuid, before: z.string(), after: z.string() }),
  z.object({ kind: z.literal('moved'), codeId: Uuid, name: z.string(), before: ParentRef, after: ParentRef }),
  z.object({ kind: z.literal('reordered'), codeId: Uuid, name: z.string(), before: z.number().int(), after: z.number().int() }),
  z.object({
    kind: z.literal('changed'),
    codeId: Uuid,
    name: z.string(),
    field: z.enum(['colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'translations']),
    before: z.string(),
    after: z.string(),
  }),
  z.object({ kind: z.literal('merged'), sourceId: Uuid, sourceName: z.string(), targetId: Uuid, targetName: z.string(), codings: z.number().int() }),
  z.object({ kind: z.literal('split'), fromId: Uuid, fromName: z.string(), newId: Uuid, newName: z.string(), codings: z.number().int() }),
]);
export type DiffEntry = z.infer<typeof DiffEntry>;

export const StarterOutput = z.object({
  codes: z.number().int(),
  /** Codes the starter marks as not codable (containers): category 'group'. */
  groups: z.number().int(),
  codebookVersionId: Uuid,
  undo: Undo,
  revision: Revision,
});

// ---------------------------------------------------------------------------------------------
// Care for the coder (DESIGN principle 7): the coder's own identity store, never the project.

export const CareSettings = z.object({
  /** Soft pacing: a gentle reminder after this many minutes of reading; null = off. */
  pacingMinutes: z.number().int().min(5).max(480).nullable(),
  /** Show the private exposure tally in the UI. */
  showTally: z.boolean(),
});
export type CareSettings = z.infer<typeof CareSettings>;

export const CareTranscript = z.object({
  skipped: z.boolean(),
  /** ISO date-time; null when not deferred. */
  deferredUntil: z.string().nullable(),
});

export const CareDay = z.object({
  readingMs: z.number().int().min(0),
  /** Distressing passages the coder chose to open. */
  passagesOpened: z.number().int().min(0),
  /** Distinct transcripts read that day. */
  transcripts: z.array(Uuid),
});

export const CareState = z.object({
  settings: CareSettings,
  /** Per transcript id (ids are UUIDs, unique across projects). */
  transcripts: z.record(z.string(), CareTranscript),
  /** The private exposure tally, per local day (YYYY-MM-DD). */
  days: z.record(z.string(), CareDay),
});
export type CareState = z.infer<typeof CareState>;

export const CareEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('skip'), transcriptId: Uuid, on: z.boolean() }),
  z.object({ kind: z.literal('defer'), transcriptId: Uuid, until: z.string().datetime({ offset: true }).nullable() }),
  z.object({ kind: z.literal('reading'), transcriptId: Uuid, ms: z.number().int().min(0).max(24 * 3600 * 1000) }),
  z.object({ kind: z.literal('passageOpened'), transcriptId: Uuid }),
  z.object({ kind: z.literal('settings'), settings: CareSettings.partial() }),
  /** Forget the tally (days), keeping settings, skips and deferrals. */
  z.object({ kind: z.literal('clearTally') }),
]);

// ---------------------------------------------------------------------------------------------

export const workspaceChannels = {
  /** The project's revision (audit chain length): cheap; compare before writing. */
  'project.revision': channel(None, z.object({ revision: Revision })),

  'retrieve.excerpts': channel(RetrieveInput, RetrieveOutput),
  'search.text': channel(SearchInput, SearchOutput),
  /** Codes every reviewed hit in one transaction (one audit entry); undo with the returned steps. */
  'search.codeAll': channel(CodeAllInput, CodeAllOutput),

  /** Codings of the source re-pointed to the target, the source's children and memos moved to it, the source removed; history records the merge. */
  'codes.merge': channel(z.object({ sourceId: Uuid, targetId: Uuid, expectedRevision }), MergeOutput),
  /** Chosen codings of a code moved to a new code; history records it as split from the code. */
  'codes.split': channel(SplitInput, SplitOutput),
  /** A readable diff between two codebook versions (either order), including merges and splits in between. */
  'codebook.diff': channel(z.object({ fromVersionId: Uuid, toVersionId: Uuid }), z.object({ entries: z.array(DiffEntry) })),
  /** Imports the shipped starter codebook into an empty codebook (CONFLICT if codes exist); GUIDs kept. */
  'codebook.importStarter': channel(z.object({ expectedRevision }), StarterOutput),

  /** Applies undo (or redo) steps in one transaction; returns the steps that reverse them. */
  'history.apply': channel(z.object({ steps: z.array(HistoryStep).min(1).max(1000), label: z.string().max(200).optional(), expectedRevision }), z.object({ inverse: Undo, revision: Revision })),

  /** The coder's private care data (identity store; never in the project, never exported). */
  'care.get': channel(None, CareState),
  'care.record': channel(CareEvent, CareState),

  /** "Needs another coder" on a transcript: stored without who or why, and not in the audit log. */
  'flags.needsAnotherCoder.set': channel(z.object({ transcriptId: Uuid, on: z.boolean() }), Done),
  'flags.list': channel(None, z.object({ needsAnotherCoder: z.array(Uuid) })),
} as const;
