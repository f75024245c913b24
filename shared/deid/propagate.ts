/**
 * Propagation (layer 5): an entity a person confirmed, or a register or validated-pattern hit, is
 * found everywhere (every document of a project, every file of a CLI run), in every form seen:
 * the exact text, any case or accents, and for people each part of the name. Heuristic guesses
 * do not propagate (a wrong guess would spread).
 *
 * Names follow the cue rule (cues.ts): a one-word name that is a common word counts only with a
 * cue; a lower-case occurrence counts only for names that are common words nowhere ("nabs").
 * Numbers, handles, e-mails and URLs match whatever their spacing and punctuation.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { needsCue } from './common-words.js';
import { hasNameCue } from './cues.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { F_LOWER, phraseKeys, type Tokens } from './tokens.js';
import type { Candidate, ConfirmedEntity, EntityType } from './types.js';
import { TITLES } from './words.js';

interface NameHit {
  type: EntityType;
  needsCue: boolean;
  part: boolean;
}

export interface Propagation {
  names: PhraseMatcher<NameHit>;
  /** Numbers, handles, e-mails, URLs: their letters and digits run together ("0711203944"). */
  literals: Map<string, EntityType>;
  /** The first two characters of every literal: where a match may start. */
  literalStarts: Set<string>;
  literalMaxLength: number;
  /** The same first two characters as numbers (code unit × 65536 + code unit). */
  literalPairs: Set<number>;
  /** Every literal, sorted: tokens are run together only while some literal still starts with them. */
  literalsSorted: string[];
}

/** Whether some literal starts with `prefix` (binary search over the sorted literals). */
function anyStartsWith(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.startsWith(prefix);
}

const NAME_TYPES = new Set<EntityType>(['PERSON', 'LOCATION', 'ORGANIZATION']);
/** Types whose values recur innocently ("15", "March 3"): never propagated. */
const NOT_PROPAGATED = new Set<EntityType>(['DATE', 'AGE']);

export function buildPropagation(entities: readonly ConfirmedEntity[]): Propagation {
  const names = new PhraseMatcher<NameHit>();
  const seen = new Set<string>();
  const literals = new Map<string, EntityType>();
  const literalStarts = new Set<string>();
  let literalMaxLength = 0;
  const addLiteral = (key: string, type: EntityType) => {
    if (key.length < 4 || literals.has(key)) return;
    literals.set(key, type);
    literalStarts.add(key.slice(0, 2));
    literalMaxLength = Math.max(literalMaxLength, key.length);
  };
  for (const e of entities) {
    if (NOT_PROPAGATED.has(e.type)) continue;
    if (NAME_TYPES.has(e.type)) {
      const keys = phraseKeys(e.text);
      if (keys.length === 0) continue;
      const k = `${e.type}|${keys.join(' ')}`;
      if (!seen.has(k)) {
        seen.add(k);
        names.addKeys(keys, { type: e.type, needsCue: keys.length === 1 && needsCue(keys[0]!), part: false });
      }
      if (e.type === 'PERSON' && keys.length > 1) {
        for (const p of keys) {
          const pk = `PERSON|${p}`;
          if (p.length < 3 || TITLES.has(p) || seen.has(pk)) continue;
          seen.add(pk);
          names.addKeys([p], { type: 'PERSON', needsCue: needsCue(p), part: true });
        }
      }
    } else {
      addLiteral(phraseKeys(e.text).join(''), e.type);
      if (e.type === 'PHONE') {
        // The same phone in national and international form: "0711 203 944" = "+254 711 203 944".
        const p = e.text.trim().startsWith('+') ? parsePhoneNumberFromString(e.text) : undefined;
        const nsn = p?.nationalNumber ?? e.text.replace(/\D/g, '').replace(/^0/, '');
        addLiteral(nsn, 'PHONE');
        addLiteral(`0${nsn}`, 'PHONE');
        if (p) addLiteral(`${p.countryCallingCode}${nsn}`, 'PHONE');
      }
    }
  }
  const literalPairs = new Set([...literalStarts].map((k) => k.charCodeAt(0) * 65536 + k.charCodeAt(1)));
  return { names, literals, literalStarts, literalPairs, literalMaxLength, literalsSorted: [...literals.keys()].sort() };
}

