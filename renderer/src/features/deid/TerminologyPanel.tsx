/**
 * Wording in researcher-written text (code names, definitions, examples, memos) checked against the
 * Luxembourg Terminology Guidelines: each finding with the preferred term and why. Participants'
 * own words are never checked (the channel reads only codes and memos).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useNavigate } from '../workspace/navigate.js';
import { useProject } from '../workspace/store.js';

type Findings = ChannelOutput<'deid.terminology'>;

export function TerminologyPanel() {
  const { t } = useTranslation();
  const store = useProject();
  const navigate = useNavigate();
  const [found, setFound] = useState<Findings | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    void call('deid.terminology', {}).then((r) => {
      if (!live) return;
      if (r.ok) setFound(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [store.generation]);

  const where = (w: Findings[number]['where']) =>
    w.kind === 'code' ? t('deid.terms.inCode', { name: store.codes.find((c) => c.id === w.id)?.name ?? '?', field: w.field }) : t('deid.terms.inMemo');

  return (
    <section className="card" aria-labelledby="deid-terms-title">
      <h2 id="deid-terms-title" className="card-title">
        {t('deid.terms.title')}
      </h2>
      <p className="field-hint">{t('deid.terms.hint')}</p>
      {error ? <ErrorNotice error={error} /> : null}
      {found && found.length === 0 ? <p className="muted">{t('deid.terms.none')}</p> : null}
      {found && found.length > 0 ? (
        <ul className="plain-list deid-terms" data-testid="deid-terms">
          {found.flatMap((f) =>
            f.findings.map((x, i) => (
              <li key={`${f.where.kind}:${f.where.id}:${f.where.field}:${i}`}>
                <p>
                  <button type="button" className="button link small" onClick={() => navigate(f.where.kind === 'code' ? { name: 'codebook', codeId: f.where.id } : { name: 'memos' })}>
                    {where(f.where)}
                  </button>
                  : {t('deid.terms.finding', { term: x.term, prefer: x.prefer })}
                </p>
                <p className="muted small-text">{x.note}</p>
              </li>
            )),
          )}
        </ul>
      ) : null}
    </section>
  );
}
