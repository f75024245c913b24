/**
 * The reader's Lexical nodes. An utterance block is an element whose timestamp sits in a gutter
 * outside Lexical's children (a DOM slot); its text is segments, each a TextNode that knows where it
 * starts in the transcript's text. A collapsed distressing passage is an inline decorator with a
 * "show" button, built as plain DOM (no React portal needed).
 */
import {
  $applyNodeReplacement,
  DecoratorNode,
  ElementNode,
  TextNode,
  type ElementDOMSlot,
  type EditorConfig,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
  type SerializedElementNode,
  type SerializedLexicalNode,
  type SerializedTextNode,
} from 'lexical';

// ------------------------------------------------------------------ utterance block

export class UtteranceNode extends ElementNode {
  __block: number;
  __time: string;
  __hidden: boolean;

  static override getType(): string {
    return 'tandai-utterance';
  }

  static override clone(node: UtteranceNode): UtteranceNode {
    return new UtteranceNode(node.__block, node.__time, node.__hidden, node.__key);
  }

  static override importJSON(json: SerializedElementNode & { block?: number; time?: string }): UtteranceNode {
    return $createUtteranceNode(json.block ?? 0, json.time ?? '', false);
  }

  constructor(block = 0, time = '', hidden = false, key?: NodeKey) {
    super(key);
    this.__block = block;
    this.__time = time;
    this.__hidden = hidden;
  }

  override exportJSON(): SerializedElementNode & { block: number; time: string } {
    return { ...super.exportJSON(), type: UtteranceNode.getType(), block: this.__block, time: this.__time };
  }

  override createDOM(): HTMLElement {
    const dom = document.createElement('div');
    dom.className = 'utt';
    dom.dataset.block = String(this.__block);
    const gutter = document.createElement('span');
    gutter.className = 'utt-time';
    gutter.contentEditable = 'false';
    gutter.setAttribute('aria-hidden', this.__time ? 'false' : 'true');
    gutter.textContent = this.__time;
    const body = document.createElement('div');
    body.className = 'utt-text';
    dom.append(gutter, body);
    if (this.__hidden) dom.hidden = true;
    return dom;
  }

  override getDOMSlot(element: HTMLElement): ElementDOMSlot<HTMLElement> {
    const body = element.querySelector<HTMLElement>(':scope > .utt-text');
    return body ? super.getDOMSlot(element).withElement(body) : super.getDOMSlot(element);
  }

  override updateDOM(prev: UtteranceNode, dom: HTMLElement): boolean {
    if (prev.__time !== this.__time || prev.__block !== this.__block) return true;
    if (prev.__hidden !== this.__hidden) dom.hidden = this.__hidden;
    return false;
  }

  override isInline(): false {
    return false;
  }

  override canBeEmpty(): boolean {
    return true;
  }
}

export function $createUtteranceNode(block: number, time: string, hidden: boolean): UtteranceNode {
  return $applyNodeReplacement(new UtteranceNode(block, time, hidden));
}

export const $isUtteranceNode = (n: LexicalNode | null | undefined): n is UtteranceNode => n instanceof UtteranceNode;

// ------------------------------------------------------------------ text segment

export type SegmentRole = 'label' | 'text';

export class SegmentNode extends TextNode {
  __start: number;
  __role: SegmentRole;
  __hiddenSeg: boolean;
  /** Inside a distressing passage (shown dotted-underlined when opened). */
  __inRegion: boolean;
  /** The coded background (CSS background-image layers, one per code), or ''. */
  __paint: string;
  /** The text as stored: a transform puts it back if anything (an IME, a stray edit) changes it. */
  __orig: string;

  static override getType(): string {
    return 'tandai-segment';
  }

  static override clone(node: SegmentNode): SegmentNode {
    return new SegmentNode(node.__text, node.__start, node.__role, node.__hiddenSeg, node.__key, node.__orig, node.__inRegion, node.__paint);
  }

  static override importJSON(json: SerializedTextNode & { start?: number }): SegmentNode {
    return $createSegmentNode(json.text, json.start ?? 0, 'text', false);
  }

