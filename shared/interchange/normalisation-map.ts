/**
 * The offset map from a text as another tool stored it (a REFI-QDA source's .txt, decoded) to the
 * text Tandai stores (DESIGN "Text and offsets": a leading BOM removed, NFC, CRLF and lone CR
 * turned into LF). Built directly from those three rules as hunks, so it is exact and linear; no
 * diff is run. `offsetMapFromHunks` then gives the usual edge semantics: a coding that ends between
 * a CR and its LF ends before the LF, and one that starts on a BOM starts at 0.
 */
import { normalizeText } from '../text/normalize.js';
import { buildOffsetMap, offsetMapFromHunks, type Hunk, type OffsetMap } from '../text/offset-map.js';

export interface NormalisedText {
  /** Exactly `normalizeText(raw)`. */
  text: string;
  /** raw offsets -> text offsets. */
  map: OffsetMap;
}

/** Appends a hunk, joining it to the previous one when they touch (hunks must be separated by unchanged text). */
function push(hunks: Hunk[], h: Hunk): void {
  const last = hunks[hunks.length - 1];
  if (last && last.oldEnd === h.oldStart && last.newEnd === h.newStart) {
    last.oldEnd = h.oldEnd;
    last.newEnd = h.newEnd;
  } else hunks.push(h);
}

/**
 * NFC never reaches across an ASCII character: ASCII characters have combining class 0 and none
 * is the second half of a canonical composition, so a run that starts at one ASCII character and
 * stops before the next normalises on its own. Runs with nothing above U+007F are skipped whole.
 */
const ASCII_START = /[\x00-\x7f][^\x00-\x7f]*|[^\x00-\x7f]+/g;

/** `normalised`, when given, must be `normalizeText(raw)` (saves computing it again). */
export function normalisationMap(raw: string, normalised?: string): NormalisedText {
  const hunks: Hunk[] = [];
  const out: string[] = [];
  let o = 0; // raw offset
  let n = 0; // normalised offset
  if (raw.charCodeAt(0) === 0xfeff) {
    push(hunks, { oldStart: 0, oldEnd: 1, newStart: 0, newEnd: 0 });
    o = 1;
  }
  const body = raw.slice(o);
  const base = o;
  // NFC pass over non-ASCII runs: each run that changes is one hunk.
  const nfcParts: { from: number; to: number; text: string }[] = [];
  if (/[^\x00-\x7f]/.test(body) && body.normalize('NFC') !== body) {
    for (const m of body.matchAll(ASCII_START)) {
      const s = m[0];
      if (s.length === 1 && s.charCodeAt(0) < 0x80) continue;
      const nf = s.normalize('NFC');
      if (nf !== s) nfcParts.push({ from: base + m.index, to: base + m.index + s.length, text: nf });
    }
  }
  // Walk the raw text once: CRs and NFC runs become hunks, everything else is copied.
  let k = 0;
  let copyFrom = o;
  const flush = (to: number) => {
    if (to > copyFrom) {
      out.push(raw.slice(copyFrom, to));
      n += to - copyFrom;
    }
  };
  let cr = raw.indexOf('\r', o);
  while (o < raw.length) {
    const nextNfc = k < nfcParts.length ? nfcParts[k]!.from : Infinity;
    const nextCr = cr === -1 ? Infinity : cr;
    if (nextNfc === Infinity && nextCr === Infinity) break;
    if (nextNfc <= nextCr) {
      // A run starting with an ASCII character may start with a CR: CR is ASCII, so NFC left it alone.
      const part = nfcParts[k++]!;
      if (raw.charCodeAt(part.from) === 13) {
        // Handle the CR first, then the rest of the run as its own NFC stretch.
        flush(part.from);
        const lf = raw.charCodeAt(part.from + 1) === 10;
        if (lf) push(hunks, { oldStart: part.from, oldEnd: part.from + 1, newStart: n, newEnd: n });
        else {
          push(hunks, { oldStart: part.from, oldEnd: part.from + 1, newStart: n, newEnd: n + 1 });
          out.push('\n');
          n += 1;
        }
        const rest = part.text.slice(1);
        push(hunks, { oldStart: part.from + 1, oldEnd: part.to, newStart: n, newEnd: n + rest.length });
        out.push(rest);
        n += rest.length;
      } else {
        flush(part.from);
        push(hunks, { oldStart: part.from, oldEnd: part.to, newStart: n, newEnd: n + part.text.length });
        out.push(part.text);
        n += part.text.length;
      }
      copyFrom = part.to;
      if (cr !== -1 && cr < copyFrom) cr = raw.indexOf('\r', copyFrom);
      o = copyFrom;
      continue;
    }
    flush(cr);
    if (raw.charCodeAt(cr + 1) === 10) {
      // CRLF: the CR goes; the LF stays as unchanged text.
      push(hunks, { oldStart: cr, oldEnd: cr + 1, newStart: n, newEnd: n });
    } else {
      push(hunks, { oldStart: cr, oldEnd: cr + 1, newStart: n, newEnd: n + 1 });
      out.push('\n');
      n += 1;
    }
    copyFrom = cr + 1;
    o = copyFrom;
    cr = raw.indexOf('\r', copyFrom);
  }
  flush(raw.length);
  const built = out.join('');
  const text = normalised ?? normalizeText(raw);
  // The rules above are DESIGN's normalisation; if they ever disagree with it, a diff is still exact enough.
  if (built !== text) return { text, map: buildOffsetMap(raw, text) };
  return { text, map: offsetMapFromHunks(hunks, raw, text) };
}
