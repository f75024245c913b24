/** Deleting, merging and splitting a code: each asks what should happen to the code's codings. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice, FormProblem } from '../../components/ErrorNotice.js';
import { PassageText } from '../care/PassageText.js';
import { useActions } from '../workspace/actions.js';
import { useProject } from '../workspace/store.js';
import type { Code, Excerpt } from '../workspace/types.js';
import { flatten } from './tree.js';

export function DeleteCodeDialog({ code, onClose }: { code: Code; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useProject();
  const actions = useActions();
  const n = store.codings.filter((c) => c.codeId === code.id).length;
  const children = store.codes.filter((c) => c.parentId === code.id).length;
  const parent = store.codes.find((c) => c.id === code.parentId);
  const [choice, setChoice] = useState<'delete' | 'moveToParent'>(parent ? 'moveToParent' : 'delete');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const run = async () => {
    setBusy(true);
    const ok = await actions.deleteCode(code, choice);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog
      title={t('codebook.delete.title', { name: code.name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary danger-fill" onClick={() => void run()} disabled={busy || children > 0}>
            {t('codebook.delete.confirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      {children > 0 ? (
        <FormProblem>{t('codebook.delete.hasChildren', { count: children })}</FormProblem>
      ) : n === 0 && !store.mineOnly ? (
        <p>{t('codebook.delete.noCodings')}</p>
      ) : (
        // Blind coding counts only this person's codings, but the choice applies to everyone's: always asked.
        <fieldset className="fieldset">
          <legend>{store.mineOnly ? t('codebook.delete.blindQuestion', { count: n }) : t('codebook.delete.question', { count: n })}</legend>
          {parent ? (
            <label className="check-inline">
              <input type="radio" name={`${id}-choice`} checked={choice === 'moveToParent'} onChange={() => setChoice('moveToParent')} />
              {t('codebook.delete.moveToParent', { parent: parent.name })}
            </label>
          ) : null}
          <label className="check-inline">
            <input type="radio" name={`${id}-choice`} checked={choice === 'delete'} onChange={() => setChoice('delete')} />
            {store.mineOnly ? t('codebook.delete.deleteAll') : t('codebook.delete.deleteCodings', { count: n })}
          </label>
        </fieldset>
      )}
      <p className="field-hint">{t('codebook.delete.undoable')}</p>
    </Dialog>
  );
}

export function MergeCodeDialog({ code, onClose }: { code: Code; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useProject();
  const actions = useActions();
  const id = useId();
  const options = flatten(store.codes).filter((f) => f.code.id !== code.id);
  const [target, setTarget] = useState(options[0]?.code.id ?? '');
  const [busy, setBusy] = useState(false);
  const n = store.codings.filter((c) => c.codeId === code.id).length;
  const run = async () => {
    const to = store.codes.find((c) => c.id === target);
    if (!to) return;
    setBusy(true);
    const ok = await actions.mergeCodes(code, to);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog
      title={t('codebook.merge.title', { name: code.name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" onClick={() => void run()} disabled={busy || !target}>
            {t('codebook.merge.confirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{t('codebook.merge.explain', { name: code.name, count: n })}</p>
      {store.mineOnly ? <p className="field-hint">{t('codebook.blindNote')}</p> : null}
      <div className="field">
        <label htmlFor={`${id}-target`} className="field-label">
          {t('codebook.merge.into')}
        </label>
        <select id={`${id}-target`} className="select wide" value={target} onChange={(e) => setTarget(e.target.value)}>
          {options.map((f) => (
            <option key={f.code.id} value={f.code.id}>
              {[...f.path, f.code.name].join(' › ')}
            </option>
          ))}
        </select>
      </div>
    </Dialog>
  );
}

export function SplitCodeDialog({ code, onClose }: { code: Code; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useProject();
  const actions = useActions();
  const id = useId();
  const [excerpts, setExcerpts] = useState<Excerpt[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Blind coding: only the person's own codings are offered.
    void call('retrieve.excerpts', { codeIds: [code.id], mode: 'or', contextChars: 60, limit: 1000, ...(store.mineOnly ? { filters: { coderIds: [store.identityId] } } : {}) }).then((r) => {
      if (r.ok) setExcerpts(r.value.excerpts);
      else setError(r.error);
    });
  }, [code.id, store.mineOnly, store.identityId]);

  const toggle = (ids: string[], on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      for (const x of ids) {
        if (on) next.add(x);
        else next.delete(x);
      }
      return next;
    });

  const run = async () => {
    if (!name.trim()) return setProblem(t('codebook.editor.nameNeeded'));
    if (chosen.size === 0) return setProblem(t('codebook.split.chooseSome'));
    setProblem(null);
    setBusy(true);
    const ok = await actions.splitCode(code, [...chosen], { name: name.trim() });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Dialog
      wide
      title={t('codebook.split.title', { name: code.name })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" onClick={() => void run()} disabled={busy}>
            {t('codebook.split.confirm', { count: chosen.size })}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <p>{t('codebook.split.explain')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`} className="field-label">
          {t('codebook.split.newName')}
        </label>
        <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {excerpts === null && !error ? <p className="muted">{t('app.loading')}</p> : null}
      {excerpts?.length === 0 ? <p className="muted">{t('codebook.split.none')}</p> : null}
      {excerpts?.length ? (
        <ul className="split-list" aria-label={t('codebook.split.listLabel')}>
          {excerpts.map((x) => {
            const all = x.codingIds.every((c) => chosen.has(c));
            return (
              <li key={`${x.transcriptId}-${x.start}`} className="split-item">
                <label className="check-inline top">
                  <input type="checkbox" checked={all} onChange={(e) => toggle(x.codingIds, e.target.checked)} />
                  <span className="split-text">
                    <span className="split-source">{x.title}</span>
                    <PassageText text={x.before + x.text + x.after} offset={x.contextStart} start={x.start} end={x.end} marks={x.marks} transcriptId={x.transcriptId} leadingEllipsis={x.before.length > 0} trailingEllipsis={x.after.length > 0} />
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      {problem ? <FormProblem>{problem}</FormProblem> : null}
    </Dialog>
  );
}
