/**
 * codebook.importStarter: the shipped starter codebook (resources/templates/starter-codebook.json)
 * into an empty codebook, as one codebook version and one audit entry.
 *
 * Mapping (the file follows REFI-QDA's Code@guid / isCodable and a description split in parts):
 * - guid -> the code's id, kept (codebooks from several countries then merge by id);
 * - the tree and the order of `children` -> parent and position;
 * - definition -> definition (its first sentence also as the short definition), with the file's
 *   `source` kept as a last "Source:" paragraph, so where a code comes from is not lost;
 * - include -> when to use; exclude -> when not to use; example -> examples;
 * - isCodable=false (a grouping code) -> category 'group'; codable codes take the category of their
 *   branch: 'barrier' under "D. Barriers…", 'enabler' under "E. Enablers…", else 'theme'. The
 *   category is a label the team can change; nothing refuses coding to a group.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Code } from '../../../shared/contract/index.js';
import { defaultColour } from '../../../shared/domain/codebook.js';
import { findResources } from '../resources.js';
import { UUID_RE } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { recordCodebookVersion } from './codebook.js';
import { applySteps, txWithLedger } from './code-tools.js';
import { checkRevision, currentRevision } from './retrieve.js';

export const STARTER_RELATIVE = join('resources', 'templates', 'starter-codebook.json');

interface StarterCode {
  guid: string;
  name: string;
  isCodable: boolean;
  definition: string;
  include: string;
  exclude: string;
  example?: string | undefined;
  source?: string | undefined;
  children: StarterCode[];
}

const StarterCodeSchema: z.ZodType<StarterCode> = z.lazy(() =>
  z.object({
    guid: z.string().regex(UUID_RE, 'a UUID'),
    name: z.string().trim().min(1).max(200),
    isCodable: z.boolean(),
    definition: z.string().default(''),
    include: z.string().default(''),
    exclude: z.string().default(''),
    example: z.string().optional(),
    source: z.string().optional(),
    children: z.array(StarterCodeSchema).default([]),
  }),
) as z.ZodType<StarterCode>;
const StarterFile = z.object({ title: z.string(), version: z.string(), language: z.string().optional(), codes: z.array(StarterCodeSchema).min(1) });

/** Where the starter codebook is (see findResources). */
export function starterPath(resourcesDir?: string): string {
  const inside = join('templates', 'starter-codebook.json');
  return join(findResources(inside, `the starter codebook (${STARTER_RELATIVE}) is not installed next to the app`, resourcesDir), inside);
}

export function readStarter(path: string): z.infer<typeof StarterFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new TandaiError('CORRUPT_FILE', `starter-codebook.json: not readable JSON`);
  }
  const parsed = StarterFile.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new TandaiError('CORRUPT_FILE', `starter-codebook.json: ${i.path.join('.') || 'file'}: ${i.message}`);
  }
  return parsed.data;
}

const firstSentence = (s: string): string => {
  const m = /^(.+?[.!?])(\s|$)/su.exec(s.trim());
  return (m ? m[1]! : s.trim()).slice(0, 2000);
};

function categoryFor(branch: string, codable: boolean): string {
  if (!codable) return 'group';
  if (/^D\b/.test(branch)) return 'barrier';
  if (/^E\b/.test(branch)) return 'enabler';
  return 'theme';
}

/** The starter's codes in tree order (parents before children), with their Tandai fields. */
export function starterCodes(file: z.infer<typeof StarterFile>): Code[] {
  const out: Code[] = [];
  const seen = new Set<string>();
  const walk = (list: StarterCode[], parentId: string | null, branch: string | null) => {
    list.forEach((c, position) => {
      const id = c.guid.toLowerCase();
      if (seen.has(id)) throw new TandaiError('CORRUPT_FILE', `starter-codebook.json: the guid ${c.guid} is used twice`);
      seen.add(id);
      const top = branch ?? c.name;
      const definition = [c.definition.trim(), c.source ? `Source: ${c.source.trim()}` : ''].filter(Boolean).join('\n\n');
      out.push({
        id,
        parentId,
        position,
        name: c.name.trim(),
        colour: defaultColour(out.length),
        category: categoryFor(top, c.isCodable),
        shortDefinition: firstSentence(c.definition),
        definition: definition.slice(0, 20000),
        whenToUse: c.include.trim(),
        whenNotToUse: c.exclude.trim(),
        examples: c.example ? [c.example.trim()] : [],
        translations: {},
      });
      walk(c.children, id, top);
    });
  };
  walk(file.codes, null, null);
  return out;
}

export function importStarter(p: OpenProject, path: string, expectedRevision?: number) {
  checkRevision(p, expectedRevision);
  const file = readStarter(path);
  const codes = starterCodes(file);
  return txWithLedger(p, () => {
    const existing = (p.db.prepare('SELECT COUNT(*) AS n FROM codes').get() as { n: number }).n;
    if (existing > 0) throw new TandaiError('CONFLICT', `the codebook already has ${existing} code${existing === 1 ? '' : 's'}: the starter codebook goes only into an empty one`);
    const undo = applySteps(
      p,
      codes.map((code) => ({ kind: 'code.put' as const, code })),
    );
    const groups = codes.filter((c) => c.category === 'group').length;
    const codebookVersionId = recordCodebookVersion(p, `imported the starter codebook "${file.title}" (${file.version}, ${codes.length} codes)`);
    p.audit('codebook.importStarter', codebookVersionId, { version: file.version, codes: codes.length, groups, codebookVersion: codebookVersionId }, PROJECT_KEY_ID);
    return { codes: codes.length, groups, codebookVersionId, undo, revision: currentRevision(p) };
  });
}

export function starterHandlers(ctx: Ctx): HandlerGroup<'codebook.importStarter'> {
  return {
    'codebook.importStarter': ({ expectedRevision }) => {
      const p = ctx.requireProject();
      const dir = (ctx.options as { resourcesDir?: string }).resourcesDir;
      return importStarter(p, starterPath(dir), expectedRevision);
    },
  };
}
