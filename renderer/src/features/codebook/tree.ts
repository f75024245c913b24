/** The codebook as a tree for display, pure: depth, paths, filtering and keyboard moves. */
import { childrenOf, normaliseName, treeOrder } from '../../../../shared/domain/codebook.js';

export interface CodeLike {
  id: string;
  parentId: string | null;
  position: number;
  name: string;
  shortDefinition?: string;
  translations?: Record<string, { name: string }>;
}

export interface FlatCode<T extends CodeLike> {
  code: T;
  depth: number;
  /** Ancestors' names, root first. */
  path: string[];
  hasChildren: boolean;
}

/** Depth-first, with each code's depth and ancestor path. */
export function flatten<T extends CodeLike>(codes: readonly T[]): FlatCode<T>[] {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const parents = new Set(codes.map((c) => c.parentId).filter((p): p is string => p !== null));
  return treeOrder(codes).map((code) => {
    const path: string[] = [];
    const seen = new Set<string>();
    for (let p = code.parentId; p !== null && byId.has(p) && !seen.has(p); p = byId.get(p)!.parentId) {
      seen.add(p);
      path.unshift(byId.get(p)!.name);
    }
    return { code, depth: path.length, path, hasChildren: parents.has(code.id) };
  });
}

/** The code's name in the UI language when it has a translation, else its own name. */
export function displayName(code: CodeLike, lang: string): string {
  return code.translations?.[lang]?.name || code.name;
}

/**
 * Codes matching a typed filter: every word of the query appears (accent- and case-insensitively)
 * in the name, a translation or the parent path. Name-prefix matches first, then the rest in tree order.
 */
export function filterCodes<T extends CodeLike>(flat: readonly FlatCode<T>[], query: string): FlatCode<T>[] {
  const words = normaliseName(query).split(' ').filter(Boolean);
  if (words.length === 0) return [...flat];
  const hay = (f: FlatCode<T>) => normaliseName([f.code.name, ...Object.values(f.code.translations ?? {}).map((x) => x.name), ...f.path].join(' '));
  const hits = flat.filter((f) => {
    const h = hay(f);
    return words.every((w) => h.includes(w));
  });
  const q = normaliseName(query);
  const starts = hits.filter((f) => normaliseName(f.code.name).startsWith(q));
  return [...starts, ...hits.filter((f) => !starts.includes(f))];
}

/** Whether a name typed in the picker names an existing code exactly (as sibling names compare). */
export function exactMatch<T extends CodeLike>(codes: readonly T[], query: string): T | undefined {
  const q = normaliseName(query);
  return q ? codes.find((c) => normaliseName(c.name) === q) : undefined;
}

export type TreeMove = { parentId: string | null; position: number } | null;

/**
 * Keyboard re-parenting and ordering: 'up'/'down' swap with the sibling before/after, 'in' makes
 * the code the last child of the sibling before it, 'out' puts it right after its parent.
 * Null when the move is not possible.
 */
export function keyboardMove<T extends CodeLike>(codes: readonly T[], id: string, dir: 'up' | 'down' | 'in' | 'out'): TreeMove {
  const code = codes.find((c) => c.id === id);
  if (!code) return null;
  const siblings = childrenOf(codes, code.parentId);
  const i = siblings.findIndex((c) => c.id === id);
  switch (dir) {
    case 'up':
      return i > 0 ? { parentId: code.parentId, position: i - 1 } : null;
    case 'down':
      return i < siblings.length - 1 ? { parentId: code.parentId, position: i + 1 } : null;
    case 'in': {
      const before = siblings[i - 1];
      return before ? { parentId: before.id, position: childrenOf(codes, before.id).length } : null;
    }
    case 'out': {
      if (code.parentId === null) return null;
      const parent = codes.find((c) => c.id === code.parentId);
      if (!parent) return null;
      const parentSiblings = childrenOf(codes, parent.parentId);
      return { parentId: parent.parentId, position: parentSiblings.findIndex((c) => c.id === parent.id) + 1 };
    }
  }
}
