/**
 * A passphrase input with a show/hide toggle and, for new passphrases, the strength meter.
 * Spellcheck and autocorrect are off so the passphrase never reaches a dictionary service.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { StrengthMeter, type StrengthVerdict } from './StrengthMeter.js';

export interface PassphraseFieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
  hint?: ReactNode;
  /** Pass the live verdict to show the strength meter. */
  strength?: { verdict: StrengthVerdict | null; pending: boolean };
  required?: boolean;
  autoFocus?: boolean;
}

export function PassphraseField({ label, value, onChange, autoComplete, hint, strength, required, autoFocus }: PassphraseFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [visible, setVisible] = useState(false);
  const hintId = `${id}-hint`;
  const meterId = `${id}-strength`;
  const describedBy = [hint ? hintId : null, strength ? meterId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="input-row">
        <input
          id={id}
          className="input"
          type={visible ? 'text' : 'password'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={describedBy}
          required={required}
          autoFocus={autoFocus}
        />
        <button type="button" className="button subtle" aria-pressed={visible} aria-controls={id} onClick={() => setVisible((v) => !v)}>
          {visible ? t('common.hide') : t('common.show')}
          <span className="visually-hidden"> {t('passphrase.label')}</span>
        </button>
      </div>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {strength ? <StrengthMeter id={meterId} verdict={strength.verdict} pending={strength.pending} empty={value.length === 0} /> : null}
    </div>
  );
}
