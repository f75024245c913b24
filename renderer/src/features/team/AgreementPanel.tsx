/**
 * Intercoder agreement: pick the coders (two or more), the codes and transcripts (all, or only
 * the ones chosen), the unit (characters, or segments: utterances or sentences), whether to leave
 * out text no one coded (it agrees trivially and inflates agreement), and read percent agreement,
 * Cohen's kappa (two coders), Fleiss' kappa and Krippendorff's alpha per code and overall. A
 * statistic that is undefined shows as a dash.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { displayName, flatten } from '../codebook/tree.js';
import { useProject } from '../workspace/store.js';
import { ChoiceList, type Choice } from './ChoiceList.js';
import type { AgreementFigures, AgreementQuery, AgreementReport } from './types.js';

const STATS = ['percentAgreement', 'cohenKappa', 'fleissKappa', 'krippendorffAlpha'] as const;

export function AgreementPanel({ query, onQuery, onDisagreements }: { query: AgreementQuery | null; onQuery: (q: AgreementQuery) => void; onDisagreements: (q: AgreementQuery) => void }) {
  const { t, i18n } = useTranslation();
  const store = useProject();
  const id = useId();
  const lang = i18n.resolvedLanguage ?? 'en';
  const withCodings = useMemo(() => new Set(store.codings.map((c) => c.coderId)), [store.codings]);
  const people = store.team;
  const [coders, setCoders] = useState<string[]>(query?.coders ?? people.filter((m) => withCodings.has(m.identityId)).map((m) => m.identityId));
  const [codes, setCodes] = useState<string[] | null>(query?.codes ?? null);
  const [transcripts, setTranscripts] = useState<string[] | null>(query?.transcripts ?? null);
  const [unit, setUnit] = useState<'char' | 'segment'>(query?.unit ?? 'char');
  const [segments, setSegments] = useState<'utterance' | 'sentence'>(query?.segments ?? 'utterance');
  const [excludeUncoded, setExcludeUncoded] = useState(query?.excludeUncoded ?? false);
  const [definition, setDefinition] = useState<'pairwise_mean' | 'all_coders_identical'>(query?.definition ?? 'pairwise_mean');
  const [report, setReport] = useState<AgreementReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const current = (): AgreementQuery => ({ coders, ...(codes ? { codes } : {}), ...(transcripts ? { transcripts } : {}), unit, segments, excludeUncoded, definition });
  const incomplete = coders.length < 2 || codes?.length === 0 || transcripts?.length === 0;

  const codeChoices = useMemo<Choice[]>(() => flatten(store.codes).map((f) => ({ id: f.code.id, label: displayName(f.code, lang), depth: f.depth })), [store.codes, lang]);
  // Beside each transcript: how many of the chosen coders coded it (fewer than two: nothing to compare).
  const transcriptChoices = useMemo<Choice[]>(() => {
    const chosen = new Set(coders);
    const by = new Map<string, Set<string>>();
    for (const c of store.codings) {
      if (!c.coderId || !chosen.has(c.coderId)) continue;
      let who = by.get(c.transcriptId);
      if (!who) by.set(c.transcriptId, (who = new Set()));
      who.add(c.coderId);
    }
    return (store.transcripts ?? []).map((tr) => ({ id: tr.id, label: tr.title, hint: t('team.agreement.codedByChosen', { count: by.get(tr.id)?.size ?? 0 }) }));
  }, [store.transcripts, store.codings, coders, t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (incomplete) return;
    const q = current();
    onQuery(q);
    setBusy(true);
    const r = await call('agreement.compute', q);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setReport(r.value);
  };

  const pct = useMemo(() => new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }), [lang]);
  const dec = useMemo(() => new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }), [lang]);
  const int = useMemo(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }), [lang]);
  const figure = (f: AgreementFigures, k: (typeof STATS)[number]) => {
    const v = f[k];
    if (v === null) return <abbr title={t('team.agreement.undefined')}>—</abbr>;
    return k === 'percentAgreement' ? pct.format(v) : dec.format(v);
  };
  const row = (name: string, f: AgreementFigures, head: boolean) => (
    <>
      <th scope="row" className={head ? 'team-overall' : undefined}>
        {name}
      </th>
      <td className="num">{int.format(f.units)}</td>
      {STATS.map((k) => (
        <td key={k} className="num" data-stat={k}>
          {figure(f, k)}
        </td>
      ))}
    </>
  );

  return (
    <section className="card team-agreement" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('team.agreement.title')}
      </h2>
      <form className="team-agreement-form" onSubmit={(e) => void submit(e)} aria-label={t('team.agreement.formLabel')}>
        <fieldset className="fieldset">
          <legend className="field-label">{t('team.agreement.coders')}</legend>
          {people.map((m) => (
            <label key={m.identityId} className="check-inline">
              <input type="checkbox" checked={coders.includes(m.identityId)} onChange={(e) => setCoders((cs) => (e.target.checked ? [...cs, m.identityId] : cs.filter((c) => c !== m.identityId)))} />
              {m.identityId === store.identityId ? t('team.you', { name: m.displayName }) : m.displayName}
              {!withCodings.has(m.identityId) ? <span className="muted small-text"> ({t('team.agreement.noCodings')})</span> : null}
            </label>
          ))}
        </fieldset>
        <ChoiceList
          legend={t('team.agreement.codes')}
          allLabel={t('team.agreement.allCodes', { count: codeChoices.length })}
          someLabel={t('team.agreement.someCodes')}
          filterLabel={t('team.agreement.findCode')}
          needOne={t('team.agreement.needCode')}
          items={codeChoices}
          value={codes}
          onChange={setCodes}
        />
        <ChoiceList
          legend={t('team.agreement.transcripts')}
          allLabel={t('team.agreement.allTranscripts')}
          someLabel={t('team.agreement.someTranscripts')}
          filterLabel={t('team.agreement.findTranscript')}
          needOne={t('team.agreement.needTranscript')}
          items={transcriptChoices}
          value={transcripts}
          onChange={setTranscripts}
        />
        <fieldset className="fieldset">
          <legend className="field-label">{t('team.agreement.unit')}</legend>
          <label className="check-inline">
            <input type="radio" name={`${id}-unit`} checked={unit === 'char'} onChange={() => setUnit('char')} />
            {t('team.agreement.unitChar')}
          </label>
          <label className="check-inline">
            <input type="radio" name={`${id}-unit`} checked={unit === 'segment'} onChange={() => setUnit('segment')} />
            {t('team.agreement.unitSegment')}
          </label>
          {unit === 'segment' ? (
            <div className="field inline">
              <label htmlFor={`${id}-seg`} className="field-label">
                {t('team.agreement.segments')}
              </label>
              <select id={`${id}-seg`} className="select" value={segments} onChange={(e) => setSegments(e.target.value as 'utterance' | 'sentence')}>
                <option value="utterance">{t('team.agreement.utterance')}</option>
                <option value="sentence">{t('team.agreement.sentence')}</option>
              </select>
            </div>
          ) : null}
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field-label">{t('team.agreement.options')}</legend>
          <label className="check-inline">
            <input type="checkbox" checked={excludeUncoded} onChange={(e) => setExcludeUncoded(e.target.checked)} />
            {t('team.agreement.excludeUncoded')}
          </label>
          <div className="field inline">
            <label htmlFor={`${id}-def`} className="field-label">
              {t('team.agreement.definition')}
            </label>
            <select id={`${id}-def`} className="select" value={definition} onChange={(e) => setDefinition(e.target.value as 'pairwise_mean' | 'all_coders_identical')}>
              <option value="pairwise_mean">{t('team.agreement.pairwiseMean')}</option>
              <option value="all_coders_identical">{t('team.agreement.allIdentical')}</option>
            </select>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || incomplete}>
            {t('team.agreement.compute')}
          </button>
          {coders.length < 2 ? <span className="muted">{t('team.agreement.needTwo')}</span> : codes?.length === 0 ? <span className="muted">{t('team.agreement.needCode')}</span> : transcripts?.length === 0 ? <span className="muted">{t('team.agreement.needTranscript')}</span> : null}
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {report ? (
        <div className="team-agreement-result">
          <p role="status">
            {t('team.agreement.summary', {
              coders: report.coders.map((c) => c.name).join(', '),
              count: report.transcripts,
              unit: report.unit === 'char' ? t('team.agreement.unitChar') : t(`team.agreement.${report.segments ?? 'utterance'}`),
            })}
            {report.excludeUncoded ? ` ${t('team.agreement.uncodedLeftOut')}` : ''}
          </p>
          <div className="table-scroll">
            <table className="table team-agreement-table">
              <caption>{t('team.agreement.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('team.agreement.code')}</th>
                  <th scope="col" className="num">
                    {t('team.agreement.units')}
                  </th>
                  {STATS.map((k) => (
                    <th key={k} scope="col" className="num">
                      {t(`team.agreement.stat.${k}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.perCode.map((c) => (
                  <tr key={c.codeId}>{row(c.name, c, false)}</tr>
                ))}
              </tbody>
              <tfoot>
                <tr>{row(t('team.agreement.overall'), report.overall, true)}</tr>
              </tfoot>
            </table>
          </div>
          {report.coders.length > 2 ? <p className="muted small-text">{t('team.agreement.cohenTwoOnly')}</p> : null}
          <div className="actions">
            <button type="button" className="button" onClick={() => onDisagreements(current())}>
              {t('team.agreement.showDisagreements')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
