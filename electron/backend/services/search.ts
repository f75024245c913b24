/**
 * search.text and search.codeAll.
 *
 * Matching is done on a folded copy of each text: NFD per code point, then (unless asked otherwise)
 * Latin/Greek/Cyrillic diacritics dropped and case lowered. Every folded unit remembers which
 * original code point it came from, so a hit maps back to exact offsets in the stored text (DESIGN
 * "Text and offsets"). Only the combining diacritics blocks are dropped: the vowel signs and marks
 * of Thai, Khmer, Devanagari and other scripts are letters of their words, not accents.
 *
 * A hit never cuts a grapheme (no half emoji, no base letter without its mark), and with
 * `wholeWord` both ends must be word boundaries as Intl.Segmenter (word granularity) finds them,
 * which is what makes whole-word search work in Thai, Khmer, Lao, Myanmar and CJK.
 *
 * Search queries are sensitive: they are never logged, stored or put in the audit log.
 */
import type { Coding } from '../../../shared/contract/index.js';
import type { SearchHit } from '../../../shared/contract/channels/workspace.js';
import { newId, type CodingId } from '../../../shared/ids.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { codingOf, type CodingRow } from './codings.js';
import { checkRevision, currentRevision, marksByVersion, marksIn, safeEnd, safeStart, textCache, transcriptFacts } from './retrieve.js';

// ---------------------------------------------------------------------------------------------
// Folding

export interface FoldOptions {
  caseSensitive: boolean;
  accentSensitive: boolean;
}

/** Combining diacritical marks (and their extensions, supplement, for-symbols and half marks). */
const isDiacritic = (u: number) => (u >= 0x300 && u <= 0x36f) || (u >= 0x1ab0 && u <= 0x1aff) || (u >= 0x1dc0 && u <= 0x1dff) || (u >= 0x20d0 && u <= 0x20ff) || (u >= 0xfe20 && u <= 0xfe2f);
const dropDiacritics = (s: string): string => {
  let out = '';
  for (let i = 0; i < s.length; i++) if (!isDiacritic(s.charCodeAt(i))) out += s[i];
  return out;
};
/** Letters with a stroke or slash that do not decompose, but which people type without it. */
const BASE_LETTER: Record<string, string> = { đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ħ: 'h', Ħ: 'H', ı: 'i' };

function foldCodePoint(ch: string, o: FoldOptions): string {
  let s = ch.normalize('NFD');
  if (!o.accentSensitive) s = dropDiacritics(BASE_LETTER[s] ?? s);
  if (!o.caseSensitive) s = s.toLowerCase();
  return s;
}

/** One lazily filled table per option set: BMP code unit -> its fold when that is one unit (0xffff: look it up). */
const SINGLE = new Map<string, Uint16Array>();
const MULTI = new Map<string, Map<string, string>>();
const UNKNOWN = 0xfffe;
const COMPLEX = 0xffff;

function tables(o: FoldOptions): { single: Uint16Array; multi: Map<string, string> } {
  const key = `${o.caseSensitive ? 'C' : 'c'}${o.accentSensitive ? 'A' : 'a'}`;
  let single = SINGLE.get(key);
  let multi = MULTI.get(key);
  if (!single || !multi) {
    single = new Uint16Array(0x10000).fill(UNKNOWN);
    multi = new Map();
    SINGLE.set(key, single);
    MULTI.set(key, multi);
  }
  return { single, multi };
}

export interface Folded {
  folded: string;
  /**
   * map[i] = original offset of the code point folded unit i came from; map[folded.length] =
   * text.length. null when the fold kept every code point's length (the usual case: ASCII, Thai,
   * precomposed Vietnamese), so unit i is original unit i.
   */
  map: Int32Array | null;
}

const NON_ASCII = /[^\x00-\x7f]/;
const utf16 = new TextDecoder('utf-16le');
const decode = (units: Uint16Array): string => utf16.decode(units);

/**
 * Folds `text` for matching. A code point whose fold is empty (a dropped accent) joins the code
 * point before it, so a hit on the letter covers its accent too.
 *
 * Speed matters (a search folds every transcript: ~28 MB of text at the scale): ASCII text
 * is one native toLowerCase; other text is one pass over code units with a lookup table, building
 * an offset map only if some code point changed length.
 */
