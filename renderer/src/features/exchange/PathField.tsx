/**
 * A file path, typed or picked with the file chooser (the shell gives the picked file's real path,
 * as for the register's CSV and review packages). The contract takes paths; there is no save dialog
 * channel, so outputs are typed (with a suggestion) and inputs may also be picked.
 */
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pathForFile, type ErrorInfo } from '../../api/index.js';
import { TextField } from '../../components/TextField.js';

export function PathField({
  label,
  value,
  onChange,
  hint,
  note,
  accept,
  disabled,
  required,
  onError,
}: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  hint?: string;
  note?: string;
  /** File types the chooser offers (e.g. ".qdpx,.qde,.qdc"); omitted for an output path, which is typed. */
  accept?: string;
  disabled?: boolean;
  required?: boolean;
  onError?: (e: ErrorInfo) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (!file) return;
    const p = pathForFile(file);
    if (!p) return onError?.({ code: 'INVALID_INPUT', message: t('exchange.noPath', { name: file.name }) });
    onChange(p);
  };
  return (
    <div className="exchange-path">
      <TextField label={label} value={value} onChange={onChange} hint={hint} note={note} autoComplete="off" spellCheck={false} disabled={disabled} required={required} />
      {accept !== undefined ? (
        <>
          <input id={`${id}-file`} className="visually-hidden file-input" type="file" accept={accept || undefined} onChange={picked} disabled={disabled} />
          <label htmlFor={`${id}-file`} className="button">
            {t('exchange.choose')}
            <span className="visually-hidden"> {t('exchange.chooseFor', { what: label })}</span>
          </label>
        </>
      ) : null}
    </div>
  );
}
