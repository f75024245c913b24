/**
 * The participant register: people, places, organisations and numbers that must be found
 * wherever they occur. Entered by hand or imported from a CSV (`kind,value,aliases,note`, aliases
 * separated by `|`); a malformed file is refused with its line number and nothing is imported.
 */
import { useCallback, useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, pathForFile, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { TextField } from '../../components/TextField.js';
import { useFormat } from '../../i18n/format.js';
import { REGISTER_KINDS, type RegisterEntry, type RegisterKind } from './types.js';
import { useWrite } from './write.js';

const splitAliases = (s: string) =>
  s
    .split('|')
    .map((a) => a.trim())
    .filter(Boolean);

export function RegisterPanel({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  const [entries, setEntries] = useState<RegisterEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [kind, setKind] = useState<RegisterKind>('person');
  const [value, setValue] = useState('');
  const [aliases, setAliases] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const write = useWrite();

  const load = useCallback(async () => {
    const r = await call('register.list', {});
    if (r.ok) setEntries(r.value);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setDone(null);
    const r = await write('register.add', { kind, value: value.trim(), aliases: splitAliases(aliases), note: note.trim() });
    setBusy(false);
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setError(null);
    setValue('');
    setAliases('');
    setNote('');
    setDone(t('deid.register.added', { value: r.value.value }));
    await load();
    onChanged();
  };

  const importCsv = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const path = pathForFile(file);
    if (!path) return setError({ code: 'INVALID_INPUT', message: t('deid.register.noPath', { name: file.name }) });
    setBusy(true);
    setDone(null);
    const r = await write('register.import', { path });
    setBusy(false);
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(t('deid.register.imported', { count: r.value.imported, entries: r.value.entries }));
    await load();
    onChanged();
  };

  const remove = async (entry: RegisterEntry) => {
    const r = await write('register.remove', { id: entry.id });
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setDone(t('deid.register.removed', { value: entry.value }));
    await load();
    onChanged();
  };

  return (
    <div className="deid-register">
      <p className="muted">{t('deid.register.intro')}</p>
      <div className="deid-register-forms">
        <form className="card form" onSubmit={(e) => void add(e)} aria-labelledby={`${id}-add`}>
          <h2 id={`${id}-add`} className="card-title">
            {t('deid.register.addTitle')}
          </h2>
          <div className="field">
            <label htmlFor={`${id}-kind`} className="field-label">
              {t('deid.register.kind')}
            </label>
            <select id={`${id}-kind`} className="select" value={kind} onChange={(e) => setKind(e.target.value as RegisterKind)}>
              {REGISTER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`deid.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField label={t('deid.register.value')} value={value} onChange={setValue} required maxLength={500} />
          <TextField label={t('deid.register.aliases')} value={aliases} onChange={setAliases} hint={t('deid.register.aliasesHint')} note={t('deid.optional')} />
          <TextField label={t('deid.register.note')} value={note} onChange={setNote} note={t('deid.optional')} maxLength={2000} />
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy || !value.trim()}>
              {t('deid.register.add')}
            </button>
          </div>
        </form>
        <section className="card" aria-labelledby={`${id}-import`}>
          <h2 id={`${id}-import`} className="card-title">
            {t('deid.register.importTitle')}
          </h2>
          <p className="field-hint">{t('deid.register.importHint')}</p>
          <pre className="deid-csv-example" aria-label={t('deid.register.exampleLabel')}>
            {'kind,value,aliases,note\nperson,Sari Wulandari,Sari|Wulan,participant\nplace,Desa Sukamaju,,home village\nnumber,0812 3456 7890,,phone'}
          </pre>
          <input id={`${id}-csv`} className="visually-hidden file-input" type="file" accept=".csv,text/csv" onChange={(e) => void importCsv(e)} disabled={busy} />
          <label htmlFor={`${id}-csv`} className="button">
            {t('deid.register.chooseCsv')}
          </label>
        </section>
      </div>
      <div aria-live="polite">
        {done ? (
          <p className="notice notice-info inline" role="status">
            {done}
          </p>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`} className="card-title">
          {t('deid.register.listTitle', { count: entries?.length ?? 0 })}
        </h2>
        {entries && entries.length === 0 ? <p className="empty-state">{t('deid.register.empty')}</p> : null}
        {entries && entries.length > 0 ? (
          <div className="table-scroll">
            <table className="table deid-register-table">
              <thead>
                <tr>
                  <th scope="col">{t('deid.register.kind')}</th>
                  <th scope="col">{t('deid.register.value')}</th>
                  <th scope="col">{t('deid.register.aliases')}</th>
                  <th scope="col">{t('deid.register.note')}</th>
                  <th scope="col">{t('deid.register.addedOn')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('deid.register.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td>{t(`deid.kind.${e.kind}`)}</td>
                    <th scope="row">{e.value}</th>
                    <td>{e.aliases.join(', ')}</td>
                    <td>{e.note}</td>
                    <td className="nowrap">{fmt.shortDate(e.createdAt)}</td>
                    <td>
                      <button type="button" className="button link small" onClick={() => void remove(e)} aria-label={t('deid.register.removeLabel', { value: e.value })}>
                        {t('deid.register.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
