/**
 * What an export wrote: each file with its size, the signed manifest beside it, the label the
 * gate gave, what it holds and what it left out (counts and reasons only, as the manifest has them).
 */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import type { ExportResult } from './model.js';

export function ExportDone({ result, onVerify }: { result: ExportResult; onVerify: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const m = result.manifest;
  return (
    <div className="notice notice-info exchange-done" role="status" data-testid="exchange-done" data-label={result.label}>
      <p className="notice-title">{t('exchange.done.title', { count: result.files.length, label: t(`exchange.label.${result.label}`) })}</p>
      <ul className="exchange-files" aria-label={t('exchange.done.files')}>
        {result.files.map((file) => (
          <li key={file.path}>
            <code className="exchange-path-text">{file.path}</code> <span className="muted">{t('exchange.bytes', { size: f.number(file.bytes) })}</span>
          </li>
        ))}
      </ul>
      <p>
        {t('exchange.done.manifest')} <code className="exchange-path-text">{result.manifestPath}</code>
      </p>
      <p>
        {t('exchange.done.holds')}{' '}
        {[
          t('exchange.what.transcript', { count: m.counts.transcripts, n: f.number(m.counts.transcripts) }),
          t('exchange.what.participant', { count: m.counts.participants, n: f.number(m.counts.participants) }),
          t('exchange.what.code', { count: m.counts.codes, n: f.number(m.counts.codes) }),
          t('exchange.what.coding', { count: m.counts.codings, n: f.number(m.counts.codings) }),
          t('exchange.what.memo', { count: m.counts.memos, n: f.number(m.counts.memos) }),
        ].join(' · ')}
      </p>
      {m.positions ? <p>{t(`exchange.done.positions.${m.positions}`)}</p> : null}
      {m.reviewer ? <p>{t('exchange.done.reviewer', { fingerprint: m.reviewer.reviewerFingerprint, at: f.dateTime(m.reviewer.signedAt) })}</p> : null}
      {m.excluded.length ? (
        <>
          <p>{t('exchange.done.excluded')}</p>
          <ul>
            {m.excluded.map((x, i) => (
              <li key={i}>
                {t(`exchange.what.${x.what}`, { count: x.count, n: f.number(x.count) })}: {x.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="button" onClick={onVerify}>
          {t('exchange.done.verify')}
        </button>
      </div>
    </div>
  );
}
