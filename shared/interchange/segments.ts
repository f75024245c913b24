/**
 * Selections into coded segments. NVivo writes one PlainTextSelection per (span, code), so a
 * passage with seven codes is seven selections with the same span; other tools put several Codings
 * under one selection, and some repeat a span with only a comment. Tandai keeps a segment as its
 * span plus the codings on it, so selections are merged by span: one segment per distinct span,
 * with each (code, coder) once. Overlapping spans stay separate segments (they are different
 * passages); nothing assumes selections are unique or disjoint.
 */

export interface SelectionCoding {
  /** The Coding's guid, when it had a usable one. */
  guid: string | null;
  codeGuid: string;
  coder: string | null;
  createdAt: string | null;
  /** Notes the Coding itself points at. */
  noteRefs: readonly string[];
}

export interface SpanSelection {
  guid: string | null;
  start: number;
  end: number;
  codings: readonly SelectionCoding[];
  description: string | null;
  noteRefs: readonly string[];
}

export interface Segment {
  start: number;
  end: number;
  /** The selections merged into this segment, in file order. */
  selectionGuids: string[];
  /** Each (code, coder) once, first occurrence kept. */
  codings: SelectionCoding[];
  descriptions: string[];
  noteRefs: string[];
}

export interface MergeResult {
  segments: Segment[];
  /** Codings dropped because the same span already had the same code from the same coder. */
  duplicates: number;
}

/** Segments in text order (by start, then end). */
export function mergeSelections(selections: readonly SpanSelection[]): MergeResult {
  const bySpan = new Map<string, Segment>();
  const seen = new Map<Segment, Set<string>>();
  let duplicates = 0;
  for (const sel of selections) {
    const key = `${sel.start}:${sel.end}`;
    let seg = bySpan.get(key);
    if (!seg) {
      seg = { start: sel.start, end: sel.end, selectionGuids: [], codings: [], descriptions: [], noteRefs: [] };
      bySpan.set(key, seg);
      seen.set(seg, new Set());
    }
    if (sel.guid) seg.selectionGuids.push(sel.guid);
    const keys = seen.get(seg)!;
    for (const c of sel.codings) {
      const k = `${c.codeGuid}|${c.coder ?? ''}`;
      if (keys.has(k)) {
        duplicates++;
        const kept = seg.codings.find((x) => `${x.codeGuid}|${x.coder ?? ''}` === k)!;
        // A duplicate's notes still belong to the passage.
        if (c.noteRefs.length) seg.codings[seg.codings.indexOf(kept)] = { ...kept, noteRefs: [...kept.noteRefs, ...c.noteRefs.filter((n) => !kept.noteRefs.includes(n))] };
        continue;
      }
      keys.add(k);
      seg.codings.push(c);
    }
    const d = sel.description?.trim();
    if (d && !seg.descriptions.includes(d)) seg.descriptions.push(d);
    for (const n of sel.noteRefs) if (!seg.noteRefs.includes(n)) seg.noteRefs.push(n);
  }
  const segments = [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  return { segments, duplicates };
}