/** Whether the gap before token k may sit inside a number, handle, e-mail or URL. */
function literalGap(t: Tokens, k: number): boolean {
  const a = t.end[k - 1]!;
  const b = t.start[k]!;
  if (b - a > 3) return false;
  for (let q = a; q < b; q++) {
    const c = t.text.charCodeAt(q);
    // space - . / ( ) + @ _ : #
    if (c !== 32 && c !== 45 && c !== 46 && c !== 47 && c !== 40 && c !== 41 && c !== 43 && c !== 64 && c !== 95 && c !== 58 && c !== 35) return false;
  }
  return true;
}

export function findPropagated(t: Tokens, p: Propagation, known?: ReadonlySet<string>): Candidate[] {
  const out: Candidate[] = [];
  if (p.names.size > 0) {
    const first = p.names.firstsOf(t);
    for (let i = 0; i < t.n; i++) {
      if (!first(i)) continue;
      for (const m of p.names.matchAt(t, i)) {
        const hit = m.payload;
        const single = m.to - m.from === 1;
        if (hit.needsCue && !hasNameCue(t, m.from, m.to, known)) continue;
        // Lower case only for names that are no common word ("nabs"), and never for places/orgs.
        if (single && t.flags[m.from]! & F_LOWER && (hit.needsCue || hit.type !== 'PERSON')) continue;
        const start = t.start[m.from]!;
        const end = t.end[m.to - 1]!;
        out.push({ start, end, type: hit.type, text: t.text.slice(start, end), detector: 'propagation', confidence: hit.part ? 0.7 : 0.85 });
        i = m.to - 1;
        break;
      }
    }
  }
  if (p.literals.size > 0) {
    const text = t.text;
    // Whether some literal starts with a word type (so a run may start there): once per type.
    const opens = new Int8Array(t.types);
    for (let i = 0; i < t.n; i++) {
      const ty = t.type[i]!;
      if (opens[ty] === 0) {
        const k = t.typeKey[ty]!;
        // Literals have 4+ characters: a token of one cannot open one; the first two as a number,
        // not a new two-character string.
        opens[ty] = k.length >= 2 && k.length <= p.literalMaxLength && p.literalPairs.has(k.charCodeAt(0) * 65536 + k.charCodeAt(1)) && anyStartsWith(p.literalsSorted, k) ? 1 : -1;
      }
      if (opens[ty]! < 0) continue;
      // Tokens run together, whatever the separators: the longest run that is a known literal.
      let acc = '';
      let best = -1;
      let bestType: EntityType = 'ID_NUMBER';
      for (let j = i; j < t.n && j < i + 16; j++) {
        if (j > i && !literalGap(t, j)) break;
        acc += t.key[j]!;
        // No literal goes on like this: a longer run cannot be one either (most runs stop here at once).
        // (The first word was checked with its type.)
        if (j > i && (acc.length > p.literalMaxLength || !anyStartsWith(p.literalsSorted, acc))) break;
        const type = p.literals.get(acc);
        if (type) {
          best = j;
          bestType = type;
        }
      }
      if (best < 0) continue;
      let start = t.start[i]!;
      const end = t.end[best]!;
      // Word boundaries: not the middle of a longer code.
      if (/[\p{L}\p{N}_]/u.test(text[start - 1] ?? '') || /[\p{L}\p{N}_]/u.test(text[end] ?? '')) continue;
      if ((text[start - 1] === '@' && bestType === 'HANDLE') || (text[start - 1] === '+' && bestType === 'PHONE')) start--;
      out.push({ start, end, type: bestType, text: text.slice(start, end), detector: 'propagation', confidence: 0.9 });
      i = best;
    }
  }
  return out;
}
