/**
 * Checking an export offline (`export.verify`): the export or its manifest, optionally the team
 * file and the fingerprint the signer should have. The report is shown plainly: verified or not,
 * who signed (exporter and reviewer, with fingerprints to compare by another channel), which files
 * changed, and every problem the backend named.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { TextField } from '../../components/TextField.js';
import type { VerifyReport } from './model.js';
import { PathField } from '../../components/PathField.js';

export function VerifyPanel({ initialPath }: { initialPath: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [path, setPath] = useState(initialPath);
  const [team, setTeam] = useState('');
  const [signer, setSigner] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  useEffect(() => setPath(initialPath), [initialPath]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setReport(null);
    const r = await call('export.verify', { path: path.trim(), ...(team.trim() ? { team: team.trim() } : {}), ...(signer.trim() ? { expectSigner: signer.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(null);
    setReport(r.value);
  };

  return (
    <section className="card exchange-verify" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('exchange.verify.title')}
      </h2>
      <p className="muted">{t('exchange.verify.intro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
        <PathField label={t('exchange.verify.path')} hint={t('exchange.verify.pathHint')} value={path} onChange={setPath} accept="" required disabled={busy} onError={setError} />
        <PathField label={t('exchange.verify.team')} note={t('exchange.optional')} hint={t('exchange.verify.teamHint')} value={team} onChange={setTeam} accept=".json" disabled={busy} onError={setError} />
        <TextField label={t('exchange.verify.signer')} note={t('exchange.optional')} hint={t('exchange.verify.signerHint')} value={signer} onChange={setSigner} autoComplete="off" spellCheck={false} disabled={busy} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !path.trim()}>
            {busy ? t('exchange.verify.busy') : t('exchange.verify.submit')}
          </button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {report ? <VerifyResult report={report} /> : null}
    </section>
  );
}

const DECISIONS = ['approved', 'approved-with-conditions'] as const;

function VerifyResult({ report: r }: { report: VerifyReport }) {
  const { t } = useTranslation();
  const decision = r.reviewer ? DECISIONS.find((x) => x === r.reviewer!.decision) : undefined;
  return (
    <div className={`notice ${r.ok ? 'notice-info' : 'notice-warning'} exchange-report`} role="status" data-testid="exchange-verify-report" data-ok={String(r.ok)}>
      <p className="notice-title">{r.ok ? t('exchange.verify.ok') : t('exchange.verify.notOk')}</p>
      <dl className="exchange-facts">
        {r.kind ? (
          <>
            <dt>{t('exchange.verify.kind')}</dt>
            <dd>{t(`exchange.kind.${r.kind}.name`)}</dd>
          </>
        ) : null}
        {r.label ? (
          <>
            <dt>{t('exchange.verify.label')}</dt>
            <dd>{t(`exchange.label.${r.label}`)}</dd>
          </>
        ) : null}
        {r.exporter ? (
          <>
            <dt>{t('exchange.verify.exporter')}</dt>
            <dd>
              {r.exporter.name} <code className="exchange-fingerprint">{r.exporter.fingerprint}</code>
            </dd>
          </>
        ) : null}
        <dt>{t('exchange.verify.reviewer')}</dt>
        <dd>
          {r.reviewer ? (
            <>
              {r.reviewer.name ?? t('exchange.verify.unnamed')} <code className="exchange-fingerprint">{r.reviewer.fingerprint}</code> · {decision ? t(`exchange.decision.${decision}`) : r.reviewer.decision}
            </>
          ) : (
            t('exchange.verify.noReviewer')
          )}
        </dd>
        <dt>{t('exchange.verify.teamChecked')}</dt>
        <dd>{r.teamChecked ? t('exchange.verify.teamYes') : t('exchange.verify.teamNo')}</dd>
      </dl>
      {r.changed.length ? (
        <>
          <p className="notice-title">{t('exchange.verify.changed', { count: r.changed.length })}</p>
          <ul>
            {r.changed.map((name) => (
              <li key={name}>
                <code>{name}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('exchange.verify.unchanged')}</p>
      )}
      {r.problems.length ? (
        <>
          <p className="notice-title">{t('exchange.verify.problems', { count: r.problems.length })}</p>
          <ul>
            {r.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
