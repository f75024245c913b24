/**
 * One item in a calm reading view: its de-identified text (or, once revealed, its original), its
 * de-identified attributes and replacement counts, and the reviewer's comment on it. The text is
 * cut into blocks of lines the browser lays out only when on screen, so a long transcript paints
 * at once.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import { Heading, type Level } from './Heading.js';
import { screenLines, textBlocks, type ReviewItem, type ReviewPackageView } from './model.js';

/** With more blocks (of 40 lines) than this, those off screen are not painted until scrolled to. */
const LAZY_AFTER = 4;

export function ItemReader({
  item,
  level,
  counts,
  original,
  comment,
  onComment,
  onReveal,
  position,
  onStep,
}: {
  item: ReviewItem;
  level: Level;
  counts: ReviewPackageView['counts']['byDocument'][number] | undefined;
  /** The revealed original, if it was. */
  original: string | undefined;
  comment: string;
  onComment: (text: string) => void;
  onReveal: () => void;
  position: { index: number; total: number };
  onStep: (delta: number) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  const [showOriginal, setShowOriginal] = useState(true);
  const viewingOriginal = original !== undefined && showOriginal;
  const shown = (viewingOriginal ? original : undefined) ?? item.text;
  const blocks = useMemo(() => textBlocks(shown), [shown]);
  const lazy = blocks.length > LAZY_AFTER;
  const categories = Object.entries(counts?.byCategory ?? {}).filter(([, n]) => n > 0);
  const attributes = Object.entries(item.attributes);

  return (
    <article className="review-reader" aria-labelledby={`${id}-title`} data-testid="review-item" data-key={item.key}>
      <header className="review-reader-head">
        <Heading level={level} id={`${id}-title`} className="review-reader-title">
          {item.title || t('deid.reviewer.untitled')}
        </Heading>
        <p className="muted small-text">
          {t(`deid.reviewer.kind.${item.kind}`)} · {t('deid.reviewer.position', { index: position.index + 1, total: position.total })}
        </p>
        <div className="review-step actions">
          <button type="button" className="button small" disabled={position.index === 0} onClick={() => onStep(-1)}>
            {t('deid.reviewer.previous')}
          </button>
          <button type="button" className="button small" disabled={position.index >= position.total - 1} onClick={() => onStep(1)}>
            {t('deid.reviewer.next')}
          </button>
        </div>
      </header>
      <p className="small-text">
        {categories.length ? t('deid.reviewer.replacedHere', { list: categories.map(([type, n]) => `${t(`deid.type.${type}`, { defaultValue: type })} ${fmt.number(n)}`).join(', ') }) : t('deid.reviewer.nothingReplacedHere')}
        {item.kept ? ' ' + t('deid.reviewer.keptHere', { count: item.kept }) : ''}
      </p>
      {attributes.length ? (
        <dl className="review-attributes">
          {attributes.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v === null ? '—' : String(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {original !== undefined ? (
        <div className="review-view-switch" role="group" aria-label={t('deid.reviewer.viewLabel')}>
          <button type="button" className="button small" aria-pressed={!viewingOriginal} onClick={() => setShowOriginal(false)}>
            {t('deid.reviewer.viewDeidentified')}
          </button>
          <button type="button" className="button small" aria-pressed={viewingOriginal} onClick={() => setShowOriginal(true)}>
            {t('deid.reviewer.viewOriginal')}
          </button>
          <span className="small-text review-recorded">{t('deid.reviewer.revealedNote')}</span>
        </div>
      ) : null}
      <div
        className="review-text"
        data-view={viewingOriginal ? 'original' : 'deidentified'}
        data-testid="review-text"
        role="region"
        aria-label={viewingOriginal ? t('deid.reviewer.originalOf', { title: item.title }) : t('deid.reviewer.deidentifiedOf', { title: item.title })}
        // Scrolls by itself: reachable by keyboard so it can be scrolled with the arrow keys.
        tabIndex={0}
      >
        {blocks.length ? (
          blocks.map((b, i) => (
            // Short texts are laid out whole: skipping off-screen blocks only pays for long ones.
            <div key={i} className={lazy ? 'review-block lazy' : 'review-block'} style={lazy ? { containIntrinsicSize: `auto ${screenLines(b)}lh` } : undefined}>
              {b}
            </div>
          ))
        ) : (
          <span className="muted">{t('deid.reviewer.emptyText')}</span>
        )}
      </div>
      {item.originalAvailable && original === undefined ? (
        <p className="small-text">
          <button type="button" className="button small" onClick={onReveal}>
            {t('deid.reviewer.reveal')}
          </button>{' '}
          <span className="muted">{t('deid.reviewer.revealHint')}</span>
        </p>
      ) : null}
      <div className="field review-comment">
        <label htmlFor={`${id}-comment`} className="field-label">
          {t('deid.reviewer.comment')} <span className="field-note">{t('deid.optional')}</span>
        </label>
        <textarea id={`${id}-comment`} className="input textarea" rows={3} autoComplete="off" maxLength={8000} value={comment} onChange={(e) => onComment(e.target.value)} aria-describedby={`${id}-comment-hint`} />
        <p id={`${id}-comment-hint`} className="field-hint">
          {t('deid.reviewer.commentHint')}
        </p>
      </div>
    </article>
  );
}
