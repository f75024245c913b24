/**
 * export.*: every way anything leaves a project as a file (REFI-QDA, codebook documents, coded
 * segments), each through the export gate and each with a signed manifest beside it; checking such
 * a manifest offline; and the team file that checking reads.
 */
import { z } from 'zod';
import { channel } from '../channel.js';
import { FilePath, Fingerprint, IsoTime, Uuid } from '../schemas.js';

export const ExportKind = z.enum(['qdc', 'qdpx', 'codebook-docx', 'codebook-html', 'segments-csv', 'segments-xlsx']);
export type ExportKind = z.infer<typeof ExportKind>;
export const ExportPurposeSchema = z.enum(['quoting', 'archiving', 'sharing']);
export const ExportLabelSchema = z.enum(['anonymised', 'pseudonymised', 'not-de-identified']);

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 in hex');

export const ExportedFile = z.object({ path: z.string(), sha256: Sha256, bytes: z.number().int().min(0) });

/** A reviewer's sign-off as the gate returns it (the de-identification work defines and signs it). */
export const ManifestSignOff = z.object({
  reviewerId: z.string(),
  reviewerFingerprint: Fingerprint,
  decision: z.enum(['approved', 'approved-with-conditions']),
  conditions: z.string().nullable(),
  signedAt: IsoTime,
  reviewedHash: z.string(),
});

/**
 * The manifest written beside every export as `<out>.manifest.json` (docs/cli.md, "Export
 * manifests"). `signature.value` is Ed25519 (base64) over the UTF-8 canonical JSON of the manifest
 * without `signature`: keys sorted at every level, no whitespace, JSON.stringify's escaping.
 */
export const ExportManifest = z.object({
  format: z.literal('tandai-export-manifest'),
  version: z.literal(1),
  kind: ExportKind,
  purpose: ExportPurposeSchema,
  createdAt: IsoTime,
  project: z.object({ id: Uuid }),
  /** File names relative to the manifest's folder. */
  files: z.array(z.object({ name: z.string().min(1), sha256: Sha256, bytes: z.number().int().min(0) })).min(1),
  label: ExportLabelSchema,
  /** What the export left out and why: ids only, never names or text. */
  excluded: z.array(z.object({ what: z.enum(['participant', 'transcript', 'coding', 'memo']), reason: z.string(), count: z.number().int().min(0), ids: z.array(z.string()) })),
  counts: z.object({ transcripts: z.number().int(), participants: z.number().int(), codes: z.number().int(), codings: z.number().int(), memos: z.number().int() }),
  /** How positions are counted in a .qdpx (null for other kinds). */
  positions: z.enum(['code-points', 'utf16']).nullable(),
  reviewer: ManifestSignOff.nullable(),
  /** The project's audit chain head just after the entry recording this export. */
  auditHead: z.object({ count: z.number().int(), hash: z.string() }),
  exporter: z.object({ id: Uuid, name: z.string(), fingerprint: Fingerprint, signPublicKey: z.string(), boxPublicKey: z.string() }),
  signature: z.object({ algorithm: z.literal('ed25519'), value: z.string() }),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

/**
 * A team file (`tandai team export`): the project's team list as public keys and roles, signed by
 * whoever exported it, for `tandai verify --team` on a machine without the project.
 */
export const TeamFile = z.object({
  format: z.literal('tandai-team'),
  version: z.literal(1),
  project: z.object({ id: Uuid }),
  exportedAt: IsoTime,
  members: z.array(z.object({ id: Uuid, name: z.string(), role: z.enum(['coder', 'lead', 'reviewer']), fingerprint: Fingerprint, signPublicKey: z.string(), boxPublicKey: z.string() })),
  signedBy: z.object({ id: Uuid, name: z.string(), fingerprint: Fingerprint, signPublicKey: z.string(), boxPublicKey: z.string() }),
  signature: z.object({ algorithm: z.literal('ed25519'), value: z.string() }),
});
export type TeamFile = z.infer<typeof TeamFile>;

export const VerifyReport = z.object({
  /** The signature holds, no file changed, and every signer is known (when a team or an expected signer was given). */
  ok: z.boolean(),
  kind: ExportKind.nullable(),
  label: ExportLabelSchema.nullable(),
  exporter: z.object({ id: z.string(), name: z.string(), fingerprint: z.string() }).nullable(),
  reviewer: z.object({ id: z.string(), name: z.string().nullable(), fingerprint: z.string(), decision: z.string() }).nullable(),
  /** Whether the signers were checked against a team file. */
  teamChecked: z.boolean(),
  /** Files whose bytes no longer match the manifest (or that are missing). */
  changed: z.array(z.string()),
  problems: z.array(z.string()),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const exportChannels = {
  'export.run': channel(
    z.object({
      kind: ExportKind,
      out: FilePath,
      purpose: ExportPurposeSchema,
      transcriptIds: z.array(Uuid).min(1).optional(),
      /** .qdpx only: UTF-16 unit positions (NVivo for Windows) instead of the standard's code points. */
      nvivoPositions: z.boolean().optional(),
      /** Replace files already there (default: refuse). */
      overwrite: z.boolean().optional(),
    }),
    z.object({ files: z.array(ExportedFile), manifestPath: z.string(), manifest: ExportManifest, label: ExportLabelSchema }),
  ),
  /** Works without an open project or identity: reads only the files named. */
  'export.verify': channel(z.object({ path: FilePath, team: FilePath.optional(), expectSigner: Fingerprint.optional() }), VerifyReport),
  'export.teamFile': channel(z.object({ out: FilePath, overwrite: z.boolean().optional() }), z.object({ path: z.string(), members: z.number().int(), sha256: Sha256 })),
} as const;
