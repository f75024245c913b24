/**
 * Deterministic synthetic interview transcripts for the benchmarks (and, later, de-identification
 * scan throughput). Pure: no disk. Transcript i depends only on (seed, i, words), so smaller runs
 * read a prefix of the full corpus. Languages rotate (en, id, fil, sw, th, vi) with some English
 * code-switching; each transcript is a sequence of speaker turns, one turn per line, in one of
 * five label styles; numbers, dates, phone numbers, e-mail addresses, URLs and names appear at
 * the stated density (PII_DENSITY), and the exact counts are returned.
 */
import { mixSeed, rng, type Rng } from './prng.js';
import { DOMAINS, LANGUAGES, MAIL_NAMES, MAIL_SURNAMES, URL_PATHS, type Language, type LanguageCode } from './vocab.js';

export const DEFAULT_SEED = 20261127;
export const DEFAULT_WORDS = 8000;

export const PII_KINDS = ['number', 'date', 'phone', 'email', 'url', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Target tokens per 1,000 words, by kind (17 per 1,000 in all). Each such token counts as one word. */
export const PII_DENSITY: Readonly<Record<PiiKind, number>> = Object.freeze({ number: 8, date: 2, phone: 1, email: 1, url: 1, name: 4 });

/** Share of words in a non-English transcript drawn from English (code-switching). */
export const CODE_SWITCH_RATE = 0.08;

export const LABEL_STYLES = ['role', 'native-role', 'numbered', 'bracket-name', 'name-timestamp'] as const;
export type LabelStyle = (typeof LABEL_STYLES)[number];

export interface Turn {
  /** As written at the start of the line: `Interviewer:`, `P3:`, `[Ani]`, `Ani (00:01:02):` */
  label: string;
  body: string;
}

export interface GeneratedTranscript {
  index: number;
  language: LanguageCode;
  labelStyle: LabelStyle;
  /** Between turns: a line break, or a blank line. */
  separator: '\n' | '\n\n';
  speakers: readonly [string, string];
  turns: Turn[];
  /** Turns joined by the separator, ending in one newline: the .txt content (LF, NFC, no BOM). */
  text: string;
  /** Content words (vocabulary words and the PII tokens), labels excluded; equals the request. */
  words: number;
  pii: Record<PiiKind, number>;
}

const ENGLISH = LANGUAGES[0]!;
const pad2 = (n: number) => String(n).padStart(2, '0');
const clock = (s: number) => `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;

function piiToken(kind: PiiKind, r: Rng, lang: Language): string {
  switch (kind) {
    case 'number':
      return String(r.pick([r.int(5, 17), r.int(2, 300), r.int(2015, 2025), r.int(1000, 99999)]));
    case 'date': {
      const y = r.int(2016, 2025);
      const m = r.int(1, 12);
      const d = r.int(1, 28);
      return r.pick([`${pad2(d)}/${pad2(m)}/${y}`, `${y}-${pad2(m)}-${pad2(d)}`, `${d}.${m}.${y}`]);
    }
    case 'phone': {
      const tail = String(r.int(0, 9999)).padStart(4, '0');
      return r.next() < 0.5 ? `${lang.phone.cc}-${lang.phone.mobile}-555-${tail}` : `0${lang.phone.mobile}-555-${tail}`;
    }
    case 'email':
      return `${r.pick(MAIL_NAMES)}.${r.pick(MAIL_SURNAMES)}${r.next() < 0.5 ? r.int(1, 99) : ''}@${r.pick(DOMAINS)}`;
    case 'url':
      return r.pick([`https://www.${r.pick(DOMAINS)}/${r.pick(URL_PATHS)}`, `www.${r.pick(DOMAINS)}/${r.pick(URL_PATHS)}`, `http://${r.pick(DOMAINS)}`]);
    case 'name':
      return r.pick(lang.names);
  }
}

/** Cumulative PII thresholds per word slot, in the order of PII_KINDS. */
const PII_CUT = (() => {
  let acc = 0;
  return PII_KINDS.map((k) => (acc += PII_DENSITY[k] / 1000));
})();

interface Tok {
  s: string;
  /** A word of an unspaced script: joins its neighbour without a space inside a phrase. */
  unspaced: boolean;
}

class Writer {
  words = 0;
  readonly pii: Record<PiiKind, number> = { number: 0, date: 0, phone: 0, email: 0, url: 0, name: 0 };
  constructor(
    private readonly r: Rng,
    private readonly lang: Language,
  ) {}

  private token(): Tok {
    const r = this.r;
    const x = r.next();
    for (let k = 0; k < PII_KINDS.length; k++) {
      if (x < PII_CUT[k]!) {
        const kind = PII_KINDS[k]!;
        this.pii[kind]++;
        return { s: piiToken(kind, r, this.lang), unspaced: false };
      }
    }
    if (this.lang !== ENGLISH && r.next() < CODE_SWITCH_RATE) return { s: r.skewed(ENGLISH.words), unspaced: false };
    return { s: r.skewed(this.lang.words), unspaced: !this.lang.spaced };
  }

