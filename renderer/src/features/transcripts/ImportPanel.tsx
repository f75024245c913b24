/**
 * Import: pick files, pick a folder, or drop either. The shell gives each File its real path;
 * the backend reads the files itself (the page never reads transcript bytes).
 */
import { useId, useState, type ChangeEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useImport, type ImportItem, type ImportRun } from './useImport.js';

const ACCEPT = '.txt,.md,.markdown,.docx,.vtt,.srt';
const UTF8 = new Set(['utf-8', 'utf-8-bom']);

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const { run, start, busy } = useImport(onImported);
  const [dragging, setDragging] = useState(false);

  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const files = e.target.files ? [...e.target.files] : [];
    e.target.value = ''; // the same files can be picked again
    void start(files);
  };
  const dropped = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (busy) return;
    void start([...e.dataTransfer.files]);
  };
  const over = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };

  return (
    <section className="card import-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('import.title')}
      </h2>
      <div className="drop-zone" data-active={dragging ? 'true' : 'false'} onDragOver={over} onDragEnter={over} onDragLeave={() => setDragging(false)} onDrop={dropped} data-testid="drop-zone">
        <p className="drop-zone-text">{t('import.drop')}</p>
        <div className="actions center">
          <input id={`${id}-files`} className="visually-hidden file-input" type="file" multiple accept={ACCEPT} onChange={picked} disabled={busy} />
          <label htmlFor={`${id}-files`} className="button">
            {t('import.chooseFiles')}
          </label>
          <input
            id={`${id}-folder`}
            className="visually-hidden file-input"
            type="file"
            multiple
            onChange={picked}
            disabled={busy}
            ref={(el) => {
              // Not in React's input typings; Chromium (and so Electron) support it.
              el?.setAttribute('webkitdirectory', '');
            }}
          />
          <label htmlFor={`${id}-folder`} className="button">
            {t('import.chooseFolder')}
          </label>
        </div>
        <p className="field-hint">{t('import.formats')}</p>
      </div>
      {run ? <ImportProgress run={run} /> : null}
    </section>
  );
}

function ImportProgress({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const id = useId();
  const count = (s: ImportItem['state']) => run.items.filter((it) => it.state === s).length;
  return (
    <div className="import-progress">
      <p id={`${id}-status`} className="import-status" role="status">
        {run.running
          ? t('import.progress', { done: run.done, total: run.total })
          : t('import.summary', { imported: count('imported'), duplicate: count('duplicate'), rejected: count('rejected') })}
      </p>
      {run.running ? <progress className="progress" max={Math.max(run.total, 1)} value={run.done} aria-labelledby={`${id}-status`} /> : null}
      {run.error ? <ErrorNotice error={run.error} /> : null}
      <ul className="import-results" aria-label={t('import.results')}>
        {run.items.map((it) => (
          <ImportResultRow key={it.key} item={it} />
        ))}
      </ul>
    </div>
  );
}

function ImportResultRow({ item }: { item: ImportItem }) {
  const { t } = useTranslation();
  // Backend messages start with the file's name; the row shows the name once.
  const prefix = `${item.name}: `;
  const backendMessage = item.message?.startsWith(prefix) ? item.message.slice(prefix.length) : item.message;
  // An imported file needs no words beyond its badge, unless it was not read as UTF-8: worth a look.
  const message =
    item.problem === 'noPath'
      ? t('import.noPath')
      : item.state === 'imported'
        ? item.encoding && !UTF8.has(item.encoding)
          ? t('import.readAs', { encoding: item.encoding })
          : null
        : backendMessage;
  return (
    <li className="import-result" data-state={item.state}>
      <span className="import-result-name" translate="no">
        {item.name}
      </span>
      <span className={`status status-${item.state}`}>{t(`import.status.${item.state}`)}</span>
      {message ? <span className="import-result-message">{message}</span> : null}
    </li>
  );
}