  constructor(text = '', start = 0, role: SegmentRole = 'text', hidden = false, key?: NodeKey, orig?: string, inRegion = false, paint = '') {
    super(text, key);
    this.__start = start;
    this.__role = role;
    this.__hiddenSeg = hidden;
    this.__orig = orig ?? text;
    this.__inRegion = inRegion;
    this.__paint = paint;
  }

  override exportJSON(): SerializedTextNode & { start: number } {
    return { ...super.exportJSON(), type: SegmentNode.getType(), start: this.__start };
  }

  override createDOM(config: EditorConfig, editor?: LexicalEditor): HTMLElement {
    const dom = super.createDOM(config, editor);
    this.decorateDOM(dom);
    return dom;
  }

  override updateDOM(prev: this, dom: HTMLElement, config: EditorConfig): boolean {
    const replace = super.updateDOM(prev, dom, config);
    if (!replace) this.decorateDOM(dom);
    return replace;
  }

  private decorateDOM(dom: HTMLElement): void {
    dom.dataset.s = String(this.__start);
    dom.classList.add('seg');
    dom.classList.toggle('seg-label', this.__role === 'label');
    dom.classList.toggle('seg-hidden', this.__hiddenSeg);
    dom.classList.toggle('seg-distress', this.__inRegion && !this.__hiddenSeg);
    dom.classList.toggle('seg-coded', this.__paint !== '');
    if (this.__paint) dom.style.backgroundImage = this.__paint;
    else dom.style.removeProperty('background-image');
  }

  override isUnmergeable(): boolean {
    return true;
  }

  override canInsertTextBefore(): boolean {
    return false;
  }

  override canInsertTextAfter(): boolean {
    return false;
  }
}

export function $createSegmentNode(text: string, start: number, role: SegmentRole, hidden: boolean, inRegion = false, paint = ''): SegmentNode {
  return $applyNodeReplacement(new SegmentNode(text, start, role, hidden, undefined, undefined, inRegion, paint));
}

export const $isSegmentNode = (n: LexicalNode | null | undefined): n is SegmentNode => n instanceof SegmentNode;

// ------------------------------------------------------------------ collapsed distressing passage

export interface CollapsedLabels {
  /** e.g. "Distressing detail, 12 lines" */
  summary: string;
  /** e.g. "Show" / "Hide" */
  action: string;
}

export class CollapsedNode extends DecoratorNode<null> {
  __region: string;
  __open: boolean;
  __summary: string;
  __action: string;

  static override getType(): string {
    return 'tandai-collapsed';
  }

  static override clone(node: CollapsedNode): CollapsedNode {
    return new CollapsedNode(node.__region, node.__open, node.__summary, node.__action, node.__key);
  }

  static override importJSON(json: SerializedLexicalNode & { region?: string }): CollapsedNode {
    return new CollapsedNode(json.region ?? '', false, '', '');
  }

  constructor(region = '', open = false, summary = '', action = '', key?: NodeKey) {
    super(key);
    this.__region = region;
    this.__open = open;
    this.__summary = summary;
    this.__action = action;
  }

  override exportJSON(): SerializedLexicalNode & { region: string } {
    return { ...super.exportJSON(), type: CollapsedNode.getType(), region: this.__region };
  }

  override createDOM(): HTMLElement {
    const wrap = document.createElement('span');
    wrap.className = 'collapsed';
    wrap.contentEditable = 'false';
    wrap.dataset.region = this.__region;
    wrap.dataset.open = String(this.__open);
    const label = document.createElement('span');
    label.className = 'collapsed-summary';
    label.textContent = this.__summary;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'collapsed-toggle';
    button.dataset.regionToggle = this.__region;
    button.setAttribute('aria-expanded', String(this.__open));
    button.textContent = this.__action;
    wrap.append(label, button);
    return wrap;
  }

  override updateDOM(): boolean {
    return true;
  }

  override decorate(): null {
    return null;
  }

  override isInline(): boolean {
    return true;
  }

  override isKeyboardSelectable(): boolean {
    return false;
  }

  override getTextContent(): string {
    return '';
  }
}

export function $createCollapsedNode(region: string, open: boolean, labels: CollapsedLabels): CollapsedNode {
  return $applyNodeReplacement(new CollapsedNode(region, open, labels.summary, labels.action));
}

export const READER_NODES = [UtteranceNode, SegmentNode, CollapsedNode];
