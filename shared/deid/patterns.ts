/**
 * Validated patterns (layer 2): phones, e-mails, URLs, handles, case/file/ID/plate numbers,
 * dates, ages after a cue, street addresses.
 *
 * Cost control (the scan must run at several MB/s): nothing here sweeps the whole text with an
 * expensive regex. Each detector starts from cheap anchors found on the shared tokens or with
 * indexOf (a digit run, a month name, a number word, '@', '.', '_'), and runs its regex sticky at
 * those places only. libphonenumber-js validates only digit runs of 7-15 digits with phone
 * punctuation; linkifyjs reads only the whitespace-delimited chunks around '@', '://', 'www.' or
 * a "word.tld" shape.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import * as linkify from 'linkifyjs';
import { F_CAP, F_DIGIT, F_HAS_DIGIT, F_SENT, F_UPPER, type Tokens } from './tokens.js';
import type { Candidate, EntityType } from './types.js';
import { ETHIOPIAN_MONTHS, MONTHS } from './words.js';

/** The study countries, in the order local numbers are tried after the document's own country. */
export const STUDY_COUNTRIES: CountryCode[] = ['ID', 'MY', 'PH', 'TH', 'KH', 'VN', 'KE', 'TZ', 'UG', 'RW', 'ET', 'MZ', 'NA', 'ZA'];

const pat = (start: number, end: number, type: EntityType, text: string, confidence: number): Candidate => ({
  start, end, type, text: text.slice(start, end), detector: 'pattern', confidence,
});

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0xd800 && c <= 0xdfff) && !(c >= 0x3000 && c <= 0x303f));
const isSpaceCode = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0;

/** Runs a sticky regex at offset `at`; the match or null. */
function stickyAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

// ---------------------------------------------------------------- phones

/** Whether the gap between two digit groups may sit inside a phone number: " ", "-", ".", ") ", " (". */
function phoneGap(text: string, a: number, b: number): boolean {
  if (b - a < 1 || b - a > 3) return false;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41) return false;
  }
  return true;
}

const phoneMemo = new Map<string, boolean>();

/** Forgets memoised phone validations (for measurements that must not reuse them). */
export function clearPatternCaches(): void {
  phoneMemo.clear();
}

function validPhone(s: string, order: readonly CountryCode[]): boolean {
  const memoKey = `${order[0]}|${s}`;
  const known = phoneMemo.get(memoKey);
  if (known !== undefined) return known;
  let ok = false;
  if (s.startsWith('+')) {
    const p = parsePhoneNumberFromString(s);
    ok = p !== undefined && p.isValid();
  } else {
    for (const cc of order) {
      const p = parsePhoneNumberFromString(s, cc);
      if (p !== undefined && p.isValid()) {
        ok = true;
        break;
      }
    }
  }
  if (phoneMemo.size > 10_000) phoneMemo.clear();
  phoneMemo.set(memoKey, ok);
  return ok;
}

export function findPhones(t: Tokens, country?: string): Candidate[] {
  const out: Candidate[] = [];
  const text = t.text;
  const order: CountryCode[] = [];
  const c = country?.toUpperCase() as CountryCode | undefined;
  if (c && STUDY_COUNTRIES.includes(c)) order.push(c);
  for (const s of STUDY_COUNTRIES) if (s !== c) order.push(s);
  for (let i = 0; i < t.n; i++) {
    if (!(t.flags[i]! & F_DIGIT)) continue;
    // A run of digit groups joined by phone punctuation.
    const runStart = i;
    let j = i;
    let digits = t.end[i]! - t.start[i]!;
    while (j + 1 < t.n && t.flags[j + 1]! & F_DIGIT && phoneGap(text, t.end[j]!, t.start[j + 1]!) && digits < 16) {
      j++;
      digits += t.end[j]! - t.start[j]!;
    }
    const runEnd = j;
    if (digits < 7) {
      i = runEnd;
      continue;
    }
    let start = t.start[runStart]!;
    let end = t.end[runEnd]!;
    // "+254 …", "+ 62 …", "(02) 8931-4410".
    if (text[start - 1] === '(') start--;
    if (text[start - 1] === '+') start--;
    else if (text[start - 1] === ' ' && text[start - 2] === '+') start -= 2;
    if (text[end] === ')' && text.slice(start, end).includes('(')) end++;
    // Not the tail of a longer code ("CR 58/07/2023", "LP/B/211") nor glued to a word.
    const before = start > 0 ? text.charCodeAt(start - 1) : 32;
    const after = end < text.length ? text.charCodeAt(end) : 32;
    i = runEnd;
    if (isWordCode(before) || before === 47 || before === 95 || before === 45 || before === 46) continue;
    if ((isWordCode(after) && !(after >= 48 && after <= 57)) || after === 47 || after === 95 || after === 64) continue;
    if (digits > 15) continue;
    const s = text.slice(start, end);
    // A possible numeric date ("2019-05-12", "12.5.2019") is the date layer's: not tried against
    // the phone plans of 14 countries (most of this layer's cost on interview text).
    if (DATE_SHAPE.test(s) && plausibleDate(s)) continue;
    if (validPhone(s, order)) out.push(pat(start, end, 'PHONE', text, 0.95));
    else if (digits >= 9 && runEnd > runStart && !/^\d{1,2}[.-]\d{1,2}[.-]\d{2,4}$/.test(s)) {
      // Grouped like a phone but not a valid number of a study country: still worth a look.
      out.push(pat(start, end, 'PHONE', text, 0.4));
    }
  }
  return out;
}

