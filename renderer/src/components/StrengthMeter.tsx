/** Passphrase strength as four segments plus words: colour is never the only signal. */
import { useTranslation } from 'react-i18next';

export interface StrengthVerdict {
  ok: boolean;
  /** zxcvbn score, 0–4. */
  score: number;
  reason: string | null;
}

export function StrengthMeter({ id, verdict, pending, empty }: { id: string; verdict: StrengthVerdict | null; pending: boolean; empty: boolean }) {
  const { t } = useTranslation();
  const score = empty || !verdict ? 0 : Math.max(0, Math.min(4, verdict.score));
  const level = (['0', '1', '2', '3', '4'] as const)[score]!;
  const word = t(`passphrase.strength.${level}`);
  const state = empty ? 'empty' : !verdict ? 'pending' : verdict.ok ? 'ok' : 'weak';
  return (
    <div className="strength" id={id} data-state={state}>
      <div
        className="strength-bar"
        role="meter"
        aria-label={t('passphrase.strength.label')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={empty ? t('passphrase.strength.empty') : word}
      >
        {[1, 2, 3, 4].map((n) => (
          <span key={n} className="strength-segment" data-filled={!empty && verdict !== null && n <= score ? 'true' : 'false'} />
        ))}
      </div>
      <p className="strength-text" aria-live="polite">
        {empty ? (
          t('passphrase.strength.empty')
        ) : !verdict ? (
          t('passphrase.strength.checking')
        ) : (
          <>
            <strong>{t('passphrase.strength.summary', { level: word })}</strong>{' '}
            {verdict.ok ? t('passphrase.strength.enough') : verdict.reason ? t('passphrase.strength.reason', { reason: verdict.reason }) : null}
            {pending ? <span className="visually-hidden">{t('passphrase.strength.checking')}</span> : null}
          </>
        )}
      </p>
    </div>
  );
}
