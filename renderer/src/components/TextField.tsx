/** A labelled text input with an optional hint; the hint is tied to the input for screen readers. */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  /** Shown after the label, e.g. "(optional)". */
  note?: ReactNode;
}

export function TextField({ label, value, onChange, hint, note, ...rest }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
        {note ? <span className="field-note"> {note}</span> : null}
      </label>
      <input id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? hintId : undefined} {...rest} />
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
