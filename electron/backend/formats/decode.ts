/**
 * Bytes → string for the text formats (.txt, .md, .vtt, .srt). Detection order:
 *   1. an explicit encoding label (any WHATWG/TextDecoder label), decoded strictly;
 *   2. known binary signatures (PDF, zip/.docx, images, …) → BINARY_FILE, naming what it looks like;
 *   3. a byte-order mark: UTF-8, UTF-16 LE, UTF-16 BE (UTF-32 is refused);
 *   4. UTF-16 without BOM, by its NUL pattern (see `utf16ByNulPattern`);
 *   5. strict UTF-8;
 *   6. more than 1% control bytes → BINARY_FILE;
 *   7. Windows-1252, only when the text reads as Latin text (see `looksLikeWindows1252`);
 *   8. otherwise UNKNOWN_ENCODING, naming the likely encodings found by trial decoding.
 * Every successful decode is then checked: more than 1% NUL or control characters (other than
 * \n \r \t) is BINARY_FILE. Messages name the file and the problem, never its content.
 */
import { err, ok, type Result } from '../../../shared/result.js';

export interface Decoded {
  /** Decoded text, not yet normalized (a BOM may remain for the normalizer to drop). */
  raw: string;
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', or the label the caller gave. */
  encoding: string;
}

type Decoder = InstanceType<typeof TextDecoder>;
const decoders = new Map<string, Decoder>();
function strictDecoder(label: string): Decoder {
  let d = decoders.get(label);
  if (!d) {
    d = new TextDecoder(label, { fatal: true });
    decoders.set(label, d);
  }
  return d;
}

/**
 * WHATWG windows-1252 for bytes 0x80-0x9F. Node since 20.18.3/22.13.0 decodes windows-1252 (and
 * its labels latin1, iso-8859-1, ascii) as ISO-8859-1, giving C1 controls here
 * (nodejs/node#60888), so those characters are mapped afterwards; a fixed Node already returns
 * these characters, and the table maps the five unassigned bytes to themselves either way.
 */
const WINDOWS_1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\x80-\x9F]/g;
const HAS_C1 = /[\x80-\x9F]/;

export function decodeWindows1252(bytes: Uint8Array): string {
  const s = strictDecoder('windows-1252').decode(bytes);
  return HAS_C1.test(s) ? s.replace(C1, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!) : s;
}

function tryDecode(bytes: Uint8Array, label: string): string | null {
  try {
    const d = strictDecoder(label);
    return d.encoding === 'windows-1252' ? decodeWindows1252(bytes) : d.decode(bytes);
  } catch {
    return null;
  }
}

/** Whether TextDecoder knows the label (WHATWG Encoding Standard labels). */
export function isKnownEncodingLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const CONTROL = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g;

/** Share of characters that are NUL or control characters other than \n \r \t. */
export function controlShare(s: string): number {
  if (s.length === 0) return 0;
  const n = s.match(CONTROL)?.length ?? 0;
  return n / s.length;
}

const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

function binaryError(name: string, share: number, unit = 'characters'): Result<never> {
  return err('BINARY_FILE', `${name}: not a text file (${pct(share)} of its ${unit} are NUL or control ${unit})`);
}

function checked(name: string, raw: string, encoding: string): Result<Decoded> {
  const share = controlShare(raw);
  if (share > 0.01) return binaryError(name, share);
  return ok({ raw, encoding });
}

