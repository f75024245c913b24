/** Coding progress per transcript, pure: how much of the text carries at least one coding, and by whom. */

export interface RangeLike {
  start: number;
  end: number;
}

/** Characters covered by the union of the ranges. */
export function coveredChars(ranges: readonly RangeLike[]): number {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -1;
  let curEnd = -1;
  for (const r of sorted) {
    if (r.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = r.start;
      curEnd = r.end;
    } else curEnd = Math.max(curEnd, r.end);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

export interface Progress {
  codings: number;
  /** 0–1: share of the text's characters inside at least one coding. */
  coverage: number;
  coderIds: (string | null)[];
}

export function progressByTranscript(codings: readonly (RangeLike & { transcriptId: string; coderId: string | null })[], chars: ReadonlyMap<string, number>): Map<string, Progress> {
  const groups = new Map<string, (RangeLike & { coderId: string | null })[]>();
  for (const c of codings) {
    const list = groups.get(c.transcriptId) ?? [];
    list.push(c);
    groups.set(c.transcriptId, list);
  }
  const out = new Map<string, Progress>();
  for (const [id, n] of chars) {
    const list = groups.get(id) ?? [];
    out.set(id, {
      codings: list.length,
      coverage: n > 0 ? Math.min(1, coveredChars(list) / n) : 0,
      coderIds: [...new Set(list.map((c) => c.coderId))],
    });
  }
  return out;
}

export type SortKey = 'title' | 'participant' | 'words' | 'codings' | 'progress' | 'created' | `attr:${string}`;

/** A stable comparison for the table: numbers numerically, text by the UI locale, empty values last. */
export function compareValues(a: unknown, b: unknown, collator: Intl.Collator): number {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(a) && empty(b)) return 0;
  if (empty(a)) return 1;
  if (empty(b)) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}
