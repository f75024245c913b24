/** Numbers and dates in the UI language (Intl only: nothing to download). */
import { useTranslation } from 'react-i18next';

export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const number = new Intl.NumberFormat(lang);
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    number: (n: number) => number.format(n),
    dateTime: (iso: string) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
    },
  };
}