const SIGNATURES: Array<[number[], string]> = [
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive, such as a .docx or .xlsx'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty zip archive'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an old Office file (.doc/.xls) or an encrypted Office file'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], 'an SQLite database'],
  [[0x49, 0x44, 0x33], 'an MP3 audio file'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF media file (WAV/AVI/WebP)'],
  [[0x4f, 0x67, 0x67, 0x53], 'an Ogg media file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x4d, 0x5a], 'a Windows executable'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
];

/** What a binary signature says the file is, or null. */
export function sniffBinary(bytes: Uint8Array): string | null {
  outer: for (const [sig, what] of SIGNATURES) {
    if (bytes.length < sig.length) continue;
    for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) continue outer;
    // "MZ" alone starts ordinary words ("MZ:" as a speaker?); trust it only with a NUL nearby.
    if (what === 'a Windows executable' && bytes.subarray(0, 64).indexOf(0) === -1) continue;
    if (what === 'an MP3 audio file' && bytes.subarray(0, 10).indexOf(0) === -1) continue;
    if (what === 'a RIFF media file (WAV/AVI/WebP)' && bytes.subarray(0, 12).indexOf(0) === -1) continue;
    return what;
  }
  return null;
}

/**
 * UTF-16 without a BOM: text made mostly of ASCII/Latin characters has a NUL in every other
 * byte. Accepted when the byte count is even, at least 10% of the code units have a NUL in one
 * byte position (high byte: odd offsets for LE, even for BE), and the other position has at most
 * 1/20 as many NULs (characters like U+0100 put a NUL in the low byte). Texts in non-Latin
 * scripts still have NUL high bytes for spaces, digits and punctuation.
 */
export function utf16ByNulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = bytes.length;
  if (n < 2 || n % 2 !== 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (odd >= units * 0.1 && even * 20 <= odd) return 'utf-16le';
  if (even >= units * 0.1 && odd * 20 <= even) return 'utf-16be';
  return null;
}

function controlByteShare(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0d : b === 0x7f) n++;
  }
  return bytes.length === 0 ? 0 : n / bytes.length;
}

/**
 * Windows-1252 is accepted only when every character is printable ASCII, \t \n \r, or one of:
 *   - Latin letters: À-Ö Ø-ö ø-ÿ ª º Š š Œ œ Ž ž Ÿ ƒ
 *   - punctuation: ¡ § « ¶ · » ¿ ‚ „ … † ‡ ‰ ‹ › ‘ ’ “ ” • – —
 *   - a few common symbols: no-break space € £ ¢ ¥ © ® ™ ° ± × ÷ ¼ ½ ¾
 * (so no C1 controls, no unassigned bytes 81 8D 8F 90 9D, no ¤ ¦ ¨ ¬ ¯ ´ ¸ ¹ ² ³ µ ˆ ˜ or soft
 * hyphen), and no four non-ASCII letters in a row: Western European words alternate accented
 * and plain letters, while Thai, Cyrillic or Greek bytes read as Windows-1252 make long runs
 * of accented capitals and symbols.
 */
const NOT_1252_TEXT =
  /[^\t\n\r\x20-\x7E\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u00AA\u00BA\u0160\u0161\u0152\u0153\u017D\u017E\u0178\u0192\u00A1\u00A7\u00AB\u00B6\u00B7\u00BB\u00BF\u201A\u201E\u2026\u2020\u2021\u2030\u2039\u203A\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u00A0\u20AC\u00A3\u00A2\u00A5\u00A9\u00AE\u2122\u00B0\u00B1\u00D7\u00F7\u00BC\u00BD\u00BE]/;
const LATIN_RUN = /[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0160\u0161\u0152\u0153\u017D\u017E\u0178\u0192]{4}/;

export function looksLikeWindows1252(s: string): boolean {
  return !NOT_1252_TEXT.test(s) && !LATIN_RUN.test(s);
}

interface Candidate {
  label: string;
  what: string;
  /** The script(s) a text in this encoding is written in. */
  script: RegExp;
}

const LATIN = /\p{Script=Latin}/u;
const CANDIDATES: Candidate[] = [
  { label: 'windows-874', what: 'Thai; also called tis-620 or iso-8859-11', script: /\p{Script=Thai}/u },
  { label: 'windows-1251', what: 'Cyrillic', script: /\p{Script=Cyrillic}/u },
  { label: 'koi8-r', what: 'Cyrillic', script: /\p{Script=Cyrillic}/u },
  { label: 'windows-1253', what: 'Greek', script: /\p{Script=Greek}/u },
  { label: 'windows-1255', what: 'Hebrew', script: /\p{Script=Hebrew}/u },
  { label: 'windows-1256', what: 'Arabic', script: /\p{Script=Arabic}/u },
  { label: 'windows-1250', what: 'Central European', script: LATIN },
  { label: 'windows-1254', what: 'Turkish', script: LATIN },
  { label: 'windows-1257', what: 'Baltic', script: LATIN },
  { label: 'windows-1258', what: 'Vietnamese', script: LATIN },
  { label: 'macintosh', what: 'Mac Roman', script: LATIN },
  { label: 'gbk', what: 'Simplified Chinese', script: /\p{Script=Han}/u },
  { label: 'big5', what: 'Traditional Chinese', script: /\p{Script=Han}/u },
  { label: 'shift_jis', what: 'Japanese', script: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { label: 'euc-jp', what: 'Japanese', script: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u },
  { label: 'euc-kr', what: 'Korean', script: /\p{Script=Hangul}/u },
];

/**
 * Encodings under which the bytes read as coherent text: decodes without errors or control
 * characters, at least 85% of non-ASCII characters are letters of the encoding's script, and
 * letters rarely switch from lower to upper case inside a word (wrong single-byte code pages
 * give "мОРа"-like mixtures). Best first.
 */
export function encodingCandidates(bytes: Uint8Array): Candidate[] {
  const scored: Array<{ c: Candidate; score: number }> = [];
  for (const c of CANDIDATES) {
    const s = tryDecode(bytes, c.label);
    if (s === null || /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFD]/.test(s)) continue;
    let nonAscii = 0;
    let inScript = 0;
    for (const ch of s.match(/[^\x00-\x7F]/gu) ?? []) {
      nonAscii++;
      if (c.script.test(ch)) inScript++;
    }
    if (nonAscii === 0) continue;
    const flips = s.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0;
    const score = inScript / nonAscii - (4 * flips) / nonAscii;
    if (score >= 0.85) scored.push({ c, score });
  }
  return scored.sort((a, b) => b.score - a.score).map((x) => x.c);
}

