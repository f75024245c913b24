/**
 * How codings look in the reader. Coded text is its own segments (see blocks.ts), each with a
 * background made of one translucent layer per code covering it, so overlapping codings simply
 * stack. The layers use CSS variables (`--code-N`), set here per theme, so a theme or colour change
 * restyles without rebuilding the text.
 *
 * The CSS Custom Highlight API is used only for the few ranges that change as the person moves:
 * the codings at the caret (underlined) and a passage just jumped to (flashed). Measured in
 * Chromium: with a thousand registered highlight ranges over a long text, every change re-validated
 * all of them (~200 ms), and adding or removing them while scrolling forced repaints.
 */
import { highlightFill, type ThemeTokens } from '../app/themes.js';

const ACTIVE = 'tandai-active';
const FLASH = 'tandai-flash';

export function highlightsSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

/** A stylesheet the page adopts (constructed: no <style> element is injected). */
function sheet(): CSSStyleSheet | null {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return null;
  const s = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
  return s;
}

export class ReaderPainter {
  private readonly slots = new Map<string, number>();
  private readonly css = sheet();
  private cssKey = '';

  /** The code's stable slot number (its CSS variable is `--code-<slot>`). */
  slot(codeId: string): number {
    let n = this.slots.get(codeId);
    if (n === undefined) {
      n = this.slots.size;
      this.slots.set(codeId, n);
    }
    return n;
  }

  /** The background of text coded with these codes: one layer per code. */
  background(codeIds: readonly string[]): string {
    return codeIds.map((id) => `linear-gradient(var(--code-${this.slot(id)}), var(--code-${this.slot(id)}))`).join(', ');
  }

  /** Sets every code's fill for this theme (only when something changed: it restyles the page). */
  colours(colours: ReadonlyMap<string, string>, theme: ThemeTokens): void {
    if (!this.css) return;
    const vars: string[] = [];
    for (const [codeId, colour] of colours) {
      if (/^#[0-9a-f]{6}$/i.test(colour)) vars.push(`--code-${this.slot(codeId)}: ${highlightFill(colour, theme)};`);
    }
    const rules = [
      `.reader-text { ${vars.join(' ')} }`,
      `::highlight(${ACTIVE}) { text-decoration: underline 2px; text-decoration-color: ${theme.text}; text-underline-offset: 0.25em; }`,
      `::highlight(${FLASH}) { background-color: ${highlightFill(theme.focus, theme)}; }`,
    ].join('\n');
    if (rules !== this.cssKey) {
      this.css.replaceSync(rules);
      this.cssKey = rules;
    }
  }

  /** Underlines the codings the person is looking at (at the caret, or chosen in the panel). */
  setActive(list: readonly Range[]): void {
    if (!highlightsSupported()) return;
    if (list.length) {
      const h = new Highlight(...list);
      h.priority = 10;
      CSS.highlights.set(ACTIVE, h);
    } else CSS.highlights.delete(ACTIVE);
  }

  /** Briefly marks a passage (after jumping to it from retrieval or search). */
  flash(r: Range | null): void {
    if (!highlightsSupported() || !r) return;
    const h = new Highlight(r);
    h.priority = 5;
    CSS.highlights.set(FLASH, h);
    window.setTimeout(() => {
      if (CSS.highlights.get(FLASH) === h) CSS.highlights.delete(FLASH);
    }, 2500);
  }

  dispose(): void {
    if (highlightsSupported()) {
      CSS.highlights.delete(ACTIVE);
      CSS.highlights.delete(FLASH);
    }
    if (this.css) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.css);
  }
}

/** The margin stripes of one block: a CSS gradient with one narrow bar per code, in codebook order. */
export function stripeGradient(colours: readonly string[], width = 4, gap = 2, max = 6): string {
  if (colours.length === 0) return 'none';
  const shown = colours.slice(0, max);
  const stops: string[] = [];
  let x = 0;
  for (const c of shown) {
    stops.push(`${c} ${x}px ${x + width}px`, `transparent ${x + width}px ${x + width + gap}px`);
    x += width + gap;
  }
  return `linear-gradient(to right, ${stops.join(', ')}, transparent ${x}px)`;
}
