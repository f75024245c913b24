/**
 * A readable diff between two codebook versions: what was added, removed, renamed, moved or
 * re-worded, one line each, in the order of the later codebook (removed codes last). Codes are
 * compared by GUID: a rename is a rename, not a removal and an addition.
 */
import type { Code } from '../contract/schemas.js';
import { treeOrder } from '../domain/codebook.js';

export type DiffKind = 'added' | 'removed' | 'renamed' | 'edited' | 'moved';

export interface DiffEntry {
  kind: DiffKind;
  codeId: string;
  name: string;
  /** One readable line, e.g. `~ "Stigma" renamed to "Social stigma"`. */
  line: string;
  /** For 'edited': the fields that changed. */
  fields: string[];
}

const FIELD_LABELS: Record<string, string> = {
  colour: 'colour',
  category: 'category',
  shortDefinition: 'short definition',
  definition: 'definition',
  whenToUse: 'when to use',
  whenNotToUse: 'when not to use',
  examples: 'examples',
  translations: 'translations',
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function placeOf(parentId: string | null, byId: ReadonlyMap<string, Code>): string {
  if (parentId === null) return 'the top level';
  const p = byId.get(parentId);
  return p ? `"${p.name}"` : 'a code no longer here';
}

export function diffCodebooks(before: readonly Code[], after: readonly Code[]): DiffEntry[] {
  const was = new Map(before.map((c) => [c.id, c]));
  const now = new Map(after.map((c) => [c.id, c]));
  const out: DiffEntry[] = [];
  for (const c of treeOrder(after)) {
    const b = was.get(c.id);
    if (!b) {
      out.push({ kind: 'added', codeId: c.id, name: c.name, fields: [], line: `+ "${c.name}" added under ${placeOf(c.parentId, now)}` });
      continue;
    }
    if (b.name !== c.name) out.push({ kind: 'renamed', codeId: c.id, name: c.name, fields: ['name'], line: `~ "${b.name}" renamed to "${c.name}"` });
    if (b.parentId !== c.parentId) out.push({ kind: 'moved', codeId: c.id, name: c.name, fields: ['parent'], line: `> "${c.name}" moved from ${placeOf(b.parentId, was)} to ${placeOf(c.parentId, now)}` });
    const fields = Object.keys(FIELD_LABELS).filter((k) => !same(b[k as keyof Code], c[k as keyof Code]));
    if (fields.length) out.push({ kind: 'edited', codeId: c.id, name: c.name, fields, line: `~ "${c.name}": ${fields.map((f) => FIELD_LABELS[f]).join(', ')} changed` });
  }
  for (const b of treeOrder(before)) {
    if (!now.has(b.id)) out.push({ kind: 'removed', codeId: b.id, name: b.name, fields: [], line: `- "${b.name}" removed (was under ${placeOf(b.parentId, was)})` });
  }
  return out;
}
