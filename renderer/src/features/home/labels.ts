/** How attribute values read in the UI language: interview types and yes/no translated, the rest as entered. */
import type { TFunction } from 'i18next';
import type { AttributeDef, AttributeValue } from '../workspace/types.js';

export function attributeValueLabel(def: AttributeDef, value: AttributeValue | undefined, t: TFunction): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? t('home.attr.yes') : t('home.attr.no');
  if (def.key === 'interview_type') return t(`home.interviewType.${String(value)}` as 'home.interviewType.other', { defaultValue: String(value) });
  return String(value);
}
