/**
 * Gazetteer layer (layer 3, places): one precompiled matcher over the place names of every
 * study country (admin-1, admin-2, admin-3 and populated places; resources/gazetteers/*.json,
 * loaded by the caller and passed in: shared/ does no I/O).
 *
 * A gazetteer holds thousands of names that are also words ("Ba", "Mena", "Bagay"), so a match
 * counts only when its first word is capitalised, and a one-word name that is a common word
 * needs a place cue (an administrative word, a preposition of place) or mid-sentence capitals.
 */
import { isCommonWord, needsCue } from './common-words.js';
import { capitalisedMidSentence, placeCueAfter, placeCueBefore, placePrepositionBefore } from './cues.js';
import { PhraseMatcher } from './phrase-matcher.js';
import type { Candidate, GazetteerData, GazetteerLevel } from './types.js';
import { lexiconLanguage } from './common-words.js';
import { NOT_IDENTIFIERS, ORG_HEADS, PLACE_CUES_AFTER, PLACE_CUES_BEFORE, TITLES } from './words.js';
import { F_CAP, F_LOWER, F_SENT, joinable, type Tokens } from './tokens.js';

export interface PlaceInfo {
  level: GazetteerLevel;
  country: string;
}

export interface CompiledGazetteer {
  matcher: PhraseMatcher<PlaceInfo>;
  /** Entries per country and level, for reporting. */
  counts: Record<string, Record<string, number>>;
}

/**
 * Short forms in everyday use that the datasets do not list (provinces known by their
 * abbreviation, cities by a short name). Kept here, small and reviewed.
 */
export const PLACE_SHORT_FORMS: Record<string, string[]> = {
  ID: ['NTB', 'NTT', 'DKI', 'DIY', 'Jabar', 'Jateng', 'Jatim', 'Kalbar', 'Kalteng', 'Kalsel', 'Kaltim', 'Kaltara', 'Sulut', 'Sulteng', 'Sulsel', 'Sultra', 'Sulbar', 'Sumut', 'Sumbar', 'Sumsel', 'Kepri', 'Babel', 'Jabodetabek', 'Jogja', 'Yogya', 'Jakarta'],
  KE: ['Nai', 'Msa'],
  TZ: ['Dar', 'Dar es Salaam'],
  ET: ['Addis'],
  PH: ['Metro Manila', 'NCR', 'QC'],
  MY: ['KL', 'JB', 'KK'],
  VN: ['Sài Gòn', 'Saigon', 'TP.HCM', 'HCMC'],
  ZA: ['PE', 'PMB', 'Joburg', 'Jozi'],
};

/** Admin words the datasets prefix or suffix to names; stripped at extraction, kept here for callers. */
export function compileGazetteer(data: readonly GazetteerData[]): CompiledGazetteer {
  const matcher = new PhraseMatcher<PlaceInfo>();
  const counts: Record<string, Record<string, number>> = {};
  const seen = new Set<string>();
  for (const g of data) {
    const c = (counts[g.country] ??= {});
    for (const e of g.entries) {
      const k = `${g.country}|${e.name.toLowerCase()}`;
      if (seen.has(k)) continue;
      seen.add(k);
      if (matcher.add(e.name, { level: e.level, country: g.country })) c[String(e.level)] = (c[String(e.level)] ?? 0) + 1;
    }
    for (const s of PLACE_SHORT_FORMS[g.country] ?? []) matcher.add(s, { level: 1, country: g.country });
  }
  return { matcher, counts };
}

export function findPlaces(t: Tokens, gaz: CompiledGazetteer, language?: string): Candidate[] {
  const out: Candidate[] = [];
  const { matcher } = gaz;
  const vi = lexiconLanguage(language) === 'vi';
  const first = matcher.firstsOf(t);
  for (let i = 0; i < t.n; i++) {
    if (!(t.flags[i]! & F_CAP)) {
      // A place written in lower case ("jomtien"): only a one-word name of 5+ letters that is no
      // word of any study language, at a low confidence.
      const k = t.key[i]!;
      if (t.flags[i]! & F_LOWER && !vi && t.raw[i]!.length >= 5 && first(i) && !needsCue(k) && !isCommonWord(k, language) && !PLACE_CUES_BEFORE.has(k) && !PLACE_CUES_AFTER.has(k) && !ORG_HEADS.has(k) && !TITLES.has(k)) {
        const m = matcher.matchAt(t, i).find((x) => x.to - x.from === 1);
        if (m) out.push({ start: t.start[i]!, end: t.end[i]!, type: 'LOCATION', text: t.raw[i]!, detector: 'gazetteer', confidence: 0.3 });
      }
      continue;
    }
    if (!first(i)) continue;
    const ms = matcher.matchAt(t, i);
    if (ms.length === 0) continue;
    const m = ms[0]!;
    const len = m.to - m.from;
    // Every word of a multi-word name must be capitalised or a short connector ("Dar es Salaam").
    let ok = true;
    for (let k = m.from + 1; k < m.to; k++) if (!(t.flags[k]! & F_CAP) && t.raw[k]!.length > 3) ok = false;
    if (!ok) continue;
    let allNot = true;
    for (let k = m.from; k < m.to; k++) if (!NOT_IDENTIFIERS.has(t.key[k]!)) allNot = false;
    if (allNot) continue;
    if (len === 1) {
      const key = t.key[i]!;
      if (TITLES.has(key)) continue;
      // "Banjar Yeh Panes", "Kota Mataram": an administrative word opening a longer name.
      if (PLACE_CUES_BEFORE.has(key) && i + 1 < t.n && joinable(t, i + 1) && t.flags[i + 1]! & F_CAP) continue;
      // Every Vietnamese syllable is a word: a one-syllable place needs more than a capital.
      if (vi && t.flags[i]! & F_SENT) continue;
      const cued = placeCueBefore(t, i) || placeCueAfter(t, i + 1) || placePrepositionBefore(t, i);
      if (!cued) {
        if (t.raw[i]!.length < 3) continue;
        if (isCommonWord(key, language) && (t.flags[i]! & F_SENT || !capitalisedMidSentence(t, i))) continue;
        if (isCommonWord(key, language) && t.raw[i]!.length < 4) continue;
      }
    }
    const start = t.start[m.from]!;
    const end = t.end[m.to - 1]!;
    const level = m.payload.level;
    const confidence = level === 'place' ? 0.6 : 0.75;
    out.push({ start, end, type: 'LOCATION', text: t.text.slice(start, end), detector: 'gazetteer', confidence });
    i = m.to - 1;
  }
  return out;
}
