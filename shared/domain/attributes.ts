/** Transcript attributes: the built-in ones every study records, plus team-defined ones. Pure. */
import { INTERVIEW_TYPES, type AttributeDef, type AttributeValue } from '../contract/schemas.js';
import { err, ok, type Result } from '../result.js';

export const BUILTIN_ATTRIBUTES: readonly AttributeDef[] = [
  { key: 'interview_type', name: 'Interview type', type: 'choice', choices: [...INTERVIEW_TYPES], builtin: true },
  { key: 'country', name: 'Country', type: 'text', builtin: true },
  { key: 'language', name: 'Language (BCP-47)', type: 'text', builtin: true },
  { key: 'date', name: 'Interview date', type: 'date', builtin: true },
  { key: 'interviewer', name: 'Interviewer', type: 'text', builtin: true },
  { key: 'consent_quoting', name: 'Consent: quoting', type: 'boolean', builtin: true },
  { key: 'consent_archiving', name: 'Consent: archiving', type: 'boolean', builtin: true },
  { key: 'consent_sharing', name: 'Consent: sharing with other country teams', type: 'boolean', builtin: true },
  { key: 'sensitivity_note', name: 'Sensitivity note', type: 'text', builtin: true },
];

export const attributeKey = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60) || 'attribute';

const YES = new Set(['yes', 'y', 'true', '1', 'ya']);
const NO = new Set(['no', 'n', 'false', '0', 'tidak']);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks (and, for strings from the CLI, converts) a value for its attribute. `null` clears it. */
export function coerceAttribute(def: AttributeDef, value: AttributeValue): Result<AttributeValue> {
  if (value === null) return ok(null);
  const bad = (why: string) => err('INVALID_INPUT', `attribute ${def.key}: ${why}`);
  switch (def.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return ok(value);
      const s = String(value).trim().toLowerCase();
      if (YES.has(s)) return ok(true);
      if (NO.has(s)) return ok(false);
      return bad(`expected yes or no, got "${String(value)}"`);
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(n) && String(value).trim() !== '' ? ok(n) : bad(`expected a number, got "${String(value)}"`);
    }
    case 'date': {
      const s = String(value).trim();
      if (!DATE_RE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) return bad(`expected a date as YYYY-MM-DD, got "${s}"`);
      return ok(s);
    }
    case 'choice': {
      const s = String(value).trim();
      const hit = def.choices?.find((c) => c.toLowerCase() === s.toLowerCase());
      return hit ? ok(hit) : bad(`expected one of ${(def.choices ?? []).join(', ')}, got "${s}"`);
    }
    case 'text': {
      const s = String(value);
      if (def.key === 'language' && s.trim() !== '') {
        try {
          return ok(Intl.getCanonicalLocales(s.trim())[0]!);
        } catch {
          return bad(`"${s}" is not a BCP-47 language tag (e.g. id, en-KE, sw)`);
        }
      }
      return s.length > 20000 ? bad('longer than 20,000 characters') : ok(s);
    }
  }
}
