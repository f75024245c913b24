/**
 * Generalisation transforms (issue 4 "Decide"): an identifier replaced by a coarser value that
 * keeps what the analysis needs — age 13 → "early teens", a date → month and year or the year, a
 * village → its district (when known) or "a village". Pure; every function returns null when it
 * cannot generalise the text safely, and the person deciding then types the value.
 *
 * Age bands never straddle 18: whether someone was a child is what this research is about.
 */
import type { EntityType, GazetteerLevel } from './types.js';

// ---------------------------------------------------------------------------------------------
// Ages

const EN_UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const ID_UNITS: Record<string, number> = { satu: 1, se: 1, dua: 2, tiga: 3, empat: 4, lima: 5, enam: 6, tujuh: 7, delapan: 8, sembilan: 9 };
const SW_UNITS: Record<string, number> = { moja: 1, mbili: 2, tatu: 3, nne: 4, tano: 5, sita: 6, saba: 7, nane: 8, tisa: 9 };
const SW_TENS: Record<string, number> = { kumi: 10, ishirini: 20, thelathini: 30, arobaini: 40, hamsini: 50, sitini: 60, sabini: 70, themanini: 80, tisini: 90 };

function englishNumber(words: string[]): number | null {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w in EN_TENS) {
      const next = words[i + 1];
      const unit = next !== undefined ? EN_UNITS[next] : undefined;
      return EN_TENS[w]! + (unit !== undefined && unit < 10 ? unit : 0);
    }
    if (w in EN_UNITS) return EN_UNITS[w]!;
  }
  return null;
}

function indonesianNumber(words: string[]): number | null {
  // "tiga belas" 13, "dua puluh satu" 21, "sepuluh" 10, "sebelas" 11, "lima" 5.
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'sepuluh') return 10;
    if (w === 'sebelas') return 11;
    if (w === 'seratus') return 100;
    const u = ID_UNITS[w];
    if (u === undefined || w === 'se') continue;
    const next = words[i + 1];
    if (next === 'belas') return 10 + u;
    if (next === 'puluh') {
      const unit = words[i + 2] !== undefined ? ID_UNITS[words[i + 2]!] : undefined;
      return u * 10 + (unit !== undefined && words[i + 2] !== 'se' ? unit : 0);
    }
    return u;
  }
  return null;
}

function swahiliNumber(words: string[]): number | null {
  // "kumi na tatu" 13, "ishirini na moja" 21, "tano" 5.
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w in SW_TENS) {
      const unit = words[i + 1] === 'na' && words[i + 2] !== undefined ? SW_UNITS[words[i + 2]!] : undefined;
      return SW_TENS[w]! + (unit ?? 0);
    }
    if (w in SW_UNITS) return SW_UNITS[w]!;
  }
  return null;
}

/** The age a text states ("13", "13 years old", "thirteen", "tiga belas tahun", "miaka kumi na tatu"), or null. */
export function parseAge(text: string): number | null {
  const digits = /(?<!\d)(\d{1,3})(?!\d)/u.exec(text);
  if (digits) {
    const n = Number(digits[1]);
    return n <= 120 ? n : null;
  }
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean)
    .flatMap((w) => w.split('-'));
  return englishNumber(words) ?? indonesianNumber(words) ?? swahiliNumber(words);
}

interface Band {
  max: number;
  en: string;
  id: string;
}
/** Upper bounds inclusive. 17 | 18 is a hard edge. */
const BANDS: readonly Band[] = [
  { max: 2, en: 'infant or toddler', id: 'bayi atau balita' },
  { max: 5, en: 'early childhood', id: 'anak usia dini' },
  { max: 9, en: 'middle childhood', id: 'anak usia sekolah dasar' },
  { max: 12, en: 'pre-teen', id: 'pra-remaja' },
  { max: 15, en: 'early teens', id: 'remaja awal' },
  { max: 17, en: 'late teens (under 18)', id: 'remaja akhir (di bawah 18 tahun)' },
  { max: 24, en: 'young adult (18–24)', id: 'dewasa muda (18–24 tahun)' },
  { max: 34, en: '25–34', id: '25–34 tahun' },
  { max: 44, en: '35–44', id: '35–44 tahun' },
  { max: 54, en: '45–54', id: '45–54 tahun' },
  { max: 64, en: '55–64', id: '55–64 tahun' },
];

