/**
 * A row of tabs (the WAI-ARIA tabs pattern): one tab in the Tab order, arrow keys, Home and End move
 * between them and focus follows. The panels are the caller's: each is `role="tabpanel"` with the id
 * `panelId(key)` and `aria-labelledby={tabId(key)}`.
 */
import { useRef, type KeyboardEvent } from 'react';

export interface TabListProps<K extends string> {
  tabs: readonly K[];
  current: K;
  onSelect: (key: K) => void;
  /** The accessible name of the list. */
  label: string;
  labelOf: (key: K) => string;
  tabId: (key: K) => string;
  panelId: (key: K) => string;
}

export function TabList<K extends string>({ tabs, current, onSelect, label, labelOf, tabId, panelId }: TabListProps<K>) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(current);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : undefined;
    if (next === undefined) return;
    e.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((k) => (
        <button
          key={k}
          ref={(el) => {
            if (el) refs.current.set(k, el);
            else refs.current.delete(k);
          }}
          type="button"
          role="tab"
          id={tabId(k)}
          aria-selected={current === k}
          aria-controls={panelId(k)}
          tabIndex={current === k ? 0 : -1}
          className="tab"
          onClick={() => onSelect(k)}
        >
          {labelOf(k)}
        </button>
      ))}
    </div>
  );
}