// ---------------------------------------------------------------- e-mails, URLs, handles

/** "@siti_cute02"; bare account names shaped like handles: "eric_kgl_official", "bank.cnx". */
const AT_HANDLE = /(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?/gu;
const BARE_HANDLE = /(?<![\p{L}\p{N}@._/-])(?=[a-z0-9._]*[a-z])[a-z0-9]+(?:[._][a-z0-9]+)*(?:_[a-z0-9]*|\.[a-z0-9]+)(?![\p{L}\p{N}@/]|\.[\p{L}\p{N}])/gu;
const NOT_HANDLES = new Set(['e.g', 'i.e', 'a.m', 'p.m', 'n.b', 'etc', 'vs', 'u.s', 'u.k', 'w.r.t']);
/** Top-level domains worth handing to linkify without "://" or "www." ("t.me/…", "bit.ly/…",
 *  "facebook.com/…"); "bank.cnx" and "lwazi.the.plug" are handles, not links. */
const TLDS = new Set('com org net edu gov int info biz io me ly co app dev xyz site online link page to gg tv fm ai cc id my ph th kh vn ke tz ug rw et mz na za uk us au ca de fr nl sg hk in cn jp kr pk ng gh zm zw mw bw ls sz so ss sd er dj eu ac or go ne mil sch'.split(' '));
const DOMAIN = /[a-z0-9-]\.([a-z]{2,})(?=[/?#:]|$|[^a-z0-9-])/gi;
function linkish(chunk: string): boolean {
  if (chunk.includes('@') || chunk.includes('://') || /www\./i.test(chunk)) return true;
  for (const m of chunk.matchAll(DOMAIN)) if (TLDS.has(m[1]!.toLowerCase())) return true;
  return false;
}

/** Whitespace-delimited chunks that hold '@', '_' or a dot between two word characters. */
function linkChunks(text: string): [number, number][] {
  const hits: number[] = [];
  for (const ch of ['@', '_', '.', ':']) {
    for (let k = text.indexOf(ch); k !== -1; k = text.indexOf(ch, k + 1)) {
      if (ch === '.' && !(isWordCode(text.charCodeAt(k - 1)) && isWordCode(text.charCodeAt(k + 1)))) continue;
      if (ch === ':' && text.charCodeAt(k + 1) !== 47) continue;
      hits.push(k);
    }
  }
  if (hits.length === 0) return [];
  hits.sort((a, b) => a - b);
  const out: [number, number][] = [];
  let doneTo = -1;
  for (const h of hits) {
    if (h < doneTo) continue;
    let a = h;
    while (a > 0 && !isSpaceCode(text.charCodeAt(a - 1))) a--;
    let b = h + 1;
    while (b < text.length && !isSpaceCode(text.charCodeAt(b))) b++;
    out.push([a, b]);
    doneTo = b;
  }
  return out;
}

export function findLinksAndHandles(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [a, b] of linkChunks(text)) {
    const chunk = text.slice(a, b);
    if (linkish(chunk)) {
      for (const l of linkify.find(chunk)) {
        if (l.type === 'email') out.push(pat(a + l.start, a + l.end, 'EMAIL', text, 0.98));
        else if (l.type === 'url') out.push(pat(a + l.start, a + l.end, 'URL', text, 0.9));
      }
    }
    if (chunk.includes('@')) {
      for (const m of chunk.matchAll(AT_HANDLE)) if (m[0].length >= 3) out.push(pat(a + m.index, a + m.index + m[0].length, 'HANDLE', text, 0.9));
    }
    for (const m of chunk.matchAll(BARE_HANDLE)) {
      const s = m[0];
      // Inside a link already found ("www.pemuteran-ramahanak.id").
      if (out.some((c) => c.type !== 'HANDLE' && c.start <= a + m.index && a + m.index + s.length <= c.end)) continue;
      if (NOT_HANDLES.has(s) || s.length < 5) continue;
      // A dotted name needs two parts of 2+ characters ("bank.cnx", not "e.g"); an underscore is enough.
      if (s.indexOf('_') === -1) {
        const parts = s.split('.');
        if (parts.length < 2 || parts.some((p) => p.length < 2)) continue;
      }
      out.push(pat(a + m.index, a + m.index + s.length, 'HANDLE', text, 0.75));
    }
  }
  return out;
}

// ---------------------------------------------------------------- ID numbers

const PREFIX_CODE = /^[A-Z]{1,4}$|^[A-Z]{1,4}-[A-Z]{1,4}$/;
/** Words before a number that describe it (outside the span) or make it a law, not an ID. */
const NOT_PREFIX = new Set(['NO', 'NIK', 'KK', 'KTP', 'ID', 'I', 'IS', 'RA', 'UU', 'PP', 'NPS', 'OK', 'AM', 'PM', 'USD', 'KES', 'TZS', 'UGX', 'RWF', 'ETB', 'MZN', 'NAD', 'ZAR', 'IDR', 'RP', 'MYR', 'RM', 'PHP', 'THB', 'KHR', 'VND', 'US']);
const LAW_WORDS = /^(?:RA|UU|PP|Act|Section|Sec|Art|Article|Form|Grade|Standard|Class|Kelas|Pasal|Luật|Điều|Sheria|Kifungu|Perda|Perpres|Permen)$/i;
const DATE_SHAPE = /^\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})$|^\d{4}-\d{2}-\d{2}$/;

