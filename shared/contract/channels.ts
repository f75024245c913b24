/**
 * The one contract (DESIGN principle 6): every call from the UI, the e2e bridge and the CLI is a
 * channel here, with zod schemas for its input and output. The router validates both.
 */
import { z } from 'zod';
import {
  AttributeDef,
  AttributeType,
  AttributeValue,
  AuditEntry,
  AuditReport,
  Code,
  CodeFields,
  Codebook,
  CodebookVersion,
  Coding,
  DistressMark,
  FilePath,
  IdentityInfo,
  IdentityStatus,
  ImportFileResult,
  Memo,
  MemoTarget,
  Participant,
  Passphrase,
  ProjectInfo,
  Role,
  TeamMember,
  TranscriptDetail,
  TranscriptSummary,
  Uuid,
} from './schemas.js';

import { channel, Done, None } from './channel.js';
import { interchangeImportChannels } from './channels/interchange-import.js';
import { exportChannels } from './channels/exports.js';
import { workspaceChannels } from './channels/workspace.js';
import { teamChannels } from './channels/team.js';
import { deidChannels } from './channels/deid.js';
import { shellChannels } from './channels/shell.js';

const coreChannels = {
  // identity: the person, outside any project
  'identity.status': channel(None, IdentityStatus),
  'identity.create': channel(z.object({ displayName: z.string().trim().min(1).max(120), passphrase: Passphrase }), IdentityInfo),
  'identity.unlock': channel(z.object({ passphrase: Passphrase }), IdentityInfo),
  'identity.lock': channel(None, Done),
  'wellbeing.get': channel(None, z.object({ data: z.record(z.string(), z.unknown()) })),
  'wellbeing.set': channel(z.object({ data: z.record(z.string(), z.unknown()) }), Done),

  // project lifecycle
  'project.create': channel(
    z.object({ path: FilePath, name: z.string().trim().min(1).max(200).optional(), passphrase: Passphrase, recoveryKey: z.boolean() }),
    // The recovery phrase crosses IPC here, once, and never again.
    z.object({ project: ProjectInfo, recoveryPhrase: z.string().nullable() }),
  ),
  'project.open': channel(z.object({ path: FilePath, passphrase: Passphrase.optional() }), ProjectInfo),
  'project.recover': channel(z.object({ path: FilePath, recoveryPhrase: z.string().min(1), newPassphrase: Passphrase }), ProjectInfo),
  'project.info': channel(None, ProjectInfo),
  'project.lock': channel(None, Done),
  /** What the unlock screen needs after a reload: which project is open or locked, and recent ones. */
  'project.status': channel(None, z.object({ open: z.boolean(), lockedPath: z.string().nullable(), recent: z.array(z.string()) })),
  'project.changePassphrase': channel(z.object({ current: Passphrase, next: Passphrase }), Done),
  'project.backup': channel(z.object({ out: FilePath }), z.object({ path: z.string(), bytes: z.number().int(), verified: z.literal(true) })),
  'passphrase.check': channel(z.object({ passphrase: z.string().max(1024) }), z.object({ ok: z.boolean(), score: z.number().int(), reason: z.string().nullable() })),

  // team
  'team.list': channel(None, z.array(TeamMember)),
  'team.add': channel(z.object({ card: z.string().min(1), role: Role }), TeamMember),

  // participants and transcripts
  'participants.list': channel(None, z.array(Participant)),
  'participants.withdraw': channel(
    z.object({ participantId: Uuid }),
    z.object({ participantId: Uuid, transcriptsDeleted: z.number().int(), rowsDeleted: z.number().int() }),
  ),
  'transcripts.import': channel(
    z.object({
      paths: z.array(FilePath).min(1),
      participant: z.string().trim().min(1).max(120).optional(),
      attributes: z.record(z.string(), AttributeValue).optional(),
      encoding: z.string().min(1).max(64).optional(),
    }),
    z.object({ results: z.array(ImportFileResult) }),
  ),
  'transcripts.list': channel(None, z.array(TranscriptSummary)),
  /**
   * Counts the words of transcripts imported without a count (scripts written without spaces need
   * Intl.Segmenter, which would hold up the import), with `progress` events (task "words"). Other
   * requests are served between transcripts; locking stops it, and a later call goes on.
   */
  'transcripts.countWords': channel(None, z.object({ counted: z.number().int(), remaining: z.number().int() })),
  'transcripts.get': channel(z.object({ id: Uuid, versionId: Uuid.optional() }), TranscriptDetail),
  'transcripts.correct': channel(
    z.object({ id: Uuid, text: z.string(), reason: z.string().max(2000) }),
    z.object({ versionId: Uuid, remapped: z.number().int(), orphaned: z.array(Uuid) }),
  ),

  // attributes
  'attributes.defs': channel(None, z.array(AttributeDef)),
  'attributes.define': channel(
    z.object({ name: z.string().trim().min(1).max(120), type: AttributeType, choices: z.array(z.string().min(1)).optional() }),
    AttributeDef,
  ),
  'attributes.set': channel(z.object({ transcriptId: Uuid, key: z.string().min(1), value: AttributeValue }), Done),

  // codebook
  'codebook.get': channel(None, Codebook),
  'codebook.versions': channel(None, z.array(CodebookVersion)),
  'codebook.version': channel(z.object({ id: Uuid }), Codebook),
  'codes.create': channel(CodeFields.partial().extend({ name: CodeFields.shape.name, parentId: Uuid.nullable().optional() }), Code),
  'codes.update': channel(z.object({ id: Uuid, patch: CodeFields.partial() }), Code),
  'codes.move': channel(z.object({ id: Uuid, parentId: Uuid.nullable(), position: z.number().int().min(0) }), Code),
  'codes.delete': channel(z.object({ id: Uuid, codings: z.enum(['delete', 'moveToParent']) }), z.object({ codingsDeleted: z.number().int(), codingsMoved: z.number().int() })),

  // codings, memos, marks
  'codings.create': channel(z.object({ transcriptId: Uuid, versionId: Uuid, start: z.number().int().min(0), end: z.number().int().min(0), codeId: Uuid }), Coding),
  'codings.delete': channel(z.object({ id: Uuid }), Done),
  'codings.list': channel(z.object({ transcriptId: Uuid.optional(), codeId: Uuid.optional(), includeOrphaned: z.boolean().optional() }), z.array(Coding)),
  'memos.create': channel(z.object({ target: MemoTarget, body: z.string().max(200000) }), Memo),
  'memos.update': channel(z.object({ id: Uuid, body: z.string().max(200000) }), Memo),
  'memos.delete': channel(z.object({ id: Uuid }), Done),
  'memos.list': channel(z.object({ target: MemoTarget.optional() }), z.array(Memo)),
  'marks.create': channel(z.object({ transcriptId: Uuid, versionId: Uuid, start: z.number().int().min(0), end: z.number().int().min(0) }), DistressMark),
  'marks.delete': channel(z.object({ id: Uuid }), Done),
  'marks.list': channel(z.object({ transcriptId: Uuid }), z.array(DistressMark)),

  // audit
  'audit.verify': channel(None, AuditReport),
  'audit.list': channel(z.object({ limit: z.number().int().min(1).max(10000).optional() }), z.array(AuditEntry)),
} as const;

/** Every channel. Each workflow's channels live in their own module under ./channels/ and are joined here. */
export const channels = {
  ...coreChannels,
  ...interchangeImportChannels,
  ...exportChannels,
  ...workspaceChannels,
  ...teamChannels,
  ...deidChannels,
  ...shellChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;
export const channelNames = Object.keys(channels) as ChannelName[];
