/**
 * Name heuristic (layer 4, a weak signal): runs of capitalised words, typed by their context.
 *
 * - A run ("Rose Wairimu Njoroge", "Polres Lombok Timur", "Trường THCS Nguyễn Huệ") may hold
 *   digits ("SMPN 2 Sakra", "Githurai 45"), connectors between capitalised words ("Tribunal
 *   Judicial da Cidade da Matola") and a possessive inside a name ("Tumaini Children's Centre").
 * - Titles and kinship words are cut from the front (outside a PERSON span); so are the first
 *   word of a sentence when it is a common word ("Then Ishimwe" → "Ishimwe") and national or
 *   platform words ("PPA Polres Lombok Timur" → "Polres Lombok Timur"). Administrative words
 *   after a place are cut from the end ("Gasabo District" → "Gasabo").
 * - Typing: an organisation head word → ORGANIZATION; an administrative word around it →
 *   LOCATION; else PERSON. A run of generic words only ("the High Court", "State Attorney") is
 *   dropped, as are lone acronyms.
 * - One capitalised word opening a sentence counts only if it is not a common word of the
 *   language and is not seen in lower case elsewhere in the text (Vietnamese: never alone,
 *   since every Vietnamese syllable is a word).
 * - Speaker labels that are not roles are names ("Thandeka:", "Hope:").
 * - A lower-case word after a title is a name when it is not a common word ("bang jay").
 * - Consistency: a name seen with a cue is found again in the same text, capitalised (including
 *   at the start of a sentence) or, when it is not a common word, in lower case ("Nabs" → "nabs").
 */
import { isCommonWord, lexiconLanguage } from './common-words.js';
import { isOrgHead, nameIntroBefore, placeCueAfter, placeCueBefore, speakerLabelEnd, titleAt, titleBefore } from './cues.js';
import { F_CAP, F_DIGIT, F_LOWER, F_SENT, F_UPPER, joinable, type Tokens } from './tokens.js';
import type { Candidate, EntityType } from './types.js';
import { W_COMMON, W_CONNECTOR, W_FREQUENT, W_FREQUENT_ANY, W_FREQUENT_EN, W_FUNCTION, W_GENERIC_CAP, W_HOMOGRAPH, W_NOT_ID, W_NUMBER, W_ORG_HEAD, W_PLACE_AFTER, W_PLACE_BEFORE, W_TITLE, wordClasses } from './word-classes.js';
import { ROLE_LABELS } from './words.js';

export interface HeuristicResult {
  candidates: Candidate[];
  /** Folded name words seen with a cue in this text (for the cue rule's known-name context). */
  known: Set<string>;
}

/** Vietnamese organisation openers: capitalised, followed by lower-case words, then the name. */
const VI_ORG_OPENERS = new Map<string, string | null>([['cong', 'an'], ['truong', null], ['trung', 'tam'], ['hoi', null], ['phong', null], ['benh', 'vien'], ['uy', 'ban'], ['so', null], ['toa', 'an'], ['vien', null]]);
/** Words that end a Vietnamese organisation window ("… Nguyễn Huệ in Hải Châu"). */
const VI_WINDOW_STOP = new Set(['in', 'at', 'on', 'and', 'where', 'with', 'di', 'o', 'tai', 'tu', 'voi', 'cua', 'da', 'rat', 'thi', 'la', 'noi', 'cho', 'de', 'vi', 'nhung', 'nen', 'roi', 'khi']);

/** Administrative words that belong to a place's name when they open it ("Kampung Batu
 *  Mengkebang", "Soi Buakhao", "Pulau Seribu"): not cut from the front. */
