/**
 * The scan: every layer over a text, merged into non-overlapping candidates.
 *
 *   const resources = compileResources({ gazetteers, register });   // once per project / CLI run
 *   scanText(text, { resources, language: 'id', country: 'ID' });
 *   scanDocuments(docs, { resources });   // + propagation across documents
 *
 * Merging overlaps: candidates are taken strongest detector first (register > pattern >
 * propagation > gazetteer > heuristic), longer first within a detector. A candidate that
 * overlaps taken ones is kept only if it contains all of them (the longer span wins: an ID
 * "LP/B/…/Polres Cianjur/…" over the organisation inside it, "St. Kizito Secondary School
 * Kireka" over the place "Kireka"); otherwise it is cut to its parts outside them.
 */
import { guessLanguage } from './common-words.js';
import { compileGazetteer, findPlaces, type CompiledGazetteer } from './gazetteer.js';
import { findNames } from './heuristic.js';
import { findPatterns } from './patterns.js';
import { buildPropagation, findPropagated, type Propagation } from './propagate.js';
import { compileRegister, findRegister, type CompiledRegister } from './register.js';
import { tokenize, type Tokens } from './tokens.js';
import type { Candidate, ConfirmedEntity, Detector, GazetteerData, Layer, RegisterEntry, ScanDocument, ScanOptions } from './types.js';

export interface CompiledResources {
  gazetteer?: CompiledGazetteer;
  register?: CompiledRegister;
}

/** Compiles gazetteers and a register once; pass the result to every scan. */
export function compileResources(input: { gazetteers?: readonly GazetteerData[]; register?: readonly RegisterEntry[] }): CompiledResources {
  const out: CompiledResources = {};
  if (input.gazetteers && input.gazetteers.length) out.gazetteer = compileGazetteer(input.gazetteers);
  if (input.register && input.register.length) out.register = compileRegister(input.register);
  return out;
}

export interface ScanTextOptions extends ScanOptions {
  resources?: CompiledResources;
  /** Entities confirmed elsewhere (decisions, other documents): found here in every form. */
  confirmed?: readonly ConfirmedEntity[];
  /** Precompiled propagation (scanDocuments builds it once for all documents). */
  propagation?: Propagation;
}

const PRIORITY: Record<Detector, number> = { register: 5, pattern: 4, propagation: 3, gazetteer: 2, heuristic: 1 };
const ALL_LAYERS: readonly Layer[] = ['register', 'pattern', 'gazetteer', 'heuristic', 'propagation'];

interface Scanned {
  tokens: Tokens;
  candidates: Candidate[];
  known: Set<string>;
}

/** Runs the per-text layers (all but cross-document propagation). */
function scanLayers(text: string, o: ScanTextOptions): Scanned {
  const layers = new Set(o.layers ?? ALL_LAYERS);
  const t = tokenize(text);
  // A text without a language attribute is read in the language its own words say.
  const language = o.language ?? guessLanguage(t.key);
  const cands: Candidate[] = [];
  let known = new Set<string>();
  if (layers.has('heuristic')) {
    const h = findNames(t, language);
    known = h.known;
    cands.push(...h.candidates);
  }
  if (layers.has('register') && o.resources?.register) cands.push(...findRegister(t, o.resources.register, known));
  if (layers.has('pattern')) cands.push(...findPatterns(t, o.country, language));
  if (layers.has('gazetteer') && o.resources?.gazetteer) cands.push(...findPlaces(t, o.resources.gazetteer, language));
  return { tokens: t, candidates: cands, known };
}

/** Every candidate the merge makes has the detectors' property order: one object shape, so the
 *  merge's optimised code is not thrown away on a candidate built another way (a spread). */
const candidate = (start: number, end: number, type: Candidate['type'], text: string, detector: Detector, confidence: number): Candidate => ({ start, end, type, text, detector, confidence });

