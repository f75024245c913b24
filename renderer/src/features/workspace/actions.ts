/**
 * The workspace's undoable actions on codings and the codebook. Each one writes through the store
 * (stale-view guard), updates the store's state from the answer, and pushes the steps that undo it
 * (built from what the UI holds for the core channels, or returned by the backend for the others).
 */
import { useTranslation } from 'react-i18next';
import { call, type Result } from '../../api/index.js';
import { useProject } from './store.js';
import type { Code, CodeFields, Coding, HistoryStep } from './types.js';

export interface CodingTarget {
  transcriptId: string;
  versionId: string;
  start: number;
  end: number;
}

export function useActions() {
  const store = useProject();
  const { t } = useTranslation();
  const codeName = (id: string) => store.codes.find((c) => c.id === id)?.name ?? '';
  const rev = (expectedRevision: number | undefined) => (expectedRevision !== undefined ? { expectedRevision } : {});

  /** `name`: the code's name when the store may not have it yet (a code created a moment ago). */
  async function applyCode(target: CodingTarget, codeId: string, name?: string): Promise<Result<Coding> | null> {
    const r = await store.write(() => call('codings.create', { ...target, codeId }), { additive: true });
    if (r?.ok) {
      const coding = r.value;
      store.updateCodings((cs) => [...cs, coding]);
      store.markUsed(codeId);
      store.pushUndo({ label: t('ws.undo.applyCode', { name: name ?? codeName(codeId) }), steps: [{ kind: 'codings.delete', ids: [coding.id] }] });
    }
    return r;
  }

  async function removeCoding(coding: Coding): Promise<boolean> {
    const memos = store.memos.filter((m) => m.target.kind === 'coding' && m.target.id === coding.id);
    const r = await store.write(() => call('codings.delete', { id: coding.id }));
    if (!r?.ok) return false;
    store.updateCodings((cs) => cs.filter((c) => c.id !== coding.id));
    store.updateMemos((ms) => ms.filter((m) => !(m.target.kind === 'coding' && m.target.id === coding.id)));
    store.pushUndo({ label: t('ws.undo.removeCoding', { name: codeName(coding.codeId) }), steps: [{ kind: 'codings.put', codings: [coding], memos }] });
    return true;
  }

  /** Gives a coding a new range, keeping its id, coder and memos. */
  async function rescopeCoding(coding: Coding, start: number, end: number): Promise<boolean> {
    const memos = store.memos.filter((m) => m.target.kind === 'coding' && m.target.id === coding.id);
    const steps: HistoryStep[] = [
      { kind: 'codings.delete', ids: [coding.id] },
      { kind: 'codings.put', codings: [{ ...coding, start, end }], memos },
    ];
    const label = t('ws.undo.rescope', { name: codeName(coding.codeId) });
    const r = await store.write((expectedRevision) => call('history.apply', { steps, label, ...rev(expectedRevision) }));
    if (!r?.ok) return false;
    store.updateCodings((cs) => cs.map((c) => (c.id === coding.id ? { ...c, start, end } : c)));
    store.pushUndo({ label, steps: r.value.inverse });
    return true;
  }

  async function createCode(fields: Partial<CodeFields> & { name: string; parentId?: string | null }): Promise<Result<Code> | null> {
    const r = await store.write(() => call('codes.create', fields), { additive: true });
    if (r?.ok) {
      const code = r.value;
      store.pushUndo({ label: t('ws.undo.createCode', { name: code.name }), steps: [{ kind: 'code.remove', id: code.id, codings: 'refuse' }] });
      await refreshCodebook();
    }
    return r;
  }

  async function updateCode(id: string, patch: Partial<CodeFields>): Promise<Result<Code> | null> {
    const before = store.codes.find((c) => c.id === id);
    const r = await store.write(() => call('codes.update', { id, patch }));
    if (r?.ok && before) {
      store.pushUndo({ label: t('ws.undo.editCode', { name: before.name }), steps: [{ kind: 'code.put', code: before }] });
      await refreshCodebook();
    }
    return r;
  }

  async function moveCode(id: string, parentId: string | null, position: number): Promise<Result<Code> | null> {
    const before = store.codes.find((c) => c.id === id);
    const r = await store.write(() => call('codes.move', { id, parentId, position }));
    if (r?.ok && before) {
      store.pushUndo({ label: t('ws.undo.moveCode', { name: before.name }), steps: [{ kind: 'code.put', code: before }] });
      await refreshCodebook();
    }
    return r;
  }

  /** Deletes a code; its codings are deleted or moved to its parent code, as the person chose. */
  async function deleteCode(code: Code, codings: 'delete' | 'moveToParent'): Promise<boolean> {
    const label = t('ws.undo.deleteCode', { name: code.name });
    if (codings === 'delete') {
      const r = await store.write((expectedRevision) => call('history.apply', { steps: [{ kind: 'code.remove', id: code.id, codings: 'delete' }], label, ...rev(expectedRevision) }));
      if (!r?.ok) return false;
      store.pushUndo({ label, steps: r.value.inverse });
    } else {
      // Blind coding loads only this person's codings; undo must put everyone's back.
      let moved = store.codings.filter((c) => c.codeId === code.id);
      if (store.mineOnly) {
        const all = await call('codings.list', { codeId: code.id });
        if (!all.ok) {
          store.setNotice({ kind: 'error', error: all.error });
          return false;
        }
        moved = all.value;
      }
      const codeMemos = store.memos.filter((m) => m.target.kind === 'code' && m.target.id === code.id);
      const r = await store.write(() => call('codes.delete', { id: code.id, codings: 'moveToParent' }));
      if (!r?.ok) return false;
      const steps: HistoryStep[] = [{ kind: 'code.put', code }];
      if (moved.length) steps.push({ kind: 'codings.recode', changes: moved.map((c) => ({ id: c.id, codeId: code.id })) });
      if (codeMemos.length) steps.push({ kind: 'memos.put', memos: codeMemos });
      store.pushUndo({ label, steps });
    }
    await store.reload();
    return true;
  }

  async function mergeCodes(source: Code, target: Code): Promise<boolean> {
    const r = await store.write((expectedRevision) => call('codes.merge', { sourceId: source.id, targetId: target.id, ...rev(expectedRevision) }));
    if (!r?.ok) return false;
    store.pushUndo({ label: t('ws.undo.merge', { source: source.name, target: target.name }), steps: r.value.undo });
    await store.reload();
    return true;
  }

  async function splitCode(code: Code, codingIds: string[], newCode: { name: string }): Promise<boolean> {
    const r = await store.write((expectedRevision) => call('codes.split', { codeId: code.id, codingIds, newCode, ...rev(expectedRevision) }));
    if (!r?.ok) return false;
    store.pushUndo({ label: t('ws.undo.split', { name: code.name, newName: newCode.name }), steps: r.value.undo });
    await store.reload();
    return true;
  }

  async function importStarter(): Promise<boolean> {
    const r = await store.write((expectedRevision) => call('codebook.importStarter', { ...rev(expectedRevision) }));
    if (!r?.ok) return false;
    store.pushUndo({ label: t('ws.undo.starter'), steps: r.value.undo });
    await store.reload();
    return true;
  }

  async function codeAll(hits: CodingTarget[], codeId: string): Promise<Result<{ created: number; already: number }> | null> {
    const r = await store.write((expectedRevision) =>
      call('search.codeAll', { hits: hits.map((h) => ({ transcriptId: h.transcriptId, versionId: h.versionId, start: h.start, end: h.end })), codeId, ...rev(expectedRevision) }),
    );
    if (!r) return null;
    if (!r.ok) return r;
    store.markUsed(codeId);
    store.pushUndo({ label: t('ws.undo.codeAll', { name: codeName(codeId), count: r.value.codings.length }), steps: r.value.undo });
    await store.reload();
    return { ok: true, value: { created: r.value.codings.length, already: r.value.alreadyCoded } };
  }

  async function refreshCodebook() {
    const cb = await call('codebook.get', {});
    if (cb.ok) store.patch({ codes: cb.value.codes });
  }

  return { applyCode, removeCoding, rescopeCoding, createCode, updateCode, moveCode, deleteCode, mergeCodes, splitCode, importStarter, codeAll, refreshCodebook };
}
