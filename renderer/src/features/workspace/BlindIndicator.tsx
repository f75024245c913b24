/**
 * While blind coding is on, every view of the project says so, above the view (the reader
 * included), with one button that switches it off: a coder must never mistake "no one else coded
 * this" for "I cannot see what others coded".
 */
import { useTranslation } from 'react-i18next';
import { useProject } from './store.js';
import './blind.css';

export function BlindIndicator() {
  const { t } = useTranslation();
  const store = useProject();
  if (!store.mineOnly) return null;
  return (
    <div className="notice notice-calm blind-indicator" role="status" data-testid="blind-indicator">
      <p className="blind-indicator-text">
        <span className="blind-indicator-mark" aria-hidden="true">
          ◐
        </span>{' '}
        <strong>{t('ws.blind.title')}</strong> <span className="muted">{t('ws.blind.body')}</span>
      </p>
      <button type="button" className="button small" onClick={() => void store.setMineOnly(false)}>
        {t('ws.blind.off')}
      </button>
    </div>
  );
}
