/**
 * Review mode's pure logic: the items in reading order, where the signed decision is saved by
 * default, what may be signed, and the `review.decide` input built from what the reviewer wrote.
 */
import type { ChannelInput, ChannelOutput } from '../../api/index.js';

export type ReviewPackageView = ChannelOutput<'review.open'>;
export type ReviewItem = ReviewPackageView['items'][number];
export type Verdict = ChannelInput<'review.decide'>['decision'];
export type RiskRating = NonNullable<ChannelInput<'review.decide'>['risk']>;
export type LabelChoice = NonNullable<ChannelInput<'review.decide'>['label']>;

export const VERDICTS: readonly Verdict[] = ['approved', 'approved-with-conditions', 'returned'];
export const RISKS: readonly RiskRating[] = ['low', 'medium', 'high', 'not-rated'];
export const LABELS: readonly LabelChoice[] = ['pseudonymised', 'anonymised'];
const KIND_ORDER: Record<ReviewItem['kind'], number> = { transcript: 0, code: 1, memo: 2 };

/** Transcripts, then codes, then memos; the package's own order within each kind. */
export function readingOrder(items: readonly ReviewItem[]): ReviewItem[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.i - b.i)
    .map((x) => x.item);
}

/** Beside the package: `study.review` → `study-decision.review`; no extension → `-decision` appended. */
export function decisionPathFor(packagePath: string): string {
  const p = packagePath.trim();
  if (!p) return '';
  const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  const dot = p.lastIndexOf('.');
  return dot > slash + 1 ? `${p.slice(0, dot)}-decision${p.slice(dot)}` : `${p}-decision`;
}

export interface DecisionDraft {
  verdict: Verdict;
  /** Conditions (approve with conditions) or the reason (return); ignored for a plain approval. */
  text: string;
  risk: RiskRating;
  label: LabelChoice;
  out: string;
  /** Per item key; blank ones are not sent. */
  comments: Readonly<Record<string, string>>;
  /** Keys of the originals revealed in this window. */
  revealed: readonly string[];
}

/** Why the decision cannot be signed yet, or null when it can. */
export function missing(d: DecisionDraft): 'out' | 'conditions' | 'reason' | null {
  if (d.verdict === 'approved-with-conditions' && !d.text.trim()) return 'conditions';
  if (d.verdict === 'returned' && !d.text.trim()) return 'reason';
  if (!d.out.trim()) return 'out';
  return null;
}

export function nonBlankComments(comments: Readonly<Record<string, string>>, keys: readonly string[]): { key: string; text: string }[] {
  return keys.flatMap((key) => {
    const text = comments[key]?.trim() ?? '';
    return text ? [{ key, text }] : [];
  });
}

/** `keys`: the package's item keys, in the order the comments are listed in the decision. */
export function decideInput(path: string, d: DecisionDraft, keys: readonly string[]): ChannelInput<'review.decide'> {
  const text = d.text.trim();
  const comments = nonBlankComments(d.comments, keys);
  return {
    path: path.trim(),
    out: d.out.trim(),
    decision: d.verdict,
    ...(d.verdict === 'approved-with-conditions' && text ? { conditions: text } : {}),
    ...(d.verdict === 'returned' && text ? { reason: text } : {}),
    risk: d.risk,
    label: d.label,
    ...(comments.length ? { comments } : {}),
    ...(d.revealed.length ? { revealed: [...d.revealed].sort() } : {}),
  };
}

/**
 * The text cut into blocks of `lines` lines, each keeping its line breaks, so joined they give the
 * text back exactly. The reading view lays out only the blocks on screen (content-visibility):
 * a long transcript then paints about as fast as a short one.
 */
export function textBlocks(text: string, lines = 40): string[] {
  const out: string[] = [];
  let from = 0;
  while (from < text.length) {
    let at = from;
    for (let n = 0; n < lines; n++) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) {
        at = text.length;
        break;
      }
      at = nl + 1;
    }
    out.push(text.slice(from, at));
    from = at;
  }
  return out;
}

/**
 * About how many lines a block takes on screen, `perLine` characters to a line: the height the
 * reading view reserves for a block it has not painted yet, so scrolling (End included) lands
 * where it should.
 */
export function screenLines(block: string, perLine = 68): number {
  let n = 0;
  for (const line of block.split('\n')) n += Math.max(1, Math.ceil(line.length / perLine));
  // A final line break starts no line of its own.
  return block.endsWith('\n') ? n - 1 : n;
}
