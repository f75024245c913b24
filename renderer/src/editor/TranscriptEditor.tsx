/**
 * The transcript reader: a Lexical editor holding one block per utterance, read-only in effect but
 * kept contenteditable so a caret exists and Shift+arrows select text from the keyboard. Every
 * input that would change text is refused (beforeinput, paste, cut, drop), and a transform restores
 * any segment an IME manages to touch, so the text shown is always the stored text.
 *
 * Long transcripts open fast: the first screenful of blocks is built at once and the rest in time
 * slices after it, so no single task is long. (Blocks do not use `content-visibility: auto`:
 * measured, its on-scroll rendering of each newly visible block made long tasks while scrolling.)
 * Coded text is cut into its own segments with a background per code (see highlights.ts); a
 * change of codings rebuilds only the blocks whose shape changed.
 */
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import {
  $getNodeByKey,
  $getRoot,
  BEFORE_INPUT_COMMAND,
  COMMAND_PRIORITY_CRITICAL,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  CUT_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_LINE_COMMAND,
  DELETE_WORD_COMMAND,
  DRAGSTART_COMMAND,
  DROP_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
  KEY_ENTER_COMMAND,
  PASTE_COMMAND,
  REMOVE_TEXT_COMMAND,
  SKIP_DOM_SELECTION_TAG,
  SKIP_SCROLL_INTO_VIEW_TAG,
  TextNode,
  type LexicalCommand,
  type LexicalEditor,
  type NodeKey,
} from 'lexical';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import type { ThemeTokens } from '../app/themes.js';
import { blocksOverlapping, formatTime, lastStartAtOrBefore, lineEstimate, segmentsOf, type Block, type CodedRange, type Region, type Segment } from './blocks.js';
import { domPoint, indexSegments, selectionOffsets, type SegRef } from './dom-text.js';
import { ReaderPainter, stripeGradient } from './highlights.js';
import { $createCollapsedNode, $createSegmentNode, $createUtteranceNode, $isUtteranceNode, READER_NODES, SegmentNode } from './nodes.js';

export interface ReaderSelection {
  /** The selected range, or null when the selection is collapsed (a caret). */
  range: { start: number; end: number } | null;
  /** Where the caret (selection focus) is, or null when the reader has no selection. */
  caret: number | null;
}

export interface ReaderHandle {
  /** The current selection as offsets, read now from the DOM. */
  read(): ReaderSelection;
  /** Selects [start, end) (a caret when they are equal), scrolls it into view unless told not to, and focuses the reader. */
  select(start: number, end: number, opts?: { focus?: boolean; flash?: boolean; scroll?: boolean }): void;
  focus(): void;
  /** The reader's root element (for tests and measures). */
  root(): HTMLElement | null;
}

export interface ReaderLabels {
  readerLabel: string;
  describedBy?: string;
  collapsed: (lines: number) => string;
  show: string;
  hide: string;
}

export interface TranscriptEditorProps {
  text: string;
  blocks: readonly Block[];
  regions: readonly Region[];
  openRegions: ReadonlySet<string>;
  codings: readonly { id: string; start: number; end: number; codeId: string }[];
  /** Colour per code id. */
  colours: ReadonlyMap<string, string>;
  /** Code order (for stripe order). */
  codeOrder: ReadonlyMap<string, number>;
  activeCodingIds: ReadonlySet<string>;
  theme: ThemeTokens;
  labels: ReaderLabels;
  onSelectionChange: (s: ReaderSelection) => void;
  /** Reader key commands; return true when handled (the key then does nothing else). */
  onKey: (e: ReactKeyboardEvent<HTMLDivElement>) => boolean;
  onToggleRegion: (regionId: string) => void;
  /** After highlights are painted: how many codings are shown and whether every block is built. */
  onPainted?: (shown: number, complete: boolean) => void;
}

/** Blocks built at once on opening (more than a screenful), then more per slice of at most SLICE_MS. */
const FIRST_CHUNK = 40;
const CHUNK = 20;
const SLICE_MS = 25;