export function foldText(text: string, o: FoldOptions): Folded {
  if (!NON_ASCII.test(text)) return { folded: o.caseSensitive ? text : text.toLowerCase(), map: null };
  return foldSameLength(text, o) ?? foldWithMap(text, o);
}

function foldOne(c: number, single: Uint16Array, multi: Map<string, string>, o: FoldOptions): number {
  let f = single[c]!;
  if (f === UNKNOWN) {
    const s = foldCodePoint(String.fromCharCode(c), o);
    // Folds that are not one unit, and the two noncharacters used as markers, go through the map.
    if (s.length === 1 && s.charCodeAt(0) < UNKNOWN) f = s.charCodeAt(0);
    else {
      f = COMPLEX;
      multi.set(String.fromCharCode(c), s);
    }
    single[c] = f;
  }
  return f;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The fold when every code point keeps its length in units, else null. */
function foldSameLength(text: string, o: FoldOptions): Folded | null {
  const { single, multi } = tables(o);
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      units[i] = !o.caseSensitive && c >= 0x41 && c <= 0x5a ? c + 32 : c;
      continue;
    }
    if (isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      const ch = text.slice(i, i + 2);
      let f = multi.get(ch);
      if (f === undefined) multi.set(ch, (f = foldCodePoint(ch, o)));
      if (f.length !== 2) return null;
      units[i] = f.charCodeAt(0);
      units[i + 1] = f.charCodeAt(1);
      i++;
      continue;
    }
    const f = foldOne(c, single, multi, o);
    if (f === COMPLEX) return null;
    units[i] = f;
  }
  return { folded: decode(units), map: null };
}

function foldWithMap(text: string, o: FoldOptions): Folded {
  const { single, multi } = tables(o);
  let cap = text.length + 16;
  let units = new Uint16Array(cap);
  let map = new Int32Array(cap + 1);
  let n = 0;
  const grow = () => {
    cap *= 2;
    const u2 = new Uint16Array(cap);
    u2.set(units);
    units = u2;
    const m2 = new Int32Array(cap + 1);
    m2.set(map);
    map = m2;
  };
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    let s: string;
    let width = 1;
    if (c < 0x80) {
      if (n >= cap) grow();
      units[n] = !o.caseSensitive && c >= 0x41 && c <= 0x5a ? c + 32 : c;
      map[n++] = i++;
      continue;
    }
    if (isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      const ch = text.slice(i, i + 2);
      const known = multi.get(ch);
      s = known ?? foldCodePoint(ch, o);
      if (known === undefined) multi.set(ch, s);
      width = 2;
    } else {
      const f = foldOne(c, single, multi, o);
      if (f !== COMPLEX) {
        if (n >= cap) grow();
        units[n] = f;
        map[n++] = i++;
        continue;
      }
      s = multi.get(String.fromCharCode(c))!;
    }
    for (let k = 0; k < s.length; k++) {
      if (n >= cap) grow();
      units[n] = s.charCodeAt(k);
      map[n++] = i;
    }
    i += width;
  }
  map[n] = text.length;
  // A dropped accent pushes no unit, so the previous code point's range [map[i], map[next]) runs
  // up to the next kept code point and covers it.
  return { folded: decode(units.subarray(0, n)), map: map.subarray(0, n + 1) };
}

/** The original offset of folded unit i (i may be folded.length). */
const origin = (f: Folded, text: string, i: number): number => (f.map ? f.map[i]! : i === f.folded.length ? text.length : i);

/** Whether folded unit i begins a code point's fold (so a match may start or end there). */
function startsGroup(f: Folded, text: string, i: number): boolean {
  if (i === 0 || i === f.folded.length) return true;
  if (f.map) return f.map[i] !== f.map[i - 1];
  return !(isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1)));
}