/** Whether a numeric date's day and month are possible, in either order ("58/07/2023" is not). */
function plausibleDate(s: string): boolean {
  const parts = s.split(/[/.-]/).map(Number);
  const [a, b] = parts[0]! > 31 ? [parts[1]!, parts[2]!] : [parts[0]!, parts[1]!];
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}
const CODE_EDGE_CODES = new Set([...`"'“”‘’()[]{},;:!?`].map((c) => c.charCodeAt(0)));
/** Whether the character at i ends a code word: whitespace or enclosing punctuation. */
const codeEdgeAt = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return isSpaceCode(c) || CODE_EDGE_CODES.has(c);
};

function isCode(w: string): boolean {
  let digits = 0;
  let letters = 0;
  let seps = 0;
  for (const ch of w) {
    if (ch >= '0' && ch <= '9') digits++;
    else if (ch === '/' || ch === '-' || ch === '.') seps++;
    else letters++;
  }
  if (digits === 0) return false;
  if (DATE_SHAPE.test(w) && plausibleDate(w)) return false;
  if (seps === 0) {
    if (letters === 0) return digits >= 6;
    return digits >= 3 && w.length >= 6;
  }
  // "3.5", "2.000": decimals and thousands are not codes.
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(w) || /^\d+\.\d+$/.test(w)) return false;
  // "2015-088", "0457/2022", "1-5099-01234-56-7": at least 4 digits with separators.
  return digits >= 4 || (digits >= 2 && letters >= 2);
}

