/**
 * Importing a REFI-QDA file (.qdpx, a bare .qde, .qdc) from any tool. `interchange.import` reads
 * and plans the whole import first: a file with nothing wrong is imported at once (one
 * transaction); a file that is not entirely valid comes back with a report and the project
 * unchanged, and is imported only when the person accepts what was recovered (`acceptPartial`).
 * The report says what was recovered, what was wrong, and which sources are missing, by name.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useWrite } from '../deid/write.js';
import { useProject } from '../workspace/store.js';
import type { ImportOutcome } from './model.js';
import { ImportReportView } from './ImportReport.js';
import { PathField } from '../../components/PathField.js';

export function ImportPanel() {
  const { t } = useTranslation();
  const store = useProject();
  const write = useWrite();
  const id = useId();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<(ImportOutcome & { path: string; declined?: boolean }) | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const run = async (file: string, acceptPartial: boolean) => {
    setBusy(true);
    setError(null);
    const r = await write('interchange.import', { path: file, acceptPartial });
    setBusy(false);
    if (!r) return setOutcome(null); // the view was stale and has been refreshed (the workspace says so)
    if (!r.ok) {
      setOutcome(null);
      return setError(r.error);
    }
    setOutcome({ ...r.value, path: file });
    // What was imported shows everywhere at once: codebook, transcripts, codings, memos.
    if (r.value.applied) await store.reload();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run(path.trim(), false);
  };

  const pending = outcome && !outcome.applied && !outcome.declined ? outcome : null;
  const recoverable = pending && !pending.report.valid && Object.values(pending.report.recovered).some((n) => n > 0);

  return (
    <section className="card exchange-import" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('exchange.import.title')}
      </h2>
      <p className="muted">{t('exchange.import.intro')}</p>
      <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <PathField
          label={t('exchange.import.path')}
          hint={t('exchange.import.pathHint')}
          value={path}
          onChange={(p) => {
            setPath(p);
            setOutcome(null);
          }}
          accept=".qdpx,.qde,.qdc"
          required
          disabled={busy}
          onError={setError}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !path.trim()}>
            {busy ? t('exchange.import.busy') : t('exchange.import.submit')}
          </button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {outcome ? (
        <div className="exchange-import-result" role="status" data-testid="exchange-import-result" data-applied={String(outcome.applied)} data-valid={String(outcome.report.valid)}>
          {outcome.applied ? (
            <p className="notice notice-info">
              <span className="notice-title">{outcome.report.valid ? t('exchange.import.applied') : t('exchange.import.appliedPartial')}</span>
            </p>
          ) : outcome.declined ? (
            <p className="notice notice-info">
              <span className="notice-title">{t('exchange.import.declined')}</span>
            </p>
          ) : recoverable ? (
            <div className="notice notice-warning">
              <p className="notice-title">{t('exchange.import.partialTitle')}</p>
              <p className="notice-body">{t('exchange.import.partialBody')}</p>
              <div className="actions">
                <button type="button" className="button primary" onClick={() => void run(outcome.path, true)} disabled={busy}>
                  {t('exchange.import.accept')}
                </button>
                <button type="button" className="button" onClick={() => setOutcome({ ...outcome, declined: true })} disabled={busy}>
                  {t('exchange.import.decline')}
                </button>
              </div>
            </div>
          ) : (
            <p className="notice notice-warning">
              <span className="notice-title">{t('exchange.import.nothing')}</span>
            </p>
          )}
          <ImportReportView report={outcome.report} applied={outcome.applied} />
        </div>
      ) : null}
    </section>
  );
}
