/**
 * A passage shown outside the reader (a retrieved excerpt, a search hit) with its context: the
 * matched part marked, and any distressing part collapsed in place ("Distressing detail, 2 lines
 * — Show") until the person opens it here. Opening counts in their private tally only.
 */
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lineEstimate, regionsOf } from '../../editor/blocks.js';
import { useProject } from '../workspace/store.js';

export interface PassageTextProps {
  /** The text shown: context before, the passage, context after. */
  text: string;
  /** Where `text` starts in the transcript (marks and the passage are absolute offsets). */
  offset: number;
  start: number;
  end: number;
  marks: readonly { id: string; start: number; end: number }[];
  transcriptId: string;
  leadingEllipsis?: boolean;
  trailingEllipsis?: boolean;
  /** Screen-reader words around the passage itself. */
  passageLabels?: { before: string; after: string };
}

interface Piece {
  start: number;
  end: number;
  hit: boolean;
  region: string | null;
}

export function PassageText({ text: raw, offset: rawOffset, start, end, marks, transcriptId, leadingEllipsis, trailingEllipsis, passageLabels }: PassageTextProps) {
  const { t } = useTranslation();
  const store = useProject();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // Context that begins or ends in blank lines shows without them (offsets stay exact).
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  const offset = rawOffset + lead;
  const lo = offset;
  const hi = offset + text.length;
  const regions = regionsOf(marks.map((m) => ({ ...m, start: Math.max(lo, m.start), end: Math.min(hi, m.end) })));
  const cuts = new Set([lo, hi, Math.max(lo, start), Math.min(hi, end)]);
  for (const r of regions) cuts.add(r.start).add(r.end);
  const points = [...cuts].filter((p) => p >= lo && p <= hi).sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    pieces.push({ start: a, end: b, hit: a >= start && b <= end, region: regions.find((r) => a >= r.start && b <= r.end)?.id ?? null });
  }

  // No "…" after context that reaches the end of the transcript.
  const total = store.transcripts?.find((x) => x.id === transcriptId)?.chars;
  const trailing = trailingEllipsis && (total === undefined || rawOffset + raw.length < total);

  const slice = (p: Piece) => text.slice(p.start - lo, p.end - lo);
  const shownRegions = new Set<string>();
  return (
    <blockquote className="excerpt-text">
      {leadingEllipsis ? '…' : null}
      {pieces.map((p, i) => {
        if (p.region && !open.has(p.region)) {
          if (shownRegions.has(p.region)) return null;
          shownRegions.add(p.region);
          const r = regions.find((x) => x.id === p.region)!;
          return (
            <span key={i} className="collapsed" data-open="false">
              <span className="collapsed-summary">{t('care.collapsed', { count: lineEstimate(text.slice(r.start - lo, r.end - lo)) })}</span>
              <button
                type="button"
                className="collapsed-toggle"
                aria-expanded="false"
                onClick={() => {
                  setOpen((s) => new Set([...s, r.id]));
                  void store.recordCare({ kind: 'passageOpened', transcriptId });
                }}
              >
                {t('care.show')}
              </button>
            </span>
          );
        }
        const inner = p.hit ? <mark className="excerpt-hit">{slice(p)}</mark> : <span className="excerpt-context">{slice(p)}</span>;
        const body = p.region ? <span className="distress-open">{inner}</span> : inner;
        const first = p.hit && (i === 0 || !pieces[i - 1]!.hit);
        const last = p.hit && (i === pieces.length - 1 || !pieces[i + 1]!.hit);
        return (
          <Fragment key={i}>
            {first && passageLabels ? <span className="visually-hidden">{passageLabels.before}</span> : null}
            {body}
            {last && passageLabels ? <span className="visually-hidden">{passageLabels.after}</span> : null}
          </Fragment>
        );
      })}
      {trailing ? '…' : null}
      {[...open].some((id) => regions.some((r) => r.id === id)) ? (
        <button type="button" className="button link small" onClick={() => setOpen(new Set())}>
          {t('care.hideAgain')}
        </button>
      ) : null}
    </blockquote>
  );
}
