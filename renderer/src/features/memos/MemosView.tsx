/** Every memo in the project (project, transcript, code, coded segment), filterable, each opening where it belongs. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { useFormat } from '../../i18n/format.js';
import { useNavigate } from '../workspace/navigate.js';
import { useProject } from '../workspace/store.js';
import type { Memo } from '../workspace/types.js';
import { MemoEditor } from './MemoEditor.js';

type Kind = 'all' | Memo['target']['kind'];
const KINDS: Kind[] = ['all', 'project', 'transcript', 'code', 'coding'];
const PREVIEW = 240;

export function MemosView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const navigate = useNavigate();
  const [kind, setKind] = useState<Kind>('all');
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<string | null>(null);

  const describe = (m: Memo): { label: string; open?: () => void } => {
    const tgt = m.target;
    switch (tgt.kind) {
      case 'project':
        return { label: t('memos.target.project') };
      case 'transcript': {
        const tr = store.transcripts?.find((x) => x.id === tgt.id);
        return { label: t('memos.target.transcript', { title: tr?.title ?? '?' }), open: () => navigate({ name: 'read', transcriptId: tgt.id }) };
      }
      case 'code': {
        const c = store.codes.find((x) => x.id === tgt.id);
        return { label: t('memos.target.code', { name: c?.name ?? '?' }), open: () => navigate({ name: 'codebook', codeId: tgt.id }) };
      }
      case 'coding': {
        const coding = store.codings.find((x) => x.id === tgt.id);
        const c = coding ? store.codes.find((x) => x.id === coding.codeId) : undefined;
        const tr = coding ? store.transcripts?.find((x) => x.id === coding.transcriptId) : undefined;
        return {
          label: t('memos.target.coding', { name: c?.name ?? '?', title: tr?.title ?? '?' }),
          ...(coding ? { open: () => navigate({ name: 'read', transcriptId: coding.transcriptId, focus: { start: coding.start, end: coding.end } }) } : {}),
        };
      }
    }
  };

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    return [...store.memos]
      .filter((m) => (kind === 'all' || m.target.kind === kind) && (!q || m.body.toLocaleLowerCase().includes(q)))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  }, [store.memos, kind, query]);

  return (
    <section className="view" aria-labelledby="memos-title">
      <ScreenHeading intro={t('memos.intro')}>
        <span id="memos-title">{t('memos.title')}</span>
      </ScreenHeading>
      <section className="card" aria-labelledby="project-memo-title">
        <h2 id="project-memo-title" className="card-title">
          {t('memos.projectMemo')}
        </h2>
        <MemoEditor target={{ kind: 'project' }} label={t('memos.projectMemoLabel', { name: store.project.name })} rows={5} />
      </section>
      <section className="card" aria-labelledby="memo-list-title">
        <h2 id="memo-list-title" className="card-title">
          {t('memos.all')} <span className="count">({store.memos.length})</span>
        </h2>
        <div className="table-tools">
          <div className="field inline">
            <label htmlFor="memo-kind" className="field-label">
              {t('memos.kind')}
            </label>
            <select id="memo-kind" className="select" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`memos.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <label htmlFor="memo-filter" className="field-label">
              {t('memos.filter')}
            </label>
            <input id="memo-filter" className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} autoComplete="off" />
          </div>
        </div>
        {shown.length === 0 ? (
          <p className="muted">{store.memos.length === 0 ? t('memos.none') : t('memos.noneMatch')}</p>
        ) : (
          <ul className="memo-list" aria-label={t('memos.listLabel')}>
            {shown.map((m) => {
              const d = describe(m);
              const author = m.authorId === store.identityId ? t('home.you') : (store.team.find((x) => x.identityId === m.authorId)?.displayName ?? t('home.coderUnknown'));
              return (
                <li key={m.id} className="memo-item">
                  <div className="memo-item-head">
                    <span className="memo-target">{d.label}</span>
                    <span className="memo-meta">
                      {t('memos.by', { name: author })} · <time dateTime={m.updatedAt}>{fmt.dateTime(m.updatedAt)}</time>
                    </span>
                  </div>
                  {editing === m.id ? (
                    <MemoEditor target={m.target} label={t('memos.editLabel', { target: d.label })} autoFocus />
                  ) : (
                    <p className="memo-body">{m.body.length > PREVIEW ? `${m.body.slice(0, PREVIEW)}…` : m.body}</p>
                  )}
                  <div className="actions">
                    {d.open ? (
                      <button type="button" className="button subtle" onClick={d.open}>
                        {t('memos.open')}
                      </button>
                    ) : null}
                    <button type="button" className="button subtle" onClick={() => setEditing(editing === m.id ? null : m.id)} aria-expanded={editing === m.id}>
                      {editing === m.id ? t('memos.done') : t('memos.edit')}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </section>
  );
}
