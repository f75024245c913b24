/**
 * WebVTT and SubRip cues → transcript text and one utterance per cue (DESIGN "Text and offsets").
 * The text is the cue payloads joined by "\n": voice tags `<v Name>` become `Name: `, other tags
 * (<i>, <c.x>, <font …>, karaoke timestamps) are stripped, VTT character references are decoded.
 * Cue times become tStartMs/tEndMs.
 *
 * Tolerated: CRLF and BOM (removed by normalizeText before this runs), a missing final newline,
 * cue identifiers, a missing WEBVTT header, NOTE/STYLE/REGION blocks (skipped), SRT cues not
 * separated by a blank line. Text outside any cue (e.g. an SRT payload continued after a blank
 * line) is kept as an untimed utterance rather than silently dropped.
 */
import type { Utterance } from '../../../shared/contract/schemas.js';
import { findSpeakerLabels, parseTimestampMs } from '../../../shared/text/speakers.js';

export type SubtitleKind = 'vtt' | 'srt';

export interface ParsedSubtitles {
  text: string;
  utterances: Utterance[];
  /** Timing lines found (cues, including ones whose payload was empty). */
  cues: number;
}

const TS = String.raw`(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?`;
const TIMING = new RegExp(String.raw`^[ \t]*(${TS})[ \t]*-->[ \t]*(${TS})(?=[ \t]|$)`);
const META_BLOCK = /^(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)/;
const DIGITS = /^[ \t]*\d+[ \t]*$/;
const BLANK = /^[ \t]*$/;

const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>\n]*)>/g;
const TAG = /<\/?(?:[A-Za-z][A-Za-z0-9]*(?:[.\s][^<>\n]*)?|\d{1,2}:[\d:.]*)>/g;
const ASS_OVERRIDE = /\{\\[^}\n]*\}/g;
const ENTITY = /&(?:(amp|lt|gt|nbsp|lrm|rlm|quot|apos)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'",
};

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED[named] ?? whole;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

interface Piece {
  payload: string;
  voice: string | null;
  tStartMs: number | null;
  tEndMs: number | null;
}

function cleanPayload(lines: string[], kind: SubtitleKind): { payload: string; voice: string | null } {
  let voice: string | null = null;
  let s = lines.join('\n');
  if (s.includes('<')) {
    s = s.replace(VOICE, (_m, name: string) => {
      const n = name.trim();
      if (!n) return '';
      voice ??= n;
      return `${n}: `;
    });
    s = s.replace(TAG, '');
  }
  if (kind === 'srt' && s.includes('{\\')) s = s.replace(ASS_OVERRIDE, '');
  if (kind === 'vtt' && s.includes('&')) s = decodeEntities(s).normalize('NFC');
  s = s.trim();
  // A cue holding only a voice tag (`<v Ani></v>`) says nothing: treat it as empty.
  if (voice !== null && s === `${voice}:`) s = '';
  return { payload: s, voice };
}

/** `text` must already be normalized (normalizeText). */
export function parseSubtitles(text: string, kind: SubtitleKind): ParsedSubtitles {
  const lines = text.split('\n');
  const pieces: Piece[] = [];
  let cues = 0;
  const orphan = (ls: string[]): void => {
    const { payload, voice } = cleanPayload(ls, kind);
    if (payload) pieces.push({ payload, voice, tStartMs: null, tEndMs: null });
  };

  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && BLANK.test(lines[i]!)) i++;
    const b = i;
    while (i < lines.length && !BLANK.test(lines[i]!)) i++;
    if (b === i) break;
    const block = lines.slice(b, i);
    const meta = kind === 'vtt' && META_BLOCK.test(block[0]!);

    const timings: Array<{ at: number; m: RegExpExecArray }> = [];
    block.forEach((line, at) => {
      const m = line.includes('-->') ? TIMING.exec(line) : null;
      if (m) timings.push({ at, m });
    });
    if (timings.length === 0) {
      if (!meta && !block.every((l) => DIGITS.test(l))) orphan(block);
      continue;
    }
    // Lines before the first timing: a header/NOTE block's own lines, or a cue identifier
    // (the line right before the timing); anything earlier is stray text.
    const firstAt = timings[0]!.at;
    if (!meta && firstAt > 1) orphan(block.slice(0, firstAt - 1));
    timings.forEach(({ at, m }, k) => {
      cues++;
      const nextAt = timings[k + 1]?.at ?? block.length;
      let payloadLines = block.slice(at + 1, nextAt);
      // SRT cues run together without a blank line: the next cue's number ends this payload.
      if (k + 1 < timings.length && payloadLines.length > 0 && DIGITS.test(payloadLines[payloadLines.length - 1]!)) {
        payloadLines = payloadLines.slice(0, -1);
      }
      const { payload, voice } = cleanPayload(payloadLines, kind);
      if (payload) {
        pieces.push({ payload, voice, tStartMs: parseTimestampMs(m[1]!), tEndMs: parseTimestampMs(m[2]!) });
      }
    });
  }

  const out = pieces.map((p) => p.payload).join('\n');
  const labels = new Map(findSpeakerLabels(out).map((l) => [l.lineStart, l]));
  const utterances: Utterance[] = [];
  let at = 0;
  for (const p of pieces) {
    const start = at;
    const end = start + p.payload.length;
    at = end + 1;
    const u: Utterance = {
      start, end, labelStart: null, labelEnd: null, speaker: null, tStartMs: p.tStartMs, tEndMs: p.tEndMs,
    };
    const vAt = p.voice === null ? -1 : p.payload.indexOf(`${p.voice}:`);
    if (p.voice !== null && vAt !== -1) {
      u.labelStart = start + vAt;
      u.labelEnd = u.labelStart + p.voice.length;
      u.speaker = p.voice;
    } else {
      const l = labels.get(start);
      if (l) {
        u.labelStart = l.labelStart;
        u.labelEnd = l.labelEnd;
        u.speaker = l.speaker;
        u.tStartMs ??= l.tStartMs;
      }
    }
    utterances.push(u);
  }
  return { text: out, utterances, cues };
}
