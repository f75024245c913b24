/**
 * De-identification and ethics review (issue 4): the participant register, scanning, the review
 * queue and decisions, renditions, the terminology check, review packages, the reviewer's
 * decision and the sign-off. Candidate texts, register values and originals are sensitive: they
 * cross only to the UI that shows them, never into errors or logs.
 */
import { z } from 'zod';
import { ENTITY_TYPES } from '../../deid/types.js';
import { channel, Done, None } from '../channel.js';
import { AttributeValue, FilePath, Fingerprint, IsoTime, Utterance, Uuid } from '../schemas.js';

export const EntityTypeSchema = z.enum(ENTITY_TYPES);
/** Detectors of the scan, and 'manual' for an identifier a person added by selecting it. */
export const DeidDetector = z.enum(['register', 'pattern', 'gazetteer', 'heuristic', 'propagation', 'manual']);
export const DeidAction = z.enum(['replace', 'generalise', 'redact', 'keep', 'not-identifier']);
export type DeidAction = z.infer<typeof DeidAction>;
/** Where a candidate was found: a transcript's text (speaker labels included), its title or file name, an attribute value, a memo, or a code field. */
export const DeidSourceKind = z.enum(['transcript', 'title', 'file-name', 'attribute', 'memo', 'code']);
export type DeidSourceKind = z.infer<typeof DeidSourceKind>;
export const RegisterKind = z.enum(['person', 'place', 'organisation', 'number']);
/** Who a person in the register is to the participant it is filed under: decides the pseudonym's form. */
export const RegisterRole = z.enum(['participant', 'relative', 'other']);

/** `deid scan FILE… --json`: one element. */
export const ScanHit = z.object({
  start: z.number().int(),
  end: z.number().int(),
  type: EntityTypeSchema,
  text: z.string(),
  detector: z.enum(['register', 'pattern', 'gazetteer', 'heuristic', 'propagation']),
  confidence: z.number().min(0).max(1),
});
export type ScanHit = z.infer<typeof ScanHit>;

export const DeidLocation = z.object({
  kind: DeidSourceKind,
  /** Transcript, memo or code id. */
  id: Uuid,
  /** 'text', 'title', 'file-name', an attribute key, 'body', or a code field ('definition', 'examples.0', 'translations.id.name'). */
  field: z.string().min(1).max(200),
});
export type DeidLocation = z.infer<typeof DeidLocation>;

export const DeidDecisionInfo = z.object({
  id: Uuid,
  action: DeidAction,
  /** What replaces the text: the pseudonym, the bracketed generalised value, "[redacted]"; null for keep and not-identifier. */
  replacement: z.string().nullable(),
  reason: z.string().nullable(),
  /** Made for this one candidate, or for the whole entity. */
  scope: z.enum(['candidate', 'entity']),
  decidedBy: Uuid,
  decidedAt: IsoTime,
});
export type DeidDecisionInfo = z.infer<typeof DeidDecisionInfo>;

export const DeidCandidate = z.object({
  id: Uuid,
  entityId: Uuid,
  location: DeidLocation,
  /** The transcript the location belongs to (text, title, file name, attribute, or a memo on it), if any. */
  transcriptId: Uuid.nullable(),
  start: z.number().int(),
  end: z.number().int(),
  type: EntityTypeSchema,
  detector: DeidDetector,
  confidence: z.number(),
  text: z.string(),
  /** The decision in force: this candidate's own, else its entity's; null = undecided. */
  decision: DeidDecisionInfo.nullable(),
  /** Up to `contextChars` of the original before and after (deid.entity only). */
  before: z.string().optional(),
  after: z.string().optional(),
});
export type DeidCandidate = z.infer<typeof DeidCandidate>;

