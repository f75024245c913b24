/** Scans the whole project (transcripts and every peripheral channel), with the backend's progress and a summary of what it found. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { CoverageLine } from './CoverageLine.js';
import type { ScanResult } from './types.js';
import { useWrite } from './write.js';

export function ScanPanel({ onScanned }: { onScanned: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const write = useWrite();

  useEffect(
    () =>
      onEvent('progress', (p) => {
        if (p.task === 'deid.scan') setProgress({ done: p.done, total: p.total });
      }),
    [],
  );

  const scan = async () => {
    setRunning(true);
    setError(null);
    setProgress(null);
    const r = await write('deid.scan', {});
    setRunning(false);
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setResult(r.value);
    onScanned();
  };

  const cov = result?.coverage;
  return (
    <section className="card deid-scan" aria-labelledby="deid-scan-title">
      <div className="deid-scan-head">
        <h2 id="deid-scan-title" className="card-title">
          {t('deid.scan.title')}
        </h2>
        <button type="button" className="button primary" onClick={() => void scan()} disabled={running}>
          {running ? t('deid.scan.running') : t('deid.scan.start')}
        </button>
      </div>
      <p className="field-hint">{t('deid.scan.hint')}</p>
      {running ? (
        <div className="deid-progress">
          <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t('deid.scan.progressLabel')} />
          <span role="status">{progress ? t('deid.scan.progress', { done: progress.done, total: progress.total }) : t('deid.scan.running')}</span>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {result && cov && !running ? (
        <div role="status" className="deid-scan-summary">
          <p>
            {t('deid.scan.summary', {
              documents: fmt.number(result.documents),
              candidates: fmt.number(result.candidates),
              entities: fmt.number(result.entities),
              undecided: fmt.number(result.undecided),
              seconds: (result.ms / 1000).toFixed(1),
            })}
          </p>
          <p className="muted small-text">{t('deid.scan.changes', { added: fmt.number(result.added), removed: fmt.number(result.removed) })}</p>
          <CoverageLine coverage={cov} className="muted small-text" />
        </div>
      ) : null}
    </section>
  );
}
