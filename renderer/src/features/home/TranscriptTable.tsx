/**
 * The project's transcripts: sortable by any column, filtered by text, interview type and status,
 * with coding progress, who coded, attributes edited in place, and the coder's private status
 * (skipped, deferred) beside the team's "needs another coder" flag.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';
import type { AttributeDef, AttributeValue, TranscriptSummary } from '../workspace/types.js';
import { AttributeCell, attributeName } from './AttributeCell.js';
import { attributeValueLabel } from './labels.js';
import { compareValues, progressByTranscript, type Progress, type SortKey } from './progress.js';

const DEFAULT_COLUMNS = ['interview_type', 'country'];

type Status = 'all' | 'todo' | 'started' | 'done' | 'skipped' | 'deferred' | 'flagged';

export function TranscriptTable({ onOpen }: { onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const transcripts = store.transcripts ?? [];
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'created', dir: 1 });
  const [query, setQuery] = useState('');
  const [typeFilter, setTypeFilter] = useState('');
  const [status, setStatus] = useState<Status>('all');
  const [extraColumns, setExtraColumns] = useState<string[]>([]);
  const [showColumns, setShowColumns] = useState(false);

  const progress = useMemo(() => progressByTranscript(store.codings, new Map(transcripts.map((tr) => [tr.id, tr.chars]))), [store.codings, transcripts]);
  const coderName = (id: string | null) => (id === null ? t('home.coderUnknown') : (store.team.find((m) => m.identityId === id)?.displayName ?? (id === store.identityId ? t('home.you') : t('home.coderUnknown'))));
  const careOf = (id: string) => store.care?.transcripts[id];
  const deferred = (id: string) => {
    const until = careOf(id)?.deferredUntil;
    return until ? Date.parse(until) > Date.now() : false;
  };

  const columns: AttributeDef[] = useMemo(() => {
    const wanted = new Set([...DEFAULT_COLUMNS, ...extraColumns, ...store.attributeDefs.filter((d) => !d.builtin).map((d) => d.key)]);
    return store.attributeDefs.filter((d) => wanted.has(d.key));
  }, [store.attributeDefs, extraColumns]);
  const typeDef = store.attributeDefs.find((d) => d.key === 'interview_type');

  const collator = useMemo(() => new Intl.Collator(i18n.resolvedLanguage ?? 'en', { numeric: true, sensitivity: 'base' }), [i18n.resolvedLanguage]);

  const rows = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    const statusOf = (tr: TranscriptSummary, p: Progress | undefined): Status[] => {
      const out: Status[] = [];
      const cov = p?.coverage ?? 0;
      out.push(p && p.codings > 0 ? (cov >= 0.999 ? 'done' : 'started') : 'todo');
      if (careOf(tr.id)?.skipped) out.push('skipped');
      if (deferred(tr.id)) out.push('deferred');
      if (store.flags.has(tr.id)) out.push('flagged');
      return out;
    };
    const filtered = transcripts.filter((tr) => {
      if (q && !`${tr.title} ${tr.participantLabel}`.toLocaleLowerCase().includes(q)) return false;
      if (typeFilter && tr.attributes.interview_type !== typeFilter) return false;
      if (status !== 'all' && !statusOf(tr, progress.get(tr.id)).includes(status)) return false;
      return true;
    });
    const value = (tr: TranscriptSummary): unknown => {
      const p = progress.get(tr.id);
      switch (sort.key) {
        case 'title':
          return tr.title;
        case 'participant':
          return tr.participantLabel;
        case 'words':
          return tr.words ?? -1; // not counted yet: first when ascending
        case 'codings':
          return p?.codings ?? 0;
        case 'progress':
          return p?.coverage ?? 0;
        case 'created':
          return tr.createdAt;
        default:
          return tr.attributes[sort.key.slice(5)] ?? null;
      }
    };
    return filtered.sort((a, b) => sort.dir * compareValues(value(a), value(b), collator) || collator.compare(a.title, b.title));
    // careOf and deferred read store.care, which is listed.
  }, [transcripts, query, typeFilter, status, sort, progress, collator, store.flags, store.care]);

  const saveAttribute = async (tr: TranscriptSummary, def: AttributeDef, value: AttributeValue) => {
    const r = await store.write(() => call('attributes.set', { transcriptId: tr.id, key: def.key, value }));
    if (!r?.ok) return false;
    store.patch({ transcripts: transcripts.map((x) => (x.id === tr.id ? { ...x, attributes: { ...x.attributes, [def.key]: value } } : x)) });
    return true;
  };

  if (transcripts.length === 0) return <p className="empty-state">{t('transcripts.empty')}</p>;

  const header = (key: SortKey, label: string, className?: string) => {
    const active = sort.key === key;
    return (
      <th scope="col" className={className} aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort((s) => ({ key, dir: s.key === key ? ((-s.dir) as 1 | -1) : 1 }))}>
          {label}
          <span className="sort-mark" aria-hidden="true">
            {active ? (sort.dir === 1 ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };

  const optionalDefs = store.attributeDefs.filter((d) => d.builtin && !DEFAULT_COLUMNS.includes(d.key));

  return (
    <div className="stack-tight">
      <div className="table-tools" role="group" aria-label={t('home.filters')}>
        <div className="field inline">
          <label htmlFor="home-filter" className="field-label">
            {t('home.filter')}
          </label>
          <input id="home-filter" className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} autoComplete="off" />
        </div>
        {typeDef ? (
          <div className="field inline">
            <label htmlFor="home-type" className="field-label">
              {attributeName(typeDef, t)}
            </label>
            <select id="home-type" className="select" value={typeFilter} onChange={(e) => setTypeFilter(e.target.value)}>
              <option value="">{t('home.any')}</option>
              {(typeDef.choices ?? []).map((c) => (
                <option key={c} value={c}>
                  {attributeValueLabel(typeDef, c, t)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field inline">
          <label htmlFor="home-status" className="field-label">
            {t('home.statusFilter')}
          </label>
          <select id="home-status" className="select" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
            {(['all', 'todo', 'started', 'done', 'skipped', 'deferred', 'flagged'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`home.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="columns-menu">
          <button type="button" className="button subtle" aria-expanded={showColumns} aria-controls="home-columns" onClick={() => setShowColumns((v) => !v)}>
            {t('home.columns')}
          </button>
          {showColumns ? (
            <fieldset id="home-columns" className="columns-list">
              <legend className="visually-hidden">{t('home.columns')}</legend>
              {optionalDefs.map((d) => (
                <label key={d.key} className="check-inline">
                  <input type="checkbox" checked={extraColumns.includes(d.key)} onChange={(e) => setExtraColumns((cols) => (e.target.checked ? [...cols, d.key] : cols.filter((k) => k !== d.key)))} />
                  {attributeName(d, t)}
                </label>
              ))}
            </fieldset>
          ) : null}
        </div>
      </div>
      <p className="visually-hidden" role="status">
        {t('home.shown', { count: rows.length, total: transcripts.length })}
      </p>
      <div className="table-scroll">
        <table className="table transcripts-table">
          <caption className="visually-hidden">{t('transcripts.table.caption', { count: transcripts.length })}</caption>
          <thead>
            <tr>
              {header('title', t('transcripts.table.title'))}
              {header('participant', t('transcripts.table.participant'))}
              {header('words', t('transcripts.table.words'), 'num')}
              {header('progress', t('home.progress'))}
              <th scope="col">{t('home.coders')}</th>
              {columns.map((d) => header(`attr:${d.key}`, attributeName(d, t)))}
              <th scope="col">{t('home.statusColumn')}</th>
              {header('created', t('transcripts.table.created'))}
            </tr>
          </thead>
          <tbody>
            {rows.map((tr) => {
              const p = progress.get(tr.id);
              const pct = Math.round((p?.coverage ?? 0) * 100);
              return (
                <tr key={tr.id} data-transcript-id={tr.id}>
                  <th scope="row" className="title-cell">
                    <button type="button" className="title-link" onClick={() => onOpen(tr.id)}>
                      {tr.title}
                    </button>
                  </th>
                  <td>{tr.participantLabel}</td>
                  <td className="num">{tr.words === null ? <span className="muted">{t('transcripts.table.wordsCounting')}</span> : fmt.number(tr.words)}</td>
                  <td className="coding-cell">
                    <span className="progress-cell">
                      <span className="progress-track" aria-hidden="true">
                        <span className="progress-fill" style={{ width: `${pct}%` }} />
                      </span>
                      <span className="progress-text">{t('home.percentCoded', { percent: pct, count: p?.codings ?? 0 })}</span>
                    </span>
                  </td>
                  <td>{(p?.coderIds ?? []).map(coderName).join(', ')}</td>
                  {columns.map((d) => (
                    <td key={d.key}>
                      <AttributeCell def={d} value={tr.attributes[d.key]} rowTitle={tr.title} onSave={(v) => saveAttribute(tr, d, v)} />
                    </td>
                  ))}
                  <td>
                    <span className="status-tags">
                      {careOf(tr.id)?.skipped ? <span className="status">{t('home.status.skipped')}</span> : null}
                      {deferred(tr.id) ? <span className="status">{t('home.status.deferred')}</span> : null}
                      {store.flags.has(tr.id) ? <span className="status status-duplicate">{t('home.status.flagged')}</span> : null}
                    </span>
                  </td>
                  <td className="nowrap">
                    <time dateTime={tr.createdAt} title={fmt.dateTime(tr.createdAt)}>
                      {fmt.shortDate(tr.createdAt)}
                    </time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
