/**
 * Context cues over tokens: titles and kinship words before a name, phrases that introduce a
 * name, speaker labels, administrative words around a place, organisation head words.
 *
 * THE CUE RULE (names that are common words: Hope, Grace, Bunga, Intan, Joy, Faith, Mercy, Rose,
 * Precious, Blessing, Zawadi…). Such a word counts as a name only with at least one cue:
 *   1. it is capitalised and not the first word of a sentence ("…talked to Hope", not "I hope");
 *   2. it follows a title, honorific or kinship word ("Mbak Intan", "Tita Baby", "Mama Zawadi");
 *   3. it follows a phrase that introduces a name ("my name is", "namanya", "si", "tên là");
 *   4. it is a speaker label ("Hope: Okay.");
 *   5. it stands next to another capitalised name word ("Hope Akinyi", "Bunga Lestari");
 *   6. known-name context: it is capitalised at the start of a sentence and the same name has
 *      been seen with a cue elsewhere in the document ("Grace will escort…" after "Grace Atieno").
 * Lower-case occurrences ("by God's grace", "bunga tinggi") never count, except after a title or
 * an introducing phrase (2, 3), where lower-case names are normal in chat-style text ("bang jay").
 */
import { F_CAP, F_DIGIT, F_LINE, F_SENT, F_UPPER, joinable, type Tokens } from './tokens.js';
import { NAME_INTRO, ORG_HEADS, PLACE_CUES_AFTER, PLACE_CUES_BEFORE, PLACE_PREPOSITIONS, TITLES, TITLES_NEED_CAP } from './words.js';

/** Two-token titles, written with an apostrophe, slash or space: Ma'am, W/ro, Warrant Officer. */
const TITLE_PAIRS = new Set(['ma am', 'w ro', 'warrant officer', 'senior inspector', 'chief inspector', 'police officer', 'ma m']);
const TITLE_PAIR_FIRST = new Set([...TITLE_PAIRS].map((p) => p.split(' ')[0]!));
/** Org heads too short or too common to count unless written in capitals (MA, PT, GS, TK…). */
const HEADS_CAPS_ONLY = new Set(['ma', 'man', 'min', 'mi', 'pa', 'pt', 'pn', 'th', 'gs', 'tk', 'sd', 'cv', 'rs', 'ghs', 'nhs', 'rtc', 'mtc', 'post', 'hub', 'link', 'club', 'home', 'models', 'desk', 'unit', 'office', 'cong', 'phong', 'hoi', 'trung', 'tam']);

/** Number of tokens of a title starting at token i (0: none). */
export function titleAt(t: Tokens, i: number): number {
  const k = t.key[i]!;
  if (TITLE_PAIR_FIRST.has(k) && i + 1 < t.n && TITLE_PAIRS.has(`${k} ${t.key[i + 1]}`)) {
    const gap = t.text.slice(t.end[i]!, t.start[i + 1]!);
    if (gap === "'" || gap === '’' || gap === '/' || gap === ' ') return 2;
  }
  if (!TITLES.has(k)) return 0;
  if (TITLES_NEED_CAP.has(k) && !(t.flags[i]! & F_CAP)) return 0;
  // A one-letter "title" is only P' (Thai elder sibling: P'Fah).
  if (k.length === 1) {
    if (k !== 'p' || i + 1 >= t.n) return 0;
    const gap = t.text.slice(t.end[i]!, t.start[i + 1]!);
    return gap === "'" || gap === '’' ? 1 : 0;
  }
  return 1;
}

/** Whether a title ends right before token i ("Mr. |Kinyua", "Ibu |Sumiati", "P'|Fah"). */
export function titleBefore(t: Tokens, i: number): boolean {
  if (i === 0) return false;
  const gap = t.text.slice(t.end[i - 1]!, t.start[i]!);
  if (!(gap === ' ' || gap === '. ' || gap === "'" || gap === '’' || gap === '.')) return false;
  if (titleAt(t, i - 1) === 1) return true;
  return i >= 2 && titleAt(t, i - 2) === 2;
}

const introByLast = new Map<string, string[][]>();
for (const p of NAME_INTRO) {
  const words = p.split(' ');
  const last = words[words.length - 1]!;
  let list = introByLast.get(last);
  if (!list) introByLast.set(last, (list = []));
  list.push(words);
}

/** Whether a phrase introducing a name ends right before token i ("my name is |Rose"). */
export function nameIntroBefore(t: Tokens, i: number): boolean {
  if (i === 0) return false;
  const gapNext = t.text.slice(t.end[i - 1]!, t.start[i]!);
  if (gapNext.length > 3 || gapNext.indexOf('\n') !== -1) return false;
  const list = introByLast.get(t.key[i - 1]!);
  if (!list) return false;
  outer: for (const words of list) {
    const n = words.length;
    if (i - n < 0) continue;
    for (let k = 0; k < n; k++) if (t.key[i - n + k] !== words[k]) continue outer;
    return true;
  }
  return false;
}

