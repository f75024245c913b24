/** Helpers that build synthetic transcript bytes for the format tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Utterance } from '../../../shared/contract/schemas.js';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../../fixtures/formats/${name}`, import.meta.url));

export const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
export const fixtureText = (name: string): string => readFileSync(fixturePath(name), 'utf8');

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * WHATWG index-windows-1252 for 0x80-0x9F, written out here because Node's own TextDecoder gets
 * it wrong (nodejs/node#60888), and the other bytes are ISO-8859-1.
 */
const WINDOWS_1252 = [...Array.from({ length: 128 }, (_, b) => String.fromCharCode(b)),
  ...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ',
  ...Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i))];

/** Encodes with a single-byte encoding by inverting its decoding table; throws on unmappable characters. */
export function encodeSingleByte(label: string, s: string): Uint8Array {
  const dec = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const ch = label === 'windows-1252' ? WINDOWS_1252[b]! : dec.decode(Uint8Array.of(b));
    if (ch !== '\uFFFD' && !table.has(ch)) table.set(ch, b);
  }
  return Uint8Array.from([...s], (ch) => {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`cannot encode U+${ch.codePointAt(0)!.toString(16)} in ${label}`);
    return b;
  });
}

export function utf16(s: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = (bom ? '\uFEFF' : '') + s;
  const out = new Uint8Array(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = u & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = u >> 8;
  }
  return out;
}

/** Deterministic pseudo-random bytes (a binary file's stand-in). */
export function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** What each utterance covers, for readable assertions. */
export const slices = (text: string, us: Utterance[]): string[] => us.map((u) => text.slice(u.start, u.end));
export const labels = (text: string, us: Utterance[]): Array<string | null> =>
  us.map((u) => (u.labelStart === null || u.labelEnd === null ? null : text.slice(u.labelStart, u.labelEnd)));

/**
 * The tiling invariant: utterances are in order, do not overlap, start and end on non-whitespace,
 * every non-whitespace character lies in one of them, and a label lies inside its utterance.
 * Returns a description of the first violation, or null.
 */
export function tilingViolation(text: string, us: Utterance[]): string | null {
  let prevEnd = 0;
  for (const [i, u] of us.entries()) {
    if (!(u.start < u.end)) return `utterance ${i} is empty`;
    if (u.start < prevEnd) return `utterance ${i} overlaps the previous one`;
    if (/\S/.test(text.slice(prevEnd, u.start))) return `non-whitespace before utterance ${i} is not covered`;
    if (/\s/.test(text[u.start]!) || /\s/.test(text[u.end - 1]!)) return `utterance ${i} has whitespace at an edge`;
    if (u.labelStart !== null && (u.labelStart < u.start || (u.labelEnd ?? 0) > u.end)) return `label ${i} outside its utterance`;
    if (u.labelStart !== null && text.slice(u.labelStart, u.labelEnd!) !== u.speaker) return `label ${i} text is not the speaker`;
    prevEnd = u.end;
  }
  if (/\S/.test(text.slice(prevEnd))) return 'non-whitespace after the last utterance is not covered';
  return null;
}
