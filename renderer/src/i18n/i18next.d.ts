// Typed keys: `t('no.such.key')` and a key missing from en.json fail the type check.
import 'i18next';
import type { Strings } from './resources.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Strings };
  }
}
