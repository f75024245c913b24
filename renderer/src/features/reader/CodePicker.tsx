/**
 * The quick code picker: type to filter, arrows to move, Enter to apply, and "create" when the
 * typed name is new. The highlighted code's definition and rules show beside the list, so the
 * codebook is in view while coding. Escape closes it and returns to the text.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeChip } from '../../components/CodeChip.js';
import { displayName, exactMatch, filterCodes, flatten } from '../codebook/tree.js';
import type { Code } from '../workspace/types.js';
import { CodeCard } from './CodeCard.js';

export interface CodePickerProps {
  codes: Code[];
  /** A preview of what will be coded (shortened). */
  excerpt: string;
  onApply: (codeId: string) => void;
  onCreate: (name: string) => void;
  onClose: () => void;
  busy: boolean;
}

type Option = { kind: 'code'; code: Code; path: string[] } | { kind: 'create'; name: string };

export function CodePicker({ codes, excerpt, onApply, onCreate, onClose, busy }: CodePickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const lang = i18n.resolvedLanguage ?? 'en';
  const flat = useMemo(() => flatten(codes), [codes]);

  const options: Option[] = useMemo(() => {
    const hits: Option[] = filterCodes(flat, query)
      .filter((f) => f.code.category !== 'group')
      .map((f) => ({ kind: 'code', code: f.code, path: f.path }));
    const name = query.trim();
    if (name && !exactMatch(codes, name)) hits.push({ kind: 'create', name });
    return hits;
  }, [flat, codes, query]);

  useEffect(() => {
    setActive(0);
  }, [query]);

  // A native modal dialog: the page behind is inert while it is open; Escape closes it. A layout
  // effect, so the dialog is closed in the same commit that removes the picker and the reader can
  // take focus back straight away.
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useLayoutEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    input.current?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
    };
  }, []);

  useEffect(() => {
    document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  const choose = (o: Option | undefined) => {
    if (!o || busy) return;
    if (o.kind === 'code') onApply(o.code.id);
    else onCreate(o.name);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(options.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Home' && e.ctrlKey) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && e.ctrlKey) {
      e.preventDefault();
      setActive(options.length - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Tab') {
      // Focus stays in the picker: the list is driven from the field.
      e.preventDefault();
    }
  };

  const current = options[active];
  return (
    <dialog ref={dialog} className="picker" aria-labelledby={`${id}-title`} onKeyDown={onKey} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="picker-main">
        <h2 id={`${id}-title`} className="picker-title">
          {t('reader.picker.title')}
        </h2>
        <p className="picker-excerpt" aria-label={t('reader.picker.excerpt')}>
          “{excerpt}”
        </p>
        <label htmlFor={`${id}-input`} className="visually-hidden">
          {t('reader.picker.filter')}
        </label>
        <input
          ref={input}
          id={`${id}-input`}
          className="input"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={current ? `${id}-opt-${active}` : undefined}
          aria-autocomplete="list"
          placeholder={t('reader.picker.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          // Read-only rather than disabled while the code is applied: a disabled field would drop
          // focus to the page, and the dialog could not hand it back to the text when it closes.
          readOnly={busy}
          aria-busy={busy}
        />
        <ul id={`${id}-list`} className="picker-list" role="listbox" aria-label={t('reader.picker.list')}>
          {options.map((o, i) => (
            <li
              key={o.kind === 'code' ? o.code.id : 'create'}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'picker-option active' : 'picker-option'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(o)}
            >
              {o.kind === 'code' ? (
                <>
                  <CodeChip name={displayName(o.code, lang)} colour={o.code.colour} />
                  {o.path.length ? <span className="picker-path">{o.path.join(' › ')}</span> : null}
                </>
              ) : (
                <span className="picker-create">{t('reader.picker.create', { name: o.name })}</span>
              )}
            </li>
          ))}
          {options.length === 0 ? <li className="picker-empty">{t('reader.picker.none')}</li> : null}
        </ul>
        <p className="field-hint">{t('reader.picker.hint')}</p>
      </div>
      <aside className="picker-card" aria-label={t('reader.picker.definition')}>
        {current?.kind === 'code' ? <CodeCard code={current.code} /> : <p className="muted">{current?.kind === 'create' ? t('reader.picker.createHint') : t('reader.picker.noDefinition')}</p>}
      </aside>
    </dialog>
  );
}
