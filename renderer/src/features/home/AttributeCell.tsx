/**
 * One attribute of one transcript, edited in place: the value is a button; Enter or a click turns
 * it into a field of the attribute's type; Enter (or leaving the field) saves, Escape cancels.
 */
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDef, AttributeValue } from '../workspace/types.js';
import { attributeValueLabel } from './labels.js';

export interface AttributeCellProps {
  def: AttributeDef;
  value: AttributeValue | undefined;
  /** For the field's accessible name: "Country of wawancara-pendamping". */
  rowTitle: string;
  onSave: (value: AttributeValue) => Promise<boolean>;
}

export function AttributeCell({ def, value, rowTitle, onSave }: AttributeCellProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const saving = useRef(false);
  const field = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const name = attributeName(def, t);
  const shown = attributeValueLabel(def, value, t);

  /** Set when an edit ends: the value's button takes the focus back once it is rendered again. */
  const [refocus, setRefocus] = useState(false);

  useEffect(() => {
    if (editing) field.current?.focus();
    else if (refocus) {
      button.current?.focus();
      setRefocus(false);
    }
  }, [editing, refocus]);

  const start = () => {
    setDraft(value === null || value === undefined ? '' : String(value));
    setEditing(true);
  };

  // `back`: the edit ended by a key, so focus returns to the value; after a blur it stays where it went.
  const finish = async (save: boolean, back: boolean) => {
    // A ref, not the state: disabling the field while saving blurs it, and that blur must not save again.
    if (!editing || saving.current) return;
    if (save) {
      const next = toValue(def, draft);
      if (next !== (value ?? null)) {
        saving.current = true;
        setBusy(true);
        const ok = await onSave(next);
        saving.current = false;
        setBusy(false);
        if (!ok) return; // the error is shown; the field stays open to correct it
      }
    }
    setEditing(false);
    setRefocus(back);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void finish(true, true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      void finish(false, true);
    }
  };

  if (!editing) {
    return (
      <button ref={button} type="button" className="cell-edit" onClick={start} aria-label={t('home.attr.editLabel', { name, title: rowTitle, value: shown || t('home.attr.empty') })}>
        {shown ? shown : <span className="cell-empty" aria-hidden="true">—</span>}
      </button>
    );
  }
  const label = t('home.attr.fieldLabel', { name, title: rowTitle });
  if (def.type === 'choice' || def.type === 'boolean') {
    const options = def.type === 'boolean' ? ['true', 'false'] : (def.choices ?? []);
    return (
      <select ref={field} className="select cell-field" aria-label={label} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} onBlur={() => void finish(true, false)} disabled={busy}>
        <option value="">{t('home.attr.none')}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {attributeValueLabel(def, def.type === 'boolean' ? o === 'true' : o, t)}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      ref={field}
      className="input cell-field"
      aria-label={label}
      type={def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text'}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={onKey}
      onBlur={() => void finish(true, false)}
      disabled={busy}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

function toValue(def: AttributeDef, draft: string): AttributeValue {
  if (draft.trim() === '') return null;
  if (def.type === 'boolean') return draft === 'true';
  if (def.type === 'number') return Number(draft);
  return draft.trim();
}

export function attributeName(def: AttributeDef, t: TFunction): string {
  return def.builtin ? t(`home.attrName.${def.key}` as 'home.attrName.country', { defaultValue: def.name }) : def.name;
}