export const DeidEntity = z.object({
  id: Uuid,
  type: EntityTypeSchema,
  /** How it is written (its longest form). */
  value: z.string(),
  candidates: z.number().int(),
  undecided: z.number().int(),
  /** Locations (transcripts, memos, codes) it occurs in. */
  documents: z.number().int(),
  detectors: z.array(DeidDetector),
  confidence: z.number(),
  /** The entity's own decision (candidates may override it). */
  decision: DeidDecisionInfo.nullable(),
  /** Its pseudonym once one was given out. */
  pseudonym: z.string().nullable(),
  /** Filed in the register. */
  registered: z.boolean(),
});
export type DeidEntity = z.infer<typeof DeidEntity>;

export const DeidCoverage = z.object({
  transcripts: z.number().int(),
  speakerLabels: z.number().int(),
  titles: z.number().int(),
  fileNames: z.number().int(),
  utteranceMetadata: z.number().int(),
  attributeValues: z.number().int(),
  memos: z.number().int(),
  codeNames: z.number().int(),
  codeFields: z.number().int(),
  /** Candidates found per kind of location. */
  candidatesBySource: z.record(z.string(), z.number().int()),
});
export type DeidCoverage = z.infer<typeof DeidCoverage>;

export const DeidScanResult = z.object({
  scanId: Uuid,
  documents: z.number().int(),
  /** Candidates at the current state of every location. */
  candidates: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  entities: z.number().int(),
  undecided: z.number().int(),
  ms: z.number(),
  coverage: DeidCoverage,
});

export const DeidStatus = z.object({
  lastScan: z.object({ id: Uuid, startedAt: IsoTime, finishedAt: IsoTime.nullable() }).nullable(),
  /** Locations changed or added since they were last scanned. */
  unscanned: z.number().int(),
  /** The register changed, or decisions confirmed new entities, since the last complete scan: scan again so they are found everywhere. */
  rescanNeeded: z.boolean(),
  registerEntries: z.number().int(),
  candidates: z.number().int(),
  undecided: z.number().int(),
  entities: z.number().int(),
  signOff: z.object({
    state: z.enum(['none', 'valid', 'void', 'returned']),
    reviewer: z.string().nullable(),
    at: IsoTime.nullable(),
    /** What changed since the sign-off (kind and id; never content). */
    voidFor: z.array(z.object({ kind: z.string(), id: z.string(), why: z.string() })),
  }),
});

export const RegisterEntryInfo = z.object({
  id: Uuid,
  kind: RegisterKind,
  value: z.string(),
  aliases: z.array(z.string()),
  note: z.string(),
  participantId: Uuid.nullable(),
  role: RegisterRole.nullable(),
  createdAt: IsoTime,
});

export const RenditionPreview = z.object({
  transcriptId: Uuid,
  versionId: Uuid,
  participantLabel: z.string(),
  title: z.string(),
  text: z.string(),
  utterances: z.array(Utterance),
  attributes: z.record(z.string(), AttributeValue),
  /** Where each edit landed in the rendition. */
  edits: z.array(z.object({ start: z.number().int(), end: z.number().int(), newStart: z.number().int(), newEnd: z.number().int(), candidateIds: z.array(z.string()) })),
  undecided: z.number().int(),
});

export const TerminologyFindingSchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  term: z.string(),
  avoid: z.string(),
  prefer: z.string(),
  note: z.string(),
  source: z.string(),
  lang: z.string(),
  confidence: z.string(),
});

