/**
 * The package's items as one list of buttons: Tab lands on the current one, arrow keys (and Home,
 * End) move between them and open each in the reading view — one item at a time, so a package of
 * long transcripts stays quick.
 */
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewItem } from './model.js';

export function ItemList({ items, current, onPick, commented, revealed, label }: { items: readonly ReviewItem[]; current: number; onPick: (i: number) => void; commented: (key: string) => boolean; revealed: (key: string) => boolean; label: string }) {
  const { t } = useTranslation();
  const list = useRef<HTMLUListElement>(null);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(items.length - 1, to));
    onPick(i);
    list.current?.querySelectorAll<HTMLButtonElement>('button[data-index]')[i]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    move(next);
  };

  return (
    <nav className="review-items" aria-label={label}>
      <ul ref={list} className="plain-list" onKeyDown={onKey}>
        {items.map((it, i) => (
          <li key={it.key}>
            <button type="button" className="review-item" data-index={i} aria-current={i === current ? 'true' : undefined} tabIndex={i === current ? 0 : -1} onClick={() => onPick(i)}>
              <span className="review-item-title">{it.title || t('deid.reviewer.untitled')}</span>
              <span className="review-item-meta">
                {t(`deid.reviewer.kind.${it.kind}`)} · {t('deid.reviewer.itemCounts', { replaced: it.replacements, kept: it.kept })}
                {commented(it.key) ? <> · {t('deid.reviewer.commented')}</> : null}
                {revealed(it.key) ? <> · {t('deid.reviewer.revealedMark')}</> : null}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
