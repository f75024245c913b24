/** The UI language, switched at once; nothing is stored (no browser storage, DESIGN principle 1). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, LANGUAGES } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('header.language')}</label>
      <select
        id={id}
        className="select"
        value={currentLanguage()}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void i18n.changeLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