/** What destroying originals did, in counts (never content): nothing goes without being counted here. */
export const DestroyOriginalsResult = z.object({
  /** Transcripts whose originals were destroyed now. */
  transcripts: z.number().int(),
  /** In scope, but destroyed before and unchanged since (left as they are: their sign-off stays). */
  alreadyDestroyed: z.number().int(),
  versionsDeleted: z.number().int(),
  sourceChunksDeleted: z.number().int(),
  /** Codings moved to the de-identified text, and those wholly inside a replaced span (now orphans there). */
  codingsMoved: z.number().int(),
  codingsOrphaned: z.number().int(),
  /** History rows on deleted versions (left there by corrections; their current copies moved). */
  historyCodingsDeleted: z.number().int(),
  marksMoved: z.number().int(),
  historyMarksDeleted: z.number().int(),
  settlementsMoved: z.number().int(),
  historySettlementsDeleted: z.number().int(),
  titlesChanged: z.number().int(),
  fileNamesChanged: z.number().int(),
  /** The WAL was checkpointed and emptied, so no earlier page image of the originals is left in it (false: another process held it open; close it and lock the project). */
  walCleared: z.boolean(),
  attributesChanged: z.number().int(),
  candidatesDeleted: z.number().int(),
  /** Kept and not-an-identifier candidates moved to the new text with their decisions. */
  candidatesCarried: z.number().int(),
  entitiesDeleted: z.number().int(),
  pseudonymsDeleted: z.number().int(),
  participantOriginalsDestroyed: z.number().int(),
  participantsRelabelled: z.number().int(),
  registerEntriesDeleted: z.number().int(),
  /** Pseudonyms whose original is still held (used in codes, memos or transcripts not destroyed). */
  pseudonymOriginalsLeft: z.number().int(),
  pseudonymMapDestroyed: z.boolean(),
  /** The project was scanned again afterwards (false: the scan failed, `rescanError` says why; scan again). */
  rescanned: z.boolean(),
  /** Candidates that scan found wholly inside Tandai's own replacement text, decided "not an identifier". */
  replacementsMarked: z.number().int(),
  /** Candidates left for a person to decide before a new review package. */
  undecidedAfter: z.number().int(),
  rescanError: z.string().nullable(),
});
export type DestroyOriginalsResult = z.infer<typeof DestroyOriginalsResult>;

export const ReviewDecisionKind = z.enum(['approved', 'approved-with-conditions', 'returned']);
export const RiskRating = z.enum(['low', 'medium', 'high', 'not-rated']);
export const ExportLabelChoice = z.enum(['pseudonymised', 'anonymised']);

const Person = z.object({ identityId: Uuid, displayName: z.string(), fingerprint: Fingerprint });

/** One reviewed item of a package, as the reviewer sees it (originals only through review.reveal). */
export const ReviewItemView = z.object({
  key: z.string(),
  kind: z.enum(['transcript', 'code', 'memo']),
  id: Uuid,
  title: z.string(),
  /** The de-identified text (a transcript's rendition, a code's fields, a memo's body). */
  text: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  replacements: z.number().int(),
  kept: z.number().int(),
  originalAvailable: z.boolean(),
  hash: z.string(),
});

export const ReviewPackageView = z.object({
  packageId: Uuid,
  createdAt: IsoTime,
  project: z.object({ id: Uuid, name: z.string() }),
  author: Person,
  reviewer: Person,
  /** The signature holds, the file is unaltered and sealed to you. */
  verified: z.literal(true),
  reviewedHash: z.string(),
  items: z.array(ReviewItemView),
  replacementRegister: z.array(
    z.object({ entityId: Uuid, type: EntityTypeSchema, action: DeidAction, replacement: z.string().nullable(), occurrences: z.number().int(), documents: z.number().int(), originalAvailable: z.boolean() }),
  ),
  keptRegister: z.array(z.object({ candidateId: Uuid.nullable(), entityId: Uuid, type: EntityTypeSchema, text: z.string(), reason: z.string(), decidedBy: Uuid, decidedAt: IsoTime, occurrences: z.number().int() })),
  coverage: DeidCoverage,
  counts: z.object({
    byCategory: z.record(z.string(), z.number().int()),
    byDocument: z.array(z.object({ key: z.string(), title: z.string(), byCategory: z.record(z.string(), z.number().int()) })),
  }),
  residualRisk: z.array(z.string()),
  /** Items and entities whose original the researcher allowed the reviewer to see. */
  originalsIncluded: z.array(z.string()),
  revealed: z.array(z.string()),
});
export type ReviewPackageView = z.infer<typeof ReviewPackageView>;

