/** The project's transcripts: import them, then see them listed. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { ImportPanel } from './ImportPanel.js';
import { TranscriptTable } from './TranscriptTable.js';
import type { TranscriptSummary } from './types.js';

export function TranscriptsView() {
  const { t } = useTranslation();
  const [transcripts, setTranscripts] = useState<TranscriptSummary[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const load = useCallback(async () => {
    const r = await call('transcripts.list', {});
    if (r.ok) {
      setTranscripts(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="stack">
      <ImportPanel onImported={() => void load()} />
      <section className="card" aria-labelledby="transcripts-title">
        <h2 id="transcripts-title" className="card-title">
          {t('transcripts.title')}
          {transcripts ? <span className="count"> ({transcripts.length})</span> : null}
        </h2>
        {error ? <ErrorNotice error={error} /> : null}
        {transcripts ? <TranscriptTable transcripts={transcripts} /> : <p className="muted">{t('app.loading')}</p>}
      </section>
    </div>
  );
}
