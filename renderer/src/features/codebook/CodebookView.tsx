/**
 * The codebook: the tree (drag and drop, or the keyboard), a new-code form, every field of the
 * chosen code with its memo and counts, merge / split / delete, the starter codebook for a new
 * project, and the version history with a readable diff.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { MemoEditor } from '../memos/MemoEditor.js';
import { useNavigate } from '../workspace/navigate.js';
import { useActions } from '../workspace/actions.js';
import { useProject } from '../workspace/store.js';
import { CodeEditor } from './CodeEditor.js';
import { DeleteCodeDialog, MergeCodeDialog, SplitCodeDialog } from './CodeDialogs.js';
import { CodeTree } from './CodeTree.js';
import { VersionHistory } from './VersionHistory.js';

type Open = { kind: 'delete' | 'merge' | 'split'; id: string } | null;

export function CodebookView({ initialCodeId }: { initialCodeId?: string | undefined }) {
  const { t } = useTranslation();
  const store = useProject();
  const actions = useActions();
  const navigate = useNavigate();
  const [selectedId, setSelectedId] = useState<string | null>(initialCodeId ?? null);
  const [newName, setNewName] = useState('');
  const [asChild, setAsChild] = useState(false);
  const [dialog, setDialog] = useState<Open>(null);
  const [starterBusy, setStarterBusy] = useState(false);

  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const c of store.codings) m.set(c.codeId, (m.get(c.codeId) ?? 0) + 1);
    return m;
  }, [store.codings]);

  const selected = store.codes.find((c) => c.id === selectedId) ?? null;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const name = newName.trim();
    if (!name) return;
    const r = await actions.createCode({ name, ...(asChild && selected ? { parentId: selected.id } : {}) });
    if (r?.ok) {
      setNewName('');
      setSelectedId(r.value.id);
    }
  };

  const starter = async () => {
    setStarterBusy(true);
    await actions.importStarter();
    setStarterBusy(false);
  };

  const dialogCode = dialog ? store.codes.find((c) => c.id === dialog.id) : undefined;

  return (
    <section className="view" aria-labelledby="codebook-title">
      <ScreenHeading intro={t('codebook.intro')}>
        <span id="codebook-title">{t('codebook.title')}</span>
      </ScreenHeading>
      {store.codes.length === 0 ? (
        <section className="card starter-card" aria-labelledby="starter-title">
          <h2 id="starter-title" className="card-title">
            {t('codebook.starter.title')}
          </h2>
          <p>{t('codebook.starter.body')}</p>
          <div className="actions">
            <button type="button" className="button primary" onClick={() => void starter()} disabled={starterBusy} aria-busy={starterBusy}>
              {t('codebook.starter.action')}
            </button>
          </div>
        </section>
      ) : null}
      <div className="codebook-layout">
        <section className="card" aria-labelledby="tree-title">
          <h2 id="tree-title" className="card-title">
            {t('codebook.codes')} <span className="count">({store.codes.length})</span>
          </h2>
          <form className="new-code" onSubmit={(e) => void create(e)}>
            <label htmlFor="new-code-name" className="field-label">
              {t('codebook.newCode')}
            </label>
            <div className="input-row">
              <input id="new-code-name" className="input" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={200} autoComplete="off" />
              <button type="submit" className="button" disabled={newName.trim() === ''}>
                {t('codebook.add')}
              </button>
            </div>
            {selected ? (
              <label className="check-inline">
                <input type="checkbox" checked={asChild} onChange={(e) => setAsChild(e.target.checked)} />
                {t('codebook.asChild', { name: selected.name })}
              </label>
            ) : null}
          </form>
          <p id="code-tree-help" className="field-hint">
            {t('codebook.treeHelp')}
          </p>
          <CodeTree codes={store.codes} counts={counts} selectedId={selectedId} onSelect={setSelectedId} onMove={(id, parentId, position) => actions.moveCode(id, parentId, position)} onDelete={(id) => setDialog({ kind: 'delete', id })} />
        </section>
        <section className="card" aria-labelledby="editor-title">
          {selected ? (
            <>
              <div className="editor-head">
                <h2 id="editor-title" className="card-title">
                  {selected.name}
                </h2>
                <p className="muted">{t('codebook.codingsCount', { count: counts.get(selected.id) ?? 0 })}</p>
              </div>
              <div className="actions">
                <button type="button" className="button subtle" onClick={() => navigate({ name: 'retrieve', codeIds: [selected.id] })}>
                  {t('codebook.retrieve')}
                </button>
                <button type="button" className="button subtle" onClick={() => setDialog({ kind: 'merge', id: selected.id })} disabled={store.codes.length < 2}>
                  {t('codebook.merge.action')}
                </button>
                <button type="button" className="button subtle" onClick={() => setDialog({ kind: 'split', id: selected.id })} disabled={(counts.get(selected.id) ?? 0) === 0}>
                  {t('codebook.split.action')}
                </button>
                <button type="button" className="button subtle danger" onClick={() => setDialog({ kind: 'delete', id: selected.id })}>
                  {t('codebook.delete.action')}
                </button>
              </div>
              <CodeEditor code={selected} />
              <MemoEditor target={{ kind: 'code', id: selected.id }} label={t('codebook.memo', { name: selected.name })} />
            </>
          ) : (
            <>
              <h2 id="editor-title" className="card-title">
                {t('codebook.noSelectionTitle')}
              </h2>
              <p className="muted">{t('codebook.noSelection')}</p>
            </>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title" className="card-title">
          {t('codebook.history.title')}
        </h2>
        <VersionHistory />
      </section>
      {dialog && dialogCode ? (
        dialog.kind === 'delete' ? (
          <DeleteCodeDialog
            code={dialogCode}
            onClose={() => {
              setDialog(null);
              if (!store.codes.some((c) => c.id === dialog.id)) setSelectedId(null);
            }}
          />
        ) : dialog.kind === 'merge' ? (
          <MergeCodeDialog code={dialogCode} onClose={() => setDialog(null)} />
        ) : (
          <SplitCodeDialog code={dialogCode} onClose={() => setDialog(null)} />
        )
      ) : null}
    </section>
  );
}
