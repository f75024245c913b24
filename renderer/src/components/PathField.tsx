/**
 * A file path, typed or chosen: a file to read with the browser's file chooser (the shell gives
 * the picked file's real path), a file to write with the desktop's save dialog
 * (shell.chooseSavePath, which Electron's main answers). Typing always works, so a path the
 * chooser cannot give (no path on this computer, or no dialog outside the desktop app) can still be
 * entered.
 */
import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, pathForFile, type ErrorInfo } from '../api/index.js';
import { TextField } from './TextField.js';

export function PathField({
  label,
  value,
  onChange,
  hint,
  note,
  accept,
  save,
  disabled,
  required,
  className,
  onError,
}: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  hint?: string;
  note?: string;
  /** For a file to read: the types the chooser offers (e.g. ".qdpx,.qde,.qdc"; "" for any). */
  accept?: string;
  /** For a file to write: the type the save dialog offers (its name, extensions without the dot). */
  save?: { filterName: string; extensions: string[] };
  disabled?: boolean;
  required?: boolean;
  /** The input's class (default "input"). */
  className?: string;
  onError?: (e: ErrorInfo) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (!file) return;
    const p = pathForFile(file);
    if (!p) return onError?.({ code: 'INVALID_INPUT', message: t('files.noPath', { name: file.name }) });
    onChange(p);
  };
  const chooseSavePath = async () => {
    if (!save) return;
    const r = await call('shell.chooseSavePath', { suggested: value.trim() || `untitled.${save.extensions[0]}`, ...save });
    if (!r.ok) return onError?.(r.error);
    if (r.value.path) onChange(r.value.path);
  };
  return (
    <div className="path-field">
      <TextField label={label} value={value} onChange={onChange} hint={hint} note={note} autoComplete="off" spellCheck={false} disabled={disabled} required={required} {...(className ? { className } : {})} />
      {accept !== undefined ? (
        <>
          <input id={`${id}-file`} className="visually-hidden file-input" type="file" accept={accept || undefined} onChange={picked} disabled={disabled} />
          <label htmlFor={`${id}-file`} className="button">
            {t('files.choose')}
            <span className="visually-hidden"> {t('files.chooseFor', { what: label })}</span>
          </label>
        </>
      ) : null}
      {save ? (
        <button type="button" className="button" onClick={() => void chooseSavePath()} disabled={disabled}>
          {t('files.chooseSave')}
          <span className="visually-hidden"> {t('files.chooseFor', { what: label })}</span>
        </button>
      ) : null}
    </div>
  );
}
