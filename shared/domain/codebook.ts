/**
 * Codebook tree rules, pure: how sibling names compare, which moves would make a cycle, the order
 * codes are shown and stored in, and default colours. The backend's codebook service enforces them;
 * merge and import reuse them.
 */
import type { CodeFields } from '../contract/index.js';

export interface TreeNode {
  id: string;
  parentId: string | null;
  position: number;
}

/**
 * The form in which two sibling names clash: trimmed, inner whitespace collapsed, compatibility-
 * decomposed, combining marks dropped and case folded, so "Stigma", " stigma " and "Stígma" are
 * one name among siblings.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The sibling (under `parentId`, other than `exceptId`) whose name clashes with `name`, if any. */
export function siblingNameClash<T extends TreeNode & { name: string }>(codes: readonly T[], parentId: string | null, name: string, exceptId?: string): T | undefined {
  const key = normaliseName(name);
  return codes.find((c) => c.parentId === parentId && c.id !== exceptId && normaliseName(c.name) === key);
}

/**
 * Whether `id` is `ancestorId` itself or lies below it. Walks up from `id`; a cycle already in the
 * data (which the rules never create) ends the walk instead of looping.
 */
export function isSelfOrDescendant(codes: readonly TreeNode[], ancestorId: string, id: string | null): boolean {
  const parentOf = new Map(codes.map((c) => [c.id, c.parentId]));
  const seen = new Set<string>();
  for (let cur = id; cur !== null && !seen.has(cur); cur = parentOf.get(cur) ?? null) {
    if (cur === ancestorId) return true;
    seen.add(cur);
  }
  return false;
}

/** The children of `parentId`, by position (ties, which the rules never create, by id). */
export function childrenOf<T extends TreeNode>(codes: readonly T[], parentId: string | null): T[] {
  return codes.filter((c) => c.parentId === parentId).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Depth-first order (a parent, then its children by position, recursively): the order a codebook
 * is listed and snapshotted in. Codes whose parent is missing are treated as roots, after the others,
 * so nothing is ever dropped from a listing.
 */
export function treeOrder<T extends TreeNode>(codes: readonly T[]): T[] {
  const ids = new Set(codes.map((c) => c.id));
  const byParent = new Map<string | null, T[]>();
  for (const c of codes) {
    const key = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    const list = byParent.get(key) ?? [];
    list.push(c);
    byParent.set(key, list);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    for (const c of byParent.get(parent) ?? []) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
      visit(c.id);
    }
  };
  visit(null);
  // Codes caught in a parent cycle are unreachable from the roots; list them rather than lose them.
  for (const c of codes) if (!seen.has(c.id)) out.push(c);
  return out;
}

/**
 * The sibling order after moving (or inserting) `id` to `position` among `siblingIds` (which may
 * or may not already hold it); a position past the end means last. Positions are the indices.
 */
export function placeAt(siblingIds: readonly string[], id: string, position: number): string[] {
  const rest = siblingIds.filter((s) => s !== id);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008; black left out, it is the text colour),
 * then the rest of Paul Tol's "muted" set for larger codebooks. Highlights draw these with
 * transparency behind dark text, so all of them stay readable.
 */
export const CODE_PALETTE = [
  '#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7',
  '#88ccee', '#44aa99', '#999933', '#aa4499', '#dddddd',
] as const;

export function defaultColour(position: number): string {
  const n = CODE_PALETTE.length;
  return CODE_PALETTE[((position % n) + n) % n]!;
}

export const DEFAULT_CATEGORY = 'theme';

/** The code fields only (what the codebook stores sealed), without id, parent or position. */
export function fieldsOf(c: CodeFields): CodeFields {
  return {
    name: c.name,
    colour: c.colour,
    category: c.category,
    shortDefinition: c.shortDefinition,
    definition: c.definition,
    whenToUse: c.whenToUse,
    whenNotToUse: c.whenNotToUse,
    examples: c.examples,
    translations: c.translations,
  };
}
