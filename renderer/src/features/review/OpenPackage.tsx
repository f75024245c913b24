/**
 * Opening a package: its path typed, or picked with the file chooser (the shell gives the picked
 * file's real path, as for the register's CSV); optionally the fingerprint the reviewer was given
 * by the researcher, which the signer's must match.
 */
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pathForFile, type ErrorInfo } from '../../api/index.js';
import { TextField } from '../../components/TextField.js';

export function OpenPackage({ busy, onOpen, onError }: { busy: boolean; onOpen: (path: string, expectSigner: string) => void; onError: (e: ErrorInfo) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [path, setPath] = useState('');
  const [signer, setSigner] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) onOpen(path.trim(), signer.trim());
  };
  const picked = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // the same file can be picked again
    if (!file) return;
    const p = pathForFile(file);
    if (!p) return onError({ code: 'INVALID_INPUT', message: t('deid.reviewer.noPath', { name: file.name }) });
    setPath(p);
    onOpen(p, signer.trim());
  };

  return (
    <form className="form review-open" onSubmit={submit}>
      <div className="review-open-path">
        <TextField label={t('deid.reviewer.packagePath')} value={path} onChange={setPath} hint={t('deid.reviewer.packageHint')} autoComplete="off" spellCheck={false} required />
        <input id={`${id}-file`} className="visually-hidden file-input" type="file" onChange={picked} disabled={busy} />
        <label htmlFor={`${id}-file`} className="button">
          {t('deid.reviewer.choose')}
        </label>
      </div>
      <TextField label={t('deid.reviewer.expectSigner')} note={t('deid.optional')} value={signer} onChange={setSigner} hint={t('deid.reviewer.expectSignerHint')} autoComplete="off" spellCheck={false} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || !path.trim()}>
          {t('deid.reviewer.open')}
        </button>
      </div>
    </form>
  );
}
