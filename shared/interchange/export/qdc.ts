/**
 * REFI-QDA codebooks: the standalone `.qdc` (Codebook.xsd, `urn:QDA-XML:codebook:1.0`) and the
 * `<CodeBook>` inside a project (Project.xsd), which may also carry NoteRefs to code memos. Codes
 * keep their Tandai ids as GUIDs, their hierarchy as nested `<Code>`s, their colour, and every
 * structured field in the description (`code-description.ts`). Every Tandai code is codable.
 */
import type { Code } from '../../contract/schemas.js';
import { formatCodeDescription } from './code-description.js';
import { codeChildren } from './model.js';
import { attrs, escText, XML_DECLARATION } from './xml.js';

export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

export function codeDescription(c: Code): string {
  return formatCodeDescription({
    shortDefinition: c.shortDefinition,
    definition: c.definition,
    whenToUse: c.whenToUse,
    whenNotToUse: c.whenNotToUse,
    examples: c.examples,
    category: c.category,
  });
}

/** `<Code>` elements for the tree, indented; `noteRefs` (project files only) gives memo ids per code. */
export function codeTreeXml(codes: readonly Code[], indent: string, noteRefs?: (codeId: string) => readonly string[]): string {
  const children = codeChildren(codes);
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (c: Code, pad: string) => {
    done.add(c.id);
    const refs = noteRefs?.(c.id) ?? [];
    out.push(`${pad}<Code${attrs([['guid', c.id], ['name', c.name], ['isCodable', 'true'], ['color', /^#[0-9a-f]{6}$/i.test(c.colour) ? c.colour : null]])}>`);
    out.push(`${pad}  <Description>${escText(codeDescription(c))}</Description>`);
    for (const r of refs) out.push(`${pad}  <NoteRef${attrs([['targetGUID', r]])}/>`);
    for (const k of children.get(c.id) ?? []) if (!done.has(k.id)) visit(k, `${pad}  `);
    out.push(`${pad}</Code>`);
  };
  for (const root of children.get(null) ?? []) visit(root, indent);
  // Codes caught in a parent cycle (which the codebook rules never make) are written as roots, not lost.
  for (const c of codes) if (!done.has(c.id)) visit(c, indent);
  return out.join('\n');
}

/** A whole `.qdc` file. Throws if there are no codes: the schema needs at least one. */
export function buildQdc(codes: readonly Code[], origin: string): string {
  if (codes.length === 0) throw new RangeError('a codebook needs at least one code');
  return `${XML_DECLARATION}<CodeBook${attrs([['xmlns', CODEBOOK_NS], ['origin', origin]])}>\n  <Codes>\n${codeTreeXml(codes, '    ')}\n  </Codes>\n</CodeBook>\n`;
}
