/**
 * Scoring detections against gold spans (issue 4 "How it is measured"). A token is a word-like
 * `Intl.Segmenter` segment in the document's language. A token counts as inside a set of spans
 * when at least half of its code units are ("Ssekandi's" is inside the gold span "Ssekandi").
 *   recall    = gold tokens inside a predicted span / all gold tokens (type need not match)
 *   precision = predicted tokens inside a gold span / all predicted tokens
 * Per type: recall over the gold spans of that type, precision over the predicted spans of that type.
 */
import type { EntityType } from './types.js';

export interface Span {
  start: number;
  end: number;
  type: EntityType;
}

export interface ScoredDocument {
  id: string;
  language: string;
  text: string;
  gold: readonly Span[];
  predicted: readonly Span[];
}

export interface Counts {
  goldTokens: number;
  goldCovered: number;
  predictedTokens: number;
  predictedInGold: number;
}

export interface Score extends Counts {
  recall: number;
  precision: number;
  perType: Partial<Record<EntityType, Counts & { recall: number; precision: number }>>;
  /** Gold tokens no prediction covered, and predicted tokens outside gold, for error analysis. */
  missed: { id: string; type: EntityType; token: string; start: number }[];
  spurious: { id: string; type: EntityType; token: string; start: number }[];
}

interface Tok {
  start: number;
  end: number;
  text: string;
}

const segmenters = new Map<string, Intl.Segmenter>();

export function wordTokens(text: string, language: string): Tok[] {
  let seg = segmenters.get(language);
  if (!seg) segmenters.set(language, (seg = new Intl.Segmenter(language, { granularity: 'word' })));
  const out: Tok[] = [];
  for (const s of seg.segment(text)) if (s.isWordLike) out.push({ start: s.index, end: s.index + s.segment.length, text: s.segment });
  return out;
}

/** Per code unit: the index+1 of the span covering it (0 = none). */
function coverage(length: number, spans: readonly Span[]): Int32Array {
  const cov = new Int32Array(length);
  spans.forEach((s, k) => {
    for (let i = Math.max(0, s.start); i < Math.min(length, s.end); i++) cov[i] = k + 1;
  });
  return cov;
}

/** The span (index) covering at least half of the token, or -1. */
function inside(tok: Tok, cov: Int32Array): number {
  let n = 0;
  let which = -1;
  for (let i = tok.start; i < tok.end; i++) {
    if (cov[i]) {
      n++;
      which = cov[i]! - 1;
    }
  }
  return n * 2 >= tok.end - tok.start ? which : -1;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function scoreDocuments(docs: readonly ScoredDocument[]): Score {
  const total: Counts = { goldTokens: 0, goldCovered: 0, predictedTokens: 0, predictedInGold: 0 };
  const perType: Partial<Record<EntityType, Counts>> = {};
  const missed: Score['missed'] = [];
  const spurious: Score['spurious'] = [];
  const bucket = (t: EntityType) => (perType[t] ??= { goldTokens: 0, goldCovered: 0, predictedTokens: 0, predictedInGold: 0 });
  for (const d of docs) {
    const toks = wordTokens(d.text, d.language);
    const gcov = coverage(d.text.length, d.gold);
    const pcov = coverage(d.text.length, d.predicted);
    for (const tok of toks) {
      const g = inside(tok, gcov);
      const p = inside(tok, pcov);
      if (g >= 0) {
        const b = bucket(d.gold[g]!.type);
        total.goldTokens++;
        b.goldTokens++;
        if (p >= 0) {
          total.goldCovered++;
          b.goldCovered++;
        } else missed.push({ id: d.id, type: d.gold[g]!.type, token: tok.text, start: tok.start });
      }
      if (p >= 0) {
        const b = bucket(d.predicted[p]!.type);
        total.predictedTokens++;
        b.predictedTokens++;
        if (g >= 0) {
          total.predictedInGold++;
          b.predictedInGold++;
        } else spurious.push({ id: d.id, type: d.predicted[p]!.type, token: tok.text, start: tok.start });
      }
    }
  }
  const withRates = <C extends Counts>(c: C) => ({ ...c, recall: ratio(c.goldCovered, c.goldTokens), precision: ratio(c.predictedInGold, c.predictedTokens) });
  const pt: Score['perType'] = {};
  for (const [k, v] of Object.entries(perType) as [EntityType, Counts][]) pt[k] = withRates(v);
  return { ...withRates(total), perType: pt, missed, spurious };
}
