/**
 * The memo on one target (the project, a transcript, a code or a coded segment). Saved when the
 * field is left, with the button, or with Ctrl+Enter; emptying it deletes the memo. Memos by other
 * team members on the same target are shown beneath, read-only.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';
import type { Memo, MemoTarget } from '../workspace/types.js';

export const sameTarget = (a: MemoTarget, b: MemoTarget) => a.kind === b.kind && (a.kind === 'project' || (b.kind !== 'project' && a.id === b.id));

export function MemoEditor({ target, label, rows = 4, autoFocus }: { target: MemoTarget; label: string; rows?: number; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const id = useId();
  const memos = store.memos.filter((m) => sameTarget(m.target, target));
  const mine = memos.find((m) => m.authorId === store.identityId) ?? (store.identityId === null ? memos[0] : undefined);
  const others = memos.filter((m) => m !== mine);
  const [draft, setDraft] = useState(mine?.body ?? '');
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const editing = useRef(false);
  const targetKey = target.kind === 'project' ? 'project' : `${target.kind}:${target.id}`;

  // Another memo target, or the memo changed elsewhere while not being edited: show it.
  useEffect(() => {
    if (!editing.current) setDraft(mine?.body ?? '');
  }, [mine?.body, targetKey]);

  const save = async () => {
    const body = draft;
    if ((mine?.body ?? '') === body) return;
    setState('saving');
    let r;
    if (mine && body.trim() === '') r = await store.write(() => call('memos.delete', { id: mine.id }));
    else if (mine) r = await store.write(() => call('memos.update', { id: mine.id, body }));
    else if (body.trim() !== '') r = await store.write(() => call('memos.create', { target, body }));
    else r = null;
    if (r?.ok) {
      const value = r.value;
      store.updateMemos((ms) => {
        if (mine && body.trim() === '') return ms.filter((m) => m.id !== mine.id);
        if (mine) return ms.map((m) => (m.id === mine.id ? (value as Memo) : m));
        return [...ms, value as Memo];
      });
      setState('saved');
    } else setState('idle');
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div className="memo-editor">
      <label htmlFor={`${id}-body`} className="field-label">
        {label}
      </label>
      <textarea
        id={`${id}-body`}
        autoComplete="off"
        spellCheck={false}
        className="input textarea"
        rows={rows}
        value={draft}
        autoFocus={autoFocus}
        onFocus={() => (editing.current = true)}
        onChange={(e) => {
          setDraft(e.target.value);
          setState('idle');
        }}
        onBlur={() => {
          editing.current = false;
          void save();
        }}
        onKeyDown={onKey}
        aria-describedby={`${id}-hint`}
      />
      <div className="memo-actions">
        <button type="button" className="button subtle" onClick={() => void save()} disabled={state === 'saving' || (mine?.body ?? '') === draft}>
          {t('memos.save')}
        </button>
        <span id={`${id}-hint`} className="field-hint" aria-live="polite">
          {state === 'saving' ? t('memos.saving') : state === 'saved' ? t('memos.saved') : t('memos.hint')}
        </span>
      </div>
      {others.length ? (
        <ul className="memo-others" aria-label={t('memos.others')}>
          {others.map((m) => (
            <li key={m.id}>
              <p className="memo-meta">
                {t('memos.by', { name: store.team.find((x) => x.identityId === m.authorId)?.displayName ?? t('home.coderUnknown') })} · <time dateTime={m.updatedAt}>{fmt.dateTime(m.updatedAt)}</time>
              </p>
              <p className="memo-body">{m.body}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
