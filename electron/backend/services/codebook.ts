/**
 * codebook.* and codes.*: the codebook tree (current state in `codes`) and its history. Every change
 * writes, in the same transaction, the new state, an immutable codebook version (a sealed snapshot
 * of the whole codebook, parented on the previous version) and an audit entry. Code names and
 * definitions are sealed under the project key; plaintext columns hold only ids and positions.
 */
import type { Code, CodeFields, Codebook } from '../../../shared/contract/index.js';
import { childrenOf, DEFAULT_CATEGORY, defaultColour, fieldsOf, isSelfOrDescendant, placeAt, siblingNameClash, treeOrder } from '../../../shared/domain/codebook.js';
import { newId, type CodebookVersionId, type CodeId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';

interface CodeRow {
  id: string;
  parent_id: string | null;
  position: number;
  data_ct: Uint8Array;
}

const FIELD_KEYS = ['name', 'colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'translations'] as const;

/** The current codebook, decrypted, in tree order. */
export function loadCodes(p: OpenProject): Code[] {
  const rows = p.db.prepare('SELECT id, parent_id, position, data_ct FROM codes').all() as CodeRow[];
  return treeOrder(rows.map((r) => ({ ...p.openJson<CodeFields>('codes', r.id, 'data', PROJECT_KEY_ID, r.data_ct), id: r.id, parentId: r.parent_id, position: r.position })));
}

export function latestCodebookVersion(p: OpenProject): { id: string; seq: number } | null {
  return (p.db.prepare('SELECT id, seq FROM codebook_versions ORDER BY seq DESC LIMIT 1').get() as { id: string; seq: number } | undefined) ?? null;
}

/**
 * Records the codebook as it now stands as a new version. Must run inside the transaction that
 * made the change. `mergeParentId` is for merges (a second parent).
 */
export function recordCodebookVersion(p: OpenProject, summary: string, mergeParentId: string | null = null): string {
  const codes = loadCodes(p);
  const prev = latestCodebookVersion(p);
  const id = newId<CodebookVersionId>();
  p.db
    .prepare('INSERT INTO codebook_versions (id, parent_id, merge_parent_id, seq, created_at, author_id, summary_ct, snapshot_ct, code_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      id,
      prev?.id ?? null,
      mergeParentId,
      (prev?.seq ?? 0) + 1,
      new Date().toISOString(),
      p.actorId,
      p.sealText('codebook_versions', id, 'summary', PROJECT_KEY_ID, summary),
      p.sealJson('codebook_versions', id, 'snapshot', PROJECT_KEY_ID, codes),
      codes.length,
    );
  return id;
}

function requireCode(codes: Code[], id: string): Code {
  const c = codes.find((x) => x.id === id);
  if (!c) throw new TandaiError('NOT_FOUND', `no code ${id}`);
  return c;
}

function checkName(codes: Code[], parentId: string | null, name: string, exceptId?: string): void {
  if (name.trim() === '') throw new TandaiError('INVALID_INPUT', 'a code needs a name');
  const clash = siblingNameClash(codes, parentId, name, exceptId);
  if (clash) {
    const where = parentId === null ? 'at the top level' : `under "${requireCode(codes, parentId).name}"`;
    throw new TandaiError('CONFLICT', `a code named "${clash.name}" already exists ${where}`);
  }
}

/** Writes a code's current state: the fields sealed under the project key, in place (the one way codes are stored). */
export function writeCode(p: OpenProject, c: Code): void {
  p.db.prepare('INSERT OR REPLACE INTO codes (id, parent_id, position, data_ct) VALUES (?, ?, ?, ?)').run(c.id, c.parentId, c.position, p.sealJson('codes', c.id, 'data', PROJECT_KEY_ID, fieldsOf(c)));
}

/** Rewrites the positions of `parentId`'s children to 0..n-1 in `order` (plaintext column only). */
function setOrder(p: OpenProject, parentId: string | null, order: readonly string[]): void {
  const stmt = p.db.prepare('UPDATE codes SET parent_id = ?, position = ? WHERE id = ?');
  order.forEach((id, i) => stmt.run(parentId, i, id));
}

function currentCode(p: OpenProject, id: string): Code {
  return requireCode(loadCodes(p), id);
}

/** Codings on each transcript's current version (what people see); older rows are history. */
function countCurrentCodings(p: OpenProject, codeId: string): number {
  return (p.db.prepare('SELECT COUNT(*) AS n FROM codings c JOIN transcripts t ON t.current_version = c.version_id WHERE c.code_id = ?').get(codeId) as { n: number }).n;
}

export function codebookHandlers(ctx: Ctx): HandlerGroup<'codebook.get' | 'codebook.versions' | 'codebook.version' | 'codes.create' | 'codes.update' | 'codes.move' | 'codes.delete'> {
  return {
    'codebook.get': (): Codebook => {
      const p = ctx.requireProject();
      return { versionId: latestCodebookVersion(p)?.id ?? null, codes: loadCodes(p) };
    },

    // Oldest first, like transcript versions.
    'codebook.versions': () => {
      const p = ctx.requireProject();
      const rows = p.db.prepare('SELECT id, parent_id, merge_parent_id, created_at, author_id, summary_ct, code_count FROM codebook_versions ORDER BY seq').all() as {
        id: string;
        parent_id: string | null;
        merge_parent_id: string | null;
        created_at: string;
        author_id: string | null;
        summary_ct: Uint8Array;
        code_count: number;
      }[];
      return rows.map((r) => ({
        id: r.id,
        parentId: r.parent_id,
        mergeParentId: r.merge_parent_id,
        createdAt: r.created_at,
        authorId: r.author_id,
        summary: p.openText('codebook_versions', r.id, 'summary', PROJECT_KEY_ID, r.summary_ct),
        codeCount: r.code_count,
      }));
    },

    'codebook.version': ({ id }) => {
      const p = ctx.requireProject();
      const row = p.db.prepare('SELECT snapshot_ct FROM codebook_versions WHERE id = ?').get(id) as { snapshot_ct: Uint8Array } | undefined;
      if (!row) throw new TandaiError('NOT_FOUND', `no codebook version ${id}`);
      return { versionId: id, codes: p.openJson<Code[]>('codebook_versions', id, 'snapshot', PROJECT_KEY_ID, row.snapshot_ct) };
    },

    'codes.create': (input) => {
      const p = ctx.requireProject();
      const parentId = input.parentId ?? null;
      return p.tx(() => {
        const codes = loadCodes(p);
        if (parentId !== null) requireCode(codes, parentId);
        checkName(codes, parentId, input.name);
        const position = childrenOf(codes, parentId).length;
        const code: Code = {
          id: newId<CodeId>(),
          parentId,
          position,
          name: input.name.trim(),
          colour: input.colour ?? defaultColour(position),
          category: input.category ?? DEFAULT_CATEGORY,
          shortDefinition: input.shortDefinition ?? '',
          definition: input.definition ?? '',
          whenToUse: input.whenToUse ?? '',
          whenNotToUse: input.whenNotToUse ?? '',
          examples: input.examples ?? [],
          translations: input.translations ?? {},
        };
        writeCode(p, code);
        const versionId = recordCodebookVersion(p, `created code "${code.name}"`);
        p.audit('code.create', code.id, { parentId, codebookVersion: versionId });
        return code;
      });
    },

    'codes.update': ({ id, patch }) => {
      const p = ctx.requireProject();
      return p.tx(() => {
        const codes = loadCodes(p);
        const before = requireCode(codes, id);
        const after: Code = { ...before, ...patch, name: (patch.name ?? before.name).trim() };
        if (patch.name !== undefined) checkName(codes, before.parentId, after.name, id);
        const changed = FIELD_KEYS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        if (changed.length === 0) return before; // nothing changed: no version, no entry
        writeCode(p, after);
        const summary = changed.includes('name') ? `renamed code "${before.name}" to "${after.name}"` : `edited code "${after.name}" (${changed.join(', ')})`;
        const versionId = recordCodebookVersion(p, summary);
        p.audit('code.update', id, { fields: changed, codebookVersion: versionId });
        return after;
      });
    },

    'codes.move': ({ id, parentId, position }) => {
      const p = ctx.requireProject();
      return p.tx(() => {
        const codes = loadCodes(p);
        const code = requireCode(codes, id);
        if (parentId !== null) {
          const parent = requireCode(codes, parentId);
          if (isSelfOrDescendant(codes, id, parentId)) {
            throw new TandaiError('CONFLICT', parentId === id ? `cannot move "${code.name}" under itself` : `cannot move "${code.name}" under "${parent.name}", which is inside it`);
          }
        }
        const sameParent = code.parentId === parentId;
        if (!sameParent) checkName(codes, parentId, code.name, id);
        const targetOrder = placeAt(
          childrenOf(codes, parentId).map((c) => c.id),
          id,
          position,
        );
        const oldOrder = childrenOf(codes, code.parentId).map((c) => c.id);
        if (sameParent && targetOrder.join() === oldOrder.join()) return code; // already there
        if (!sameParent) setOrder(p, code.parentId, oldOrder.filter((x) => x !== id));
        setOrder(p, parentId, targetOrder);
        const moved = currentCode(p, id);
        const where = parentId === null ? 'the top level' : `"${requireCode(codes, parentId).name}"`;
        const summary = sameParent ? `reordered code "${code.name}"` : `moved code "${code.name}" to ${where}`;
        const versionId = recordCodebookVersion(p, summary);
        p.audit('code.move', id, { fromParent: code.parentId, toParent: parentId, position: moved.position, codebookVersion: versionId });
        return moved;
      });
    },

    'codes.delete': ({ id, codings }) => {
      const p = ctx.requireProject();
      return p.tx(() => {
        const codes = loadCodes(p);
        const code = requireCode(codes, id);
        const children = childrenOf(codes, id);
        if (children.length > 0) throw new TandaiError('CONFLICT', `"${code.name}" has ${children.length} child code${children.length === 1 ? '' : 's'}: move or delete them first`);
        const current = countCurrentCodings(p, id);
        let codingsDeleted = 0;
        let codingsMoved = 0;
        let memosDeleted = 0;
        if (codings === 'moveToParent') {
          if (code.parentId === null) throw new TandaiError('CONFLICT', `"${code.name}" is at the top level: there is no parent code to move its codings to`);
          // Every row, history included, so no coding ever points at a code that no longer exists.
          p.db.prepare('UPDATE codings SET code_id = ? WHERE code_id = ?').run(code.parentId, id);
          codingsMoved = current;
        } else {
          // Memos on the deleted codings go with them (their bodies would have no anchor left).
          memosDeleted += p.db.prepare("DELETE FROM memos WHERE target_kind = 'coding' AND target_id IN (SELECT id FROM codings WHERE code_id = ?)").run(id).changes;
          p.db.prepare('DELETE FROM codings WHERE code_id = ?').run(id);
          codingsDeleted = current;
        }
        memosDeleted += p.db.prepare("DELETE FROM memos WHERE target_kind = 'code' AND target_id = ?").run(id).changes;
        p.db.prepare('DELETE FROM codes WHERE id = ?').run(id);
        setOrder(
          p,
          code.parentId,
          childrenOf(codes, code.parentId)
            .map((c) => c.id)
            .filter((x) => x !== id),
        );
        const summary = codings === 'moveToParent' ? `deleted code "${code.name}" (${codingsMoved} codings moved to its parent)` : `deleted code "${code.name}" (${codingsDeleted} codings deleted)`;
        const versionId = recordCodebookVersion(p, summary);
        p.audit('code.delete', id, { codings, codingsDeleted, codingsMoved, memosDeleted, codebookVersion: versionId });
        return { codingsDeleted, codingsMoved };
      });
    },
  };
}
