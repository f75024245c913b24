/**
 * Ethics review. The researcher's side: the sign-off's state, what the export gate would refuse
 * for each purpose, a review package sealed to a reviewer from the team list, and taking in the
 * reviewer's signed decision, and destroying the originals (the way to "anonymised"). The reviewer's
 * side: open a package sealed to you, see what you are asked to approve, and approve, approve with
 * conditions, or return it in a signed decision file, choosing the label an export may carry.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PathField } from '../../components/PathField.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';
import { ReviewMode } from '../review/ReviewMode.js';
import { GATE_PURPOSES, type DeidStatus, type GatePurpose } from './types.js';
import { DestroyOriginals } from './DestroyOriginals.js';
import { TerminologyPanel } from './TerminologyPanel.js';
import { useWrite } from './write.js';

type Gate = ChannelOutput<'deid.check'>;

export function EthicsPanel({ status, onChanged }: { status: DeidStatus | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [gates, setGates] = useState<Partial<Record<GatePurpose, Gate>>>({});
  const [error, setError] = useState<ErrorInfo | null>(null);

  const check = useCallback(async () => {
    const out: Partial<Record<GatePurpose, Gate>> = {};
    for (const purpose of GATE_PURPOSES) {
      const r = await call('deid.check', { purpose });
      if (!r.ok) return setError(r.error);
      out[purpose] = r.value;
    }
    setGates(out);
  }, []);
  useEffect(() => {
    void check();
  }, [check, status]);

  const so = status?.signOff;
  return (
    <div className="deid-ethics">
      <section className="card" aria-labelledby="deid-signoff-title">
        <h2 id="deid-signoff-title" className="card-title">
          {t('deid.ethics.signOffTitle')}
        </h2>
        {so ? (
          <p data-testid="deid-signoff" data-state={so.state}>
            <strong>{t(`deid.signOff.${so.state}`)}</strong>
            {so.reviewer ? ' · ' + t('deid.ethics.by', { reviewer: so.reviewer, at: so.at ? fmt.dateTime(so.at) : '' }) : ''}
          </p>
        ) : null}
        {so && so.voidFor.length > 0 ? (
          <>
            <p>{t('deid.ethics.voidFor')}</p>
            <ul>
              {so.voidFor.map((v) => (
                <li key={`${v.kind}:${v.id}`}>
                  {v.kind} · {v.why}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3 className="side-title">{t('deid.ethics.gateTitle')}</h3>
        {error ? <ErrorNotice error={error} /> : null}
        <ul className="deid-gate plain-list" data-testid="deid-gate">
          {GATE_PURPOSES.map((p) => {
            const g = gates[p];
            return (
              <li key={p} data-ok={g ? String(g.ok) : undefined}>
                <strong>{t(`deid.purpose.${p}`)}</strong>:{' '}
                {!g ? t('deid.queue.loading') : g.ok ? t('deid.ethics.gateOk', { label: g.label ? t(`deid.label.${g.label}`) : '' }) : t('deid.ethics.gateRefuses', { reason: g.reason ?? '' })}
              </li>
            );
          })}
        </ul>
      </section>
      <PreparePackage onChanged={onChanged} />
      <AcceptDecision onChanged={onChanged} />
      <DestroyOriginals onChanged={onChanged} />
      <TerminologyPanel />
      <ReviewMode variant="embedded" />
    </div>
  );
}

function PreparePackage({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const id = useId();
  const reviewers = store.team.filter((m) => m.identityId !== store.identityId);
  const [to, setTo] = useState('');
  const [out, setOut] = useState('');
  const [risk, setRisk] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const write = useWrite();

  const seal = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const notes = risk
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const r = await write('deid.reviewPackage', { to, out: out.trim(), ...(notes.length ? { residualRisk: notes } : {}) });
    setBusy(false);
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(t('deid.ethics.sealed', { path: r.value.path, reviewer: r.value.reviewer.displayName, count: r.value.items, size: fmt.number(r.value.bytes) }));
    onChanged();
  };

  return (
    <form className="card form" onSubmit={(e) => void seal(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('deid.ethics.prepareTitle')}
      </h2>
      <p className="field-hint">{t('deid.ethics.prepareHint')}</p>
      <div className="field">
        <label htmlFor={`${id}-to`} className="field-label">
          {t('deid.ethics.reviewer')}
        </label>
        <select id={`${id}-to`} className="select" value={to} onChange={(e) => setTo(e.target.value)} required>
          <option value="">{t('deid.ethics.pickReviewer')}</option>
          {reviewers.map((m) => (
            <option key={m.identityId} value={m.identityId}>
              {m.displayName} · {t(`deid.role.${m.role}`)} · {m.fingerprint.slice(0, 14)}
            </option>
          ))}
        </select>
        {reviewers.length === 0 ? <p className="field-hint">{t('deid.ethics.noReviewers')}</p> : null}
      </div>
      <PathField label={t('deid.ethics.outPath')} value={out} onChange={setOut} hint={t('deid.ethics.outHint')} required save={{ filterName: t('files.type.reviewPackage'), extensions: ['tandai-review', 'review'] }} onError={setError} />
      <div className="field">
        <label htmlFor={`${id}-risk`} className="field-label">
          {t('deid.ethics.risk')} <span className="field-note">{t('deid.optional')}</span>
        </label>
        <textarea id={`${id}-risk`} className="input textarea" rows={2} autoComplete="off" value={risk} onChange={(e) => setRisk(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || !to || !out.trim()}>
          {t('deid.ethics.seal')}
        </button>
      </div>
      <DoneNotice text={done} />
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function AcceptDecision({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [path, setPath] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const write = useWrite();
  const accept = async (e: FormEvent) => {
    e.preventDefault();
    const r = await write('review.accept', { path: path.trim() });
    if (!r) return;
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(t('deid.ethics.accepted', { decision: t(`deid.verdict.${r.value.decision}`), reviewer: r.value.reviewer.displayName }));
    onChanged();
  };
  return (
    <form className="card form" onSubmit={(e) => void accept(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {t('deid.ethics.acceptTitle')}
      </h2>
      <PathField label={t('deid.ethics.decisionPath')} value={path} onChange={setPath} required accept="" onError={setError} />
      <div className="actions">
        <button type="submit" className="button" disabled={!path.trim()}>
          {t('deid.ethics.accept')}
        </button>
      </div>
      <DoneNotice text={done} />
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}

function DoneNotice({ text }: { text: string | null }) {
  return text ? (
    <p className="notice notice-info" role="status">
      {text}
    </p>
  ) : null;
}
