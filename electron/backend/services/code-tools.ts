/**
 * Undo/redo (history.apply) and the codebook tools built on it: codes.merge, codes.split and
 * codebook.diff.
 *
 * One engine: a write is a list of `HistoryStep`s (see shared/contract/channels/workspace.ts).
 * Applying a step first reads what it will change and returns the steps that put it back, with
 * the same ids; applying a list returns the inverse list (each step's inverse, last step first).
 * The UI keeps the undo and redo stacks (so they survive nothing the backend forgets: a lock or a
 * restart empties both, which is right, since the view reloads). Merge and split are such lists,
 * so their undo is exact by construction, and `history.apply` runs any list in one transaction
 * with one audit entry and, if the codebook changed, one codebook version.
 */
import type { Code, CodeFields, Memo, MemoTarget } from '../../../shared/contract/index.js';
import type { CodingRecord, DiffEntry, HistoryStep } from '../../../shared/contract/channels/workspace.js';
import { childrenOf, DEFAULT_CATEGORY, defaultColour, isSelfOrDescendant, placeAt, siblingNameClash, treeOrder } from '../../../shared/domain/codebook.js';
import { newId, type CodeId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { loadCodes, recordCodebookVersion, writeCode } from './codebook.js';
import { memoOf, participantOfTarget, type MemoRow } from './memos.js';
import { codingOf, type CodingRow } from './codings.js';
import { checkRevision, currentRevision } from './retrieve.js';

// ---------------------------------------------------------------------------------------------
// Rows

function setOrder(p: OpenProject, parentId: string | null, order: readonly string[]): void {
  const stmt = p.db.prepare('UPDATE codes SET parent_id = ?, position = ? WHERE id = ?');
  order.forEach((id, i) => stmt.run(parentId, i, id));
}

const recordOf = (r: CodingRow): CodingRecord => ({ ...codingOf(r), derivedFrom: r.derived_from });

function insertMemo(p: OpenProject, m: Memo): void {
  if (p.db.prepare('SELECT 1 FROM memos WHERE id = ?').get(m.id)) throw new TandaiError('CONFLICT', `memo ${m.id} already exists (already restored?)`);
  checkMayRestore(p, m.id, m.authorId, 'memo');
  const pid = participantOfTarget(p, m.target);
  p.db
    .prepare('INSERT INTO memos (id, target_kind, target_id, participant_id, body_ct, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(m.id, m.target.kind, m.target.kind === 'project' ? null : m.target.id, pid, p.sealText('memos', m.id, 'body', pid ?? PROJECT_KEY_ID, m.body), m.authorId, m.createdAt, m.updatedAt);
}

function codingMemos(p: OpenProject, codingIds: readonly string[]): Memo[] {
  const stmt = p.db.prepare("SELECT * FROM memos WHERE target_kind = 'coding' AND target_id = ? ORDER BY created_at, id");
  return codingIds.flatMap((id) => (stmt.all(id) as MemoRow[]).map((r) => memoOf(p, r)));
}

// ---------------------------------------------------------------------------------------------
// Who may re-create what

/**
 * Ids of codings and memos removed in this session (per open project, dropped with it). A restore
 * may re-create a coding stamped with another coder, or a memo by another author, only if this
 * session removed it: otherwise `codings.put` would let anyone forge another coder's codings
 * (which agreement statistics trust). One's own codings and memos can always be put back.
 */
const removed = new WeakMap<OpenProject, Set<string>>();
function removedInSession(p: OpenProject): Set<string> {
  let set = removed.get(p);
  if (!set) removed.set(p, (set = new Set()));
  return set;
}

/**
 * Marks ids as removed in this session. Inside a transaction the ids are held until it commits
 * (a rolled-back removal removed nothing); `commitRemoved` / `dropRemoved` settle them.
 */
const pending = new WeakMap<OpenProject, string[]>();
function noteRemoved(p: OpenProject, ids: readonly string[]): void {
  const list = pending.get(p) ?? [];
  list.push(...ids);
  pending.set(p, list);
}
function settleRemoved(p: OpenProject, committed: boolean): void {
  const list = pending.get(p);
  pending.delete(p);
  if (committed && list) for (const id of list) removedInSession(p).add(id);
}

/** Runs `fn` in the project's transaction and settles the removal ledger with its outcome. */
export function txWithLedger<T>(p: OpenProject, fn: () => T): T {
  try {
    const out = p.tx(fn);
    settleRemoved(p, true);
    return out;
  } catch (e) {
    settleRemoved(p, false);
    throw e;
  }
}

function checkMayRestore(p: OpenProject, id: string, stampedBy: string | null, what: string): void {
  if (stampedBy === p.actorId || removedInSession(p).has(id)) return;
  throw new TandaiError('FORBIDDEN', `${what} ${id} was made by someone else and was not removed in this session: it cannot be re-created here`);
}

// ---------------------------------------------------------------------------------------------
// Steps

function requireCode(codes: readonly Code[], id: string): Code {
  const c = codes.find((x) => x.id === id);
  if (!c) throw new TandaiError('NOT_FOUND', `no code ${id}`);
  return c;
}

function checkSiblingName(codes: readonly Code[], parentId: string | null, name: string, exceptId: string): void {
  const clash = siblingNameClash(codes, parentId, name, exceptId);
  if (clash) {
    const where = parentId === null ? 'at the top level' : `under "${requireCode(codes, parentId).name}"`;
    throw new TandaiError('CONFLICT', `a code named "${clash.name}" already exists ${where}`);
  }
}

function putCode(p: OpenProject, code: Code): HistoryStep[] {
  const codes = loadCodes(p);
  const before = codes.find((c) => c.id === code.id);
  if (code.name.trim() === '') throw new TandaiError('INVALID_INPUT', 'a code needs a name');
  if (code.parentId !== null) {
    const parent = requireCode(codes, code.parentId);
    if (isSelfOrDescendant(codes, code.id, code.parentId)) throw new TandaiError('CONFLICT', `cannot put "${code.name}" under "${parent.name}", which is inside it`);
  }
  checkSiblingName(codes, code.parentId, code.name, code.id);
  if (before && before.parentId !== code.parentId) {
    setOrder(
      p,
      before.parentId,
      childrenOf(codes, before.parentId)
        .map((c) => c.id)
        .filter((x) => x !== code.id),
    );
  }
  writeCode(p, { ...code, name: code.name.trim() });
  const order = placeAt(
    childrenOf(codes, code.parentId)
      .map((c) => c.id)
      .filter((x) => x !== code.id),
    code.id,
    code.position,
  );
  setOrder(p, code.parentId, order);
  return before ? [{ kind: 'code.put', code: before }] : [{ kind: 'code.remove', id: code.id, codings: 'refuse' }];
}

function removeCode(p: OpenProject, id: string, codings: 'refuse' | 'delete'): HistoryStep[] {
  const codes = loadCodes(p);
  const code = requireCode(codes, id);
  const children = childrenOf(codes, id);
  if (children.length > 0) throw new TandaiError('CONFLICT', `"${code.name}" has ${children.length} child code${children.length === 1 ? '' : 's'}: move or remove them first`);
  const rows = p.db.prepare('SELECT * FROM codings WHERE code_id = ? ORDER BY transcript_id, version_id, start, id').all(id) as CodingRow[];
  if (rows.length > 0 && codings === 'refuse') throw new TandaiError('CONFLICT', `"${code.name}" still has ${rows.length} coding${rows.length === 1 ? '' : 's'}: delete or move them first`);
  const inverse: HistoryStep[] = [{ kind: 'code.put', code }];
  if (rows.length > 0) inverse.push(...deleteCodings(p, rows.map((r) => r.id)));
  const codeMemos = (p.db.prepare("SELECT * FROM memos WHERE target_kind = 'code' AND target_id = ? ORDER BY created_at, id").all(id) as MemoRow[]).map((r) => memoOf(p, r));
  p.db.prepare("DELETE FROM memos WHERE target_kind = 'code' AND target_id = ?").run(id);
  noteRemoved(
    p,
    codeMemos.map((m) => m.id),
  );
  if (codeMemos.length > 0) inverse.push({ kind: 'memos.put', memos: codeMemos });
  p.db.prepare('DELETE FROM codes WHERE id = ?').run(id);
  setOrder(
    p,
    code.parentId,
    childrenOf(codes, code.parentId)
      .map((c) => c.id)
      .filter((x) => x !== id),
  );
  return inverse;
}

function putCodings(p: OpenProject, codings: readonly CodingRecord[], memos: readonly Memo[]): HistoryStep[] {
  const version = p.db.prepare('SELECT transcript_id, chars FROM transcript_versions WHERE id = ?');
  const exists = p.db.prepare('SELECT 1 FROM codings WHERE id = ?');
  const codeExists = p.db.prepare('SELECT 1 FROM codes WHERE id = ?');
  const insert = p.db.prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const c of codings) {
    if (exists.get(c.id)) throw new TandaiError('CONFLICT', `coding ${c.id} already exists (already restored?)`);
    checkMayRestore(p, c.id, c.coderId, 'coding');
    const v = version.get(c.versionId) as { transcript_id: string; chars: number } | undefined;
    if (!v || v.transcript_id !== c.transcriptId) throw new TandaiError('NOT_FOUND', `transcript ${c.transcriptId} has no version ${c.versionId} (withdrawn or removed)`);
    if (!codeExists.get(c.codeId)) throw new TandaiError('NOT_FOUND', `no code ${c.codeId}`);
    const okRange = c.orphaned ? c.start >= 0 && c.start <= c.end && c.end <= v.chars : c.start >= 0 && c.start < c.end && c.end <= v.chars;
    if (!okRange) throw new TandaiError('INVALID_INPUT', `the range ${c.start}–${c.end} does not fit transcript version ${c.versionId} (${v.chars} characters)`);
    insert.run(c.id, c.transcriptId, c.versionId, c.start, c.end, c.codeId, c.coderId, c.createdAt, c.orphaned ? 1 : 0, c.derivedFrom ?? null);
  }
  const ids = new Set(codings.map((c) => c.id));
  for (const m of memos) {
    if (m.target.kind !== 'coding' || !ids.has(m.target.id)) throw new TandaiError('INVALID_INPUT', `memo ${m.id} is not on one of the codings being restored`);
    insertMemo(p, m);
  }
  return [{ kind: 'codings.delete', ids: codings.map((c) => c.id) }];
}

function deleteCodings(p: OpenProject, ids: readonly string[]): HistoryStep[] {
  const get = p.db.prepare('SELECT * FROM codings WHERE id = ?');
  const rows = ids.map((id) => {
    const r = get.get(id) as CodingRow | undefined;
    if (!r) throw new TandaiError('NOT_FOUND', `no coding ${id}`);
    return r;
  });
  const memos = codingMemos(p, ids);
  const delMemos = p.db.prepare("DELETE FROM memos WHERE target_kind = 'coding' AND target_id = ?");
  const del = p.db.prepare('DELETE FROM codings WHERE id = ?');
  for (const id of ids) {
    delMemos.run(id);
    del.run(id);
  }
  noteRemoved(p, [...ids, ...memos.map((m) => m.id)]);
  return [{ kind: 'codings.put', codings: rows.map(recordOf), memos }];
}

function recode(p: OpenProject, changes: readonly { id: string; codeId: string }[]): HistoryStep[] {
  const get = p.db.prepare('SELECT code_id FROM codings WHERE id = ?');
  const codeExists = p.db.prepare('SELECT 1 FROM codes WHERE id = ?');
  const set = p.db.prepare('UPDATE codings SET code_id = ? WHERE id = ?');
  const back: { id: string; codeId: string }[] = [];
  for (const ch of changes) {
    const r = get.get(ch.id) as { code_id: string } | undefined;
    if (!r) throw new TandaiError('NOT_FOUND', `no coding ${ch.id}`);
    if (!codeExists.get(ch.codeId)) throw new TandaiError('NOT_FOUND', `no code ${ch.codeId}`);
    back.push({ id: ch.id, codeId: r.code_id });
    set.run(ch.codeId, ch.id);
  }
  return [{ kind: 'codings.recode', changes: back.reverse() }];
}

function putMemos(p: OpenProject, memos: readonly Memo[]): HistoryStep[] {
  for (const m of memos) insertMemo(p, m);
  return [{ kind: 'memos.delete', ids: memos.map((m) => m.id) }];
}

function deleteMemos(p: OpenProject, ids: readonly string[]): HistoryStep[] {
  const get = p.db.prepare('SELECT * FROM memos WHERE id = ?');
  const memos = ids.map((id) => {
    const r = get.get(id) as MemoRow | undefined;
    if (!r) throw new TandaiError('NOT_FOUND', `no memo ${id}`);
    return memoOf(p, r);
  });
  const del = p.db.prepare('DELETE FROM memos WHERE id = ?');
  for (const id of ids) del.run(id);
  noteRemoved(p, ids);
  return [{ kind: 'memos.put', memos }];
}

function retargetMemos(p: OpenProject, changes: readonly { id: string; targetId: string }[]): HistoryStep[] {
  const get = p.db.prepare('SELECT * FROM memos WHERE id = ?');
  const back: { id: string; targetId: string }[] = [];
  for (const ch of changes) {
    const r = get.get(ch.id) as MemoRow | undefined;
    if (!r) throw new TandaiError('NOT_FOUND', `no memo ${ch.id}`);
    if (r.target_kind === 'project') throw new TandaiError('INVALID_INPUT', `memo ${ch.id} is on the project: it has no target to change`);
    const target = { kind: r.target_kind, id: ch.targetId } as MemoTarget;
    const pid = participantOfTarget(p, target);
    const body = memoOf(p, r).body;
    // A memo moving to another participant's transcript is sealed again under that participant's key.
    p.db.prepare('UPDATE memos SET target_id = ?, participant_id = ?, body_ct = ? WHERE id = ?').run(ch.targetId, pid, p.sealText('memos', r.id, 'body', pid ?? PROJECT_KEY_ID, body), r.id);
    back.push({ id: ch.id, targetId: r.target_id! });
  }
  return [{ kind: 'memos.retarget', changes: back.reverse() }];
}

function applyStep(p: OpenProject, s: HistoryStep): HistoryStep[] {
  switch (s.kind) {
    case 'codings.put':
      return putCodings(p, s.codings, s.memos);
    case 'codings.delete':
      return deleteCodings(p, s.ids);
    case 'codings.recode':
      return recode(p, s.changes);
    case 'code.put':
      return putCode(p, s.code);
    case 'code.remove':
      return removeCode(p, s.id, s.codings);
    case 'memos.put':
      return putMemos(p, s.memos);
    case 'memos.delete':
      return deleteMemos(p, s.ids);
    case 'memos.retarget':
      return retargetMemos(p, s.changes);
  }
}

const touchesCodebook = (steps: readonly HistoryStep[]) => steps.some((s) => s.kind === 'code.put' || s.kind === 'code.remove');
const isEmpty = (s: HistoryStep): boolean =>
  (s.kind === 'codings.put' && s.codings.length === 0 && s.memos.length === 0) ||
  ((s.kind === 'codings.delete' || s.kind === 'memos.delete') && s.ids.length === 0) ||
  ((s.kind === 'codings.recode' || s.kind === 'memos.retarget') && s.changes.length === 0) ||
  (s.kind === 'memos.put' && s.memos.length === 0);

/**
 * Applies steps in order (inside the caller's transaction) and returns the steps that undo them
 * all. The caller records the codebook version and the audit entry.
 */
export function applySteps(p: OpenProject, steps: readonly HistoryStep[]): HistoryStep[] {
  const inverses: HistoryStep[][] = [];
  for (const s of steps) if (!isEmpty(s)) inverses.push(applyStep(p, s));
  return inverses.reverse().flat().filter((s) => !isEmpty(s));
}

const stepCounts = (steps: readonly HistoryStep[]) =>
  steps.map((s) => ({
    kind: s.kind,
    n: s.kind === 'codings.put' ? s.codings.length : s.kind === 'codings.delete' || s.kind === 'memos.delete' ? s.ids.length : s.kind === 'codings.recode' || s.kind === 'memos.retarget' ? s.changes.length : s.kind === 'memos.put' ? s.memos.length : 1,
  }));

export function applyHistory(p: OpenProject, input: { steps: HistoryStep[]; label?: string | undefined; expectedRevision?: number | undefined }) {
  checkRevision(p, input.expectedRevision);
  const inverse = txWithLedger(p, () => {
    const inv = applySteps(p, input.steps);
    const label = input.label?.trim() || 'undo/redo';
    const versionId = touchesCodebook(input.steps) ? recordCodebookVersion(p, label) : null;
    // Counts only: the steps span participants, and their content is in the rows themselves.
    p.audit('history.apply', null, { steps: stepCounts(input.steps), ...(versionId ? { codebookVersion: versionId } : {}) }, PROJECT_KEY_ID);
    return inv;
  });
  return { inverse, revision: currentRevision(p) };
}

// ---------------------------------------------------------------------------------------------
// Merge and split

export function mergeCodes(p: OpenProject, input: { sourceId: string; targetId: string; expectedRevision?: number | undefined }) {
  checkRevision(p, input.expectedRevision);
  const { sourceId, targetId } = input;
  if (sourceId === targetId) throw new TandaiError('INVALID_INPUT', 'a code cannot be merged into itself');
  return txWithLedger(p, () => {
    const codes = loadCodes(p);
    const source = requireCode(codes, sourceId);
    const target = requireCode(codes, targetId);
    if (isSelfOrDescendant(codes, sourceId, targetId)) throw new TandaiError('CONFLICT', `cannot merge "${source.name}" into "${target.name}", which is inside it: move "${target.name}" out first`);

    // Children of the source go under the target, after its own children.
    const children = childrenOf(codes, sourceId);
    const targetChildren = childrenOf(codes, targetId).length;
    const steps: HistoryStep[] = children.map((c, i) => ({ kind: 'code.put', code: { ...c, parentId: targetId, position: targetChildren + i } }));

    // A source coding identical to a target coding (same version, range, coder) would be a
    // duplicate: it is removed, and memos on it move to its twin.
    const twins = p.db
      .prepare(
        `SELECT s.id AS sid, MIN(t.id) AS tid FROM codings s JOIN codings t
           ON t.version_id = s.version_id AND t.start = s.start AND t."end" = s."end" AND t.coder_id IS s.coder_id AND t.orphaned = s.orphaned AND t.code_id = ?
         WHERE s.code_id = ? GROUP BY s.id`,
      )
      .all(targetId, sourceId) as { sid: string; tid: string }[];
    const twinOf = new Map(twins.map((t) => [t.sid, t.tid]));
    const memoMoves = twins.flatMap((t) => (p.db.prepare("SELECT id FROM memos WHERE target_kind = 'coding' AND target_id = ?").all(t.sid) as { id: string }[]).map((m) => ({ id: m.id, targetId: t.tid })));
    steps.push({ kind: 'memos.retarget', changes: memoMoves });
    steps.push({ kind: 'codings.delete', ids: twins.map((t) => t.sid) });

    // Every other row, history rows on earlier versions included, so nothing points at a removed code.
    const moved = (p.db.prepare('SELECT id FROM codings WHERE code_id = ?').all(sourceId) as { id: string }[]).filter((r) => !twinOf.has(r.id)).map((r) => ({ id: r.id, codeId: targetId }));
    steps.push({ kind: 'codings.recode', changes: moved });
    const codeMemos = (p.db.prepare("SELECT id FROM memos WHERE target_kind = 'code' AND target_id = ?").all(sourceId) as { id: string }[]).map((m) => ({ id: m.id, targetId }));
    steps.push({ kind: 'memos.retarget', changes: codeMemos });
    steps.push({ kind: 'code.remove', id: sourceId, codings: 'refuse' });

    const undo = applySteps(p, steps);
    const current = (p.db.prepare('SELECT COUNT(*) AS n FROM codings c JOIN transcripts t ON t.current_version = c.version_id WHERE c.id IN (SELECT value FROM json_each(?))').get(JSON.stringify(moved.map((m) => m.id))) as { n: number }).n;
    const codebookVersionId = recordCodebookVersion(p, `merged code "${source.name}" into "${target.name}"`);
    p.audit(
      'code.merge',
      sourceId,
      { sourceId, targetId, codingsMoved: current, rowsMoved: moved.length, duplicatesRemoved: twins.length, childrenMoved: children.length, codebookVersion: codebookVersionId },
      PROJECT_KEY_ID,
    );
    return {
      target: requireCode(loadCodes(p), targetId),
      codingsMoved: current,
      duplicatesRemoved: twins.length,
      childrenMoved: children.length,
      codebookVersionId,
      undo,
      revision: currentRevision(p),
    };
  });
}

interface SplitInput {
  codeId: string;
  codingIds: string[];
  newCode: Partial<CodeFields> & { name: string; parentId?: string | null | undefined };
  expectedRevision?: number | undefined;
}

export function splitCode(p: OpenProject, input: SplitInput) {
  checkRevision(p, input.expectedRevision);
  return txWithLedger(p, () => {
    const codes = loadCodes(p);
    const from = requireCode(codes, input.codeId);
    const ids = [...new Set(input.codingIds)];
    const get = p.db.prepare('SELECT code_id FROM codings WHERE id = ?');
    for (const id of ids) {
      const r = get.get(id) as { code_id: string } | undefined;
      if (!r) throw new TandaiError('NOT_FOUND', `no coding ${id}`);
      if (r.code_id !== from.id) throw new TandaiError('INVALID_INPUT', `coding ${id} is not a coding of "${from.name}"`);
    }
    const parentId = input.newCode.parentId === undefined ? from.parentId : input.newCode.parentId;
    if (parentId !== null) requireCode(codes, parentId);
    const position = parentId === from.parentId ? from.position + 1 : childrenOf(codes, parentId).length;
    const code: Code = {
      id: newId<CodeId>(),
      parentId,
      position,
      name: input.newCode.name.trim(),
      colour: input.newCode.colour ?? defaultColour(codes.length),
      category: input.newCode.category ?? from.category ?? DEFAULT_CATEGORY,
      shortDefinition: input.newCode.shortDefinition ?? '',
      definition: input.newCode.definition ?? '',
      whenToUse: input.newCode.whenToUse ?? '',
      whenNotToUse: input.newCode.whenNotToUse ?? '',
      examples: input.newCode.examples ?? [],
      translations: input.newCode.translations ?? {},
    };
    const undo = applySteps(p, [
      { kind: 'code.put', code },
      { kind: 'codings.recode', changes: ids.map((id) => ({ id, codeId: code.id })) },
    ]);
    const codebookVersionId = recordCodebookVersion(p, `split "${code.name}" from "${from.name}" (${ids.length} codings)`);
    p.audit('code.split', code.id, { fromId: from.id, newId: code.id, codings: ids.length, codebookVersion: codebookVersionId }, PROJECT_KEY_ID);
    return { code: requireCode(loadCodes(p), code.id), codingsMoved: ids.length, codebookVersionId, undo, revision: currentRevision(p) };
  });
}

// ---------------------------------------------------------------------------------------------
// Diff

type ChangedField = Extract<DiffEntry, { kind: 'changed' }>['field'];
const DIFF_FIELDS: readonly ChangedField[] = ['colour', 'category', 'shortDefinition', 'definition', 'whenToUse', 'whenNotToUse', 'examples', 'translations'];

function readable(field: ChangedField, c: Code): string {
  if (field === 'examples') return c.examples.join('\n');
  if (field === 'translations') {
    return Object.entries(c.translations)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([lang, t]) => `${lang}: ${t.name}${t.shortDefinition ? ` — ${t.shortDefinition}` : ''}${t.definition ? ` (${t.definition})` : ''}`)
      .join('\n');
  }
  return c[field];
}

