/**
 * Between DOM positions and text offsets. Every rendered segment is a `<span data-s="START">` whose
 * only child is a Text node holding text.slice(START, START + length) exactly, so a DOM point inside
 * it maps to START + its offset (UTF-16 units on both sides). Points between segments (a block
 * edge, the gutter) map to the nearest segment edge in the direction asked.
 */

export interface SegRef {
  start: number;
  end: number;
  el: HTMLElement;
  node: Text | null;
}

/** The rendered segments under `root`, in text order. */
export function indexSegments(root: HTMLElement): SegRef[] {
  const out: SegRef[] = [];
  for (const el of root.querySelectorAll<HTMLElement>('span[data-s]')) {
    const start = Number(el.dataset.s);
    const node = el.firstChild instanceof Text ? el.firstChild : null;
    out.push({ start, end: start + (node?.length ?? 0), el, node });
  }
  return out;
}

/** Index of the segment containing `offset` (start <= offset < end), or of the one ending at it when `atEnd`. */
export function findSegment(segs: readonly SegRef[], offset: number, atEnd: boolean): number {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid]!;
    if (atEnd ? offset <= s.start : offset < s.start) hi = mid - 1;
    else if (atEnd ? offset > s.end : offset >= s.end) lo = mid + 1;
    else return mid;
  }
  // Not inside any segment (between blocks): the next segment for a start, the previous for an end.
  return atEnd ? Math.min(hi, segs.length - 1) : lo < segs.length ? lo : -1;
}

/** A DOM point for a text offset: `bias` 'start' snaps forward to the next segment, 'end' back to the previous one. */
export function domPoint(segs: readonly SegRef[], offset: number, bias: 'start' | 'end'): { node: Text; offset: number } | null {
  const i = findSegment(segs, offset, bias === 'end');
  if (i < 0) return null;
  const s = segs[i]!;
  if (!s.node) return null;
  const within = Math.max(s.start, Math.min(offset, s.end)) - s.start;
  return { node: s.node, offset: within };
}

function segOf(node: Node | null): HTMLElement | null {
  const el = node instanceof Element ? node : node?.parentElement ?? null;
  return el?.closest<HTMLElement>('span[data-s]') ?? null;
}

function segStart(el: HTMLElement): number {
  return Number(el.dataset.s);
}

function segEnd(el: HTMLElement): number {
  return segStart(el) + (el.textContent?.length ?? 0);
}

/** The first segment at or after a DOM position inside `root`, in document order. */
function segAfter(root: HTMLElement, container: Node, offset: number): HTMLElement | null {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (n) => ((n as Element).matches('span[data-s]') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const probe = document.createRange();
  probe.setStart(container, offset);
  let n = walker.nextNode() as HTMLElement | null;
  while (n) {
    // The first segment that starts at or after the point.
    if (probe.comparePoint(n, 0) >= 0) return n;
    n = walker.nextNode() as HTMLElement | null;
  }
  return null;
}

function segBefore(root: HTMLElement, container: Node, offset: number): HTMLElement | null {
  const all = root.querySelectorAll<HTMLElement>('span[data-s]');
  const probe = document.createRange();
  probe.setStart(container, offset);
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i]!;
    if (probe.comparePoint(el, el.childNodes.length) <= 0) return el;
  }
  return null;
}

/** The text offset of a DOM point under `root`; `bias` decides which way a point between segments goes. */
export function offsetOf(root: HTMLElement, container: Node, offset: number, bias: 'start' | 'end'): number | null {
  if (!root.contains(container)) return null;
  const seg = segOf(container);
  if (seg) {
    if (container instanceof Text) return segStart(seg) + offset;
    // An element point inside the span: before or after its text.
    return offset === 0 ? segStart(seg) : segEnd(seg);
  }
  if (bias === 'start') {
    const next = segAfter(root, container, offset);
    if (next) return segStart(next);
    const prev = segBefore(root, container, offset);
    return prev ? segEnd(prev) : null;
  }
  const prev = segBefore(root, container, offset);
  if (prev) return segEnd(prev);
  const next = segAfter(root, container, offset);
  return next ? segStart(next) : null;
}

/** The window selection as text offsets when it lies in `root`: [start, end) and where the caret (focus) is. */
export function selectionOffsets(root: HTMLElement): { start: number; end: number; focus: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || !sel.anchorNode || !sel.focusNode) return null;
  if (!root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return null;
  const r = sel.getRangeAt(0);
  const start = offsetOf(root, r.startContainer, r.startOffset, 'start');
  const end = offsetOf(root, r.endContainer, r.endOffset, 'end');
  if (start === null || end === null) return null;
  const focusIsEnd = sel.focusNode === r.endContainer && sel.focusOffset === r.endOffset;
  return { start: Math.min(start, end), end: Math.max(start, end), focus: focusIsEnd ? Math.max(start, end) : Math.min(start, end) };
}

/** A DOM Range over text offsets [start, end), or null when nothing rendered lies inside. */
export function domRange(segs: readonly SegRef[], start: number, end: number): Range | null {
  const a = domPoint(segs, start, 'start');
  const b = domPoint(segs, end, 'end');
  if (!a || !b) return null;
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(b.node, b.offset);
  return r.collapsed ? null : r;
}
