/**
 * Speaker turns over normalized transcript text (see normalize.ts). Offsets are UTF-16 indices,
 * end exclusive.
 *
 * The label rule. A line opens a speaker turn when, after optional indentation and an optional
 * leading timestamp (`[00:01:02] ` or `(00:01:02) `), it starts with one of:
 *   - `Name:`             colon (or `：`, Ethiopic `፦`) followed by whitespace or the line end;
 *                         an optional timestamp may sit between name and colon:
 *                         `Name (00:01:02):`, `Name [00:01:02]:`; Markdown bold is allowed
 *                         around it: `**Name:**`, `**Name**:`;
 *   - `[Name]`            optionally followed by a timestamp and/or a colon, then whitespace;
 *   - `Name  0:03`        a name and a timestamp alone on the line (Otter-style exports).
 * where Name starts with a letter, is at most 40 characters and at most 5 words (separated by
 * up to 4 spaces or tabs), and its words hold only letters, combining marks, digits and
 * . ' ’ _ - (so URLs, clock times and sentences with commas never qualify). A line starts after
 * "\n" (the text is normalized, so there is no CR). VTT voice tags arrive here as `Name: `.
 * A candidate becomes a label unless its name is a metadata or annotation word (Note, Date,
 * Location, inaudible, laughs, …), and only if at least one of these holds, to keep prose lines
 * such as "So what I mean is: …" out:
 *   - it carries a timestamp;
 *   - it is a role word, optionally numbered (Interviewer, Respondent, Pewawancara, Narasumber,
 *     Speaker 2, …) or a single letter with optional digits (I, R, P1, Q);
 *   - the same name opens a line at least twice in the text;
 *   - it is a single word that does not start with a lowercase letter (`Ani:`, `ผู้สัมภาษณ์:`).
 *
 * An utterance is a speaker turn: from the label's line (first non-blank character) to the last
 * non-blank character before the next label line, continuation lines and blank lines included.
 * Text before the first label, and texts with no labels, give one utterance per paragraph
 * (paragraphs are separated by blank lines). Utterances therefore tile the non-whitespace
 * content: every non-whitespace character is in exactly one utterance, none overlap, and each
 * starts and ends on non-whitespace.
 */
import type { Utterance } from '../contract/schemas.js';

export interface SpeakerLabel {
  /** First non-blank character of the label's line: where the turn starts. */
  lineStart: number;
  labelStart: number;
  labelEnd: number;
  /** `text.slice(labelStart, labelEnd)`. */
  speaker: string;
  tStartMs: number | null;
}

const TS = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const WCH = String.raw`[\p{L}\p{M}\p{N}.'’_\-]`;
// Bounded repeats keep backtracking per line start small (a name is at most 40 characters anyway).
const NAME = String.raw`\p{L}${WCH}{0,39}(?:[ \t]{1,4}${WCH}{1,39}){0,4}`;
const COLON = '[:：፦]';
/** Sticky: tried only at each line start (a multiline `^` would be tested at every character). */
const LABEL_LINE = new RegExp(
  String.raw`[ \t]*(?:[\[(](${TS})[\])][ \t]*)?` +
    '(?:' +
    String.raw`\[(${NAME})\](?:[ \t]*[\[(](${TS})[\])])?[ \t]*${COLON}?` +
    '|' +
    String.raw`(\*\*|__)?(${NAME})(?:[ \t]*[\[(](${TS})[\])])?\4?[ \t]?${COLON}\4?` +
    '|' +
    String.raw`(${NAME})[ \t]+(${TS})[ \t]*(?=\n|$)` +
    ')' +
    String.raw`(?=\s|$)`,
  'yu',
);

const ROLE =
  /^(?:interviewer|interviewee|respondent|participant|moderator|facilitator|researcher|interpreter|translator|speaker|enumerator|pewawancara|narasumber|informan|responden|peserta|partisipan|fasilitator|peneliti|penerjemah|pendamping|\p{L})(?:[ \t]*\d+)?$/iu;

/** Metadata headers and transcription annotations: never speakers, even when repeated. */
const NOT_SPEAKER = new Set([
  'note', 'notes', 'nb', 'n.b', 'ps', 'p.s', 're', 'fw', 'fwd', 'cc', 'from', 'to', 'subject',
  'date', 'time', 'day', 'place', 'venue', 'location', 'site', 'duration', 'length', 'language',
  'title', 'topic', 'project', 'file', 'filename', 'file name', 'recording', 'audio', 'source',
  'transcript', 'transcriber', 'transcribed by', 'translated by', 'interview', 'interview date',
  'interview no', 'interview number', 'interview id', 'id', 'code', 'summary', 'comment', 'comments',
  'tanggal', 'hari', 'waktu', 'jam', 'tempat', 'lokasi', 'durasi', 'bahasa', 'judul', 'catatan',
  'keterangan', 'topik', 'berkas', 'rekaman', 'wawancara',
  'inaudible', 'unclear', 'unintelligible', 'indistinct', 'laughs', 'laughter', 'laughing',
  'crosstalk', 'cross talk', 'pause', 'long pause', 'silence', 'noise', 'background noise',
  'overlapping', 'overlap', 'applause', 'music', 'redacted', 'break', 'interruption',
  'cough', 'coughs', 'sigh', 'sighs', 'crying', 'cries', 'end', 'end of interview',
  'end of recording', 'start of recording', 'recording ends', 'recording starts', 'phone rings',
  'tidak jelas', 'tertawa', 'jeda', 'diam', 'hening', 'menangis', 'suara tidak jelas',
]);

