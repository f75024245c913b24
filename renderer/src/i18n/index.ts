/**
 * i18next set up once, synchronously, before the first render. Every UI string goes through
 * `t()`; en.json and id.json carry the same keys (a unit test checks). The language is chosen
 * from the system and switched in the header; it is not stored anywhere (no browser storage).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, id } from './resources.js';

export const LANGUAGES = ['en', 'id'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(s: string): s is Language {
  return (LANGUAGES as readonly string[]).includes(s);
}

function systemLanguage(): Language {
  const preferred = typeof navigator !== 'undefined' ? navigator.languages : [];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function initI18n(): typeof i18n {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, id: { translation: id } },
    lng: systemLanguage(),
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  const sync = (lng: string) => {
    document.documentElement.lang = lng;
  };
  sync(i18n.language);
  i18n.on('languageChanged', sync);
  return i18n;
}

export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(l) ? l : 'en';
}
