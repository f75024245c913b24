/**
 * A file path, typed or chosen: an input file with the browser's file chooser (the shell gives the
 * picked file's real path, as for the register's CSV and review packages), an output file with the
 * desktop's save dialog (shell.chooseSavePath, answered by Electron's main process).
 */
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, pathForFile, type ErrorInfo } from '../../api/index.js';
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
  save,
}: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  hint?: string;
  note?: string;
  /** File types the chooser offers (e.g. ".qdpx,.qde,.qdc"), for a file to read. */
  accept?: string;
  /** For a file to write: the type the save dialog offers (its name, extensions without the dot). */
  save?: { filterName: string; extensions: string[] };
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
  const chooseSavePath = async () => {
    if (!save) return;
    const r = await call('shell.chooseSavePath', { suggested: value.trim() || `export.${save.extensions[0]}`, ...save });
    if (!r.ok) return onError?.(r.error);
    if (r.value.path) onChange(r.value.path);
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
      {save ? (
        <button type="button" className="button" onClick={() => void chooseSavePath()} disabled={disabled}>
          {t('exchange.chooseSave')}
          <span className="visually-hidden"> {t('exchange.chooseFor', { what: label })}</span>
        </button>
      ) : null}
    </div>
  );
}