function unknownEncoding(name: string, bytes: Uint8Array): Result<never> {
  const cands = encodingCandidates(bytes);
  const hint =
    cands.length > 0
      ? `try --encoding with ${cands
          .slice(0, 4)
          .map((c) => `${c.label} (${c.what})`)
          .join(', ')}`
      : 'try --encoding with the encoding it was saved in (for example windows-874 for Thai, windows-1251 for Cyrillic, gbk for Chinese)';
  return err(
    'UNKNOWN_ENCODING',
    `${name}: unknown encoding: not valid UTF-8 or UTF-16, and not Windows-1252 text; ${hint}, or save the file as UTF-8`,
  );
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** Decodes a text file's bytes; `name` is used in messages only. */
export function decodeText(bytes: Uint8Array, name: string, label?: string): Result<Decoded> {
  if (label !== undefined) {
    if (!isKnownEncodingLabel(label)) {
      return err('INVALID_INPUT', `unknown encoding label "${label}" (use a label such as utf-8, utf-16le, windows-1252, windows-874)`);
    }
    const s = tryDecode(bytes, label);
    if (s === null) return err('UNKNOWN_ENCODING', `${name}: not valid ${label} text (some bytes cannot be decoded as ${label})`);
    return checked(name, s, label);
  }

  // RTF is ASCII, so it would decode; its markup is not a transcript.
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    return err('UNSUPPORTED_FORMAT', `${name}: is a rich-text (.rtf) document; save it as .docx or plain text`);
  }
  const what = sniffBinary(bytes);
  if (what !== null) return err('BINARY_FILE', `${name}: not a text file (it looks like ${what})`);

  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return err('UNKNOWN_ENCODING', `${name}: UTF-32 text is not supported; save the file as UTF-8`);
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const s = tryDecode(bytes, 'utf-8');
    if (s === null) return err('UNKNOWN_ENCODING', `${name}: starts with a UTF-8 byte-order mark but is not valid UTF-8`);
    return checked(name, s, 'utf-8-bom');
  }
  for (const [bom, enc] of [
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ] as const) {
    if (startsWith(bytes, [...bom])) {
      const s = tryDecode(bytes, enc);
      if (s === null) return err('UNKNOWN_ENCODING', `${name}: starts with a ${enc.toUpperCase()} byte-order mark but is not valid ${enc.toUpperCase()}`);
      return checked(name, s, enc);
    }
  }

  // Native indexOf keeps the common case (no NUL at all) off the byte loop.
  if (bytes.indexOf(0) !== -1) {
    const enc = utf16ByNulPattern(bytes);
    const s = enc === null ? null : tryDecode(bytes, enc);
    if (enc !== null && s !== null) return checked(name, s, enc);
  }

  const utf8 = tryDecode(bytes, 'utf-8');
  if (utf8 !== null) return checked(name, utf8, 'utf-8');

  const share = controlByteShare(bytes);
  if (share > 0.01) return binaryError(name, share, 'bytes');

  const latin = decodeWindows1252(bytes);
  if (looksLikeWindows1252(latin)) return ok({ raw: latin, encoding: 'windows-1252' });

  return unknownEncoding(name, bytes);
}
