/**
 * Importing REFI-QDA files (.qdpx, bare .qde, .qdc). One call reads the file, works out what it
 * would import and reports it; the project changes only when nothing was wrong, or when the
 * caller accepts a partial import (`acceptPartial`). Either everything recovered lands (one
 * transaction) or nothing does.
 */
import { z } from 'zod';
import { channel } from '../channel.js';
import { FilePath, Uuid } from '../schemas.js';

const Count = z.number().int().min(0);

export const InterchangeImportReport = z.object({
  /** The file's name (no folder). */
  file: z.string(),
  format: z.enum(['qdpx', 'qde', 'qdc']),
  /** The exporting tool, from the file's `origin` attribute. */
  origin: z.string().nullable(),
  /** Nothing was wrong: the file conforms as far as checked, and all of it can be imported. */
  valid: z.boolean(),
  /** What was wrong with the file or cannot be imported; each line names the fault (never source text). */
  problems: z.array(z.string()),
  /** What the import does that is worth knowing (codes matched, the position unit detected). */
  notes: z.array(z.string()),
  /** What was (or, when not applied, would be) brought in. */
  recovered: z.object({ codes: Count, users: Count, sources: Count, codings: Count, memos: Count, variables: Count }),
  /** Text sources whose text is not in the file (or beside a bare .qde), by name. */
  missingSources: z.array(z.string()),
  /** How the file's text positions were read (null when it has no text selections). */
  positions: z
    .object({ unit: z.enum(['codepoint', 'utf16']), bomCounted: z.boolean(), crlfAsOne: z.boolean(), cleanEnds: Count, ends: Count })
    .nullable(),
  /** One entry per text source imported: the transcript it became (or matched). */
  transcripts: z.array(z.object({ id: Uuid, sourceGuid: z.string(), title: z.string(), matched: z.boolean() })),
});
export type InterchangeImportReport = z.infer<typeof InterchangeImportReport>;

export const interchangeImportChannels = {
  'interchange.import': channel(
    z.object({
      path: FilePath,
      /** Import what can be recovered from a file that is not entirely valid. */
      acceptPartial: z.boolean().default(false),
      /** What the caller expects: a project (.qdpx/.qde) or a codebook (.qdc); refused if the file is the other. */
      kind: z.enum(['project', 'codebook']).optional(),
    }),
    z.object({ applied: z.boolean(), report: InterchangeImportReport }),
  ),
} as const;
