/**
 * The disagreement view: each passage where the chosen coders differ on a code, the coders side by
 * side (each coder's own coding marked in the passage), and a way to settle it: the agreed coding
 * is recorded (present: a consensus coding; absent: none), with an optional note. A settled passage
 * shows the decision, who made it, when, and the note, as stored in the project (so after a reload
 * too); the decision can still be changed. Distressing parts stay collapsed, as everywhere outside
 * the reader.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { PassageText } from '../care/PassageText.js';
import { useProject } from '../workspace/store.js';
import type { DistressMark } from '../workspace/types.js';
import type { AgreementQuery, Disagreement } from './types.js';

const LIMIT = 200;

export function DisagreementsPanel({ query }: { query: AgreementQuery | null }) {
  const { t } = useTranslation();
  const store = useProject();
  const id = useId();
  const [includeSettled, setIncludeSettled] = useState(true);
  const [items, setItems] = useState<Disagreement[] | null>(null);
  const [total, setTotal] = useState(0);
  const [marks, setMarks] = useState<Record<string, DistressMark[]>>({});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    if (!query) return;
    setBusy(true);
    const r = await call('agreement.disagreements', { ...query, limit: LIMIT, includeSettled });
    if (!r.ok) {
      setBusy(false);
      return setError(r.error);
    }
    // Distress marks of every transcript shown, so those parts stay collapsed.
    const ids = [...new Set(r.value.items.map((d) => d.transcriptId))];
    const got = await Promise.all(ids.map(async (tid) => [tid, await call('marks.list', { transcriptId: tid })] as const));
    setMarks(Object.fromEntries(got.map(([tid, m]) => [tid, m.ok ? m.value : []])));
    setError(null);
    setItems(r.value.items);
    setTotal(r.value.total);
    setBusy(false);
  }, [query, includeSettled]);

  useEffect(() => {
    void load();
  }, [load, store.generation]);

  if (!query) {
    return (
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="card-title">
          {t('team.disagree.title')}
        </h2>
        <p className="muted">{t('team.disagree.needQuery')}</p>
      </section>
    );
  }

  return (
    <section className="card team-disagreements" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('team.disagree.title')}
      </h2>
      <div className="actions">
        <label className="check-inline">
          <input type="checkbox" checked={includeSettled} onChange={(e) => setIncludeSettled(e.target.checked)} />
          {t('team.disagree.includeSettled')}
        </label>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <p role="status" className="muted">
        {items ? (items.length < total ? t('team.disagree.countSome', { count: total, shown: items.length }) : t('team.disagree.count', { count: total })) : busy ? t('app.loading') : ''}
      </p>
      {items?.length ? (
        <ol className="team-disagreement-list">
          {items.map((d) => (
            <DisagreementItem key={`${d.transcriptId}-${d.codeId}-${d.start}-${d.end}`} d={d} marks={marks[d.transcriptId] ?? []} onSettled={load} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function DisagreementItem({ d, marks, onSettled }: { d: Disagreement; marks: DistressMark[]; onSettled: () => Promise<void> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const store = useProject();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  /** A settled passage keeps its decision in view; changing it is one button away. */
  const [changing, setChanging] = useState(false);
  const settledBy = d.settled?.by ? (store.team.find((m) => m.identityId === d.settled!.by)?.displayName ?? t('team.disagree.someone')) : t('team.disagree.someone');

  const settle = async (decision: 'present' | 'absent') => {
    setBusy(true);
    const r = await call('agreement.settle', { transcriptId: d.transcriptId, versionId: d.versionId, codeId: d.codeId, start: d.start, end: d.end, decision, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setNote('');
    setChanging(false);
    await store.reload();
    await onSettled();
  };

  return (
    <li className="team-disagreement" aria-labelledby={`${id}-title`} data-settled={d.settled ? d.settled.decision : 'no'}>
      <h3 id={`${id}-title`} className="team-subtitle">
        {t('team.disagree.itemTitle', { code: d.codeName, title: d.title, start: f.number(d.start), end: f.number(d.end) })}
      </h3>
      <div className="team-coders" role="group" aria-label={t('team.disagree.sideBySide')}>
        {d.coders.map((c) => {
          // The coder's own coding within the passage is what is marked.
          const lo = c.ranges.length ? Math.min(...c.ranges.map((r) => r[0])) : d.start;
          const hi = c.ranges.length ? Math.max(...c.ranges.map((r) => r[1])) : d.start;
          return (
            <section key={c.coderId} className="team-coder-column" data-present={c.present ? 'true' : 'false'} aria-label={t('team.disagree.coderColumn', { name: c.name })}>
              <p className="team-coder-head">
                <strong>{c.name}</strong>{' '}
                <span className={`tag ${c.present ? 'team-present' : 'team-absent'}`}>{c.present ? t('team.disagree.coded', { code: d.codeName }) : t('team.disagree.notCoded', { code: d.codeName })}</span>
              </p>
              <PassageText
                text={d.text}
                offset={d.start}
                start={Math.max(lo, d.start)}
                end={Math.min(hi, d.end)}
                marks={marks}
                transcriptId={d.transcriptId}
                passageLabels={{ before: t('team.disagree.codedStart', { name: c.name }), after: t('team.disagree.codedEnd') }}
              />
            </section>
          );
        })}
      </div>
      {d.settled ? (
        <div className="team-settled-box">
          <p className="team-settled" role="status">
            {t(`team.disagree.settled.${d.settled.decision}`, { code: d.codeName, by: settledBy, at: f.dateTime(d.settled.at) })}
          </p>
          {d.settled.note ? (
            <p className="team-settled-note">
              <strong>{t('team.disagree.settledNote')}</strong> {d.settled.note}
            </p>
          ) : (
            <p className="muted small-text team-settled-note">{t('team.disagree.noNote')}</p>
          )}
          <div>
            <button type="button" className="button small" aria-expanded={changing} aria-controls={`${id}-settle`} onClick={() => setChanging((c) => !c)}>
              {t('team.disagree.change')}
            </button>
          </div>
        </div>
      ) : null}
      <div className="team-settle" id={`${id}-settle`} hidden={Boolean(d.settled) && !changing}>
        <label htmlFor={`${id}-note`} className="field-label">
          {t('team.disagree.note')}
        </label>
        <textarea id={`${id}-note`} className="input textarea" rows={2} autoComplete="off" value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="actions">
          <button type="button" className="button" onClick={() => void settle('present')} disabled={busy}>
            {t('team.disagree.settlePresent', { code: d.codeName })}
          </button>
          <button type="button" className="button" onClick={() => void settle('absent')} disabled={busy}>
            {t('team.disagree.settleAbsent', { code: d.codeName })}
          </button>
        </div>
        {error ? <ErrorNotice error={error} /> : null}
      </div>
    </li>
  );
}
