/** Domain schemas shared by every channel of the contract. Plain data only: no keys, no key material. */
import { z } from 'zod';

export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
export const IsoTime = z.string().min(1);
export const FilePath = z.string().min(1).max(4096);
export const Passphrase = z.string().min(1).max(1024);
export const Fingerprint = z.string();

export const Role = z.enum(['coder', 'lead', 'reviewer']);
export type Role = z.infer<typeof Role>;

export const IdentityInfo = z.object({
  id: Uuid,
  displayName: z.string(),
  fingerprint: Fingerprint,
  /** Shareable public key card (`tandai-id:1:…`): public keys only. */
  card: z.string(),
});
export type IdentityInfo = z.infer<typeof IdentityInfo>;

export const IdentityStatus = z.object({
  exists: z.boolean(),
  unlocked: z.boolean(),
  identity: IdentityInfo.nullable(),
});

export const ProjectInfo = z.object({
  id: Uuid,
  name: z.string(),
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: IsoTime,
  transcriptCount: z.number().int(),
  participantCount: z.number().int(),
  hasRecoveryKey: z.boolean(),
  /** How this session opened the project. */
  openedWith: z.enum(['passphrase', 'identity', 'recovery']),
  auditHead: z.object({ count: z.number().int(), hash: z.string() }),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

export const TeamMember = z.object({
  identityId: Uuid,
  displayName: z.string(),
  role: Role,
  fingerprint: Fingerprint,
  addedAt: IsoTime,
  /** Whether the project master key is sealed to this member (they can open it with their identity). */
  canOpen: z.boolean(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const AttributeType = z.enum(['text', 'number', 'date', 'choice', 'boolean']);
export const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type AttributeValue = z.infer<typeof AttributeValue>;

export const AttributeDef = z.object({
  key: z.string(),
  name: z.string(),
  type: AttributeType,
  choices: z.array(z.string()).optional(),
  builtin: z.boolean(),
});
export type AttributeDef = z.infer<typeof AttributeDef>;

export const INTERVIEW_TYPES = ['government', 'justice_stakeholder', 'caregiver', 'survivor', 'frontline_worker', 'other'] as const;

export const Utterance = z.object({
  start: z.number().int(),
  end: z.number().int(),
  /** Speaker label range inside [start, end), when a label was detected. */
  labelStart: z.number().int().nullable(),
  labelEnd: z.number().int().nullable(),
  speaker: z.string().nullable(),
  tStartMs: z.number().int().nullable(),
  tEndMs: z.number().int().nullable(),
});
export type Utterance = z.infer<typeof Utterance>;

export const Participant = z.object({
  id: Uuid,
  label: z.string(),
  transcriptCount: z.number().int(),
  withdrawn: z.boolean(),
});

export const TranscriptSummary = z.object({
  id: Uuid,
  title: z.string(),
  participantId: Uuid,
  participantLabel: z.string(),
  versionId: Uuid,
  format: z.string(),
  createdAt: IsoTime,
  chars: z.number().int(),
  /** Null while not counted yet: a text in a script written without spaces is counted after its import (transcripts.countWords). */
  words: z.number().int().nullable(),
  utterances: z.number().int(),
  codings: z.number().int(),
  attributes: z.record(z.string(), AttributeValue),
});
export type TranscriptSummary = z.infer<typeof TranscriptSummary>;

export const TranscriptDetail = TranscriptSummary.extend({
  text: z.string(),
  utteranceList: z.array(Utterance),
  versions: z.array(z.object({ id: Uuid, parentId: Uuid.nullable(), createdAt: IsoTime, reason: z.string() })),
});
export type TranscriptDetail = z.infer<typeof TranscriptDetail>;

export const ImportFileResult = z.object({
  path: z.string(),
  status: z.enum(['imported', 'duplicate', 'rejected']),
  transcriptId: Uuid.optional(),
  duplicateOf: z.object({ id: Uuid, title: z.string() }).optional(),
  code: z.string().optional(),
  message: z.string(),
  encoding: z.string().optional(),
});
export type ImportFileResult = z.infer<typeof ImportFileResult>;

export const CodeCategory = z.string().min(1).max(64); // theme | barrier | enabler | team-defined
export const CodeFields = z.object({
  name: z.string().trim().min(1, 'a code needs a name').max(200),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour like #1f77b4'),
  category: CodeCategory,
  shortDefinition: z.string().max(2000),
  definition: z.string().max(20000),
  whenToUse: z.string().max(20000),
  whenNotToUse: z.string().max(20000),
  examples: z.array(z.string().max(20000)),
  translations: z.record(z.string(), z.object({ name: z.string(), shortDefinition: z.string().optional(), definition: z.string().optional() })),
});
export type CodeFields = z.infer<typeof CodeFields>;

export const Code = CodeFields.extend({
  id: Uuid,
  parentId: Uuid.nullable(),
  position: z.number().int(),
});
export type Code = z.infer<typeof Code>;

export const Codebook = z.object({ versionId: Uuid.nullable(), codes: z.array(Code) });
export type Codebook = z.infer<typeof Codebook>;

export const CodebookVersion = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  /** A second parent, for merges. */
  mergeParentId: Uuid.nullable(),
  createdAt: IsoTime,
  authorId: Uuid.nullable(),
  summary: z.string(),
  codeCount: z.number().int(),
});

export const Coding = z.object({
  id: Uuid,
  transcriptId: Uuid,
  versionId: Uuid,
  start: z.number().int(),
  end: z.number().int(),
  codeId: Uuid,
  coderId: Uuid.nullable(),
  createdAt: IsoTime,
  orphaned: z.boolean(),
});
export type Coding = z.infer<typeof Coding>;

export const MemoTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('project') }),
  z.object({ kind: z.literal('transcript'), id: Uuid }),
  z.object({ kind: z.literal('code'), id: Uuid }),
  z.object({ kind: z.literal('coding'), id: Uuid }),
]);
export type MemoTarget = z.infer<typeof MemoTarget>;

export const Memo = z.object({
  id: Uuid,
  target: MemoTarget,
  body: z.string(),
  authorId: Uuid.nullable(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Memo = z.infer<typeof Memo>;

export const DistressMark = z.object({
  id: Uuid,
  transcriptId: Uuid,
  versionId: Uuid,
  start: z.number().int(),
  end: z.number().int(),
  authorId: Uuid.nullable(),
  createdAt: IsoTime,
});
export type DistressMark = z.infer<typeof DistressMark>;

export const AuditReport = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  unreadable: z.number().int(),
  head: z.object({ count: z.number().int(), hash: z.string() }),
  problems: z.array(z.string()),
});
export type AuditReport = z.infer<typeof AuditReport>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: IsoTime,
  actorId: Uuid.nullable(),
  action: z.string(),
  targetId: z.string().nullable(),
  /** Decrypted details, or null when the key that protected them is gone (withdrawn). */
  details: z.record(z.string(), z.unknown()).nullable(),
});