/** The band an age falls in ("early teens" for 13), in English or Indonesian. */
export function ageBand(age: number, language = 'en'): string {
  const id = isIndonesian(language);
  if (!Number.isFinite(age) || age < 0) throw new RangeError('an age is a non-negative number');
  const band = BANDS.find((b) => age <= b.max);
  if (band) return id ? band.id : band.en;
  return id ? '65 tahun ke atas' : '65 or older';
}

const isIndonesian = (language: string | undefined) => /^(id|ms|in)\b/i.test(language ?? '');

// ---------------------------------------------------------------------------------------------
// Dates

/** Month names by language: index 0 = January. */
const MONTHS: Record<'en' | 'id' | 'fil' | 'sw', readonly string[]> = {
  en: ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  id: ['januari', 'februari', 'maret', 'april', 'mei', 'juni', 'juli', 'agustus', 'september', 'oktober', 'november', 'desember'],
  fil: ['enero', 'pebrero', 'marso', 'abril', 'mayo', 'hunyo', 'hulyo', 'agosto', 'setyembre', 'oktubre', 'nobyembre', 'disyembre'],
  sw: ['januari', 'februari', 'machi', 'aprili', 'mei', 'juni', 'julai', 'agosti', 'septemba', 'oktoba', 'novemba', 'desemba'],
};
const MONTH_ABBREV: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, jun: 5, jul: 6, aug: 7, agu: 7, agt: 7, sep: 8, sept: 8, oct: 9, okt: 9, nov: 10, dec: 11, des: 11,
  peb: 1, februari: 1, pebrero: 1,
};
const MONTH_DISPLAY: Record<'en' | 'id', readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
};

export interface ParsedDate {
  year: number | null;
  /** 0-11. */
  month: number | null;
  day: number | null;
  /** The language the month was written in, when a month name was found. */
  language: 'en' | 'id' | 'fil' | 'sw' | 'vi' | null;
}

function monthFromWord(w: string): { month: number; language: ParsedDate['language'] } | null {
  for (const lang of ['en', 'id', 'fil', 'sw'] as const) {
    const i = MONTHS[lang].indexOf(w);
    if (i >= 0) return { month: i, language: lang };
  }
  const a = MONTH_ABBREV[w.replace(/\.$/, '')];
  return a !== undefined ? { month: a, language: null } : null;
}

const fullYear = (y: string): number => (y.length === 2 ? (Number(y) > 50 ? 1900 + Number(y) : 2000 + Number(y)) : Number(y));

/** Reads the year, month and day a date expression states, or null when it names none of them. */
export function parseDate(text: string): ParsedDate | null {
  const s = text.trim().toLowerCase();
  // ISO and year-first numeric: 2024-03-01, 2024/3/1
  let m = /(?<!\d)(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?!\d)/u.exec(s);
  if (m) {
    const month = Number(m[2]) - 1;
    if (month >= 0 && month < 12) return { year: Number(m[1]), month, day: m[3] ? Number(m[3]) : null, language: null };
  }
  // Day-first numeric (the study countries write d/m/y): 01/03/2024, 1-3-24; m/d/y when the first part cannot be a month... or the second cannot.
  m = /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)/u.exec(s);
  if (m) {
    let day = Number(m[1]);
    let month = Number(m[2]);
    if (month > 12 && day <= 12) [day, month] = [month, day];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return { year: fullYear(m[3]!), month: month - 1, day, language: null };
  }
  // Vietnamese: "ngày 5 tháng 3 năm 2024", "tháng 3/2024", "tháng 3 năm 2024"
  m = /tháng\s*(\d{1,2})(?:\s*(?:năm|\/)\s*(\d{4}))?/u.exec(s);
  if (m) {
    const month = Number(m[1]) - 1;
    const day = /ngày\s*(\d{1,2})/u.exec(s);
    if (month >= 0 && month < 12) return { year: m[2] ? Number(m[2]) : null, month, day: day ? Number(day[1]) : null, language: 'vi' };
  }
  // Words: "1 March 2024", "March 1, 2024", "1st of March", "Maret 2024", "tanggal 5 Maret".
  const words = s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  let month: { month: number; language: ParsedDate['language'] } | null = null;
  let year: number | null = null;
  let day: number | null = null;
  for (const w of words) {
    if (!month) {
      const mm = monthFromWord(w);
      if (mm) {
        month = mm;
        continue;
      }
    }
    const num = /^(\d{1,4})(?:st|nd|rd|th)?$/u.exec(w);
    if (num) {
      const n = num[1]!;
      if (n.length === 4) year ??= Number(n);
      else if (day === null && Number(n) >= 1 && Number(n) <= 31) day = Number(n);
      else if (n.length === 2 && year === null && month) year = fullYear(n);
    }
  }
  if (month) return { year, month: month.month, day, language: month.language };
  if (year !== null && words.length <= 3) return { year, month: null, day: null, language: null };
  return null;
}