const ADMIN_INSIDE = new Set(['kampung', 'kampong', 'soi', 'pulau', 'ban', 'mueang', 'muang', 'kota']);
/** Balinese name particles: "I Made Sudarsana", "Ni Luh Made Sukerti". */
const BALINESE = new Set(['wayan', 'made', 'nyoman', 'ketut', 'putu', 'kadek', 'komang', 'gede', 'luh', 'nengah', 'gusti', 'nyoman', 'ketut']);
const ID_SUFFIX = /^(.{3,}?)(?:nya|ku|mu|lah|kah|pun)$/;
/** Swahili verbs: subject prefix + tense marker + stem ("Alimwambia", "Walianza", "Akampa"). */
const SW_VERB = /^(?:a|wa|ni|tu|m|u|i|ki|vi|li|ya|zi|ku)(?:li|na|ta|me|ka|nge|si|ja|liye|taka)[a-z]{3,}$/;

const AGE_UNITS = new Set(['tuoi', 'tahun', 'thn', 'years', 'year', 'yrs', 'anyos', 'taon', 'na', 'po']);

/** Indonesian words with a clitic ("Pelakunya", "Bapakku") and Swahili verb forms ("Walianza"). */
function morphCommon(k: string, lang: string): boolean {
  if (lang === 'id') {
    const m = ID_SUFFIX.exec(k);
    if (m && isCommonWord(m[1]!, 'id')) return true;
  }
  return lang === 'sw' && SW_VERB.test(k);
}

/** Words after a name that say it is one: "Tin ang tawag nila kay Kristine", "Koko alias…". */
const NAME_AFTER = [['ang', 'tawag'], ['ang', 'pangalan'], ['alias'], ['aka'], ['a', 'k', 'a'], ['is', 'her', 'name'], ['is', 'his', 'name'], ['is', 'my', 'name']];
function nameFollows(t: Tokens, b: number): boolean {
  outer: for (const words of NAME_AFTER) {
    if (b + words.length > t.n) continue;
    for (let k = 0; k < words.length; k++) if (t.key[b + k] !== words[k]) continue outer;
    return true;
  }
  return false;
}

function isViOpener(t: Tokens, i: number): boolean {
  const opener = VI_ORG_OPENERS.get(t.key[i]!);
  if (opener === undefined || !(t.flags[i]! & F_CAP)) return false;
  if (opener !== null && !(i + 1 < t.n && t.key[i + 1] === opener)) return false;
  return /[^\x00-\x7f]/.test(t.raw[i]! + (t.raw[i + 1] ?? ''));
}

function isRoleLabel(t: Tokens, from: number, to: number): boolean {
  // "R", "P1", "M2", "Q": codes, not names.
  if (to - from === 1 && /^[A-Za-z]{1,2}\d{0,3}$/.test(t.raw[from]!)) return true;
  for (let k = from; k < to; k++) if (!ROLE_LABELS.has(t.key[k]!) && !(t.flags[k]! & F_DIGIT)) return false;
  return true;
}

/** Words that identify nobody: role and institution words, national and platform names, number
 *  words, single letters, and connectors written in lower case ("da", not "Lê Văn"). */
function isGenericAt(t: Tokens, W: Uint32Array, k: number): boolean {
  return (W[k]! & (W_GENERIC_CAP | W_NOT_ID | W_NUMBER | W_FUNCTION)) !== 0 || t.key[k]!.length === 1 || ((W[k]! & W_CONNECTOR) !== 0 && (t.flags[k]! & F_CAP) === 0);
}

function orgHead(t: Tokens, W: Uint32Array, k: number): boolean {
  return (W[k]! & W_ORG_HEAD) !== 0 && isOrgHead(t, k);
}

/** A common word of the text's language (or a frequent word of any study language), including
 *  Indonesian words with a clitic ("Pelakunya", "Bapakku") and Swahili verb forms. */
function commonWord(t: Tokens, W: Uint32Array, k: number, lang: string): boolean {
  return (W[k]! & (W_COMMON | W_FREQUENT_ANY)) !== 0 || morphCommon(t.key[k]!, lang);
}

/** For a lone word opening a sentence: dropped only when it is a FREQUENT word (of the text's
 *  language or of English) or a clitic/verb form of one; rarer dictionary words stay candidates
 *  ("Atlas", "Fang" are places; recall first). */