export function findIdNumbers(t: Tokens): Candidate[] {
  const out: Candidate[] = [];
  const text = t.text;
  let doneTo = -1;
  for (let i = 0; i < t.n; i++) {
    if (!(t.flags[i]! & F_HAS_DIGIT) || t.start[i]! < doneTo) continue;
    // The whitespace-delimited word around this token, without edge punctuation.
    let a = t.start[i]!;
    while (a > 0 && !codeEdgeAt(text, a - 1)) a--;
    let b = t.end[i]!;
    while (b < text.length && !codeEdgeAt(text, b)) b++;
    doneTo = b;
    let w = text.slice(a, b);
    while (/[.\-/]$/.test(w)) w = w.slice(0, -1);
    if (!/^[\p{L}\p{N}]/u.test(w) || !isCode(w)) continue;
    let start = a;
    let end = a + w.length;
    // Letter codes before the number: "OB 31/…", "CRB 1043/2022", "OSH CR 58/07/2023", "A 0912347".
    for (let k = 0; k < 2; k++) {
      const before = text.slice(Math.max(0, start - 12), start);
      const pm = /(?:^|[\s("'])([A-Z]{1,4}(?:-[A-Z]{1,4})?) $/.exec(before);
      if (!pm || !PREFIX_CODE.test(pm[1]!) || NOT_PREFIX.has(pm[1]!)) break;
      start -= pm[1]!.length + 1;
    }
    const prevWord = /(\S+)\s+$/.exec(text.slice(Math.max(0, start - 20), start))?.[1]?.replace(/[.:,]$/, '');
    if (prevWord && LAW_WORDS.test(prevWord)) continue;
    // A code whose last slash segment is a word runs on over capitalised words:
    // "…/SPKT/Polres Cianjur/Polda Jawa Barat", "1456/Pid.Sus/2022/PN Sby".
    if (/\/[\p{Lu}][\p{L}.]*$/u.test(w)) {
      const rest = /^(?: [\p{Lu}][\p{L}\p{N}]*(?:\/[\p{L}\p{N}.]+)*){1,4}/u.exec(text.slice(end, end + 80));
      if (rest) end += rest[0].length;
      doneTo = Math.max(doneTo, end);
    }
    out.push(pat(start, end, 'ID_NUMBER', text, 0.8));
  }
  // Vehicle plates: "DR 4512 KL", "KCA 123A", Thai "3กก 4512".
  for (let i = 0; i + 1 < t.n; i++) {
    const f = t.flags[i]!;
    const r = t.raw[i]!;
    if (f & F_UPPER && r.length <= 2 && t.flags[i + 1]! & F_DIGIT && t.raw[i + 1]!.length <= 4 && i + 2 < t.n && t.flags[i + 2]! & F_UPPER && t.raw[i + 2]!.length <= 3
      && text.slice(t.end[i]!, t.start[i + 1]!) === ' ' && text.slice(t.end[i + 1]!, t.start[i + 2]!) === ' ') {
      out.push(pat(t.start[i]!, t.end[i + 2]!, 'ID_NUMBER', text, 0.7));
    } else if (f & F_UPPER && r.length === 3 && r[0] === 'K' && /^\d{3}[A-Z]$/.test(t.raw[i + 1]!) && text.slice(t.end[i]!, t.start[i + 1]!) === ' ') {
      out.push(pat(t.start[i]!, t.end[i + 1]!, 'ID_NUMBER', text, 0.7));
    } else if (f & F_HAS_DIGIT && /^\d?[\u0E01-\u0E2E]{1,3}$/.test(r) && t.flags[i + 1]! & F_DIGIT && t.raw[i + 1]!.length <= 4) {
      out.push(pat(t.start[i]!, t.end[i + 1]!, 'ID_NUMBER', text, 0.7));
    }
  }
  return out;
}

// ---------------------------------------------------------------- dates

const MONTH_NAMES_RAW = [...Object.keys(MONTHS).filter((m) => m.length > 3 || ['may', 'mei', 'mac', 'jun', 'jul'].includes(m)), 'março'];
const MONTH_KEYS = new Set(Object.keys(MONTHS));
const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
/** Capitalised month names only: "may", "march" in lower case are words. */
const MONTH = `(?:${MONTH_NAMES_RAW.map(cap).sort((a, b) => b.length - a.length).join('|')})\\.?`;
const ETH_MONTH = `(?:${[...ETHIOPIAN_MONTHS].map(cap).join('|')})`;
const ORD_WORDS = 'twenty-first|twenty-second|twenty-third|twenty-fourth|twenty-fifth|twenty-sixth|twenty-seventh|twenty-eighth|twenty-ninth|thirty-first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth';
const ID_DAY = '(?:(?:dua|tiga) puluh(?: (?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan) belas|sebelas|sepuluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)';
const EN_DAY_WORDS = '(?:twenty(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|thirty(?:-one)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';
const DAY = `(?:\\d{1,2}(?:st|nd|rd|th)?|${ORD_WORDS}|${ID_DAY}|${EN_DAY_WORDS})`;
const YEAR = '(?:\\d{4})';
const NB = '(?<![\\p{L}\\p{N}])';
const NA = '(?![\\p{L}\\p{N}])';

// Sticky: each runs at one token start.
/** "the 22nd of March", "14th September 2023", "tiga Januari 2023", "9 de Agosto de 2022". */
const DATE_DAY_MONTH = new RegExp(`${NB}(?:[Tt]he )?${DAY}(?: of| de)? ${MONTH}(?:,? (?:de )?${YEAR})?${NA}`, 'uy');
/** "March 3, 2023", "January 9", "March 3rd". */
const DATE_MONTH_DAY = new RegExp(`${MONTH} \\d{1,2}(?:st|nd|rd|th)?(?:,? ${YEAR})?(?![\\p{L}\\p{N}/])`, 'uy');
/** "ika-15 ng Hunyo". */
const DATE_IKA = new RegExp(`ika-?\\d{1,2} ng ${MONTH}(?:,? ${YEAR})?${NA}`, 'uy');
/** Ethiopian calendar: "Tir 12, 2015", "Hamle 5". */
const DATE_ETH = new RegExp(`${ETH_MONTH} \\d{1,2}(?:,? ${YEAR})?(?![\\p{L}\\p{N}/])`, 'uy');
/** "15 tháng 3 năm 2023", "2 tháng 9". */
const DATE_VI = /\d{1,2} tháng \d{1,2}(?: năm \d{4})?(?![\p{L}\p{N}])/uy;
/** "20/11/2023", "3.12.2021", "2023-11-20"; not inside a longer code ("OB 31/14/06/2023"). */
const DATE_NUMERIC = /(?<![\p{L}\p{N}/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?![\p{L}\p{N}/-]|\.\d)/uy;
/** A bare year tied to an event of a person: "posted here in 2018", "sejak 2020", "từ năm 2016". */
const YEAR_CUES = new Set(['in', 'since', 'from', 'until', 'sejak', 'tahun', 'nam', 'mwaka', 'noong', 'hadi', 'sampai', 'sampe', 'dari']);
const LAW_BEFORE_YEAR = /(?:Nomor \d+|No\. ?\d+|Act|Luật[^.\n]{0,30}|Law[^.\n]{0,20}|Sheria[^.\n]{0,30}|UU[^.\n]{0,20}|Undang[^.\n]{0,40}|RA \d+[^.\n]{0,10})\s*$/u;

export function findDates(t: Tokens): Candidate[] {
  const out: Candidate[] = [];
  const text = t.text;
  const seen = new Set<number>();
  const add = (m: RegExpExecArray | null, confidence = 0.85) => {
    if (!m) return;
    // A month abbreviation's dot is kept ("Sept."), a full stop is not.
    const len = m[0].endsWith('.') && !/(?:^|\s)\p{L}{1,4}\.$/u.test(m[0]) ? m[0].length - 1 : m[0].length;
    if (seen.has(m.index * 65536 + len)) return;
    if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/.test(m[0]) && !plausibleDate(m[0])) return;
    seen.add(m.index * 65536 + len);
    out.push(pat(m.index, m.index + len, 'DATE', text, confidence));
  };
  const inDate = (s: number) => out.some((c) => c.start <= s && s < c.end);
  for (let i = 0; i < t.n; i++) {
    const k = t.key[i]!;
    const f = t.flags[i]!;
    if (f & F_CAP && MONTH_KEYS.has(k)) {
      // The day may come up to five words before the month ("the twenty-second of March").
      for (let s = Math.max(0, i - 5); s < i; s++) {
        const m = stickyAt(DATE_DAY_MONTH, text, t.start[s]!);
        if (m && m.index + m[0].length >= t.end[i]!) {
          add(m);
          break;
        }
      }
      add(stickyAt(DATE_MONTH_DAY, text, t.start[i]!));
      // "ika-15 ng Hunyo": tokens ika, 15, ng, Hunyo.
      if (i >= 3 && t.key[i - 1] === 'ng' && t.key[i - 3] === 'ika') add(stickyAt(DATE_IKA, text, t.start[i - 3]!));
    } else if (f & F_CAP && ETHIOPIAN_MONTHS.has(k)) add(stickyAt(DATE_ETH, text, t.start[i]!));
    else if (k === 'thang' && i > 0 && t.raw[i] === 'tháng') add(stickyAt(DATE_VI, text, t.start[i - 1]!));
    else if (f & F_DIGIT) {
      const len = t.raw[i]!.length;
      const next = text.charCodeAt(t.end[i]!);
      if ((len <= 2 || len === 4) && (next === 47 || next === 46 || next === 45)) add(stickyAt(DATE_NUMERIC, text, t.start[i]!));
      if (len === 4 && i > 0 && YEAR_CUES.has(t.key[i - 1]!) && text.slice(t.end[i - 1]!, t.start[i]!) === ' ') {
        const y = Number(t.raw[i]);
        const after = text.charCodeAt(t.end[i]!);
        if (y >= 1950 && y <= 2049 && !(after === 47 || after === 45 || isWordCode(after))) {
          const before = text.slice(Math.max(0, t.start[i - 1]! - 50), t.start[i - 1]!);
          if (!LAW_BEFORE_YEAR.test(before) && !inDate(t.start[i]!)) out.push(pat(t.start[i]!, t.end[i]!, 'DATE', text, 0.5));
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- ages

const EN_NUM = '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)';
const ID_NUM = '(?:(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan) puluh(?: (?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan) belas|sebelas|sepuluh|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)';
const FIL_NUM = "(?:labing-?isa|labindalawa|labintatlo|labing-?apat|labinlima|labing-?anim|labimpito|labing-?pito|labingwalo|labing-?walo|labinsiyam|(?:dalawampu|tatlumpu|apatnapu|limampu|animnapu|pitumpu|walumpu|siyamnapu)(?:[’']t (?:isa|dalawa|tatlo|apat|lima|anim|pito|walo|siyam))?|isa|dalawa|tatlo|apat|lima|anim|pito|walo|siyam|sampu)";
const SW_NUM = '(?:(?:kumi|ishirini|thelathini|arobaini|hamsini|sitini|sabini|themanini|tisini)(?: na (?:moja|mbili|tatu|nne|tano|sita|saba|nane|tisa))?|moja|mbili|tatu|nne|tano|sita|saba|nane|tisa)';
const VI_NUM = '(?:(?:hai|ba|bốn) mươi(?: (?:mốt|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))?|mười(?: (?:một|hai|ba|bốn|lăm|năm|sáu|bảy|tám|chín))?|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)';
const NUM = `(?:\\d{1,2}|${EN_NUM}|${ID_NUM}|${FIL_NUM}|${SW_NUM}|${VI_NUM})`;
/** A number phrase at one place (sticky), not followed by more letters or digits. */
const NUM_AT = new RegExp(`${NUM}${NA}`, 'iuy');
/** First words of number phrases: the anchors of age detection, per language (English always). */
const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));
const NUMBER_WORDS_EN = words('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety');
const NUMBER_WORDS: Record<string, Set<string>> = {
  id: words('satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas'),
  fil: words('labing labingisa labindalawa labintatlo labingapat labinlima labinganim labimpito labingpito labingwalo labinsiyam dalawampu tatlumpu apatnapu limampu animnapu pitumpu walumpu siyamnapu isa dalawa tatlo apat lima anim pito walo siyam sampu'),
  sw: words('kumi ishirini thelathini arobaini hamsini sitini sabini themanini tisini moja mbili tatu nne tano sita saba nane tisa'),
  vi: words('muoi mot hai ba bon nam sau bay tam chin'),
};
NUMBER_WORDS.ms = NUMBER_WORDS.id!;
NUMBER_WORDS.tl = NUMBER_WORDS.fil!;

const wset = (s: string) => new Set(s.split(/\s+/).filter(Boolean));
/** Words that introduce an age ("aged 13", "umur 14", "miaka kumi na tano"). */
const AGE_CUES = wset('aged age ages umur umurnya umurku umurmu usia usianya usiaku berumur berusia edad miaka idade umri');
/** Words that may stand between an age cue and the number ("umurnya waktu itu 14", "at the age of 15"). */
const AGE_FILLERS = wset('waktu itu saat sekarang sudah baru ya just only of about around sekitar kira na po wa the');
/** Verbs before an age ("she was 15", "he is thirteen", "I'm 18"). */
const AGE_VERBS = wset('is was am are were turned turns turning be now said says showed shows stated');
const AGE_VERB_FILLERS = wset('only just about around barely already now like maybe probably almost nearly');
/** What may follow "was 15": punctuation, or one of these words. */
const AGE_VERB_NEXT = wset('and when but in at so now then by that years year yrs na po already or because tahun ya lang');
const AGE_UNITS = wset('tuoi anyos anos ans thn yo');
const AGE_FIL_PRONOUNS = wset('ako siya sila kami yata');
const TAHUN_NOT_NEXT = wset('lalu yang terakhir ini belakangan penjara kurungan lebih');
const TAHUN_NOT_BEFORE = wset('selama sekitar hampir lebih kurang sudah dalam tiap per setiap sampai hingga lamanya kurungan penjara pidana hukuman');
const LIST_JOINERS = wset('and at dan na');
const RANGE_WORDS = wset('and to hanggang sampai hadi');
const RANGE_OPENERS = wset('aged ages between from');
/** Words before ", 12," that make the number something else (a list, a grade, a step). */
const NOT_APPOSITION = wset('number no page grade kelas form class room station section chapter step level one two three four five six seven eight nine ten first second third');
/** "How old are you now?" … "Nineteen. It started…": a number answering an age question. */
const AGE_QUESTION = /how old|umur berapa|umurnya berapa|berapa umur|usia berapa|ilang taon|mấy tuổi|bao nhiêu tuổi|una miaka mingapi|umri wako/i;

/** How sure we are that the number phrase at tokens [i, j) is an age (0: not an age). */
function ageConfidence(t: Tokens, i: number, j: number, isNumber: (k: number) => boolean): number {
  const text = t.text;
  const s = t.start[i]!;
  const e = t.end[j - 1]!;
  const gapAfter = j < t.n ? text.slice(e, t.start[j]!) : '';
  const next = j < t.n ? t.key[j]! : '';
  const next2 = j + 1 < t.n ? t.key[j + 1]! : '';
  const spaceAfter = gapAfter === ' ' || gapAfter === '-';
  // "13 years old", "13-year-old", "16 tuổi", "15 anyos", "15 taong gulang".
  if (spaceAfter && (AGE_UNITS.has(next) || ((next === 'years' || next === 'year' || next === 'yrs' || next === 'yr') && next2 === 'old') || (next === 'taong' && next2 === 'gulang'))) return 0.9;
  // "aged 13", "umurnya waktu itu 14", "at the age of 15", "umri wa miaka 14".
  let p = i - 1;
  let fillers = 0;
  while (p >= 0 && fillers < 3 && AGE_FILLERS.has(t.key[p]!) && !AGE_CUES.has(t.key[p]!)) {
    p--;
    fillers++;
  }
  if (p >= 0 && AGE_CUES.has(t.key[p]!)) return 0.85;
  // "Seventeen na po ako", "Noong 14 po ako".
  if (gapAfter === ' ') {
    let q = j;
    while (q < t.n && q < j + 2 && (t.key[q] === 'na' || t.key[q] === 'po')) q++;
    if (q < t.n && AGE_FIL_PRONOUNS.has(t.key[q]!)) return 0.8;
  }
  // "ages 7, 10 and 13": every number of the list.
  for (let q = i - 1, steps = 0; q >= 0 && steps < 12; q--, steps++) {
    const g = text.slice(t.end[q]!, t.start[q + 1]!);
    if (g !== ' ' && g !== ', ') break;
    const k = t.key[q]!;
    if (AGE_CUES.has(k)) return 0.75;
    if (!(isNumber(q) || LIST_JOINERS.has(k))) break;
  }
  // "between 13 and 15", "aged 12 to 15".
  const prev = i > 0 ? t.key[i - 1]! : '';
  if ((RANGE_WORDS.has(prev) || text[s - 1] === '-') && i >= 3 && isNumber(i - 2) && RANGE_OPENERS.has(t.key[i - 3]!)) return 0.7;
  if (prev === 'between' && RANGE_WORDS.has(next)) return 0.7;
  // "she was 15", "he is thirteen", "I'm 18", "he's fifteen": then punctuation or a short word.
  let v = i - 1;
  if (v >= 0 && AGE_VERB_FILLERS.has(t.key[v]!)) v--;
  const verb = v >= 0 && (AGE_VERBS.has(t.key[v]!) || (v > 0 && ((t.key[v] === 'm' && t.key[v - 1] === 'i') || (t.key[v] === 's' && (t.key[v - 1] === 'he' || t.key[v - 1] === 'she')))));
  if (verb && (j >= t.n || /^[,.;!?)]|^\s*\n/.test(gapAfter) || (gapAfter === ' ' && AGE_VERB_NEXT.has(next)))) return 0.7;
  // Indonesian "14 tahun", unless a duration ("selama 7 tahun", "2 tahun lalu").
  if (gapAfter === ' ' && next === 'tahun' && !TAHUN_NOT_NEXT.has(next2) && !TAHUN_NOT_BEFORE.has(prev)) return 0.6;
  // "Kristine (15)".
  if (text[s - 1] === '(' && text[e] === ')' && text[s - 2] === ' ' && i > 0 && !(t.flags[i - 1]! & F_DIGIT)) return 0.6;
  // "Srey Neang, 15, was recruited".
  if (i > 0 && text.slice(t.end[i - 1]!, s) === ', ' && t.raw[i - 1]!.length >= 2 && !(t.flags[i - 1]! & F_HAS_DIGIT) && !NOT_APPOSITION.has(prev)
    && (gapAfter.startsWith(',') || /^\.(?:\s|$)/.test(gapAfter) || j >= t.n || (gapAfter === ' ' && (next === 'tahun' || next === 'years' || next === 'anyos' || next === 'tuoi')))) return 0.5;
  // An answer to "How old are you?" on the line before.
  if (t.flags[i]! & F_SENT && /^[.!,]/.test(gapAfter)) {
    const lineStart = text.lastIndexOf('\n', s);
    const before = text.slice(lineStart + 1, s);
    if (/^[^\n:]{0,40}:\s*$/.test(before)) {
      const prevLine = text.slice(text.lastIndexOf('\n', Math.max(0, lineStart - 1)) + 1, Math.max(0, lineStart));
      if (AGE_QUESTION.test(prevLine)) return 0.75;
    }
  }
  return 0;
}

export function findAges(t: Tokens, language?: string): Candidate[] {
  const out: Candidate[] = [];
  const text = t.text;
  const local = NUMBER_WORDS[(language ?? 'en').toLowerCase().split('-')[0]!];
  const isNumber = (k: number) => {
    if (t.flags[k]! & F_DIGIT) return t.raw[k]!.length <= 2;
    const key = t.key[k]!;
    return NUMBER_WORDS_EN.has(key) || (local !== undefined && local.has(key)) || key === 'belas' || key === 'puluh';
  };
  // Whether a word type is a number word (of English or the text's language): once per type.
  const numberWord = new Int8Array(t.types);
  for (let i = 0; i < t.n; i++) {
    const f = t.flags[i]!;
    let isAnchor: boolean;
    if (f & F_DIGIT) {
      const r = t.raw[i]!;
      // Not part of a longer number or code ("2.5", "14/06").
      const prev = text.charCodeAt(t.start[i]! - 1);
      const next = text.charCodeAt(t.end[i]!);
      isAnchor = r.length <= 2 && r !== '0' && r !== '00' && prev !== 47 && prev !== 46 && next !== 47 && !(next === 46 && isWordCode(text.charCodeAt(t.end[i]! + 1)));
    } else {
      const ty = t.type[i]!;
      if (numberWord[ty] === 0) numberWord[ty] = NUMBER_WORDS_EN.has(t.typeKey[ty]!) || (local !== undefined && local.has(t.typeKey[ty]!)) ? 1 : -1;
      isAnchor = numberWord[ty]! > 0;
    }
    if (!isAnchor) continue;
    const m = stickyAt(NUM_AT, text, t.start[i]!);
    if (!m) continue;
    const e = m.index + m[0].length;
    let j = i + 1;
    while (j < t.n && t.start[j]! < e) j++;
    const c = ageConfidence(t, i, j, isNumber);
    if (c > 0) out.push(pat(m.index, e, 'AGE', text, c));
    i = j - 1;
  }
  return out;
}

// ---------------------------------------------------------------- street addresses

const CAPW = "[\\p{Lu}][\\p{L}\\p{M}'’-]*";
const STREET = '(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Crescent|Way|Highway|Boulevard|Blvd|Place|Court|Terrace|Extension|Ext)';
/** "Plot 14, Kenyatta Road", "Lot 1123, Kampung Batu Mengkebang". */
const ADDRESS_LOT = new RegExp(`(?:Plot|Lot|Stand|House|Block|Unit|Flat|Erf|No\\.?) ?\\d{1,5}[A-Za-z]?,? (?:${CAPW} ){0,3}${CAPW}${NA}`, 'uy');
/** "17 Ixia Street", "1128 Kagitingan Street". */
const ADDRESS_NUMBER_STREET = new RegExp(`\\d{1,5}[A-Za-z]? (?:${CAPW} ){0,3}${STREET}${NA}`, 'uy');
/** "Jl. Timor Raya No. 88", "Jalan Hertasning Raya No. 45", "Gg. Mawar No. 3". */
const ADDRESS_JALAN = new RegExp(`(?:Jl\\.?|Jln\\.?|Jalan|Gg\\.?|Gang|Lorong|Lrg\\.?) (?:${CAPW} ){0,4}(?:No\\.? ?\\d{1,5}[A-Za-z]?|\\d{1,5})${NA}`, 'uy');
/** Vietnamese: "số 27 đường Lê Lợi", "45 Lê Duẩn". */
const ADDRESS_VI = new RegExp(`(?:[Ss]ố )?\\d{1,4}[A-Za-z]?(?:/\\d{1,4})? (?:(?:đường|phố|ngõ|hẻm|ngách) )?(?:[\\p{Lu}][\\p{Ll}\\p{M}]*[\\u00C0-\\u1EF9][\\p{Ll}\\p{M}]*|[\\p{Lu}][\\p{Ll}]{0,2}) [\\p{Lu}][\\p{L}\\p{M}]+(?: [\\p{Lu}][\\p{L}\\p{M}]+)?${NA}`, 'uy');
const LOT_WORDS = new Set(['plot', 'lot', 'stand', 'house', 'block', 'unit', 'flat', 'erf', 'no']);
const JALAN_WORDS = new Set(['jl', 'jln', 'jalan', 'gg', 'gang', 'lorong', 'lrg']);

export function findAddresses(t: Tokens): Candidate[] {
  const out: Candidate[] = [];
  const text = t.text;
  const push = (m: RegExpExecArray | null) => {
    if (!m) return;
    let s = m[0];
    while (/[.,]$/.test(s)) s = s.slice(0, -1);
    out.push(pat(m.index, m.index + s.length, 'ADDRESS', text, 0.8));
  };
  for (let i = 0; i + 1 < t.n; i++) {
    const k = t.key[i]!;
    const f = t.flags[i]!;
    if (f & F_CAP && LOT_WORDS.has(k) && t.flags[i + 1]! & F_DIGIT) push(stickyAt(ADDRESS_LOT, text, t.start[i]!));
    else if (f & F_CAP && JALAN_WORDS.has(k)) push(stickyAt(ADDRESS_JALAN, text, t.start[i]!));
    else if (f & F_HAS_DIGIT && t.raw[i]!.length <= 5 && (t.flags[i + 1]! & F_CAP || t.key[i + 1] === 'duong')) {
      const prev = text.charCodeAt(t.start[i]! - 1);
      if (isWordCode(prev) || prev === 47 || prev === 46 || prev === 45) continue;
      const at = i > 0 && t.key[i - 1] === 'so' && t.raw[i - 1]!.toLowerCase() === 'số' ? t.start[i - 1]! : t.start[i]!;
      const m = stickyAt(ADDRESS_NUMBER_STREET, text, t.start[i]!) ?? (/[^\x00-\x7f]/.test(text.slice(t.start[i]!, t.start[i]! + 40)) ? stickyAt(ADDRESS_VI, text, at) : null);
      push(m);
    }
  }
  return out;
}

/** Every pattern detector over tokenised text. */
export function findPatterns(t: Tokens, country?: string, language?: string): Candidate[] {
  return [
    ...findPhones(t, country),
    ...findLinksAndHandles(t.text),
    ...findIdNumbers(t),
    ...findDates(t),
    ...findAges(t, language),
    ...findAddresses(t),
  ];
}