type PaintCoding = CodedRange & { id: string };

/** Everything that decides a block's Lexical children; a block is rebuilt only when this changes. */
interface BlockInputs {
  block: Block;
  text: string;
  regions: readonly Region[];
  open: ReadonlySet<string>;
  codings: readonly PaintCoding[];
  labels: ReaderLabels;
}

function blockSpec(i: BlockInputs, segs: Segment[] = segmentsOf(i.block, i.regions, i.codings)): string {
  const hidden = isBlockHidden(i.block, i.regions, i.open);
  return `${hidden ? 'H' : ''}|${segs.map((s) => `${s.start}-${s.end}-${s.role}-${s.regionId && !i.open.has(s.regionId) ? 'x' : s.regionId ? 'o' : ''}-${s.codes.join('.')}`).join(',')}`;
}

/** A block is hidden when a closed region covers all of it and began in an earlier block (the placeholder sits there). */
function isBlockHidden(block: Block, regions: readonly Region[], open: ReadonlySet<string>): boolean {
  return regions.some((r) => !open.has(r.id) && r.start < block.start && r.end >= block.end);
}

function buildBlockChildren(i: BlockInputs, painter: ReaderPainter, segs: Segment[]) {
  const { block, text, regions, open, labels } = i;
  const children = [];
  const placed = new Set<string>();
  for (const s of segs) {
    if (s.regionId && !placed.has(s.regionId)) {
      const region = regions.find((r) => r.id === s.regionId)!;
      // The placeholder goes where the region starts (its first block).
      if (region.start >= block.start) {
        const isOpen = open.has(region.id);
        children.push($createCollapsedNode(region.id, isOpen, { summary: labels.collapsed(lineEstimate(text.slice(region.start, region.end))), action: isOpen ? labels.hide : labels.show }));
      }
      placed.add(s.regionId);
    }
    const hidden = s.regionId !== null && !open.has(s.regionId);
    children.push($createSegmentNode(text.slice(s.start, s.end), s.start, s.role, hidden, s.regionId !== null, s.codes.length ? painter.background(s.codes) : ''));
  }
  return children;
}

export const TranscriptEditor = forwardRef<ReaderHandle, TranscriptEditorProps>(function TranscriptEditor(props, ref) {
  const initialConfig = useMemo(
    () => ({
      namespace: 'tandai-reader',
      nodes: READER_NODES,
      editable: true,
      theme: {},
      onError: (e: Error) => {
        // Shown in the console only in development builds; never carries transcript text.
        console.error(`reader: ${e.name}`);
      },
    }),
    [],
  );
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <ReaderSurface {...props} handleRef={ref} />
    </LexicalComposer>
  );
});

type HandleRef = Parameters<typeof useImperativeHandle<ReaderHandle, ReaderHandle>>[0];

const BLOCKED: LexicalCommand<unknown>[] = [
  CONTROLLED_TEXT_INSERTION_COMMAND,
  DELETE_CHARACTER_COMMAND,
  DELETE_WORD_COMMAND,
  DELETE_LINE_COMMAND,
  REMOVE_TEXT_COMMAND,
  SKIP_DOM_SELECTION_TAG,
  SKIP_SCROLL_INTO_VIEW_TAG,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  KEY_ENTER_COMMAND,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
] as LexicalCommand<unknown>[];

const PREVENTED: LexicalCommand<unknown>[] = [BEFORE_INPUT_COMMAND, PASTE_COMMAND, CUT_COMMAND, DROP_COMMAND, DRAGSTART_COMMAND] as LexicalCommand<unknown>[];

