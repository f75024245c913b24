/**
 * Merge review: the backend plans the merge of the opened bundles without changing anything; the
 * lead reads what each bundle brings, chooses for each codebook conflict (listed by kind, side by
 * side) and each suggested match, then applies. The result lists what was merged, the readable
 * codebook diff, and everything that could not be placed (nothing is dropped silently).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useProject } from '../workspace/store.js';
import { ConflictCard } from './ConflictCard.js';
import { Provenance } from './Provenance.js';
import type { BundleMergeReport, MergeConflict, MergeResult, MergeSuggestion, Resolutions } from './types.js';

const KIND_ORDER: MergeConflict['kind'][] = ['renamed', 'definition-changed', 'moved', 'deleted-vs-used', 'split', 'merged'];

export function MergeReview({ paths }: { paths: string[] }) {
  const { t } = useTranslation();
  const store = useProject();
  const id = useId();
  const [plan, setPlan] = useState<MergeResult | null>(null);
  const [applied, setApplied] = useState<MergeResult | null>(null);
  const [resolutions, setResolutions] = useState<Resolutions>({});
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);

  // A different set of bundles needs a new plan.
  const key = paths.join('\n');
  useEffect(() => {
    setPlan(null);
    setApplied(null);
    setResolutions({});
    setError(null);
  }, [key]);

  useEffect(() => {
    if (applied) resultRef.current?.focus();
  }, [applied]);

  const review = async () => {
    setBusy(true);
    const r = await call('merge.plan', { paths });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setApplied(null);
    setPlan(r.value);
    // Start from the backend's suggestions; conflicts start undecided.
    const start: Resolutions = {};
    for (const b of r.value.bundles) for (const s of b.suggestions) start[s.id] = s.resolution;
    setResolutions(start);
  };

  const apply = async () => {
    setBusy(true);
    const r = await call('merge.apply', { paths, resolutions });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setApplied(r.value);
    await store.reload();
  };

  const choose = (cid: string, v: string | null) =>
    setResolutions((rs) => {
      const next = { ...rs };
      if (v === null) delete next[cid];
      else next[cid] = v;
      return next;
    });

  const conflicts = plan ? plan.bundles.flatMap((b) => b.conflicts) : [];
  const undecided = conflicts.filter((c) => resolutions[c.id] === undefined).length;

  return (
    <section className="card team-merge" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('team.merge.title')}
      </h2>
      <p className="muted">{t('team.merge.intro')}</p>
      <div className="actions">
        <button type="button" className="button primary" onClick={() => void review()} disabled={busy || paths.length === 0}>
          {plan ? t('team.merge.reviewAgain') : t('team.merge.review', { count: paths.length })}
        </button>
      </div>
      {paths.length === 0 ? <p className="muted">{t('team.merge.needBundles')}</p> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {plan && !applied ? (
        <>
          {plan.bundles.map((b) => (
            <BundlePlan key={b.bundleId} b={b} resolutions={resolutions} choose={choose} />
          ))}
          <div className="team-apply">
            <p role="status">{conflicts.length ? t('team.merge.undecided', { count: undecided, total: conflicts.length }) : t('team.merge.noConflicts')}</p>
            <button type="button" className="button primary" onClick={() => void apply()} disabled={busy}>
              {t('team.merge.apply')}
            </button>
          </div>
        </>
      ) : null}
      {applied ? (
        <div className="team-result">
          <h3 ref={resultRef} tabIndex={-1} className="team-subtitle">
            {t('team.merge.done')}
          </h3>
          <p role="status">
            {t('team.merge.doneSummary', { bundles: applied.bundles.length, unresolved: applied.unresolvedConflicts, notPlaced: applied.notPlaced })}
          </p>
          {applied.withdrawn.length ? <p>{t('team.merge.withdrawn', { count: applied.withdrawn.length })}</p> : null}
          {applied.bundles.map((b) => (
            <BundleResult key={b.bundleId} b={b} />
          ))}
          <Provenance />
        </div>
      ) : null}
    </section>
  );
}

/** What a bundle brings (planned) or brought (applied). */
function Tallies({ b, done = false }: { b: BundleMergeReport; done?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="team-counts">
      <li>{t('team.merge.codesLine', { guid: b.codes.matchedByGuid, name: b.codes.matchedByName, added: b.codes.added, changed: b.codes.changed })}</li>
      <li>{t(done ? 'team.merge.codingsDone' : 'team.merge.codingsLine', { added: b.codings.added, present: b.codings.alreadyPresent, notPlaced: b.codings.notPlaced })}</li>
      <li>{t('team.merge.transcriptsLine', { received: b.transcripts.received, same: b.transcripts.sameText, imported: b.transcripts.imported, notPlaced: b.transcripts.notPlaced })}</li>
      {b.memos.received ? <li>{t(done ? 'team.merge.memosDone' : 'team.merge.memosLine', { added: b.memos.added, present: b.memos.alreadyPresent })}</li> : null}
      {b.deid.decisions || b.deid.pseudonyms ? <DeidLines d={b.deid} done={done} /> : null}
    </ul>
  );
}

