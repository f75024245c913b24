/** The project's transcripts as a table; numbers and dates in the UI language. */
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.js';
import type { TranscriptSummary } from './types.js';

export function TranscriptTable({ transcripts }: { transcripts: TranscriptSummary[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (transcripts.length === 0) {
    return <p className="empty-state">{t('transcripts.empty')}</p>;
  }
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{t('transcripts.table.caption', { count: transcripts.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('transcripts.table.title')}</th>
            <th scope="col">{t('transcripts.table.participant')}</th>
            <th scope="col" className="num">
              {t('transcripts.table.words')}
            </th>
            <th scope="col" className="num">
              {t('transcripts.table.utterances')}
            </th>
            <th scope="col">{t('transcripts.table.format')}</th>
            <th scope="col">{t('transcripts.table.created')}</th>
          </tr>
        </thead>
        <tbody>
          {transcripts.map((tr) => (
            <tr key={tr.id} data-transcript-id={tr.id}>
              <th scope="row" className="title-cell">
                {tr.title}
              </th>
              <td>{tr.participantLabel}</td>
              <td className="num">{fmt.number(tr.words)}</td>
              <td className="num">{fmt.number(tr.utterances)}</td>
              <td>
                <span className="tag">{tr.format}</span>
              </td>
              <td>
                <time dateTime={tr.createdAt}>{fmt.dateTime(tr.createdAt)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
