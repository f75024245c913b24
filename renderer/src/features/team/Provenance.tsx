/**
 * Where the merged codebook's codes came from: for each code, who proposed it or its wording, from
 * which country and bundle, as the merge recorded it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';

export function Provenance() {
  const { t } = useTranslation();
  const f = useFormat();
  const store = useProject();
  const [rows, setRows] = useState<ChannelOutput<'merge.provenance'> | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    void call('merge.provenance', {}).then((r) => {
      if (!live) return;
      if (r.ok) setRows(r.value.filter((x) => x.entries.length > 0));
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [store.generation]);

  if (error) return <ErrorNotice error={error} />;
  if (!rows?.length) return null;
  const name = (id: string) => store.codes.find((c) => c.id === id)?.name ?? t('team.provenance.deletedCode');
  return (
    <details className="team-details">
      <summary>{t('team.provenance.title', { count: rows.length })}</summary>
      <ul className="team-provenance">
        {rows.map((r) => (
          <li key={r.codeId}>
            <strong>{name(r.codeId)}</strong>
            <ul>
              {r.entries.map((e, i) => (
                <li key={i}>
                  {t(`team.provenance.what.${e.what}`, { value: e.value ?? '', by: e.byName })}
                  {e.country ? <span className="tag">{e.country}</span> : null} <span className="muted small-text">{f.dateTime(e.at)}</span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </details>
  );
}
