/**
 * The reader's model, pure: a transcript's text cut into blocks (one per utterance, plus any text
 * between utterances), each block cut into segments at its speaker label and at distress-mark
 * boundaries. Every offset is a UTF-16 index into the stored text (DESIGN "Text and offsets"), so
 * a segment's DOM text is exactly `text.slice(seg.start, seg.end)`.
 */

export interface UtteranceLike {
  start: number;
  end: number;
  labelStart: number | null;
  labelEnd: number | null;
  speaker: string | null;
  tStartMs: number | null;
}

export interface Block {
  index: number;
  start: number;
  end: number;
  labelStart: number | null;
  labelEnd: number | null;
  speaker: string | null;
  tStartMs: number | null;
}

export interface Range {
  start: number;
  end: number;
}

/** Overlapping or touching distress marks joined: shown (and opened) as one collapsed passage. */
export interface Region extends Range {
  /** The first mark's id: the region's stable name while its marks stay the same. */
  id: string;
  markIds: string[];
}

export interface Segment extends Range {
  role: 'label' | 'text';
  /** The collapsed region this text lies in, or null. */
  regionId: string | null;
  /** Codes of the codings covering this text, each once, in the order the codings were given. */
  codes: string[];
}

export interface CodedRange extends Range {
  codeId: string;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0';

/** Narrows [start, end) to drop leading and trailing whitespace; null if nothing is left. */
export function trimRange(text: string, start: number, end: number): Range | null {
  let s = start;
  let e = end;
  while (s < e && isSpace(text[s]!)) s++;
  while (e > s && isSpace(text[e - 1]!)) e--;
  return s < e ? { start: s, end: e } : null;
}

/** The non-blank lines of text[start, end), each trimmed of outer whitespace. */
function lineBlocks(text: string, start: number, end: number): Range[] {
  const out: Range[] = [];
  let lineStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === '\n') {
      const r = trimRange(text, lineStart, i);
      if (r) out.push(r);
      lineStart = i + 1;
    }
  }
  return out;
}

/**
 * One block per utterance (trailing whitespace trimmed, so no block ends in an empty line), and one
 * per non-blank line of any text no utterance covers, in text order. Without utterances, one block
 * per non-blank line.
 */
export function buildBlocks(text: string, utterances: readonly UtteranceLike[]): Block[] {
  const sorted = [...utterances].filter((u) => u.end > u.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const raw: Omit<Block, 'index'>[] = [];
  const plain = (r: Range) => raw.push({ ...r, labelStart: null, labelEnd: null, speaker: null, tStartMs: null });
  let cursor = 0;
  for (const u of sorted) {
    const start = Math.max(u.start, cursor);
    if (start > cursor) lineBlocks(text, cursor, start).forEach(plain);
    const r = trimRange(text, start, Math.min(u.end, text.length));
    if (r) {
      const hasLabel = u.labelStart !== null && u.labelEnd !== null && u.labelStart >= r.start && u.labelEnd <= r.end && u.labelEnd > u.labelStart;
      raw.push({ ...r, labelStart: hasLabel ? u.labelStart : null, labelEnd: hasLabel ? u.labelEnd : null, speaker: u.speaker, tStartMs: u.tStartMs });
    }
    cursor = Math.max(cursor, u.end);
  }
  if (cursor < text.length) lineBlocks(text, cursor, text.length).forEach(plain);
  return raw.map((b, index) => ({ ...b, index }));
}

/** Joins overlapping or touching marks into regions, in text order. */
export function regionsOf(marks: readonly { id: string; start: number; end: number }[]): Region[] {
  const sorted = [...marks].filter((m) => m.end > m.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Region[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m.start <= last.end) {
      last.end = Math.max(last.end, m.end);
      last.markIds.push(m.id);
    } else out.push({ id: m.id, start: m.start, end: m.end, markIds: [m.id] });
  }
  return out;
}

/**
 * A block's segments: cut at its label, at region boundaries and at the edges of the codings given;
 * `regionId` set on text inside a region, `codes` on coded text. The segments cover the block
 * exactly and in order.
 */
export function segmentsOf(block: Block, regions: readonly Region[], codings: readonly CodedRange[] = []): Segment[] {
  const cuts = new Set<number>([block.start, block.end]);
  const coding = codings.filter((c) => c.start < block.end && c.end > block.start);
  for (const c of coding) {
    if (c.start > block.start) cuts.add(c.start);
    if (c.end < block.end) cuts.add(c.end);
  }
  if (block.labelStart !== null && block.labelEnd !== null) {
    cuts.add(block.labelStart);
    cuts.add(block.labelEnd);
  }
  const touching = regions.filter((r) => r.start < block.end && r.end > block.start);
  for (const r of touching) {
    if (r.start > block.start) cuts.add(r.start);
    if (r.end < block.end) cuts.add(r.end);
  }
  const points = [...cuts].filter((p) => p >= block.start && p <= block.end).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const inLabel = block.labelStart !== null && block.labelEnd !== null && start >= block.labelStart && end <= block.labelEnd;
    const region = touching.find((r) => start >= r.start && end <= r.end);
    const codes = [...new Set(coding.filter((c) => c.start <= start && c.end >= end).map((c) => c.codeId))];
    out.push({ start, end, role: inLabel ? 'label' : 'text', regionId: region?.id ?? null, codes });
  }
  return out;
}

/** Roughly how many lines a passage fills at about 80 characters a line (at least one a paragraph). */
export function lineEstimate(text: string): number {
  const CHARS_PER_LINE = 80;
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .reduce((n, l) => n + Math.max(1, Math.ceil([...l].length / CHARS_PER_LINE)), 0);
}

/** Index of the last item whose `start` is <= offset (items sorted by start), or -1. */
export function lastStartAtOrBefore<T extends { start: number }>(items: readonly T[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The blocks [first, last] a range overlaps (by index), or null when it falls between blocks. */
export function blocksOverlapping(blocks: readonly Block[], start: number, end: number): [number, number] | null {
  let first = lastStartAtOrBefore(blocks, start);
  if (first < 0 || blocks[first]!.end <= start) first += 1;
  const last = lastStartAtOrBefore(blocks, end - 1);
  if (first > last || first >= blocks.length || last < 0) return null;
  return [first, last];
}

/** `t` ms as h:mm:ss or m:ss. */
export function formatTime(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Widens a range so it never cuts a surrogate pair (an emoji half is not a selection). */
export function snapToCodePoints(text: string, start: number, end: number): Range {
  const low = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  let s = start;
  let e = end;
  if (s > 0 && s < text.length && low(s)) s -= 1;
  if (e > 0 && e < text.length && low(e)) e += 1;
  return { start: s, end: e };
}
