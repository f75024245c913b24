/**
 * Participant-register layer (layer 1): the people, places, organisations and numbers the
 * researcher knows, matched case- and accent-insensitively on word boundaries through one
 * precompiled matcher (names) and one combined regex (numbers).
 *
 * - A person's name parts are matched too ("Ochieng" alone for "Hope Akinyi Ochieng"), at a
 *   lower confidence: relatives and officials are often named by one part.
 * - The cue rule (cues.ts) applies to one-word names that are common words in any study language
 *   (Hope, Grace, Bunga, Zawadi): they count only with a cue.
 * - Place entries lose leading administrative words ("Desa Sakra" matches as "Sakra"), per the
 *   span convention; "Kota Bharu"-style lexical names are kept when no shorter form is listed.
 * - Numbers match whatever their spacing and punctuation ("0711 203 944" = "0711-203-944"), and a
 *   phone matches in national and international form ("+254 711 203 944" = "0711 203 944").
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { needsCue } from './common-words.js';
import { hasNameCue } from './cues.js';
import { PhraseMatcher } from './phrase-matcher.js';
import { STUDY_COUNTRIES } from './patterns.js';
import { phraseKeys, type Tokens } from './tokens.js';
import type { Candidate, EntityType, RegisterEntry, RegisterKind } from './types.js';
import { PLACE_CUES_BEFORE, TITLES } from './words.js';

interface RegisterHit {
  entry: number;
  type: EntityType;
  /** A name part derived from the entry, not written by the researcher. */
  derived: boolean;
  /** One word that is also a common word: needs a cue. */
  needsCue: boolean;
}

export interface CompiledRegister {
  entries: readonly RegisterEntry[];
  names: PhraseMatcher<RegisterHit>;
  /** Sticky: tried at token starts whose first character can open a listed number. */
  numbers: RegExp | null;
  numberFirst: Set<string>;
  /** The letters and digits of each listed number that is not a phone, lower-cased: a token can
   *  open one only as a prefix of these (a phone entry lets any digit open it, see numberFirst). */
  numberPrefixes: string[];
  /** Which entry each alternative of `numbers` belongs to (capture group i+1 → entry). */
  numberEntries: number[];
  numberTypes: EntityType[];
}

const TYPE_OF: Record<RegisterKind, EntityType> = {
  person: 'PERSON',
  place: 'LOCATION',
  organisation: 'ORGANIZATION',
  number: 'ID_NUMBER',
};

const SEP = '[\\s\\-./()]*';
const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const flexible = (alnum: string) => [...alnum].map(esc).join(SEP);

/** The entry's written forms, with administrative words dropped from places. */
function formsOf(e: RegisterEntry): string[] {
  const forms = [e.value, ...e.aliases].map((s) => s.trim()).filter(Boolean);
  if (e.kind !== 'place') return forms;
  const keys = new Set(forms.map((f) => phraseKeys(f).join(' ')));
  return forms.map((f) => {
    const k = phraseKeys(f);
    if (k.length > 1 && PLACE_CUES_BEFORE.has(k[0]!) && keys.has(k.slice(1).join(' '))) return f.replace(/^\S+\s+/, '');
    return f;
  });
}

