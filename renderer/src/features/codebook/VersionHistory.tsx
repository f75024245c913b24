/**
 * The codebook's versions (newest first) and a readable diff between any two: codes added,
 * removed, renamed, moved, merged, split, and field changes shown word by word.
 */
import { diffWords } from 'diff';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';
import type { CodebookVersion, DiffEntry } from '../workspace/types.js';
import { parseSummary } from './version-summary.js';

export function VersionHistory() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const id = useId();
  const [versions, setVersions] = useState<CodebookVersion[] | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<DiffEntry[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    void call('codebook.versions', {}).then((r) => {
      if (!r.ok) return setError(r.error);
      const newest = [...r.value].reverse();
      setVersions(newest);
      setTo(newest[0]?.id ?? '');
      setFrom(newest[1]?.id ?? newest[0]?.id ?? '');
    });
  }, [store.codes]);

  const compare = async () => {
    if (!from || !to) return;
    const r = await call('codebook.diff', { fromVersionId: from, toVersionId: to });
    if (r.ok) {
      setEntries(r.value.entries);
      setError(null);
    } else setError(r.error);
  };

  const author = (aid: string | null) => (aid === null ? t('home.coderUnknown') : aid === store.identityId ? t('home.you') : (store.team.find((m) => m.identityId === aid)?.displayName ?? t('home.coderUnknown')));
  const summary = (v: CodebookVersion): string => {
    const p = parseSummary(v.summary);
    if (!p) return v.summary;
    // Keys chosen at run time (the parsed shape): typed i18next cannot check them, the unit test does.
    const tr = t as unknown as (key: string, values?: Record<string, string | number>) => string;
    const fields = p.fields?.map((f) => tr(`codebook.fields.${f}`)).join(', ');
    return tr(`codebook.history.summary.${p.key}`, { ...p.values, ...(fields ? { fields } : {}) });
  };
  const label = (v: CodebookVersion, i: number) => `${versions!.length - i}. ${summary(v)} — ${fmt.dateTime(v.createdAt)}`;

  if (error && !versions) return <ErrorNotice error={error} />;
  if (!versions) return <p className="muted">{t('app.loading')}</p>;
  if (versions.length === 0) return <p className="muted">{t('codebook.history.none')}</p>;

  return (
    <div className="stack-tight">
      <ol className="version-list" aria-label={t('codebook.history.listLabel')} reversed>
        {versions.slice(0, 12).map((v) => (
          <li key={v.id}>
            <span className="version-summary">{summary(v)}</span>
            <span className="muted small-text">
              {' '}
              · {author(v.authorId)} · <time dateTime={v.createdAt}>{fmt.dateTime(v.createdAt)}</time> · {t('codebook.history.codes', { count: v.codeCount })}
            </span>
          </li>
        ))}
      </ol>
      {versions.length > 12 ? <p className="muted small-text">{t('codebook.history.more', { count: versions.length - 12 })}</p> : null}
      <div className="table-tools">
        <VersionSelect id={`${id}-from`} label={t('codebook.history.from')} value={from} onChange={setFrom} options={versions.map((v, i) => ({ id: v.id, text: label(v, i) }))} />
        <VersionSelect id={`${id}-to`} label={t('codebook.history.to')} value={to} onChange={setTo} options={versions.map((v, i) => ({ id: v.id, text: label(v, i) }))} />
        <button type="button" className="button" onClick={() => void compare()}>
          {t('codebook.history.compare')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {entries ? (
        entries.length === 0 ? (
          <p className="muted" role="status">
            {t('codebook.history.same')}
          </p>
        ) : (
          <ul className="diff-list" aria-label={t('codebook.history.diffLabel')}>
            {entries.map((e, i) => (
              <li key={i} className={`diff-entry diff-${e.kind}`}>
                <DiffLine entry={e} />
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

function DiffLine({ entry: e }: { entry: DiffEntry }) {
  const { t } = useTranslation();
  const where = (p: { name: string } | null) => (p ? t('codebook.diff.under', { name: p.name }) : t('codebook.diff.top'));
  switch (e.kind) {
    case 'added':
      return <span>{t('codebook.diff.added', { name: e.name, where: where(e.parent) })}</span>;
    case 'removed':
      return <span>{t('codebook.diff.removed', { name: e.name, where: where(e.parent) })}</span>;
    case 'renamed':
      return <span>{t('codebook.diff.renamed', { before: e.before, after: e.after })}</span>;
    case 'moved':
      return <span>{t('codebook.diff.moved', { name: e.name, before: where(e.before), after: where(e.after) })}</span>;
    case 'reordered':
      return <span>{t('codebook.diff.reordered', { name: e.name, before: e.before + 1, after: e.after + 1 })}</span>;
    case 'merged':
      return <span>{t('codebook.diff.merged', { source: e.sourceName, target: e.targetName, count: e.codings })}</span>;
    case 'split':
      return <span>{t('codebook.diff.split', { from: e.fromName, name: e.newName, count: e.codings })}</span>;
    case 'changed':
      return (
        <div>
          <p>{t('codebook.diff.changed', { name: e.name, field: t(`codebook.fields.${e.field}`) })}</p>
          <p className="diff-words">
            {diffWords(e.before, e.after).map((part, i) =>
              part.added ? (
                <ins key={i}>{part.value}</ins>
              ) : part.removed ? (
                <del key={i}>{part.value}</del>
              ) : (
                <span key={i}>{part.value}</span>
              ),
            )}
          </p>
        </div>
      );
  }
}

function VersionSelect({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { id: string; text: string }[] }) {
  return (
    <div className="field inline">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="select wide" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}
