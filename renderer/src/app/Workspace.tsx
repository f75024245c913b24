/**
 * The open project: a navigation rail (home, reader, codebook, memos, retrieve, search, care and
 * settings), the undo/redo bar, and the current view. Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and
 * redo coding and codebook actions from anywhere but a text field; Alt+1…7 switch views.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { CareView } from '../features/care/CareView.js';
import { usePacing } from '../features/care/usePacing.js';
import { CodebookView } from '../features/codebook/CodebookView.js';
import { DeidView } from '../features/deid/DeidView.js';
import { ExchangeView } from '../features/exchange/ExchangeView.js';
import { HomeView } from '../features/home/HomeView.js';
import { MemosView } from '../features/memos/MemosView.js';
import type { ProjectInfo } from '../features/project/types.js';
import { ReaderView } from '../features/reader/ReaderView.js';
import { RetrieveView } from '../features/retrieve/RetrieveView.js';
import { SearchView } from '../features/search/SearchView.js';
import { TeamView } from '../features/team/TeamView.js';
import { BlindIndicator } from '../features/workspace/BlindIndicator.js';
import { NavigateContext } from '../features/workspace/navigate.js';
import { ProjectProvider, useProject } from '../features/workspace/store.js';
import type { View, ViewName } from '../features/workspace/types.js';

export function Workspace({ project, identityId }: { project: ProjectInfo; identityId: string | null }) {
  return (
    <ProjectProvider project={project} identityId={identityId}>
      <WorkspaceShell />
    </ProjectProvider>
  );
}

const NAV: ViewName[] = ['home', 'read', 'codebook', 'memos', 'retrieve', 'search', 'care', 'deid', 'team', 'exchange'];

const isTextField = (el: Element | null) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

function WorkspaceShell() {
  const { t } = useTranslation();
  const store = useProject();
  const [view, setView] = useState<View>({ name: 'home' });
  const [lastRead, setLastRead] = useState<string | null>(null);
  const pacing = usePacing(view.name === 'read' ? view.transcriptId : null);

  const checkFresh = store.checkFresh;
  const navigate = useCallback(
    (v: View) => {
      if (v.name === 'read') setLastRead(v.transcriptId);
      setView(v);
      // A new view is a good moment to notice another window's changes.
      void checkFresh();
    },
    [checkFresh],
  );

  const go = useCallback(
    (name: ViewName) => {
      if (name === 'read') {
        if (lastRead) navigate({ name: 'read', transcriptId: lastRead });
      } else navigate({ name } as View);
    },
    [lastRead, navigate],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && (e.key === 'z' || e.key === 'Z' || e.key === 'y')) {
        if (isTextField(document.activeElement)) return; // the field's own undo
        e.preventDefault();
        if (e.key === 'y' || e.shiftKey) void store.redo();
        else void store.undo();
        return;
      }
      if (e.altKey && !mod && /^[1-9]$/.test(e.key) && Number(e.key) <= NAV.length) {
        e.preventDefault();
        go(NAV[Number(e.key) - 1]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, go]);

  const undoTop = store.undoStack[store.undoStack.length - 1];
  const redoTop = store.redoStack[store.redoStack.length - 1];

  return (
    <NavigateContext.Provider value={navigate}>
      <div className="ws">
        <nav className="ws-nav" aria-label={t('ws.nav.label')}>
          <ul>
            {NAV.map((name, i) => {
              const disabled = name === 'read' && lastRead === null;
              return (
                <li key={name}>
                  <button type="button" className="ws-nav-item" aria-current={view.name === name ? 'page' : undefined} disabled={disabled} onClick={() => go(name)} aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}>
                    <span className="ws-nav-icon" aria-hidden="true">
                      {ICONS[name]}
                    </span>
                    <span>{t(`ws.nav.${name}`)}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="ws-body">
          <div className="ws-bar">
            <div className="ws-history" role="group" aria-label={t('ws.history')}>
              <button type="button" className="button subtle" onClick={() => void store.undo()} disabled={!undoTop} aria-keyshortcuts="Control+Z" title={undoTop ? t('ws.undoWhat', { label: undoTop.label }) : undefined}>
                {t('ws.undo.button')}
                {undoTop ? <span className="visually-hidden">: {undoTop.label}</span> : null}
              </button>
              <button type="button" className="button subtle" onClick={() => void store.redo()} disabled={!redoTop} aria-keyshortcuts="Control+Shift+Z" title={redoTop ? t('ws.redoWhat', { label: redoTop.label }) : undefined}>
                {t('ws.redo')}
                {redoTop ? <span className="visually-hidden">: {redoTop.label}</span> : null}
              </button>
              {undoTop ? <span className="ws-history-label muted">{t('ws.last', { label: undoTop.label })}</span> : null}
            </div>
            <div className="ws-notices" aria-live="polite">
              {store.notice?.kind === 'refreshed' ? (
                <p className="notice notice-info inline" role="status">
                  {t('ws.refreshed')}{' '}
                  <button type="button" className="button link small" onClick={() => store.setNotice(null)}>
                    {t('common.dismiss')}
                  </button>
                </p>
              ) : null}
              {store.notice?.kind === 'done' ? (
                <p className="notice notice-info inline" role="status">
                  {store.notice.text}
                </p>
              ) : null}
            </div>
          </div>
          <BlindIndicator />
          {store.notice?.kind === 'error' ? (
            <div className="ws-error">
              <ErrorNotice error={store.notice.error} />
              <button type="button" className="button link small" onClick={() => store.setNotice(null)}>
                {t('common.dismiss')}
              </button>
            </div>
          ) : null}
          {pacing.reminder ? (
            <div className="notice notice-calm pacing" role="status">
              <p className="notice-title">{t('care.pacing.title', { minutes: pacing.minutes ?? 0 })}</p>
              <p>{t('care.pacing.body')}</p>
              <div className="actions">
                <button type="button" className="button" onClick={pacing.later}>
                  {t('care.pacing.later')}
                </button>
                <button type="button" className="button link" onClick={pacing.dismiss}>
                  {t('care.pacing.dismiss')}
                </button>
              </div>
            </div>
          ) : null}
          {renderView()}
        </div>
      </div>
    </NavigateContext.Provider>
  );

  function renderView() {
    switch (view.name) {
      case 'home':
        return <HomeView onOpen={(id) => navigate({ name: 'read', transcriptId: id })} />;
      case 'read':
        return <ReaderView key={view.transcriptId} transcriptId={view.transcriptId} focus={view.focus} onBack={() => navigate({ name: 'home' })} />;
      case 'codebook':
        return <CodebookView initialCodeId={view.codeId} />;
      case 'memos':
        return <MemosView />;
      case 'retrieve':
        return <RetrieveView initialCodeIds={view.codeIds} />;
      case 'search':
        return <SearchView />;
      case 'care':
        return <CareView />;
      case 'deid':
        return <DeidView />;
      case 'team':
        return <TeamView />;
      case 'exchange':
        return <ExchangeView />;
    }
  }
}

const ICONS: Record<ViewName, string> = {
  home: '⌂',
  read: '¶',
  codebook: '≡',
  memos: '✎',
  retrieve: '⇲',
  search: '⌕',
  care: '☼',
  deid: '⊘',
  team: '⇄',
  exchange: '⇅',
};