  /** One sentence of up to `n` words (fewer only when the transcript's word budget runs out). */
  sentence(n: number, limit: number, question: boolean): string {
    const r = this.r;
    const take = Math.min(n, limit - this.words);
    let out = '';
    let prev: Tok | null = null;
    for (let i = 0; i < take; i++) {
      const t = this.token();
      let s = t.s;
      if (i === 0 && this.lang.spaced) s = s.charAt(0).toUpperCase() + s.slice(1);
      // Thai: words run together inside a phrase; a space separates phrases.
      if (prev) out += prev.unspaced && t.unspaced && r.next() < 0.7 ? '' : ' ';
      out += s;
      if (i < take - 1 && this.lang.spaced && r.next() < 0.06) out += ',';
      prev = t;
    }
    this.words += take;
    if (this.lang.spaced) out += question ? '?' : r.next() < 0.9 ? '.' : '...';
    return out;
  }
}

function speakersFor(style: LabelStyle, lang: Language, index: number, r: Rng): readonly [string, string] {
  switch (style) {
    case 'role':
      return ['Interviewer', 'Respondent'];
    case 'native-role':
      return lang.roles;
    case 'numbered':
      return ['I', `P${(index % 40) + 1}`];
    case 'bracket-name':
    case 'name-timestamp': {
      const a = r.pick(lang.names);
      let b = r.pick(lang.names);
      while (b === a) b = r.pick(lang.names);
      return [a, b];
    }
  }
}

export interface GenerateOptions {
  seed?: number;
  words?: number;
}

export function generateTranscript(index: number, opts: GenerateOptions = {}): GeneratedTranscript {
  const seed = opts.seed ?? DEFAULT_SEED;
  const target = opts.words ?? DEFAULT_WORDS;
  if (!Number.isInteger(target) || target < 1) throw new RangeError(`words must be a positive integer (got ${target})`);
  const r = rng(mixSeed(seed, index));
  const lang = LANGUAGES[index % LANGUAGES.length]!;
  const labelStyle = r.pick(LABEL_STYLES);
  const separator = r.next() < 0.5 ? '\n' : '\n\n';
  const speakers = speakersFor(labelStyle, lang, index, r);
  const w = new Writer(r, lang);
  const turns: Turn[] = [];
  let seconds = r.int(0, 20);
  for (let t = 0; w.words < target; t++) {
    const interviewer = t % 2 === 0;
    const before = w.words;
    const sentences: string[] = [];
    const nSentences = interviewer ? r.int(1, 2) : r.int(2, 7);
    for (let i = 0; i < nSentences && w.words < target; i++) {
      const question = interviewer && i === nSentences - 1;
      sentences.push(w.sentence(r.int(6, interviewer ? 18 : 22), target, question));
    }
    const name = speakers[interviewer ? 0 : 1];
    const label = labelStyle === 'bracket-name' ? `[${name}]` : labelStyle === 'name-timestamp' ? `${name} (${clock(seconds)}):` : `${name}:`;
    turns.push({ label, body: sentences.join(' ') });
    // About 2.5 words a second, plus a pause between turns.
    seconds += Math.round((w.words - before) / 2.5) + r.int(1, 4);
  }
  const text = turns.map((t) => `${t.label} ${t.body}`).join(separator) + '\n';
  return { index, language: lang.code, labelStyle, separator, speakers, turns, text, words: w.words, pii: w.pii };
}

/** The text mammoth returns for the .docx the bench writes: one paragraph per turn, each followed by a blank line. */
export function docxRawText(t: GeneratedTranscript): string {
  return t.turns.map((u) => `${u.label} ${u.body}\n\n`).join('');
}

export interface CorpusStats {
  transcripts: number;
  words: number;
  turns: number;
  /** UTF-8 bytes of the transcript texts. */
  textBytes: number;
  pii: Record<PiiKind, number>;
  languages: Partial<Record<LanguageCode, number>>;
  labelStyles: Partial<Record<LabelStyle, number>>;
}

export function emptyStats(): CorpusStats {
  return { transcripts: 0, words: 0, turns: 0, textBytes: 0, pii: { number: 0, date: 0, phone: 0, email: 0, url: 0, name: 0 }, languages: {}, labelStyles: {} };
}

export function addToStats(s: CorpusStats, t: GeneratedTranscript, textBytes: number): void {
  s.transcripts++;
  s.words += t.words;
  s.turns += t.turns.length;
  s.textBytes += textBytes;
  for (const k of PII_KINDS) s.pii[k] += t.pii[k];
  s.languages[t.language] = (s.languages[t.language] ?? 0) + 1;
  s.labelStyles[t.labelStyle] = (s.labelStyles[t.labelStyle] ?? 0) + 1;
}

/** The density section of the results: target and measured tokens per 1,000 words, by kind. */
export function densityReport(s: CorpusStats): { perThousandWords: { target: Record<PiiKind, number>; actual: Record<PiiKind, number> }; counts: Record<PiiKind, number>; words: number } {
  const actual = {} as Record<PiiKind, number>;
  for (const k of PII_KINDS) actual[k] = s.words ? Math.round((s.pii[k] / s.words) * 1000 * 100) / 100 : 0;
  return { perThousandWords: { target: { ...PII_DENSITY }, actual }, counts: { ...s.pii }, words: s.words };
}