/** Whether tokens [from, to) are a speaker label: a whole line prefix followed by ':'. */
export function isSpeakerLabel(t: Tokens, from: number, to: number): boolean {
  if (!(t.flags[from]! & F_LINE)) return false;
  const after = to < t.n ? t.text.slice(t.end[to - 1]!, t.start[to]!) : t.text.slice(t.end[to - 1]!);
  return /^\s?:/.test(after);
}

/** The end (exclusive token index) of the speaker label starting line token i, or -1. */
export function speakerLabelEnd(t: Tokens, i: number): number {
  if (!(t.flags[i]! & F_LINE)) return -1;
  for (let j = i; j < t.n && j < i + 5; j++) {
    if (j > i && t.flags[j]! & F_LINE) return -1;
    // A label's words are capitalised ("Người phỏng vấn" aside: its first word is), or digits;
    // "Namubiru said:" opens a sentence, it is no label.
    if (j > i && !(t.flags[j]! & (F_CAP | F_DIGIT)) && !(t.flags[i]! & F_CAP && !(t.flags[i]! & F_UPPER) && /[^\x00-\x7f]/.test(t.raw[i]!))) return -1;
    const after = j + 1 < t.n ? t.text.slice(t.end[j]!, t.start[j + 1]!) : t.text.slice(t.end[j]!);
    if (/^\s?:/.test(after)) return j + 1;
    if (/[.,;!?\n]/.test(after) && !/^\s?\(/.test(after)) return -1;
  }
  return -1;
}

/** Administrative word right before token i ("Desa |Sakra", "Barangay |Dau", "phường |Lạch Tray"). */
export function placeCueBefore(t: Tokens, i: number): boolean {
  if (i === 0 || !joinable(t, i)) return false;
  const k = t.key[i - 1]!;
  if (PLACE_CUES_BEFORE.has(k)) return true;
  // Two-word cues: "thị trấn", "thành phố", "sub county".
  return i >= 2 && joinable(t, i - 1) && PLACE_CUES_BEFORE.has(`${t.key[i - 2]}-${k}`);
}

/** Administrative word right after token j-1 ("Gasabo| District", "Kiambu| County"). */
export function placeCueAfter(t: Tokens, j: number): boolean {
  return j < t.n && joinable(t, j) && PLACE_CUES_AFTER.has(t.key[j]!);
}

/** A preposition of place right before token i ("in |Ruiru", "di |Batam", "sa |Cebu"). */
export function placePrepositionBefore(t: Tokens, i: number): boolean {
  if (i === 0) return false;
  const gap = t.text.slice(t.end[i - 1]!, t.start[i]!);
  if (gap !== ' ' && gap !== '-') return false;
  return PLACE_PREPOSITIONS.has(t.key[i - 1]!);
}

/** Whether token i is an organisation head word as written. */
export function isOrgHead(t: Tokens, i: number): boolean {
  const k = t.key[i]!;
  if (!ORG_HEADS.has(k)) return false;
  if (HEADS_CAPS_ONLY.has(k)) return (t.flags[i]! & (F_UPPER | F_CAP)) !== 0 && (k.length > 3 || (t.flags[i]! & F_UPPER) !== 0);
  return (t.flags[i]! & F_CAP) !== 0;
}

/** Capitalised and not the first word of a sentence. */
export function capitalisedMidSentence(t: Tokens, i: number): boolean {
  return (t.flags[i]! & F_CAP) !== 0 && (t.flags[i]! & F_SENT) === 0;
}

/**
 * The cue rule for a name found at tokens [from, to) (see the module comment).
 * `known` holds folded names already seen with a cue in this document.
 */
export function hasNameCue(t: Tokens, from: number, to: number, known?: ReadonlySet<string>): boolean {
  if (to - from > 1) {
    // Several words: a cue if at least the first is capitalised ("Bunga Lestari").
    return (t.flags[from]! & F_CAP) !== 0 || titleBefore(t, from) || nameIntroBefore(t, from);
  }
  if (titleBefore(t, from) || nameIntroBefore(t, from)) return true;
  const f = t.flags[from]!;
  if (!(f & F_CAP)) return false;
  if (!(f & F_SENT)) return true;
  if (isSpeakerLabel(t, from, to)) return true;
  // Next to another capitalised word on the same name ("Hope Akinyi" read as one name).
  if (to < t.n && joinable(t, to) && t.flags[to]! & F_CAP) return true;
  return known !== undefined && known.has(t.key[from]!);
}
