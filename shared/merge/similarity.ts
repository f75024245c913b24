/**
 * Fuzzy match suggestions between codes two codebooks do not share by GUID or by name. Never applied
 * on their own: the lead confirms each one. Every suggestion says what it rests on, because the
 * bases differ in how far they can be trusted:
 * - 'translation': a name (or translated name) of one code equals, or nearly equals, a translated
 *   name of the other in the same language: a cross-language match through the translation fields.
 * - 'name-and-definition': both names and definitions are similar as strings.
 * - 'string-similarity': only the names are similar as strings (no definitions to compare). Plain
 *   string similarity says nothing about meaning and misleads across languages; labelled as such.
 */
import type { Code } from '../contract/schemas.js';
import { matchKey, matchWords } from './normalise.js';

export type SuggestionBasis = 'translation' | 'name-and-definition' | 'string-similarity';

export interface Candidate {
  oursId: string;
  score: number;
  basis: SuggestionBasis;
  /** The language of the translation field that matched ('translation' only). */
  language: string | null;
  note: string;
}

/** Character trigrams of a name in match form, padded so short names still have some. */
function trigrams(key: string): Set<string> {
  const s = `  ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) out.add(s.slice(i, i + 3));
  return out;
}

/** Sørensen–Dice coefficient of two sets. */
function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Jaccard similarity of two word sets. */
function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

interface Profile {
  id: string;
  nameKey: string;
  nameGrams: Set<string>;
  defWords: Set<string>;
  /** language -> name key of the translation. */
  translations: Map<string, string>;
}

function profile(c: Code): Profile {
  const nameKey = matchKey(c.name);
  const def = [c.shortDefinition, c.definition].filter(Boolean).join(' ');
  const translations = new Map<string, string>();
  for (const [lang, t] of Object.entries(c.translations ?? {})) if (t?.name) translations.set(lang.toLowerCase(), matchKey(t.name));
  return { id: c.id, nameKey, nameGrams: trigrams(nameKey), defWords: new Set(matchWords(def)), translations };
}

const SUGGEST_AT = 0.55;
const TRANSLATION_AT = 0.8;
const MAX_CANDIDATES = 3;

/** The best cross-language match through translation fields, if any. */
function translationMatch(a: Profile, b: Profile): { score: number; language: string; note: string } | null {
  let best: { score: number; language: string; note: string } | null = null;
  const consider = (x: string, y: string, language: string, note: string) => {
    const score = x === y ? 1 : dice(trigrams(x), trigrams(y));
    if (score >= TRANSLATION_AT && (!best || score > best.score)) best = { score, language, note };
  };
  for (const [lang, t] of b.translations) consider(a.nameKey, t, lang, `their name matches our ${lang} translation`);
  for (const [lang, t] of a.translations) consider(t, b.nameKey, lang, `their ${lang} translation matches our name`);
  for (const [lang, t] of a.translations) {
    const u = b.translations.get(lang);
    if (u !== undefined) consider(t, u, lang, `both ${lang} translations match`);
  }
  return best;
}

/**
 * Up to three candidates among `ours` for each code of `theirs`, best first. `ours` should be the
 * codes a new code could be a duplicate of.
 */
export function suggestMatches(theirs: readonly Code[], ours: readonly Code[]): Map<string, Candidate[]> {
  const oursProfiles = ours.map(profile);
  const out = new Map<string, Candidate[]>();
  for (const t of theirs) {
    const a = profile(t);
    const found: Candidate[] = [];
    for (const b of oursProfiles) {
      const tr = translationMatch(a, b);
      if (tr) {
        found.push({ oursId: b.id, score: round(tr.score), basis: 'translation', language: tr.language, note: tr.note });
        continue;
      }
      const name = Math.max(dice(a.nameGrams, b.nameGrams), jaccard(new Set(a.nameKey.split(' ')), new Set(b.nameKey.split(' '))));
      if (a.defWords.size > 0 && b.defWords.size > 0) {
        const def = jaccard(a.defWords, b.defWords);
        const score = 0.6 * name + 0.4 * def;
        if (score >= SUGGEST_AT) found.push({ oursId: b.id, score: round(score), basis: 'name-and-definition', language: null, note: `names ${pct(name)} and definitions ${pct(def)} alike as strings` });
      } else if (name >= SUGGEST_AT) {
        found.push({ oursId: b.id, score: round(name), basis: 'string-similarity', language: null, note: `plain string similarity of the names (${pct(name)}); says nothing about meaning` });
      }
    }
    found.sort((x, y) => y.score - x.score || (x.oursId < y.oursId ? -1 : 1));
    if (found.length) out.set(t.id, found.slice(0, MAX_CANDIDATES));
  }
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const pct = (x: number) => `${Math.round(x * 100)}%`;
