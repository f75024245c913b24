/**
 * The reviewer's decision: residual risk, the label exports may carry, the verdict with its
 * conditions or reason, where the signed decision is saved; then signed with their key and
 * sealed back to the researcher.
 */
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PathField } from '../../components/PathField.js';
import { Heading, type Level } from './Heading.js';
import { LABELS, missing, RISKS, VERDICTS, type DecisionDraft } from './model.js';

export function DecisionForm({ draft, onChange, level, comments, revealed, busy, onSign }: { draft: DecisionDraft; onChange: (patch: Partial<DecisionDraft>) => void; level: Level; comments: number; revealed: number; busy: boolean; onSign: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const gap = missing(draft);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!gap && !busy) onSign();
  };
  return (
    <form className="card form review-decision" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <Heading level={level} id={`${id}-title`} className="card-title">
        {t('deid.reviewer.decisionTitle')}
      </Heading>
      <fieldset className="fieldset" aria-describedby={`${id}-risk-hint`}>
        <legend className="field-label">{t('deid.reviewer.riskTitle')}</legend>
        <p id={`${id}-risk-hint`} className="field-hint">
          {t('deid.reviewer.riskHint')}
        </p>
        {RISKS.map((r) => (
          <label key={r} className="check-row">
            <input type="radio" name={`${id}-risk`} value={r} checked={draft.risk === r} onChange={() => onChange({ risk: r })} /> {t(`deid.reviewer.risk.${r}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="fieldset" aria-describedby={`${id}-label-hint`}>
        <legend className="field-label">{t('deid.reviewer.labelChoice')}</legend>
        {LABELS.map((l) => (
          <label key={l} className="check-row">
            <input type="radio" name={`${id}-label`} value={l} checked={draft.label === l} onChange={() => onChange({ label: l })} /> {t(`deid.reviewer.labelOption.${l}`)}
          </label>
        ))}
        <p id={`${id}-label-hint`} className="field-hint">
          {t('deid.reviewer.labelHint')}
        </p>
      </fieldset>
      <fieldset className="fieldset">
        <legend className="field-label">{t('deid.reviewer.verdict')}</legend>
        {VERDICTS.map((v) => (
          <label key={v} className="check-row">
            <input type="radio" name={`${id}-verdict`} value={v} checked={draft.verdict === v} onChange={() => onChange({ verdict: v })} /> {t(`deid.decision.${v}`)}
          </label>
        ))}
      </fieldset>
      {draft.verdict !== 'approved' ? (
        <div className="field">
          <label htmlFor={`${id}-text`} className="field-label">
            {draft.verdict === 'returned' ? t('deid.reviewer.reason') : t('deid.reviewer.conditions')}
          </label>
          <textarea id={`${id}-text`} className="input textarea" rows={3} autoComplete="off" maxLength={8000} required value={draft.text} onChange={(e) => onChange({ text: e.target.value })} />
        </div>
      ) : null}
      <PathField label={t('deid.reviewer.outPath')} value={draft.out} onChange={(out) => onChange({ out })} hint={t('deid.reviewer.outHint')} required save={{ filterName: t('files.type.decision'), extensions: ['tandai-review', 'decision'] }} />
      <p className="small-text" data-testid="review-sign-summary">
        {t('deid.reviewer.signSummary', { comments, revealed })}
      </p>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || gap !== null}>
          {t('deid.reviewer.sign')}
        </button>
      </div>
    </form>
  );
}