/** What de-identification brings: counts, their pseudonyms renamed here, and where ours and theirs differ. */
function DeidLines({ d, done }: { d: BundleMergeReport['deid']; done: boolean }) {
  const { t } = useTranslation();
  return (
    <li>
      {t(done ? 'team.merge.deid.done' : 'team.merge.deid.line', { decisions: d.decisions, pseudonyms: d.pseudonyms, addDecisions: d.added.decisions, addPseudonyms: d.added.pseudonyms, register: d.added.register })}
      {d.withdrawnDropped ? <> {t('team.merge.deid.withdrawn', { count: d.withdrawnDropped })}</> : null}
      {d.renamed.length || d.conflicts.length ? (
        <ul className="team-deid-list">
          {d.renamed.map((r) => (
            <li key={`r-${r.from}-${r.to}`}>{t('team.merge.deid.renamed', { from: r.from, to: r.to })}</li>
          ))}
          {d.conflicts.map((c, i) => (
            <li key={`c-${i}`}>{t(`team.merge.deid.conflict.${c.kind}`, { original: c.original, type: c.entityType, ours: c.ours, theirs: c.theirs })}</li>
          ))}
        </ul>
      ) : null}
      {d.added.register ? <p className="muted small-text">{t('team.merge.deid.scanAgain')}</p> : null}
    </li>
  );
}

function BundleHead({ b }: { b: BundleMergeReport }) {
  const { t } = useTranslation();
  return (
    <h3 className="team-subtitle">
      {t('team.merge.from', { name: b.sender.displayName })}
      {b.country ? <span className="tag">{b.country}</span> : null} <span className="muted small-text">{t(`team.merge.ancestor.${b.ancestor.kind}`)}</span>
      {b.alreadyMerged ? <span className="muted small-text"> · {t('team.merge.alreadyMerged')}</span> : null}
    </h3>
  );
}

function BundlePlan({ b, resolutions, choose }: { b: BundleMergeReport; resolutions: Resolutions; choose: (id: string, v: string | null) => void }) {
  const { t } = useTranslation();
  const kinds = KIND_ORDER.filter((k) => b.conflicts.some((c) => c.kind === k));
  return (
    <section className="team-bundle-plan">
      <BundleHead b={b} />
      <Tallies b={b} />
      {b.conflicts.length ? (
        <div className="team-conflicts">
          <h4 className="field-label">{t('team.merge.conflicts', { count: b.conflicts.length })}</h4>
          {kinds.map((k) => (
            <section key={k} className="team-kind" aria-label={t(`team.conflict.kind.${k}`)}>
              {b.conflicts
                .filter((c) => c.kind === k)
                .map((c) => (
                  <ConflictCard key={c.id} c={c} choice={(resolutions[c.id] as 'ours' | 'theirs' | undefined) ?? null} onChoose={(v) => choose(c.id, v)} />
                ))}
            </section>
          ))}
        </div>
      ) : null}
      {b.suggestions.length ? (
        <div className="team-suggestions">
          <h4 className="field-label">{t('team.merge.suggestions', { count: b.suggestions.length })}</h4>
          <ul>
            {b.suggestions.map((s) => (
              <SuggestionRow key={s.id} s={s} value={resolutions[s.id] ?? s.resolution} onChange={(v) => choose(s.id, v)} />
            ))}
          </ul>
        </div>
      ) : null}
      {b.notPlaced.length ? <NotPlacedList b={b} /> : null}
      {b.pending.length ? (
        <ul className="muted small-text">
          {b.pending.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function SuggestionRow({ s, value, onChange }: { s: MergeSuggestion; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <li className="team-suggestion">
      <label htmlFor={id}>{t('team.merge.suggestionLabel', { name: s.theirs.name })}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="new">{t('team.merge.keepNew')}</option>
        {s.candidates.map((c) => (
          <option key={c.ours.id} value={c.ours.id}>
            {t('team.merge.sameAs', { name: c.ours.name, score: Math.round(c.score * 100), basis: t(`team.merge.basis.${c.basis}`) })}
          </option>
        ))}
      </select>
    </li>
  );
}

function NotPlacedList({ b }: { b: BundleMergeReport }) {
  const { t } = useTranslation();
  return (
    <div className="team-not-placed">
      <h4 className="field-label">{t('team.merge.notPlaced', { count: b.notPlaced.length })}</h4>
      <div className="table-scroll">
        <table className="table">
          <caption className="visually-hidden">{t('team.merge.notPlacedCaption', { name: b.sender.displayName })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.merge.what')}</th>
              <th scope="col">{t('team.merge.where')}</th>
              <th scope="col">{t('team.merge.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {b.notPlaced.map((n) => (
              <tr key={`${n.kind}-${n.id}`}>
                <td>{t(`team.merge.kind.${n.kind}`)}</td>
                <td className="num">{n.start !== null && n.end !== null ? `${n.start}–${n.end}` : '—'}</td>
                <td>{n.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function BundleResult({ b }: { b: BundleMergeReport }) {
  const { t } = useTranslation();
  // Resolved conflicts are listed too, with the choice applied.
  const left = b.conflicts.filter((c) => c.resolution === null);
  return (
    <section className="team-bundle-plan">
      <BundleHead b={b} />
      <Tallies b={b} done />
      {left.length ? <p className="notice notice-warning">{t('team.merge.leftConflicts', { count: left.length })}</p> : null}
      {b.diff.length ? (
        <details className="team-details" open>
          <summary>{t('team.merge.diff', { count: b.diff.length })}</summary>
          <ul className="team-diff">
            {b.diff.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {b.notPlaced.length ? <NotPlacedList b={b} /> : <p className="muted">{t('team.merge.allPlaced')}</p>}
    </section>
  );
}