function sentenceCommon(t: Tokens, W: Uint32Array, k: number, lang: string): boolean {
  return (W[k]! & (W_FREQUENT | W_FREQUENT_EN)) !== 0 || (lang !== 'en' && (W[k]! & W_COMMON) !== 0 && !isCommonWord(t.key[k]!, 'en')) || morphCommon(t.key[k]!, lang);
}

/** What findNames builds while it reads one text. Plain functions over it, not closures made per
 *  text: a closure new on every call makes the optimised scan start over at its first rare call. */
interface NameScan {
  t: Tokens;
  W: Uint32Array;
  out: Candidate[];
  known: Set<string>;
  /** Vietnamese accents tell words apart ("Thu" a name, "Thứ" "-th"): compare unfolded there. */
  knownExact: Set<string>;
  covered: Uint8Array;
}

/** `cued`: found with a cue strong enough to make its words known names of this text. */
function emit(st: NameScan, a: number, b: number, type: EntityType, confidence: number, cued: boolean): void {
  const { t, W } = st;
  const start = t.start[a]!;
  const end = t.end[b - 1]!;
  st.out.push({ start, end, type, text: t.text.slice(start, end), detector: 'heuristic', confidence });
  for (let k = a; k < b; k++) {
    st.covered[k] = 1;
    const key = t.key[k]!;
    if (cued && !isGenericAt(t, W, k) && !(t.flags[k]! & F_DIGIT) && !(W[k]! & (W_PLACE_BEFORE | W_PLACE_AFTER)) && !orgHead(t, W, k)) {
      st.known.add(key);
      st.knownExact.add(t.raw[k]!.toLowerCase());
    }
  }
}