/**
 * A date made coarser: 'month' → "March 2024" (or "Maret 2024" when it was written in Indonesian,
 * or `language` says so); 'year' → "2024". Null when the text does not state what is kept.
 */
export function generaliseDate(text: string, level: 'month' | 'year' = 'month', language?: string): string | null {
  const d = parseDate(text);
  if (!d) return null;
  if (level === 'year') return d.year !== null ? String(d.year) : null;
  if (d.month === null) return d.year !== null ? String(d.year) : null;
  const lang = d.language === 'id' || (d.language === null && isIndonesian(language)) ? 'id' : 'en';
  if (d.language === 'vi') return d.year !== null ? `tháng ${d.month + 1}/${d.year}` : `tháng ${d.month + 1}`;
  const name = MONTH_DISPLAY[lang][d.month]!;
  return d.year !== null ? `${name} ${d.year}` : name;
}

// ---------------------------------------------------------------------------------------------
// Places and organisations

/** Administrative words that say what kind of place a name is. */
const VILLAGE_WORDS = /(?<![\p{L}\p{N}])(desa|kampung|kampong|dusun|kelurahan|village|barangay|barrio|sitio|purok|kijiji|kebele|sangkat|phum|xã|thôn|ấp|mtaa|ward|neighbourhood|neighborhood|estate|settlement)(?![\p{L}\p{N}])/iu;
const DISTRICT_WORDS = /(?<![\p{L}\p{N}])(kecamatan|kabupaten|kota|district|regency|municipality|sub-?county|county|woreda|khan|huyện|quận|wilaya|municipio)(?![\p{L}\p{N}])/iu;
const PROVINCE_WORDS = /(?<![\p{L}\p{N}])(provinsi|province|region|state|negeri|tỉnh|mkoa)(?![\p{L}\p{N}])/iu;

export interface PlaceHint {
  /** The gazetteer's level for the name, when it is listed. */
  level?: GazetteerLevel | null;
  /** The coarser unit the place lies in, when known ("Lombok Timur district"). */
  parent?: string | null;
  /** Words around the name ("Desa", "village") that say what it is. */
  context?: string;
  language?: string;
}

/** A place made coarser: its parent when known, else what kind of place it is ("a village"). */
export function generaliseLocation(text: string, hint: PlaceHint = {}): string {
  if (hint.parent && hint.parent.trim()) return hint.parent.trim();
  const id = isIndonesian(hint.language);
  const around = `${hint.context ?? ''} ${text}`;
  const kind = VILLAGE_WORDS.test(around) || hint.level === 3 || hint.level === 'place'
    ? 'village'
    : DISTRICT_WORDS.test(around) || hint.level === 2
      ? 'district'
      : PROVINCE_WORDS.test(around) || hint.level === 1
        ? 'province'
        : 'place';
  if (id) return { village: 'sebuah desa', district: 'sebuah kabupaten/kota', province: 'sebuah provinsi', place: 'sebuah tempat' }[kind];
  return { village: 'a village', district: 'a district', province: 'a province', place: 'a place' }[kind];
}