const JUNK_CODES = new Set([...' \t\n\r\u00a0.,;:!?"\'“”‘’()[]{}<>«»–—-'].map((c) => c.charCodeAt(0)));
const isJunkAt = (text: string, i: number) => i >= 0 && i < text.length && JUNK_CODES.has(text.charCodeAt(i));
const LEAD_JUNK = /^[\s.,;:!?"'“”‘’()[\]{}<>«»–—-]+/u;
const TRAIL_JUNK = /[\s.,;:!?"'“”‘’()[\]{}<>«»–—-]+$/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

function clean(c: Candidate, text: string): Candidate | null {
  let { start, end } = c;
  // Phones keep their parentheses and "+"; everything else loses edge punctuation.
  if (c.type !== 'PHONE' && end > start && (isJunkAt(text, start) || isJunkAt(text, end - 1))) {
    const s = text.slice(start, end);
    const lead = LEAD_JUNK.exec(s)?.[0].length ?? 0;
    const trail = TRAIL_JUNK.exec(s)?.[0].length ?? 0;
    if (!(c.type === 'HANDLE' && s.startsWith('@'))) start += lead;
    end -= trail;
    if (end <= start || !HAS_WORD.test(text.slice(start, end))) return null;
    return candidate(start, end, c.type, text.slice(start, end), c.detector, c.confidence);
  }
  return end > start ? c : null;
}

/** Resolves overlaps (see the module comment). Linear in the candidates' total length: each
 *  code unit of the text records which taken candidate covers it. */
export function mergeCandidates(cands: readonly Candidate[], text: string): Candidate[] {
  const sorted: Candidate[] = [];
  for (const c of cands) {
    const x = clean(c, text);
    if (x) sorted.push(x);
  }
  // Strongest detector first, then longest: one number per candidate, (rank << 20) + index, sorted
  // natively (a comparator sort costs more than the rest of the merge).
  const keys = new Float64Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const x = sorted[k]!;
    const rank = (6 - PRIORITY[x.detector]) * 4096 + (4095 - Math.min(x.end - x.start, 4095));
    keys[k] = rank * 2 ** 20 + k;
  }
  keys.sort();
  const order: number[] = [];
  if (sorted.length < 2 ** 20) for (let k = 0; k < keys.length; k++) order.push(keys[k]! % 2 ** 20);
  else {
    // More candidates than the packed key holds (a text of tens of MB): a comparator sort.
    const rankOf = (x: Candidate) => PRIORITY[x.detector] * 8192 + Math.min(x.end - x.start, 4095);
    for (let k = 0; k < sorted.length; k++) order.push(k);
    order.sort((a, b) => rankOf(sorted[b]!) - rankOf(sorted[a]!) || a - b);
  }
  // owner[i] = 1 + index of the taken candidate covering code unit i (0: none).
  const owner = new Int32Array(text.length);
  const taken: (Candidate | null)[] = [];
  const take = (c: Candidate) => {
    taken.push(c);
    owner.fill(taken.length, c.start, c.end);
  };
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  for (const idx of order) {
    const c = sorted[idx]!;
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (owner[i]! !== 0) {
        free = false;
        break;
      }
    }
    if (free) {
      take(c);
      continue;
    }
    const over: number[] = [];
    for (let i = c.start; i < c.end; i++) {
      const o = owner[i]! - 1;
      if (o >= 0 && over[over.length - 1] !== o && !over.includes(o)) over.push(o);
    }
    let inside = true;
    let shorter = false;
    for (const o of over) {
      const x = taken[o]!;
      if (!(c.start <= x.start && x.end <= c.end)) inside = false;
      if (x.end - x.start < c.end - c.start) shorter = true;
    }
    if (inside && shorter) {
      // The longer span wins; a heuristic guess takes the type of a stronger layer inside it.
      let type = c.type;
      if (c.detector === 'heuristic' && c.type === 'PERSON') {
        for (const o of over) {
          const x = taken[o]!;
          if (x.detector !== 'heuristic' && (x.type === 'LOCATION' || x.type === 'ORGANIZATION')) {
            type = x.type;
            break;
          }
        }
      }
      let confidence = c.confidence;
      for (const o of over) confidence = Math.max(confidence, taken[o]!.confidence);
      for (const o of over) {
        const x = taken[o]!;
        owner.fill(0, x.start, x.end);
        taken[o] = null;
      }
      take(type === c.type && confidence === c.confidence ? c : candidate(c.start, c.end, type, c.text, c.detector, confidence));
      continue;
    }
    // Partial overlap: keep the parts outside what is taken, if they still hold a word.
    let i = c.start;
    while (i < c.end) {
      while (i < c.end && owner[i]! > 0) i++;
      const s0 = i;
      while (i < c.end && owner[i]! === 0) i++;
      if (i > s0) {
        const piece = clean(candidate(s0, i, c.type, text.slice(s0, i), c.detector, c.confidence), text);
        // A cut must fall between words, not inside one.
        if (piece && !isWordChar(text[piece.start - 1]) && !isWordChar(text[piece.end])) take(piece);
      }
    }
  }
  const live: Candidate[] = [];
  for (const c of taken) if (c) live.push(c);
  if (live.length >= 2 ** 20 || text.length >= 2 ** 32) return live.sort((a, b) => a.start - b.start);
  const byStart = new Float64Array(live.length);
  for (let k = 0; k < live.length; k++) byStart[k] = live[k]!.start * 2 ** 20 + k;
  byStart.sort();
  const out: Candidate[] = [];
  for (let k = 0; k < byStart.length; k++) out.push(live[byStart[k]! % 2 ** 20]!);
  return out;
}

