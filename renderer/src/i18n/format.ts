/** Numbers and dates in the UI language (Intl only: nothing to download). */
import { useTranslation } from 'react-i18next';

const cache = new Map<string, ReturnType<typeof makeFormat>>();

export function useFormat() {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  // Intl formatters are costly to make; one set per language.
  let f = cache.get(lang);
  if (!f) cache.set(lang, (f = makeFormat(lang)));
  return f;
}

function makeFormat(lang: string) {
  const number = new Intl.NumberFormat(lang);
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short' });
  const shortDate = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  return {
    number: (n: number) => number.format(n),
    dateTime: (iso: string) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
    },
    /** Just the date of a moment, e.g. "28 Nov 2026". */
    shortDate: (iso: string) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : shortDate.format(d);
    },
    /** A local calendar day, YYYY-MM-DD. */
    date: (ymd: string) => {
      const [y, m, dd] = ymd.split('-').map(Number);
      const d = new Date(y ?? 0, (m ?? 1) - 1, dd ?? 1);
      return Number.isNaN(d.getTime()) ? ymd : day.format(d);
    },
  };
}