/** Refuses every change to the text: the reader is for reading, selecting and coding. */
function registerReadOnly(editor: LexicalEditor): () => void {
  const offs = [
    ...BLOCKED.map((cmd) => editor.registerCommand(cmd, () => true, COMMAND_PRIORITY_CRITICAL)),
    ...PREVENTED.map((cmd) =>
      editor.registerCommand(
        cmd,
        (e) => {
          (e as Event | null)?.preventDefault?.();
          return true;
        },
        COMMAND_PRIORITY_CRITICAL,
      ),
    ),
    editor.registerNodeTransform(SegmentNode, (n) => {
      if (n.getTextContent() !== n.__orig) n.setTextContent(n.__orig);
    }),
    // Plain text nodes are never ours: something typed them in.
    editor.registerNodeTransform(TextNode, (n) => {
      if (!(n instanceof SegmentNode)) n.remove();
    }),
  ];
  return () => offs.forEach((off) => off());
}

function ReaderSurface(props: TranscriptEditorProps & { handleRef: HandleRef }) {
  const [editor] = useLexicalComposerContext();
  const latest = useRef(props);
  latest.current = props;
  const blockKeys = useRef<(NodeKey | undefined)[]>([]);
  const specs = useRef<string[]>([]);
  const built = useRef(0);
  /** Each built block's rendered segments, indexed when first needed and dropped when the block changes. */
  const blockSegs = useRef(new Map<number, SegRef[]>());
  const keyToBlock = useRef(new Map<NodeKey, number>());
  const [painter] = useState(() => new ReaderPainter());
  const paintQueued = useRef(0);
  const rootRef = useRef<HTMLDivElement | null>(null);
  const stripesShown = useRef<string[]>([]);
  /** Blocks whose margin stripes must be worked out again ('all' after a colour or theme change). */
  const stripesDirty = useRef<Set<number> | 'all'>('all');

  const segsOf = useCallback(
    (i: number): SegRef[] => {
      let list = blockSegs.current.get(i);
      if (!list) {
        const key = blockKeys.current[i];
        const el = key ? editor.getElementByKey(key) : null;
        list = el ? indexSegments(el) : [];
        blockSegs.current.set(i, list);
      }
      return list;
    },
    [editor],
  );

  /** A DOM Range over text offsets, looking only at the blocks where it starts and ends. */
  const rangeFor = useCallback(
    (start: number, end: number): Range | null => {
      const { blocks } = latest.current;
      let a = lastStartAtOrBefore(blocks, start);
      if (a < 0 || blocks[a]!.end <= start) a += 1;
      const b = lastStartAtOrBefore(blocks, end - 1);
      if (a > b || a >= built.current || b < 0) return null;
      const p = domPoint(segsOf(a), start, 'start');
      const q = domPoint(segsOf(Math.min(b, built.current - 1)), end, 'end');
      if (!p || !q) return null;
      const r = document.createRange();
      r.setStart(p.node, p.offset);
      r.setEnd(q.node, q.offset);
      return r.collapsed ? null : r;
    },
    [segsOf],
  );

  useEffect(() => registerReadOnly(editor), [editor]);
  useEffect(() => () => painter.dispose(), [painter]);

  // Codings grouped by the blocks they touch, codes in codebook order (the stacking order of fills).
  const byBlock = useMemo(() => {
    const m = new Map<number, PaintCoding[]>();
    const sorted = [...props.codings].sort((a, b) => (props.codeOrder.get(a.codeId) ?? 0) - (props.codeOrder.get(b.codeId) ?? 0));
    for (const c of sorted) {
      const span = blocksOverlapping(props.blocks, c.start, c.end);
      if (!span) continue;
      for (let i = span[0]; i <= span[1]; i++) {
        const list = m.get(i) ?? [];
        list.push(c);
        m.set(i, list);
      }
    }
    return m;
  }, [props.codings, props.blocks, props.codeOrder]);
  const byBlockRef = useRef(byBlock);
  byBlockRef.current = byBlock;

  const markStripes = (i: number) => {
    if (stripesDirty.current !== 'all') stripesDirty.current.add(i);
  };

  const inputsFor = useCallback((i: number): BlockInputs => {
    const { blocks, text, regions, openRegions, labels } = latest.current;
    return { block: blocks[i]!, text, regions, open: openRegions, codings: byBlockRef.current.get(i) ?? [], labels };
  }, []);

  // ---------------------------------------------------------------- painting (stripes, active codings)
  const paintNow = useCallback(() => {
    paintQueued.current = 0;
    const root = rootRef.current;
    if (!root) return;
    const { codings, colours, theme, activeCodingIds, blocks, codeOrder, onPainted } = latest.current;
    painter.colours(colours, theme);
    painter.setActive(codings.filter((c) => activeCodingIds.has(c.id)).flatMap((c) => rangeFor(c.start, c.end) ?? []));
    // Margin stripes: per block, the colours of the codes coding any of it, in codebook order.
    const dirty = stripesDirty.current;
    stripesDirty.current = new Set();
    let shown = 0;
    editor.getEditorState().read(() => {
      const todo = dirty === 'all' ? Array.from({ length: built.current }, (_, i) => i) : [...dirty].filter((i) => i < built.current);
      for (const i of todo) {
        const list = byBlockRef.current.get(i);
        const ids = list ? [...new Set(list.map((c) => c.codeId))] : [];
        const gradient = ids.length ? stripeGradient(ids.sort((a, b) => (codeOrder.get(a) ?? 0) - (codeOrder.get(b) ?? 0)).map((id) => colours.get(id) ?? '#888888')) : 'none';
        if (stripesShown.current[i] === gradient) continue;
        stripesShown.current[i] = gradient;
        const key = blockKeys.current[i];
        const el = key ? editor.getElementByKey(key) : null;
        if (el) {
          el.style.setProperty('--stripes', gradient);
          el.dataset.coded = String(ids.length);
        }
      }
    });
    for (const c of codings) {
      const span = blocksOverlapping(blocks, c.start, c.end);
      if (span && span[0] < built.current) shown++;
    }
    const complete = built.current === blocks.length;
    // For tests and measures: codings held, codings rendered, and whether every block is built.
    root.dataset.codings = String(codings.length);
    root.dataset.highlights = String(shown);
    root.dataset.built = String(complete);
    root.dataset.painted = 'true';
    onPainted?.(shown, complete);
  }, [editor, painter, rangeFor]);

  const schedulePaint = useCallback(() => {
    if (paintQueued.current) return;
    paintQueued.current = requestAnimationFrame(paintNow);
  }, [paintNow]);

  useEffect(() => () => cancelAnimationFrame(paintQueued.current), []);

  useEffect(
    () =>
      editor.registerUpdateListener(({ dirtyElements }) => {
        for (const key of dirtyElements.keys()) {
          const i = keyToBlock.current.get(key);
          if (i !== undefined) blockSegs.current.delete(i);
        }
        schedulePaint();
      }),
    [editor, schedulePaint],
  );

  // Colours or theme changed: every stripe again; the active codings: just repaint.
  useEffect(() => {
    stripesDirty.current = 'all';
    schedulePaint();
  }, [props.colours, props.theme, props.codeOrder, schedulePaint]);
  useEffect(() => {
    schedulePaint();
  }, [props.activeCodingIds, schedulePaint]);

  // ---------------------------------------------------------------- building blocks
  const buildRange = useCallback(
    (from: number, to: number) => {
      const { blocks, regions, openRegions } = latest.current;
      editor.update(
        () => {
          const root = $getRoot();
          for (let i = from; i < to; i++) {
            const b = blocks[i]!;
            const inputs = inputsFor(i);
            const segs = segmentsOf(b, regions, inputs.codings);
            const node = $createUtteranceNode(i, b.tStartMs !== null ? formatTime(b.tStartMs) : '', isBlockHidden(b, regions, openRegions));
            node.append(...buildBlockChildren(inputs, painter, segs));
            root.append(node);
            blockKeys.current[i] = node.getKey();
            keyToBlock.current.set(node.getKey(), i);
            markStripes(i);
            specs.current[i] = blockSpec(inputs, segs);
          }
        },
        { discrete: true, tag: [SKIP_SCROLL_INTO_VIEW_TAG, SKIP_DOM_SELECTION_TAG] },
      );
      built.current = to;
    },
    [editor, inputsFor, painter],
  );

  // A new transcript: clear and build, the first chunk now and the rest in later tasks.
  useEffect(() => {
    let cancelled = false;
    // The next slice is posted as a message, not a timeout: nested timeouts are clamped to 4 ms
    // each, which adds up over a long transcript; rendering still runs between slices.
    const channel = new MessageChannel();
    const later = () => channel.port2.postMessage(null);
    editor.update(
      () => {
        $getRoot().clear();
      },
      { discrete: true },
    );
    blockKeys.current = [];
    keyToBlock.current = new Map();
    blockSegs.current = new Map();
    specs.current = [];
    stripesShown.current = [];
    stripesDirty.current = new Set();
    built.current = 0;
    const total = props.blocks.length;
    buildRange(0, Math.min(FIRST_CHUNK, total));
    // Time-sliced, so building the rest never makes a long task and the first screen stays responsive.
    const step = () => {
      if (cancelled) return;
      const t0 = performance.now();
      while (built.current < total && performance.now() - t0 < SLICE_MS) buildRange(built.current, Math.min(built.current + CHUNK, total));
      if (built.current < total) later();
      else schedulePaint();
    };
    channel.port1.onmessage = step;
    if (built.current < total) later();
    return () => {
      cancelled = true;
      channel.port1.onmessage = null;
      channel.port1.close();
    };
    // The text and blocks define the document; codings and regions are applied by the effect below.
  }, [editor, props.text, props.blocks, buildRange, schedulePaint]);

  // Codings or regions changed (applied, removed, opened, closed): rebuild just the blocks whose
  // shape changed — for a coding applied or removed, only the blocks it touches are even looked at.
  const lastApplied = useRef<{ codings: readonly PaintCoding[] | null; regions: unknown; open: unknown; labels: unknown }>({ codings: null, regions: null, open: null, labels: null });
  useEffect(() => {
    const { blocks, regions, openRegions, labels, codings } = latest.current;
    const last = lastApplied.current;
    let candidates: Iterable<number>;
    if (last.codings && last.regions === regions && last.open === openRegions && last.labels === labels) {
      const before = new Map(last.codings.map((c) => [c.id, c]));
      const after = new Map(codings.map((c) => [c.id, c]));
      const touched = new Set<number>();
      const mark = (c: PaintCoding) => {
        const span = blocksOverlapping(blocks, c.start, c.end);
        if (span) for (let i = span[0]; i <= span[1]; i++) touched.add(i);
      };
      for (const [id, c] of before) {
        const n = after.get(id);
        if (!n || n.start !== c.start || n.end !== c.end || n.codeId !== c.codeId) mark(c);
      }
      for (const [id, c] of after) if (!before.has(id)) mark(c);
      candidates = touched;
      for (const i of touched) markStripes(i);
    } else {
      candidates = Array.from({ length: built.current }, (_, i) => i);
      stripesDirty.current = 'all';
    }
    lastApplied.current = { codings, regions, open: openRegions, labels };
    const changed = [...candidates].filter((i) => i < built.current && blockSpec(inputsFor(i)) !== specs.current[i]);
    if (changed.length === 0) {
      schedulePaint();
      return;
    }
    // Rebuilding replaces text nodes: keep the selection by its offsets, not its DOM nodes.
    const root = rootRef.current;
    const selection = root ? selectionOffsets(root) : null;
    editor.update(
      () => {
        for (const i of changed) {
          const key = blockKeys.current[i];
          const node = key ? $getNodeByKey(key) : null;
          if (!$isUtteranceNode(node)) continue;
          const inputs = inputsFor(i);
          const segs = segmentsOf(inputs.block, regions, inputs.codings);
          const w = node.getWritable();
          w.__hidden = isBlockHidden(blocks[i]!, regions, openRegions);
          node.clear();
          node.append(...buildBlockChildren(inputs, painter, segs));
          specs.current[i] = blockSpec(inputs, segs);
          blockSegs.current.delete(i);
        }
      },
      { discrete: true, tag: [SKIP_SCROLL_INTO_VIEW_TAG, SKIP_DOM_SELECTION_TAG] },
    );
    // The coded text is in the DOM now: the next frame shows it (stripes follow in that frame's paint).
    if (root) root.dataset.codings = String(codings.length);
    if (root && selection && root.contains(document.activeElement)) {
      const r = rangeFor(selection.start, Math.max(selection.end, selection.start + 1));
      if (r) {
        if (selection.end === selection.start) r.collapse(true);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(r);
      }
    }
  }, [editor, byBlock, props.regions, props.openRegions, props.labels, inputsFor, painter, schedulePaint, rangeFor]);

  // ---------------------------------------------------------------- selection
  useEffect(() => {
    let frame = 0;
    const onChange = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const root = rootRef.current;
        if (!root) return;
        const s = selectionOffsets(root);
        if (!s) return;
        latest.current.onSelectionChange({ range: s.end > s.start ? { start: s.start, end: s.end } : null, caret: s.focus });
      });
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      cancelAnimationFrame(frame);
    };
  }, []);

  useImperativeHandle(
    props.handleRef,
    (): ReaderHandle => ({
      read() {
        const root = rootRef.current;
        const s = root ? selectionOffsets(root) : null;
        if (!s) return { range: null, caret: null };
        return { range: s.end > s.start ? { start: s.start, end: s.end } : null, caret: s.focus };
      },
      select(start, end, opts) {
        const root = rootRef.current;
        if (!root) return;
        // Everything must be built to select anywhere.
        if (built.current < latest.current.blocks.length) buildRange(built.current, latest.current.blocks.length);
        const r = rangeFor(start, Math.max(end, start + 1));
        if (!r) return;
        if (opts?.focus !== false) root.focus({ preventScroll: true });
        const sel = window.getSelection();
        if (end > start) {
          sel?.removeAllRanges();
          sel?.addRange(r);
        } else {
          const caret = r.cloneRange();
          caret.collapse(true);
          sel?.removeAllRanges();
          sel?.addRange(caret);
        }
        if (opts?.scroll !== false) r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        if (opts?.flash) painter.flash(rangeFor(start, end));
      },
      focus() {
        rootRef.current?.focus({ preventScroll: true });
      },
      root: () => rootRef.current,
    }),
    [buildRange, painter, rangeFor],
  );

  // ---------------------------------------------------------------- input
  const onKeyDownCapture = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (props.onKey(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    // Any other printable key would type: refuse it (shortcuts with Ctrl/Meta pass, e.g. copy).
    if (!e.ctrlKey && !e.metaKey && !e.altKey && e.key.length === 1) e.preventDefault();
  };

  const onClick = (e: ReactMouseEvent<HTMLDivElement>) => {
    const toggle = (e.target as HTMLElement).closest<HTMLElement>('[data-region-toggle]');
    if (toggle?.dataset.regionToggle) {
      e.preventDefault();
      props.onToggleRegion(toggle.dataset.regionToggle);
    }
  };

  return (
    <div className="reader-surface" data-times={props.blocks.some((b) => b.tStartMs !== null) ? 'yes' : 'no'} onKeyDownCapture={onKeyDownCapture} onClick={onClick}>
      <ContentEditable
        ref={rootRef}
        className="reader-text"
        aria-label={props.labels.readerLabel}
        aria-describedby={props.labels.describedBy}
        aria-readonly="true"
        aria-multiline="true"
        role="textbox"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        data-testid="reader-text"
      />
    </div>
  );
}
