/**
 * An import report as `interchange.import` gives it: the file, its tool, what was (or would be)
 * recovered, what was wrong, the sources whose text is missing (by name), how positions were read,
 * and the transcripts it became or matched. Problem lines come from the backend and never carry
 * source text.
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import type { ImportReport } from './model.js';

const RECOVERED = ['codes', 'users', 'sources', 'codings', 'memos', 'variables'] as const;

export function ImportReportView({ report: r, applied }: { report: ImportReport; applied: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="exchange-report" data-testid="exchange-import-report">
      <dl className="exchange-facts">
        <dt>{t('exchange.import.file')}</dt>
        <dd>
          <code className="exchange-path-text">{r.file}</code> <span className="tag">{r.format}</span>
        </dd>
        <dt>{t('exchange.import.origin')}</dt>
        <dd>{r.origin ?? t('exchange.import.noOrigin')}</dd>
        <dt>{t('exchange.import.validity')}</dt>
        <dd>{r.valid ? t('exchange.import.valid') : t('exchange.import.invalid')}</dd>
        {r.positions ? (
          <>
            <dt>{t('exchange.import.positions')}</dt>
            <dd>{t(`exchange.import.unit.${r.positions.unit}`)}</dd>
          </>
        ) : null}
      </dl>
      <h3 className="side-title">{applied ? t('exchange.import.recoveredApplied') : t('exchange.import.recoveredPending')}</h3>
      <ul className="exchange-counts" aria-label={applied ? t('exchange.import.recoveredApplied') : t('exchange.import.recoveredPending')}>
        {RECOVERED.map((k) => (
          <li key={k}>
            <strong>{f.number(r.recovered[k])}</strong> {t(`exchange.import.count.${k}`, { count: r.recovered[k] })}
          </li>
        ))}
      </ul>
      {r.problems.length ? (
        <>
          <h3 className="side-title">{t('exchange.import.problems', { count: r.problems.length })}</h3>
          <ul className="exchange-problems">
            {r.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      {r.missingSources.length ? (
        <>
          <h3 className="side-title">{t('exchange.import.missing', { count: r.missingSources.length })}</h3>
          <ul className="exchange-missing" aria-label={t('exchange.import.missingLabel')}>
            {r.missingSources.map((name, i) => (
              <li key={i}>{name}</li>
            ))}
          </ul>
        </>
      ) : null}
      {r.notes.length ? (
        <details className="exchange-details">
          <summary>{t('exchange.import.notes', { count: r.notes.length })}</summary>
          <ul>
            {r.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.transcripts.length ? (
        <details className="exchange-details">
          <summary>{t('exchange.import.transcripts', { count: r.transcripts.length })}</summary>
          <ul>
            {r.transcripts.map((tr) => (
              <li key={tr.id}>
                {tr.title} — {tr.matched ? t('exchange.import.matched') : applied ? t('exchange.import.added') : t('exchange.import.wouldAdd')}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