export function compileRegister(entries: readonly RegisterEntry[]): CompiledRegister {
  const names = new PhraseMatcher<RegisterHit>();
  const numberAlts: string[] = [];
  const numberEntries: number[] = [];
  const numberTypes: EntityType[] = [];
  const numberFirst = new Set<string>();
  const numberPrefixes: string[] = [];
  entries.forEach((e, idx) => {
    const type = TYPE_OF[e.kind];
    if (e.kind === 'number') {
      const alts = new Set<string>();
      let phone = false;
      for (const f of formsOf(e)) {
        const alnum = f.replace(/[^\p{L}\p{N}+]/gu, '');
        if (!alnum) continue;
        const first = alnum.replace(/^\+/, '')[0];
        if (first) numberFirst.add(first.toLowerCase());
        // A phone number (digits and phone punctuation only): match it with or without its
        // country code or trunk 0, for every study country where it is a valid number.
        const phoneShaped = /^\+?[\d\s\-.()]+$/.test(f.trim()) && /\d{2}/.test(f);
        const parsed = !phoneShaped
          ? []
          : f.trim().startsWith('+')
            ? [parsePhoneNumberFromString(f)]
            : STUDY_COUNTRIES.map((c) => parsePhoneNumberFromString(f, c));
        const valid = parsed.filter((x) => x !== undefined && x.isValid());
        if (valid.length > 0) {
          phone = true;
          for (const d of '0123456789') numberFirst.add(d);
          for (const nsn of new Set(valid.map((x) => x!.nationalNumber))) {
            const codes = [...new Set(valid.filter((x) => x!.nationalNumber === nsn).map((x) => flexible(x!.countryCallingCode)))];
            alts.add(`(?:\\+?${SEP}(?:${codes.join('|')})${SEP}|0${SEP})?${flexible(nsn)}`);
          }
        } else {
          alts.add(flexible(alnum.replace(/\+/g, '')));
          numberPrefixes.push(alnum.replace(/\+/g, '').toLowerCase());
        }
      }
      if (alts.size === 0) return;
      numberAlts.push(`(${[...alts].join('|')})`);
      numberEntries.push(idx);
      numberTypes.push(phone ? 'PHONE' : 'ID_NUMBER');
      return;
    }
    const seen = new Set<string>();
    for (const f of formsOf(e)) {
      const keys = phraseKeys(f);
      const k = keys.join(' ');
      if (!k || seen.has(k)) continue;
      seen.add(k);
      names.addKeys(keys, { entry: idx, type, derived: false, needsCue: keys.length === 1 && needsCue(keys[0]!) });
    }
    if (e.kind === 'person') {
      // Name parts: every word of 3+ letters that is not a title or a particle.
      for (const f of formsOf(e)) {
        for (const part of phraseKeys(f)) {
          if (part.length < 3 || seen.has(part) || TITLES.has(part) || part === 'bin' || part === 'binti') continue;
          seen.add(part);
          names.addKeys([part], { entry: idx, type, derived: true, needsCue: needsCue(part) });
        }
      }
    }
  });
  const numbers = numberAlts.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${numberAlts.join('|')})(?![\\p{L}\\p{N}])`, 'iuy') : null;
  return { entries, names, numbers, numberFirst, numberPrefixes, numberEntries, numberTypes };
}

const ASCII_ALNUM = /^[A-Za-z0-9]+$/;

/**
 * Whether a word (its folded key) can open a listed number. The number's pattern matches letters
 * and digits with separators between any two, so a whole word starting it is a prefix of its
 * letters and digits (it may not end inside the word). Not only its first character: with an entry
 * "LP/B/211/…", every word starting with "l" would run the pattern.
 */
function mayOpenNumber(reg: CompiledRegister, key: string, raw: string): boolean {
  if (!reg.numberFirst.has(key[0]!)) return false;
  const c = key.charCodeAt(0);
  // Phones: any digit opens one (a country code, a trunk 0 or the number itself). Outside ASCII
  // (a folded key is not the written form; case-insensitive matching folds more than lower-casing)
  // the first-character test stands.
  if ((c >= 48 && c <= 57 && reg.numberTypes.includes('PHONE')) || !ASCII_ALNUM.test(raw)) return true;
  for (const p of reg.numberPrefixes) if (!ASCII_ALNUM.test(p) || p.startsWith(key)) return true;
  return false;
}

export function findRegister(t: Tokens, reg: CompiledRegister, known?: ReadonlySet<string>): Candidate[] {
  const out: Candidate[] = [];
  const first = reg.names.firstsOf(t);
  for (let i = 0; i < t.n; i++) {
    if (!first(i)) continue;
    const ms = reg.names.matchAt(t, i);
    for (const m of ms) {
      const hit = m.payload;
      if (hit.needsCue && !hasNameCue(t, m.from, m.to, known)) continue;
      const start = t.start[m.from]!;
      const end = t.end[m.to - 1]!;
      out.push({ start, end, type: hit.type, text: t.text.slice(start, end), detector: 'register', confidence: hit.derived ? 0.8 : 0.95 });
      i = m.to - 1;
      break;
    }
  }
  if (reg.numbers) {
    const text = t.text;
    // Whether a word type's first character can open a listed number: once per type.
    const opens = new Int8Array(t.types);
    for (let i = 0; i < t.n; i++) {
      const ty = t.type[i]!;
      if (opens[ty] === 0) opens[ty] = mayOpenNumber(reg, t.typeKey[ty]!, t.raw[i]!) ? 1 : -1;
      if (opens[ty]! < 0) continue;
      // A "+" before the digits belongs to the number ("+254 711 …").
      const at = t.start[i]!;
      const tries = text[at - 1] === '+' ? [at - 1, at] : text[at - 1] === ' ' && text[at - 2] === '+' ? [at - 2, at] : [at];
      for (const a of tries) {
        reg.numbers.lastIndex = a;
        const m = reg.numbers.exec(text);
        if (!m) continue;
        let g = 0;
        for (let k = 1; k < m.length; k++) if (m[k] !== undefined) { g = k - 1; break; }
        let s = m[0];
        let start = m.index;
        // Separators matched at the edges are not part of the number.
        while (/^[\s\-./]/.test(s)) { s = s.slice(1); start++; }
        while (/[\s\-./(]$/.test(s)) s = s.slice(0, -1);
        out.push({ start, end: start + s.length, type: reg.numberTypes[g]!, text: s, detector: 'register', confidence: 0.95 });
        while (i + 1 < t.n && t.start[i + 1]! < start + s.length) i++;
        break;
      }
    }
  }
  return out;
}
