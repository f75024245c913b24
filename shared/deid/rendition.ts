/**
 * The de-identified rendition of a text (DESIGN principle 5): computed from the original and the
 * decisions, never stored, with an offset map from the original to the rendition so codings land
 * exactly on the de-identified excerpts.
 *
 * Each edit replaces [start, end) of the original with its replacement. Edits that overlap (two
 * detectors, or a person's added range over a detected one) become one hunk over their union,
 * reading as each distinct replacement once, in order; edits that merely touch become one hunk as
 * well, since an offset map's hunks never touch. A coding mapped through the map ('shrink') keeps
 * its own words with every replaced span it wholly contains swapped for the replacement, and drops
 * a replaced span it only partly covers; a coding wholly inside a replaced span collapses.
 */
import type { Utterance } from '../contract/schemas.js';
import { inOrder } from '../order.js';
import { offsetMapFromHunks, type Hunk, type OffsetMap } from '../text/offset-map.js';

export interface RenditionEdit {
  start: number;
  end: number;
  replacement: string;
  /** Opaque reference kept with the edit (a candidate id). */
  ref?: string;
}

export interface AppliedEdit {
  /** Range in the original. */
  start: number;
  end: number;
  /** Range of the replacement in the rendition. */
  newStart: number;
  newEnd: number;
  replacement: string;
  refs: string[];
}

export interface Rendered {
  text: string;
  hunks: Hunk[];
  map: OffsetMap;
  edits: AppliedEdit[];
}

/** Joins overlapping and touching edits; drops empty and out-of-range ones. */
function clusters(original: string, edits: readonly RenditionEdit[]): { start: number; end: number; parts: RenditionEdit[] }[] {
  const byStart = (a: RenditionEdit, b: RenditionEdit) => a.start - b.start || b.end - a.end;
  // Edits usually come in text order (a location's candidates are read in order): sorted only when not.
  const valid = inOrder(
    edits.filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= original.length && e.end > e.start),
    byStart,
  );
  const out: { start: number; end: number; parts: RenditionEdit[] }[] = [];
  for (const e of valid) {
    const last = out[out.length - 1];
    if (last && e.start <= last.end) {
      last.end = Math.max(last.end, e.end);
      last.parts.push(e);
    } else out.push({ start: e.start, end: e.end, parts: [e] });
  }
  return out;
}

/** The replacement text of a cluster: each distinct replacement once, in order; touching edits keep their order. */
function clusterReplacement(parts: readonly RenditionEdit[]): string {
  if (parts.length === 1) return parts[0]!.replacement;
  // An edit wholly inside an earlier, longer one adds nothing of its own.
  const kept = parts.filter((p, i) => !parts.some((q, j) => j !== i && q.start <= p.start && p.end <= q.end && (q.end - q.start > p.end - p.start || j < i)));
  let out = '';
  let lastEnd = -1;
  for (const p of kept) {
    if (lastEnd < 0) out = p.replacement;
    else if (p.start >= lastEnd) out += p.replacement; // touching: the texts were adjacent
    else if (!out.includes(p.replacement)) out += ` ${p.replacement}`; // overlapping: each distinct replacement once
    lastEnd = Math.max(lastEnd, p.end);
  }
  return out;
}

/** Builds the rendition of `original` with `edits` applied, and the offset map original → rendition. */
export function buildRendition(original: string, edits: readonly RenditionEdit[]): Rendered {
  const pieces: string[] = [];
  const hunks: Hunk[] = [];
  const applied: AppliedEdit[] = [];
  let pos = 0;
  let outLen = 0;
  for (const c of clusters(original, edits)) {
    const keep = original.slice(pos, c.start);
    pieces.push(keep);
    outLen += keep.length;
    const replacement = clusterReplacement(c.parts);
    pieces.push(replacement);
    const newStart = outLen;
    outLen += replacement.length;
    hunks.push({ oldStart: c.start, oldEnd: c.end, newStart, newEnd: outLen });
    const refs: string[] = [];
    for (const p of c.parts) if (p.ref !== undefined) refs.push(p.ref);
    applied.push({ start: c.start, end: c.end, newStart, newEnd: outLen, replacement, refs });
    pos = c.end;
  }
  pieces.push(original.slice(pos));
  const text = pieces.join('');
  return { text, hunks, map: offsetMapFromHunks(hunks, original, text), edits: applied };
}

/**
 * Utterances of the rendition: each range and speaker-label range mapped outward ('grow'), so a
 * replaced speaker label becomes its pseudonym or role and each turn keeps its whole text.
 */
export function renderUtterances(utterances: readonly Utterance[], r: Pick<Rendered, 'map' | 'text'>): Utterance[] {
  return utterances.map((u) => {
    const range = r.map.mapRange(u.start, u.end, 'grow');
    let labelStart: number | null = null;
    let labelEnd: number | null = null;
    if (u.labelStart !== null && u.labelEnd !== null) {
      const l = r.map.mapRange(u.labelStart, u.labelEnd, 'grow');
      labelStart = l.start;
      labelEnd = l.end;
    }
    return {
      ...u,
      start: range.start,
      end: range.end,
      labelStart,
      labelEnd,
      speaker: labelStart !== null && labelEnd !== null ? r.text.slice(labelStart, labelEnd) : null,
    };
  });
}

/** A short text (a title, a code name, an attribute value) with edits applied. */
export const renderShort = (original: string, edits: readonly RenditionEdit[]): string => (edits.length ? buildRendition(original, edits).text : original);