export const ReviewVerifyReport = z.object({
  ok: z.boolean(),
  kind: z.enum(['package', 'decision']).nullable(),
  id: z.string().nullable(),
  signer: Person.nullable(),
  recipient: z.string().nullable(),
  reviewedHash: z.string().nullable(),
  decision: ReviewDecisionKind.nullable(),
  problems: z.array(z.string()),
});

export const deidChannels = {
  // The register
  'register.list': channel(None, z.array(RegisterEntryInfo)),
  'register.add': channel(
    z.object({
      kind: RegisterKind,
      value: z.string().trim().min(1).max(500),
      aliases: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
      note: z.string().max(2000).optional(),
      participantId: Uuid.optional(),
      role: RegisterRole.optional(),
    }),
    RegisterEntryInfo,
  ),
  'register.remove': channel(z.object({ id: Uuid }), Done),
  'register.import': channel(z.object({ path: FilePath, participantId: Uuid.optional() }), z.object({ imported: z.number().int(), entries: z.number().int() })),

  // Scanning
  /** No project needed: scans files as `tandai deid scan FILE…` does (several files propagate to each other). */
  'deid.scanFiles': channel(
    z.object({ paths: z.array(FilePath).min(1).max(10000), register: FilePath.optional(), language: z.string().min(1).max(35).optional(), country: z.string().length(2).optional() }),
    z.object({ files: z.array(z.object({ path: z.string(), candidates: z.array(ScanHit), error: z.object({ code: z.string(), message: z.string() }).nullable() })) }),
  ),
  'deid.scan': channel(None, DeidScanResult),
  'deid.status': channel(None, DeidStatus),

  // The review queue
  'deid.queue': channel(
    z.object({
      status: z.enum(['undecided', 'decided', 'all']).optional(),
      type: EntityTypeSchema.optional(),
      transcriptId: Uuid.optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    z.object({ total: z.number().int(), entities: z.array(DeidEntity) }),
  ),
  /** One entity and a page of its candidates in context (`entity.candidates` is the total). */
  'deid.entity': channel(
    z.object({ id: Uuid, contextChars: z.number().int().min(0).max(2000).optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(5000).optional() }),
    z.object({ entity: DeidEntity, candidates: z.array(DeidCandidate) }),
  ),
  /** Everything, grouped by entity (`tandai deid list`). */
  'deid.list': channel(
    z.object({ status: z.enum(['undecided', 'decided', 'all']).optional(), transcriptId: Uuid.optional() }),
    z.object({ entities: z.array(DeidEntity.extend({ items: z.array(DeidCandidate) })) }),
  ),
  'deid.decide': channel(
    z.object({
      candidateId: Uuid.optional(),
      entityId: Uuid.optional(),
      action: DeidAction,
      /** Required for keep. */
      reason: z.string().trim().max(4000).optional(),
      /** generalise: the value to use (default: computed from the text); replace: a pseudonym of your own. */
      value: z.string().trim().min(1).max(500).optional(),
      /** generalise, dates: keep the month (default) or only the year. */
      dateLevel: z.enum(['month', 'year']).optional(),
    }),
    z.object({ decision: DeidDecisionInfo, candidates: z.number().int(), replacement: z.string().nullable() }),
  ),
  /** The values generalise offers for a candidate or entity (a date: month and year, then year), to choose from or replace with one's own. */
  'deid.generaliseOptions': channel(
    z.object({ candidateId: Uuid.optional(), entityId: Uuid.optional() }),
    z.object({ text: z.string(), type: EntityTypeSchema, options: z.array(z.string()) }),
  ),
  /** A missed identifier, added by its range (and decided at once when `action` is given). */
  'deid.add': channel(
    z.object({
      location: DeidLocation,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      type: EntityTypeSchema,
      action: DeidAction.optional(),
      reason: z.string().trim().max(4000).optional(),
      value: z.string().trim().min(1).max(500).optional(),
    }),
    z.object({ candidate: DeidCandidate }),
  ),
  'deid.preview': channel(z.object({ transcriptId: Uuid }), RenditionPreview),
  /** The gate's answer for a scope, without exporting anything. */
  'deid.check': channel(
    z.object({ purpose: z.enum(['quoting', 'archiving', 'sharing']), transcriptIds: z.array(Uuid).optional() }),
    z.object({ ok: z.boolean(), reason: z.string().nullable(), label: z.enum(['anonymised', 'pseudonymised', 'not-de-identified']).nullable() }),
  ),

  /**
   * Irreversibly replaces the originals of the transcripts in scope (all when omitted) by their
   * de-identified renditions and destroys the pseudonym map's originals, then scans again; refused
   * unless the scope is scanned and decided. `confirm` must be true: a deliberate act. The sign-off
   * is void afterwards for what changed: send a new review package.
   */
  'deid.destroyOriginals': channel(z.object({ transcriptIds: z.array(Uuid).min(1).max(100000).optional(), confirm: z.literal(true) }), DestroyOriginalsResult),

  // Terminology
  'terminology.check': channel(z.object({ text: z.string().max(1_000_000), language: z.string().max(35).optional() }), z.array(TerminologyFindingSchema)),
  /** Code names, definitions and memos of the open project (researcher-written text only). */
  'deid.terminology': channel(None, z.array(z.object({ where: z.object({ kind: z.enum(['code', 'memo']), id: Uuid, field: z.string() }), findings: z.array(TerminologyFindingSchema) }))),

  // Ethics review: the researcher's side
  'deid.reviewPackage': channel(
    z.object({
      to: z.string().trim().min(1).max(300),
      out: FilePath,
      residualRisk: z.array(z.string().trim().min(1).max(4000)).max(100).optional(),
      /** Items (transcript ids) and entities whose original the reviewer may see. */
      revealTranscripts: z.array(Uuid).optional(),
      revealEntities: z.array(Uuid).optional(),
    }),
    z.object({ packageId: Uuid, path: z.string(), bytes: z.number().int(), reviewer: Person, reviewedHash: z.string(), items: z.number().int() }),
  ),
  'review.accept': channel(
    z.object({ path: FilePath }),
    z.object({
      packageId: Uuid,
      decision: ReviewDecisionKind,
      reviewer: Person,
      conditions: z.string().nullable(),
      reason: z.string().nullable(),
      risk: RiskRating,
      label: ExportLabelChoice,
      comments: z.number().int(),
      signOffId: Uuid.nullable(),
    }),
  ),

  // Ethics review: the reviewer's side (no project needed)
  'review.open': channel(z.object({ path: FilePath, expectSigner: Fingerprint.optional() }), ReviewPackageView),
  'review.reveal': channel(z.object({ path: FilePath, key: z.string().min(1).max(200) }), z.object({ key: z.string(), original: z.string() })),
  'review.decide': channel(
    z.object({
      path: FilePath,
      out: FilePath,
      decision: ReviewDecisionKind,
      conditions: z.string().trim().max(8000).optional(),
      reason: z.string().trim().max(8000).optional(),
      comments: z.array(z.object({ key: z.string().min(1).max(200), text: z.string().trim().min(1).max(8000) })).max(10000).optional(),
      risk: RiskRating.optional(),
      label: ExportLabelChoice.optional(),
      /** Originals revealed outside this session (the CLI is one process per command); added to those revealed here. */
      revealed: z.array(z.string().min(1).max(200)).max(100000).optional(),
    }),
    z.object({ decisionId: Uuid, path: z.string(), bytes: z.number().int(), reviewedHash: z.string(), revealed: z.array(z.string()) }),
  ),
  /** Checks a package or decision file sealed to you, offline. */
  'review.verify': channel(z.object({ path: FilePath, expectSigner: Fingerprint.optional() }), ReviewVerifyReport),
} as const;