function snapshot(p: OpenProject, id: string): { seq: number; codes: Code[] } {
  const row = p.db.prepare('SELECT seq, snapshot_ct FROM codebook_versions WHERE id = ?').get(id) as { seq: number; snapshot_ct: Uint8Array } | undefined;
  if (!row) throw new TandaiError('NOT_FOUND', `no codebook version ${id}`);
  return { seq: row.seq, codes: p.openJson<Code[]>('codebook_versions', id, 'snapshot', PROJECT_KEY_ID, row.snapshot_ct) };
}

/** Order of the codes both versions share under the same parent, to tell a real reorder from a sibling added or removed. */
function sharedSiblingIndex(codes: readonly Code[], shared: (c: Code) => boolean): Map<string, number> {
  const out = new Map<string, number>();
  const byParent = new Map<string | null, Code[]>();
  for (const c of codes) if (shared(c)) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
  for (const list of byParent.values()) list.sort((a, b) => a.position - b.position).forEach((c, i) => out.set(c.id, i));
  return out;
}

export function diffCodebooks(p: OpenProject, fromVersionId: string, toVersionId: string): DiffEntry[] {
  const a = snapshot(p, fromVersionId);
  const b = snapshot(p, toVersionId);
  const A = new Map(a.codes.map((c) => [c.id, c]));
  const B = new Map(b.codes.map((c) => [c.id, c]));
  const ref = (m: Map<string, Code>, id: string | null) => (id === null ? null : { id, name: m.get(id)?.name ?? id });
  const entries: DiffEntry[] = [];

  // Merges and splits recorded between the two versions (oldest first).
  if (a.seq < b.seq) {
    const inRange = new Set((p.db.prepare('SELECT id FROM codebook_versions WHERE seq > ? AND seq <= ?').all(a.seq, b.seq) as { id: string }[]).map((r) => r.id));
    const rows = p.db.prepare("SELECT seq, action, key_id, details_ct FROM audit WHERE action IN ('code.merge', 'code.split') AND key_id = ? AND details_ct IS NOT NULL ORDER BY seq").all(PROJECT_KEY_ID) as {
      seq: number;
      action: string;
      key_id: string;
      details_ct: Uint8Array;
    }[];
    // The audit entry holds ids only (code names are scanned by de-identification; the log cannot be
    // rewritten): names come from the two versions, else the one the entry recorded or its parent.
    const seen = new Map<string, Map<string, Code>>();
    const snapshotCodes = (versionId: string) => {
      let m = seen.get(versionId);
      if (!m) seen.set(versionId, (m = new Map(snapshot(p, versionId).codes.map((c) => [c.id, c]))));
      return m;
    };
    const nameOf = (id: string, recorded: string) => {
      const found = B.get(id) ?? A.get(id) ?? snapshotCodes(recorded).get(id);
      if (found) return found.name;
      const parent = (p.db.prepare('SELECT parent_id FROM codebook_versions WHERE id = ?').get(recorded) as { parent_id: string | null } | undefined)?.parent_id;
      return (parent ? snapshotCodes(parent).get(id)?.name : undefined) ?? id;
    };
    for (const r of rows) {
      const d = p.openJson<Record<string, unknown>>('audit', String(r.seq), 'details', r.key_id, r.details_ct);
      const recorded = String(d.codebookVersion);
      if (!inRange.has(recorded)) continue;
      if (r.action === 'code.merge') {
        const sourceId = String(d.sourceId);
        const targetId = String(d.targetId);
        entries.push({ kind: 'merged', sourceId, sourceName: nameOf(sourceId, recorded), targetId, targetName: nameOf(targetId, recorded), codings: Number(d.codingsMoved ?? 0) });
      } else {
        const fromId = String(d.fromId);
        const splitId = String(d.newId);
        entries.push({ kind: 'split', fromId, fromName: nameOf(fromId, recorded), newId: splitId, newName: nameOf(splitId, recorded), codings: Number(d.codings ?? 0) });
      }
    }
  }

  const sharedBoth = (c: Code) => {
    const x = A.get(c.id);
    const y = B.get(c.id);
    return !!x && !!y && x.parentId === y.parentId;
  };
  const orderA = sharedSiblingIndex(a.codes, sharedBoth);
  const orderB = sharedSiblingIndex(b.codes, sharedBoth);

  for (const after of treeOrder(b.codes)) {
    const before = A.get(after.id);
    if (!before) {
      entries.push({ kind: 'added', codeId: after.id, name: after.name, parent: ref(B, after.parentId) });
      continue;
    }
    if (before.name !== after.name) entries.push({ kind: 'renamed', codeId: after.id, before: before.name, after: after.name });
    if (before.parentId !== after.parentId) entries.push({ kind: 'moved', codeId: after.id, name: after.name, before: ref(A, before.parentId), after: ref(B, after.parentId) });
    else if (orderA.get(after.id) !== orderB.get(after.id)) entries.push({ kind: 'reordered', codeId: after.id, name: after.name, before: before.position, after: after.position });
    for (const field of DIFF_FIELDS) {
      const x = readable(field, before);
      const y = readable(field, after);
      if (x !== y) entries.push({ kind: 'changed', codeId: after.id, name: after.name, field, before: x, after: y });
    }
  }
  for (const before of treeOrder(a.codes)) {
    if (!B.has(before.id)) entries.push({ kind: 'removed', codeId: before.id, name: before.name, parent: ref(A, before.parentId) });
  }
  return entries;
}

export function codeToolHandlers(ctx: Ctx): HandlerGroup<'history.apply' | 'codes.merge' | 'codes.split' | 'codebook.diff'> {
  return {
    'history.apply': (input) => applyHistory(ctx.requireProject(), input),
    'codes.merge': (input) => mergeCodes(ctx.requireProject(), input),
    'codes.split': (input) => splitCode(ctx.requireProject(), input),
    'codebook.diff': ({ fromVersionId, toVersionId }) => ({ entries: diffCodebooks(ctx.requireProject(), fromVersionId, toVersionId) }),
  };
}