// ---------------------------------------------------------------------------------------------
// Boundaries

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Whether the segmenter puts a boundary at `pos`, judged on a window of text around it. */
function segmentBoundary(seg: Intl.Segmenter, text: string, pos: number, radius: number): boolean {
  if (pos <= 0 || pos >= text.length) return true;
  let from = Math.max(0, pos - radius);
  let to = Math.min(text.length, pos + radius);
  // Widen to whitespace (where every segmenter breaks), so the window's edges do not change the answer.
  const ws = /\s/;
  for (let k = 0; k < radius && from > 0 && !ws.test(text[from - 1]!); k++) from--;
  for (let k = 0; k < radius && to < text.length && !ws.test(text[to]!); k++) to++;
  from = safeStart(text, from);
  to = safeEnd(text, to);
  for (const s of seg.segment(text.slice(from, to))) {
    const at = from + s.index;
    if (at === pos) return true;
    if (at > pos) return false;
  }
  return false;
}

const isAsciiWordChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

export function isGraphemeBoundary(text: string, pos: number): boolean {
  if (pos <= 0 || pos >= text.length) return true;
  const a = text.charCodeAt(pos - 1);
  const b = text.charCodeAt(pos);
  if (a < 0x300 && b < 0x300 && !(a === 0x0d && b === 0x0a)) return true;
  return segmentBoundary(graphemes, text, pos, 16);
}

export function isWordBoundary(text: string, pos: number): boolean {
  if (pos <= 0 || pos >= text.length) return true;
  const a = text.charCodeAt(pos - 1);
  const b = text.charCodeAt(pos);
  if (isSpace(a) || isSpace(b)) return true;
  if (isAsciiWordChar(a) && isAsciiWordChar(b)) return false;
  return segmentBoundary(words, text, pos, 64);
}

// ---------------------------------------------------------------------------------------------
// Searching

export interface Match {
  start: number;
  end: number;
}

/** Every match of `query` in `text` (non-overlapping, left to right), as exact original offsets. */
export function findMatches(text: string, query: string, o: FoldOptions & { wholeWord: boolean }, max = Infinity): Match[] {
  const q = foldText(query.normalize('NFC'), o).folded;
  if (q.length === 0) return [];
  const f = foldText(text, o);
  const out: Match[] = [];
  let from = 0;
  while (out.length < max) {
    const i = f.folded.indexOf(q, from);
    if (i < 0) break;
    const j = i + q.length;
    const start = origin(f, text, i);
    const end = origin(f, text, j);
    const ok =
      startsGroup(f, text, i) &&
      startsGroup(f, text, j) &&
      end > start &&
      isGraphemeBoundary(text, start) &&
      isGraphemeBoundary(text, end) &&
      (!o.wholeWord || (isWordBoundary(text, start) && isWordBoundary(text, end)));
    if (ok) {
      out.push({ start, end });
      from = j;
    } else from = i + 1;
  }
  return out;
}

interface SearchQuery {
  query: string;
  transcriptIds?: string[] | undefined;
  wholeWord: boolean;
  caseSensitive: boolean;
  accentSensitive: boolean;
  contextChars: number;
  limit: number;
}

export function searchText(p: OpenProject, q: SearchQuery) {
  const opts = { caseSensitive: q.caseSensitive, accentSensitive: q.accentSensitive, wholeWord: q.wholeWord };
  if (foldText(q.query.normalize('NFC'), opts).folded.trim().length === 0) throw new TandaiError('INVALID_INPUT', 'the search has nothing to look for (only spaces or accents)');
  const rows = p.db.prepare('SELECT id, current_version FROM transcripts ORDER BY created_at, id').all() as { id: string; current_version: string }[];
  let targets = rows;
  if (q.transcriptIds) {
    const known = new Set(rows.map((r) => r.id));
    for (const id of q.transcriptIds) if (!known.has(id)) throw new TandaiError('NOT_FOUND', `no transcript ${id}`);
    const wanted = new Set(q.transcriptIds);
    targets = rows.filter((r) => wanted.has(r.id));
  }
  const cache = textCache(p);
  const found: { transcriptId: string; versionId: string; text: string; m: Match }[] = [];
  let total = 0;
  for (const r of targets) {
    const v = cache.version(r.id, r.current_version);
    const matches = findMatches(v.text, q.query, opts);
    total += matches.length;
    for (const m of matches) {
      if (found.length >= q.limit) break;
      found.push({ transcriptId: r.id, versionId: r.current_version, text: v.text, m });
    }
  }
  const facts = transcriptFacts(
    p,
    found.map((h) => h.transcriptId),
  );
  const marks = marksByVersion(
    p,
    found.map((h) => h.versionId),
  );
  const hits: SearchHit[] = found.map(({ transcriptId, versionId, text, m }) => {
    const from = safeStart(text, Math.max(0, m.start - q.contextChars));
    const to = safeEnd(text, Math.min(text.length, m.end + q.contextChars));
    const shown = marksIn(marks.get(versionId), from, to);
    return {
      transcriptId,
      versionId,
      title: facts.get(transcriptId)?.title ?? '',
      start: m.start,
      end: m.end,
      text: text.slice(m.start, m.end),
      before: text.slice(from, m.start),
      after: text.slice(m.end, to),
      distressing: shown.length > 0,
      marks: shown,
    };
  });
  return { hits, total, truncated: total > hits.length, transcriptsSearched: targets.length };
}