const ORG_KINDS: readonly { re: RegExp; en: string; id: string }[] = [
  { re: /(?<![\p{L}\p{N}])(sd|sdn|primary school|elementary school|paaralang elementarya|shule ya msingi)(?![\p{L}\p{N}])/iu, en: 'a primary school', id: 'sebuah sekolah dasar' },
  { re: /(?<![\p{L}\p{N}])(smp|smpn|sma|sman|smk|smkn|mts|secondary school|high school|senior school|shule ya sekondari)(?![\p{L}\p{N}])/iu, en: 'a secondary school', id: 'sebuah sekolah menengah' },
  { re: /(?<![\p{L}\p{N}])(school|sekolah|paaralan|shule|pesantren|madrasah|academy|college|university|universitas)(?![\p{L}\p{N}])/iu, en: 'a school', id: 'sebuah sekolah' },
  { re: /(?<![\p{L}\p{N}])(polres|polsek|polda|police|polisi|pulis)(?![\p{L}\p{N}])/iu, en: 'a police unit', id: 'sebuah kantor polisi' },
  { re: /(?<![\p{L}\p{N}])(court|pengadilan|mahkamah|korte|tribunal)(?![\p{L}\p{N}])/iu, en: 'a court', id: 'sebuah pengadilan' },
  { re: /(?<![\p{L}\p{N}])(clinic|hospital|puskesmas|rumah sakit|rsud|health (?:post|centre|center)|dispensary|zahanati|hospitali)(?![\p{L}\p{N}])/iu, en: 'a health facility', id: 'sebuah fasilitas kesehatan' },
  { re: /(?<![\p{L}\p{N}])(church|mosque|masjid|gereja|temple|pura|parish|simbahan)(?![\p{L}\p{N}])/iu, en: 'a place of worship', id: 'sebuah tempat ibadah' },
];

export function generaliseOrganisation(text: string, language?: string): string {
  const id = isIndonesian(language);
  const kind = ORG_KINDS.find((k) => k.re.test(text));
  if (kind) return id ? kind.id : kind.en;
  return id ? 'sebuah organisasi' : 'an organisation';
}

// ---------------------------------------------------------------------------------------------
// Any type

export interface GeneraliseOptions {
  language?: string;
  /** Dates: keep the month and year (default) or the year only. */
  dateLevel?: 'month' | 'year';
  place?: PlaceHint;
}

const KIND_WORDS: Partial<Record<EntityType, { en: string; id: string }>> = {
  PERSON: { en: 'a person', id: 'seseorang' },
  PHONE: { en: 'a phone number', id: 'sebuah nomor telepon' },
  EMAIL: { en: 'an e-mail address', id: 'sebuah alamat surel' },
  URL: { en: 'a web address', id: 'sebuah alamat web' },
  HANDLE: { en: 'a social media account', id: 'sebuah akun media sosial' },
  ID_NUMBER: { en: 'an identification number', id: 'sebuah nomor identitas' },
  ADDRESS: { en: 'an address', id: 'sebuah alamat' },
};

/**
 * The generalised value for an identifier of `type`, without brackets; null when this text cannot
 * be generalised automatically (an age or date the text does not state).
 */
export function generalise(type: EntityType, text: string, options: GeneraliseOptions = {}): string | null {
  switch (type) {
    case 'AGE': {
      const age = parseAge(text);
      return age === null ? null : ageBand(age, options.language);
    }
    case 'DATE':
      return generaliseDate(text, options.dateLevel ?? 'month', options.language);
    case 'LOCATION':
      return generaliseLocation(text, { ...options.place, language: options.place?.language ?? options.language });
    case 'ORGANIZATION':
      return generaliseOrganisation(text, options.language);
    default: {
      const w = KIND_WORDS[type];
      return w ? (isIndonesian(options.language) ? w.id : w.en) : null;
    }
  }
}

/** How a generalised value reads in a rendition: bracketed, so a reader sees it was edited. */
export const bracketed = (value: string): string => {
  const v = value.trim();
  return v.startsWith('[') && v.endsWith(']') ? v : `[${v}]`;
};