export function findNames(t: Tokens, language?: string, lowerSeen?: ReadonlySet<string>): HeuristicResult {
  const lang = lexiconLanguage(language);
  const vi = lang === 'vi';
  const classes = wordClasses(t, language);
  const W = classes.bits;
  const st: NameScan = { t, W, out: [], known: new Set<string>(), knownExact: new Set<string>(), covered: new Uint8Array(t.n) };
  const { out, known, knownExact, covered } = st;

  for (let i = 0; i < t.n; i++) {
    const f = t.flags[i]!;

    // Speaker label at the start of a line.
    const labelEnd = speakerLabelEnd(t, i);
    if (labelEnd > 0) {
      if (!isRoleLabel(t, i, labelEnd)) {
        let a = i;
        while (a < labelEnd && titleAt(t, a) > 0) a += titleAt(t, a);
        if (a < labelEnd && !(labelEnd - a === 1 && t.flags[a]! & F_UPPER)) emit(st, a, labelEnd, 'PERSON', 0.6, true);
      }
      i = labelEnd - 1;
      continue;
    }

    // A lower-case name after a title: "bang jay", "kak nurul" (not in Vietnamese, where a name
    // is always capitalised and "anh", "em" are pronouns too).
    if (f & F_LOWER) {
      if (!vi && i > 0 && W[i - 1]! & W_TITLE && titleBefore(t, i) && t.raw[i]!.length >= 2 && !(W[i]! & (W_FREQUENT | W_HOMOGRAPH)) && !titleAt(t, i)) emit(st, i, i + 1, 'PERSON', 0.4, true);
      continue;
    }
    if (!(f & F_CAP)) continue;

    // Vietnamese organisations: "Công an phường Lạch Tray", "Trung tâm Công tác xã hội Hải Phòng".
    if (isViOpener(t, i)) {
      let lastCap = -1;
      let sawLower = false;
      for (let j = i + 1; j < t.n && j < i + 14 && joinable(t, j); j++) {
        if (VI_WINDOW_STOP.has(t.key[j]!) && !(t.flags[j]! & F_CAP)) break;
        if (t.flags[j]! & (F_CAP | F_UPPER)) {
          if (!(W[j]! & W_NOT_ID)) lastCap = j;
        } else sawLower = true;
      }
      if (lastCap > i && (sawLower || lastCap > i + 1)) {
        emit(st, i, lastCap + 1, 'ORGANIZATION', 0.7, true);
        i = lastCap;
        continue;
      }
    }

    // Build the capitalised run [i, last].
    let last = i;
    let j = i + 1;
    while (j < t.n && joinable(t, j)) {
      const fj = t.flags[j]!;
      if (fj & F_CAP) {
        if (isViOpener(t, j)) break;
        last = j++;
        continue;
      }
      if (fj & F_DIGIT && t.raw[j]!.length <= 4) {
        if (j + 1 < t.n && joinable(t, j + 1) && t.flags[j + 1]! & F_CAP) {
          j++;
          continue;
        }
        if (t.raw[j]!.length <= 3) last = j;
        break;
      }
      const kj = t.key[j]!;
      // Connectors, possibly several ("van der Merwe"), then a capitalised word.
      let q = j;
      while (q < t.n && q < j + 3 && W[q]! & W_CONNECTOR && !(t.flags[q]! & F_CAP) && (q === j || joinable(t, q))) q++;
      const nextCap = q > j && q < t.n && joinable(t, q) && (t.flags[q]! & F_CAP) !== 0;
      if (nextCap) {
        j = q;
        continue;
      }
      if (kj === 's' && /['’]/.test(t.text[t.start[j]! - 1]!) && j + 1 < t.n && joinable(t, j + 1) && t.flags[j + 1]! & F_CAP) {
        j++;
        continue;
      }
      // A reduplicated name: "Jun-jun", "Sim-sim".
      if (kj === t.key[j - 1] && t.text[t.start[j]! - 1] === '-') {
        last = j++;
        continue;
      }
      break;
    }
    const runEnd = last + 1;

    // Trim the front.
    let a = i;
    let titled = false;
    let placeBefore = false;
    for (;;) {
      if (a >= runEnd) break;
      const tl = titleAt(t, a);
      if (tl > 0) {
        a += tl;
        titled = true;
        continue;
      }
      const k = t.key[a]!;
      const lowerRaw = (t.flags[a]! & F_CAP) === 0;
      if (k === 'the' || (W[a]! & W_CONNECTOR && lowerRaw)) {
        a++;
        continue;
      }
      if ((k === 'i' || k === 'ni') && a + 1 < runEnd && BALINESE.has(t.key[a + 1]!)) break;
      // "WCPD ng Angeles City Police Station 4": a unit acronym joined to the name by a connector.
      if (W[a]! & W_NOT_ID && a + 2 < runEnd && W[a + 1]! & W_CONNECTOR && !(t.flags[a + 1]! & F_CAP)) {
        a += 2;
        continue;
      }
      if (W[a]! & W_NOT_ID && !orgHead(t, W, a)) {
        a++;
        continue;
      }
      // "Desa Sakra", "Sangkat Sla Kram", "Barangay Dau": the administrative word stays outside.
      if (W[a]! & W_PLACE_BEFORE && !ADMIN_INSIDE.has(k) && a + 1 < runEnd) {
        a++;
        placeBefore = true;
        continue;
      }
      if (a === i && t.flags[a]! & F_SENT && runEnd - a > 1 && commonWord(t, W, a, lang) && !(W[a]! & W_HOMOGRAPH) && !known.has(k) && !orgHead(t, W, a)) {
        a++;
        continue;
      }
      // Role words before a name or a place ("State Attorney Mutua", "Perbekel Desa Pemuteran").
      if (W[a]! & W_GENERIC_CAP && !orgHead(t, W, a) && a + 1 < runEnd) {
        let rest = false;
        for (let q = a + 1; q < runEnd; q++) if (orgHead(t, W, q) || !isGenericAt(t, W, q)) rest = true;
        if (rest) {
          a++;
          continue;
        }
      }
      break;
    }
    // After a title, a connector ends the name: "Mwalimu Fatma wa Shule ya Sekondari Mtongwe".
    let cut = runEnd;
    if (titled) {
      for (let q = a + 1; q < runEnd; q++) {
        if (W[q]! & W_CONNECTOR && !(t.flags[q]! & F_CAP)) {
          cut = q;
          break;
        }
      }
    }
    // Trim the back.
    let b = cut;
    let placeAfter = false;
    while (b > a) {
      if (W[b - 1]! & W_PLACE_AFTER && b - 1 > a && !orgHead(t, W, b - 1)) {
        b--;
        placeAfter = true;
        continue;
      }
      if ((W[b - 1]! & W_NOT_ID || (W[b - 1]! & W_CONNECTOR && !(t.flags[b - 1]! & F_CAP))) && !orgHead(t, W, b - 1)) {
        b--;
        continue;
      }
      break;
    }
    i = cut < runEnd ? cut : runEnd - 1;
    if (a >= b) continue;

    let hasHead = false;
    let specific = false;
    for (let k = a; k < b; k++) {
      if (orgHead(t, W, k)) hasHead = true;
      else if (!isGenericAt(t, W, k) && !(t.flags[k]! & F_DIGIT)) specific = true;
    }
    if (!specific) continue;

    const single = b - a === 1;
    const intro = nameIntroBefore(t, a);
    const placeCue = placeAfter || placeBefore || placeCueBefore(t, a) || placeCueAfter(t, b);
    if (hasHead) {
      // "7ª Esquadra da Matola": an ordinal before the head belongs to the name.
      if (a > 0 && joinable(t, a) && t.flags[a - 1]! & 8 /* has digit */ && t.raw[a - 1]!.length <= 4) a--;
      emit(st, a, b, 'ORGANIZATION', 0.7, true);
      continue;
    }
    if (single && !titled && !intro && !nameFollows(t, b)) {
      const k = t.key[a]!;
      if (t.flags[a]! & F_UPPER && !placeCue) continue; // a lone acronym (DCI, SPKT): places come from the gazetteer
      if (t.flags[a]! & F_SENT) {
        if (vi) continue;
        if ((sentenceCommon(t, W, a, lang) || (lowerSeen ? lowerSeen.has(k) : classes.seenLower(k))) && !known.has(k)) continue;
        emit(st, a, b, placeCue ? 'LOCATION' : 'PERSON', known.has(k) ? 0.45 : 0.3, false);
        continue;
      }
      if (!placeCue) {
        // Capitalised inside a sentence: a name by the cue rule, even when it is a word ("Ice", "Hope").
        emit(st, a, b, 'PERSON', commonWord(t, W, a, lang) ? 0.35 : 0.5, true);
        continue;
      }
    }
    if (placeCue && !titled && !intro) emit(st, a, b, 'LOCATION', 0.6, true);
    else {
      // A person's name ends before an age ("Bé Sáu 12 tuổi"); "Githurai 45" keeps its number.
      if (b - 1 > a && t.flags[b - 1]! & F_DIGIT && b < t.n && AGE_UNITS.has(t.key[b]!)) b--;
      emit(st, a, b, 'PERSON', titled || intro ? 0.7 : 0.5, true);
    }
  }

  // Consistency within the text: names seen with a cue, found again.
  if (known.size > 0) {
    const knownType = new Uint8Array(t.types);
    for (let ty = 0; ty < t.types; ty++) if (known.has(t.typeKey[ty]!)) knownType[ty] = 1;
    for (let i = 0; i < t.n; i++) {
      if (covered[i] || !knownType[t.type[i]!]) continue;
      const k = t.key[i]!;
      if (vi && !knownExact.has(t.raw[i]!.toLowerCase())) continue;
      const f = t.flags[i]!;
      if (f & F_CAP) {
        // "Anh ấy…" opening a sentence is a pronoun, not the name "Tuấn Anh".
        if (!(f & F_SENT && titleAt(t, i) > 0)) emit(st, i, i + 1, 'PERSON', 0.45, false);
      } else if (!vi && f & F_LOWER && k.length >= 3 && !(W[i]! & (W_HOMOGRAPH | W_FREQUENT_ANY | W_FREQUENT))) emit(st, i, i + 1, 'PERSON', 0.35, false);
    }
  }
  return { candidates: out, known };
}