/** Scans one text with every layer on (or `options.layers`). */
export function scanText(text: string, options: ScanTextOptions = {}): Candidate[] {
  const s = scanLayers(text, options);
  const layers = new Set(options.layers ?? ALL_LAYERS);
  if (layers.has('propagation')) {
    const p = options.propagation ?? (options.confirmed?.length ? buildPropagation(options.confirmed) : undefined);
    if (p) s.candidates.push(...findPropagated(s.tokens, p, s.known));
  }
  return mergeCandidates(s.candidates, text);
}

/** Detectors whose hits propagate to other documents. */
function propagates(c: Candidate): boolean {
  if (c.detector === 'register') return true;
  return c.detector === 'pattern' && c.confidence >= 0.8 && c.type !== 'DATE' && c.type !== 'AGE';
}

/**
 * Scans several documents as one project: register and validated-pattern hits (and
 * `options.confirmed`) propagate to every document; heuristic guesses do not.
 * Returns candidates per document id.
 */
export function scanDocuments(docs: readonly ScanDocument[], options: ScanTextOptions = {}): Record<string, Candidate[]> {
  const layers = new Set(options.layers ?? ALL_LAYERS);
  const scanned = docs.map((d) => scanLayers(d.text, { ...options, language: d.language ?? options.language, country: d.country ?? options.country }));
  const out: Record<string, Candidate[]> = {};
  let p: Propagation | undefined;
  if (layers.has('propagation')) {
    const strong: ConfirmedEntity[] = [...(options.confirmed ?? [])];
    const seen = new Set<string>();
    for (const s of scanned) {
      for (const c of s.candidates) {
        if (!propagates(c)) continue;
        const k = `${c.type}|${c.text.toLowerCase()}`;
        if (seen.has(k)) continue;
        seen.add(k);
        strong.push({ text: c.text, type: c.type });
      }
    }
    if (strong.length) p = buildPropagation(strong);
  }
  docs.forEach((d, i) => {
    const s = scanned[i]!;
    if (p) s.candidates.push(...findPropagated(s.tokens, p, s.known));
    out[d.id] = mergeCandidates(s.candidates, d.text);
  });
  return out;
}
