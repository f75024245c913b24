/**
 * Choosing some of many (codes, transcripts): "all of them" or "only the ones I choose", then a
 * list of checkboxes with a filter field when the list is long. Native radios and checkboxes, so
 * the keyboard and screen readers work as everywhere else; `null` means all.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Choice {
  id: string;
  label: string;
  /** Indentation (a code's depth in the tree). */
  depth?: number;
  /** A short muted note after the label. */
  hint?: string;
}

/** Long lists get a filter field. */
const FILTER_FROM = 8;

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export interface ChoiceListProps {
  legend: string;
  allLabel: string;
  someLabel: string;
  filterLabel: string;
  needOne: string;
  items: Choice[];
  value: string[] | null;
  onChange: (v: string[] | null) => void;
}

export function ChoiceList({ legend, allLabel, someLabel, filterLabel, needOne, items, value, onChange }: ChoiceListProps) {
  const { t } = useTranslation();
  const id = useId();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const words = fold(filter).split(/\s+/u).filter(Boolean);
    return words.length ? items.filter((c) => words.every((w) => fold(c.label).includes(w))) : items;
  }, [items, filter]);
  const chosen = useMemo(() => new Set(value ?? []), [value]);
  const set = (ids: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const x of ids) {
      if (on) next.add(x);
      else next.delete(x);
    }
    // Keep the list's own order, so the query (and the table) follow it.
    onChange(items.filter((c) => next.has(c.id)).map((c) => c.id));
  };

  return (
    <fieldset className="fieldset team-choice">
      <legend className="field-label">{legend}</legend>
      <label className="check-inline">
        <input type="radio" name={`${id}-scope`} checked={value === null} onChange={() => onChange(null)} />
        {allLabel}
      </label>
      <label className="check-inline">
        <input type="radio" name={`${id}-scope`} checked={value !== null} onChange={() => onChange([])} />
        {someLabel}
      </label>
      {value !== null ? (
        <div className="team-choice-some">
          {items.length >= FILTER_FROM ? (
            <div className="field">
              <label htmlFor={`${id}-filter`} className="field-label small-text">
                {filterLabel}
              </label>
              <input id={`${id}-filter`} className="input" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" spellCheck={false} />
            </div>
          ) : null}
          <ul className="team-choice-list" aria-label={legend}>
            {shown.map((c) => (
              <li key={c.id} style={c.depth ? { paddingInlineStart: `${c.depth * 1.25}rem` } : undefined}>
                <label className="check-inline">
                  <input type="checkbox" checked={chosen.has(c.id)} onChange={(e) => set([c.id], e.target.checked)} />
                  <span>
                    {c.label}
                    {c.hint ? <span className="muted small-text"> ({c.hint})</span> : null}
                  </span>
                </label>
              </li>
            ))}
            {shown.length === 0 ? <li className="muted small-text">{t('team.choice.noneMatch')}</li> : null}
          </ul>
          <div className="team-choice-actions">
            <button type="button" className="button small" onClick={() => set(shown.map((c) => c.id), true)} disabled={shown.every((c) => chosen.has(c.id))}>
              {t('team.choice.chooseShown', { count: shown.length })}
            </button>
            <button type="button" className="button small" onClick={() => set(shown.map((c) => c.id), false)} disabled={!shown.some((c) => chosen.has(c.id))}>
              {t('team.choice.clearShown')}
            </button>
            <span className="muted small-text" aria-live="polite">
              {chosen.size === 0 ? needOne : t('team.choice.chosen', { count: chosen.size, total: items.length })}
            </span>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