// ---------------------------------------------------------------------------------------------
// Code all

interface CodeAllInput {
  hits: { transcriptId: string; versionId: string; start: number; end: number }[];
  codeId: string;
  expectedRevision?: number | undefined;
}

/** Codes every hit in one transaction with one audit entry; hits this coder already coded so are left alone. */
export function codeAll(p: OpenProject, input: CodeAllInput) {
  checkRevision(p, input.expectedRevision);
  if (!p.db.prepare('SELECT 1 FROM codes WHERE id = ?').get(input.codeId)) throw new TandaiError('NOT_FOUND', `no code ${input.codeId}`);
  const versions = p.db.prepare('SELECT v.transcript_id, v.chars, t.current_version FROM transcript_versions v JOIN transcripts t ON t.id = v.transcript_id WHERE v.id = ?');
  const same = p.db.prepare('SELECT 1 FROM codings WHERE version_id = ? AND start = ? AND "end" = ? AND code_id = ? AND coder_id IS ? AND orphaned = 0');
  const insert = p.db.prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)');
  const created: CodingRow[] = [];
  let alreadyCoded = 0;
  const seen = new Set<string>();
  const now = new Date().toISOString();
  p.tx(() => {
    for (const h of input.hits) {
      const v = versions.get(h.versionId) as { transcript_id: string; chars: number; current_version: string } | undefined;
      if (!v || v.transcript_id !== h.transcriptId) throw new TandaiError('NOT_FOUND', `transcript ${h.transcriptId} has no version ${h.versionId}`);
      if (v.current_version !== h.versionId) throw new TandaiError('CONFLICT', `version ${h.versionId} is no longer the current version of transcript ${h.transcriptId} (it was corrected): search again`);
      if (h.start >= h.end) throw new TandaiError('INVALID_INPUT', `the range ${h.start}–${h.end} spans nothing: a selection that spans nothing codes nothing`);
      if (h.end > v.chars) throw new TandaiError('INVALID_INPUT', `the range ${h.start}–${h.end} runs past the end of the text (${v.chars} characters)`);
      const key = `${h.versionId}:${h.start}:${h.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (same.get(h.versionId, h.start, h.end, input.codeId, p.actorId)) {
        alreadyCoded++;
        continue;
      }
      const row: CodingRow = { id: newId<CodingId>(), transcript_id: h.transcriptId, version_id: h.versionId, start: h.start, end: h.end, code_id: input.codeId, coder_id: p.actorId, created_at: now, orphaned: 0, derived_from: null };
      insert.run(row.id, row.transcript_id, row.version_id, row.start, row.end, row.code_id, row.coder_id, row.created_at);
      created.push(row);
    }
    // One entry for the whole batch. It spans participants, so it holds counts, not ranges.
    p.audit('coding.createMany', input.codeId, { codeId: input.codeId, codings: created.length, alreadyCoded, transcripts: new Set(created.map((c) => c.transcript_id)).size }, PROJECT_KEY_ID);
  });
  const codings: Coding[] = created.map(codingOf);
  return { codings, alreadyCoded, undo: [{ kind: 'codings.delete' as const, ids: codings.map((c) => c.id) }], revision: currentRevision(p) };
}

export function searchHandlers(ctx: Ctx): HandlerGroup<'search.text' | 'search.codeAll'> {
  return {
    'search.text': (input) => searchText(ctx.requireProject(), input),
    'search.codeAll': (input) => codeAll(ctx.requireProject(), input),
  };
}
