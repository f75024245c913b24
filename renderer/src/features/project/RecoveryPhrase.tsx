/**
 * The recovery phrase, shown this once (DESIGN: it crosses IPC once and is never stored). There is
 * no copy button on purpose: clipboard managers keep what they see.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.js';

export function RecoveryPhrase({ phrase, onDone }: { phrase: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const checkId = useId();
  const words = phrase.trim().split(/\s+/);
  return (
    <section className="screen narrow" aria-labelledby="recovery-title">
      <ScreenHeading intro={t('project.recovery.intro')}>
        <span id="recovery-title">{t('project.recovery.title')}</span>
      </ScreenHeading>
      <div className="card">
        <ol className="recovery-words" aria-label={t('project.recovery.wordsLabel')} translate="no">
          {words.map((w, i) => (
            <li key={i}>
              <span className="recovery-index" aria-hidden="true">
                {i + 1}
              </span>
              <span className="recovery-word">{w}</span>
            </li>
          ))}
        </ol>
        <p className="notice notice-warning">{t('project.recovery.warning')}</p>
        <div className="field check-field">
          <input id={checkId} type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          <label htmlFor={checkId}>{t('project.recovery.confirm')}</label>
        </div>
        <div className="actions">
          <button type="button" className="button primary" disabled={!confirmed} onClick={onDone}>
            {t('project.recovery.continue')}
          </button>
        </div>
      </div>
    </section>
  );
}