function keyOf(name: string): string {
  return name.toLowerCase().replace(/[ \t]+/g, ' ');
}

/** Milliseconds from `h:mm:ss.fff`, `mm:ss`, `m:ss,ff` … */
export function parseTimestampMs(ts: string): number {
  const [main = '', frac = ''] = ts.split(/[.,]/);
  const parts = main.split(':').map(Number);
  let s = 0;
  for (const p of parts) s = s * 60 + p;
  return s * 1000 + (frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0);
}

interface Candidate extends SpeakerLabel {
  key: string;
  oneWord: boolean;
}

export function findSpeakerLabels(text: string): SpeakerLabel[] {
  const cands: Candidate[] = [];
  const counts = new Map<string, number>();
  for (let lineStart = 0; lineStart < text.length; ) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 ? text.length : nl;
    LABEL_LINE.lastIndex = lineStart;
    const m = LABEL_LINE.exec(text);
    lineStart = lineEnd + 1;
    if (m === null) continue;
    const name = m[2] ?? m[5] ?? m[7];
    if (name === undefined || name.length > 40) continue;
    const key = keyOf(name);
    if (NOT_SPEAKER.has(key)) continue;
    const ts = m[1] ?? m[3] ?? m[6] ?? m[8];
    const whole = m[0];
    const indent = whole.length - whole.trimStart().length;
    // The prefix before the name holds no letters, so the first occurrence is the name itself.
    const labelStart = m.index + whole.indexOf(name);
    cands.push({
      lineStart: m.index + indent,
      labelStart,
      labelEnd: labelStart + name.length,
      speaker: name,
      tStartMs: ts === undefined ? null : parseTimestampMs(ts),
      key,
      oneWord: !/[ \t]/.test(name),
    });
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const labels: SpeakerLabel[] = [];
  for (const c of cands) {
    const accepted =
      c.tStartMs !== null ||
      ROLE.test(c.speaker) ||
      (counts.get(c.key) ?? 0) >= 2 ||
      (c.oneWord && !/^\p{Ll}/u.test(c.speaker));
    if (accepted) {
      labels.push({
        lineStart: c.lineStart,
        labelStart: c.labelStart,
        labelEnd: c.labelEnd,
        speaker: c.speaker,
        tStartMs: c.tStartMs,
      });
    }
  }
  return labels;
}

/** Exactly the characters JS `\s` matches, so trimming agrees with the paragraph regex. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** End (exclusive) of the last non-whitespace character in [start, end). */
export function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/** One or more blank lines (lines holding only whitespace) with the line breaks around them. */
const BLANK_LINES = /\n(?:[^\S\n]*\n)+/g;

function trimmedStart(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  return start;
}

function pushParagraph(text: string, from: number, to: number, out: Utterance[]): void {
  const start = trimmedStart(text, from, to);
  const end = trimmedEnd(text, start, to);
  if (start < end) {
    out.push({ start, end, labelStart: null, labelEnd: null, speaker: null, tStartMs: null, tEndMs: null });
  }
}

/** One unlabelled utterance per paragraph (blank-line separated) of text[from, to). */
export function paragraphUtterances(text: string, from: number, to: number, out: Utterance[]): void {
  if (from >= to) return;
  // Searching for separators lets the regex engine skip ahead to each "\n"; a lazy paragraph
  // pattern would instead test a lookahead at every character (seconds on a 20 MB file).
  BLANK_LINES.lastIndex = from;
  let at = from;
  for (let m = BLANK_LINES.exec(text); m !== null && m.index < to; m = BLANK_LINES.exec(text)) {
    pushParagraph(text, at, m.index, out);
    at = m.index + m[0].length;
  }
  pushParagraph(text, at, to, out);
}

export function detectUtterances(text: string): Utterance[] {
  const labels = findSpeakerLabels(text);
  const out: Utterance[] = [];
  paragraphUtterances(text, 0, labels[0]?.lineStart ?? text.length, out);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    const next = labels[i + 1]?.lineStart ?? text.length;
    out.push({
      start: l.lineStart,
      end: trimmedEnd(text, l.lineStart, next),
      labelStart: l.labelStart,
      labelEnd: l.labelEnd,
      speaker: l.speaker,
      tStartMs: l.tStartMs,
      tEndMs: null,
    });
  }
  return out;
}
