/**
 * Exporting: what (the contract's export kinds), for which purpose, which transcripts, and where.
 * As soon as the purpose and scope are chosen the gate's answer (`deid.check`) is shown — ready
 * with its label, or the reason it refuses and a way to the De-identification screen — and that
 * check also warms the gate's session cache, so the export that follows is quick: check on
 * choosing, then export. A file already there is replaced only when the person confirms.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, onEvent, type ErrorInfo } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useWrite } from '../deid/write.js';
import { useNavigate } from '../workspace/navigate.js';
import { useProject } from '../workspace/store.js';
import { EXPORT_KINDS, PURPOSES, baseName, extensionOf, isAlreadyThere, scopeOf, suggestedPath, withKindExtension, type ExportKind, type ExportPurpose, type ExportResult, type GateAnswer } from './model.js';
import { ExportDone } from './ExportDone.js';
import { PathField } from '../../components/PathField.js';

/** The export's steps as its progress events name them. */
const STEPS = ['authorised', 'built', 'written', 'signed'] as const;

type Gate = { key: string; answer: GateAnswer | null; error: ErrorInfo | null };

export function ExportPanel({ onVerify }: { onVerify: (manifestPath: string) => void }) {
  const { t } = useTranslation();
  const store = useProject();
  const navigate = useNavigate();
  const write = useWrite();
  const id = useId();
  const [kind, setKind] = useState<ExportKind>('qdpx');
  const [nvivo, setNvivo] = useState(false);
  const [purpose, setPurpose] = useState<ExportPurpose | null>(null);
  const [subset, setSubset] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [out, setOut] = useState(() => suggestedPath(store.project.path, store.project.name, 'qdpx'));
  const [gate, setGate] = useState<Gate | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  /** The export was refused because a file is there: offer to replace it. */
  const [replace, setReplace] = useState<ErrorInfo | null>(null);
  /** The step the export has finished (the backend's progress events), while it runs. */
  const [step, setStep] = useState<{ done: number; total: number; item: string | undefined } | null>(null);

  useEffect(() => {
    if (!busy) return setStep(null);
    return onEvent('progress', (e) => {
      if (e.task === 'export') setStep({ done: e.done, total: e.total, item: e.item });
    });
  }, [busy]);

  const transcripts = store.transcripts ?? [];
  const ids = useMemo(() => (subset ? (store.transcripts ?? []).filter((tr) => chosen.has(tr.id)).map((tr) => tr.id) : null), [subset, chosen, store.transcripts]);
  const scope = scopeOf(kind, ids);
  const scopeMissing = kind !== 'qdc' && subset && (ids?.length ?? 0) === 0;
  const gateKey = purpose && !scopeMissing ? JSON.stringify([purpose, scope ?? null]) : null;

  // The gate's answer for the purpose and scope, asked as soon as both are chosen. An answer that
  // arrives after the choice moved on is dropped.
  useEffect(() => {
    if (!gateKey || !purpose) return;
    let current = true;
    setGate({ key: gateKey, answer: null, error: null });
    void call('deid.check', { purpose, ...(scope ? { transcriptIds: scope } : {}) }).then((r) => {
      if (!current) return;
      setGate(r.ok ? { key: gateKey, answer: r.value, error: null } : { key: gateKey, answer: null, error: r.error });
    });
    return () => {
      current = false;
    };
    // `scope` is in gateKey; a reload (an import, another window) may change the answer.
  }, [gateKey, store.generation]);

  const shownGate = gate && gate.key === gateKey ? gate : null;
  const stepName = step ? STEPS.find((x) => x === step.item) : undefined;
  const ready = shownGate?.answer?.ok === true;

  const chooseKind = (k: ExportKind) => {
    setKind(k);
    setOut((o) => withKindExtension(o, k));
    setResult(null);
    setReplace(null);
  };

  const run = async (overwrite: boolean) => {
    if (!purpose) return;
    setBusy(true);
    setError(null);
    setReplace(null);
    setResult(null);
    const r = await write('export.run', {
      kind,
      out: out.trim(),
      purpose,
      ...(scope && scope.length ? { transcriptIds: scope } : {}),
      ...(kind === 'qdpx' && nvivo ? { nvivoPositions: true } : {}),
      ...(overwrite ? { overwrite: true } : {}),
    });
    setBusy(false);
    if (!r) return; // the view was stale and has been refreshed (the workspace says so)
    if (r.ok) return setResult(r.value);
    if (isAlreadyThere(r.error.code)) return setReplace(r.error);
    setError(r.error);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(false);
  };

  const toggle = (tid: string, on: boolean) =>
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(tid);
      else next.delete(tid);
      return next;
    });

  return (
    <section className="card exchange-export" aria-labelledby={`${id}-title`} aria-busy={busy}>
      <h2 id={`${id}-title`} className="card-title">
        {t('exchange.export.title')}
      </h2>
      <p className="muted">{t('exchange.export.intro')}</p>
      <form className="form exchange-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
        <fieldset className="exchange-fieldset" disabled={busy}>
          <legend className="field-label">{t('exchange.export.what')}</legend>
          <div className="exchange-choices">
            {EXPORT_KINDS.map((k) => (
              <label key={k} className="exchange-choice">
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => chooseKind(k)} />
                <span>
                  <span className="exchange-choice-name">{t(`exchange.kind.${k}.name`)}</span>
                  <span className="muted small-text">{t(`exchange.kind.${k}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
          {kind === 'qdpx' ? (
            <label className="check-inline exchange-nvivo">
              <input type="checkbox" checked={nvivo} onChange={(e) => setNvivo(e.target.checked)} aria-describedby={`${id}-nvivo-hint`} />
              {t('exchange.export.nvivo')}
            </label>
          ) : null}
          {kind === 'qdpx' ? (
            <p id={`${id}-nvivo-hint`} className="field-hint">
              {t('exchange.export.nvivoHint')}
            </p>
          ) : null}
        </fieldset>

        <fieldset className="exchange-fieldset" disabled={busy}>
          <legend className="field-label">{t('exchange.export.purpose')}</legend>
          <div className="exchange-choices row">
            {PURPOSES.map((p) => (
              <label key={p} className="exchange-choice">
                <input type="radio" name={`${id}-purpose`} value={p} checked={purpose === p} onChange={() => setPurpose(p)} />
                <span>
                  <span className="exchange-choice-name">{t(`exchange.purpose.${p}.name`)}</span>
                  <span className="muted small-text">{t(`exchange.purpose.${p}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {kind === 'qdc' ? (
          <p className="field-hint">{t('exchange.export.qdcScope')}</p>
        ) : (
          <fieldset className="exchange-fieldset" disabled={busy}>
            <legend className="field-label">{t('exchange.export.scope')}</legend>
            <div className="exchange-choices row">
              <label className="exchange-choice">
                <input type="radio" name={`${id}-scope`} checked={!subset} onChange={() => setSubset(false)} />
                <span className="exchange-choice-name">{t('exchange.export.all', { count: transcripts.length })}</span>
              </label>
              <label className="exchange-choice">
                <input type="radio" name={`${id}-scope`} checked={subset} onChange={() => setSubset(true)} disabled={transcripts.length === 0} />
                <span className="exchange-choice-name">{t('exchange.export.some')}</span>
              </label>
            </div>
            {subset ? (
              <ul className="exchange-transcripts" aria-label={t('exchange.export.transcripts')}>
                {transcripts.map((tr) => (
                  <li key={tr.id}>
                    <label className="check-inline">
                      <input type="checkbox" checked={chosen.has(tr.id)} onChange={(e) => toggle(tr.id, e.target.checked)} />
                      {tr.title} <span className="muted small-text">{tr.participantLabel}</span>
                    </label>
                  </li>
                ))}
              </ul>
            ) : null}
            {scopeMissing ? <p className="field-hint">{t('exchange.export.pickOne')}</p> : null}
          </fieldset>
        )}

        <div className="exchange-gate" aria-live="polite" data-testid="exchange-gate" data-ok={shownGate?.answer ? String(shownGate.answer.ok) : undefined}>
          {!purpose ? (
            <p className="muted">{t('exchange.gate.choosePurpose')}</p>
          ) : scopeMissing ? null : !shownGate || (!shownGate.answer && !shownGate.error) ? (
            <p className="muted">{t('exchange.gate.checking')}</p>
          ) : shownGate.error ? (
            <ErrorNotice error={shownGate.error} title={t('exchange.gate.failed')} />
          ) : shownGate.answer!.ok ? (
            <p className="notice notice-info">
              <span className="notice-title">{t('exchange.gate.ready', { purpose: t(`exchange.purpose.${purpose}.name`) })}</span>
              <span>{t('exchange.gate.label', { label: t(`exchange.label.${shownGate.answer!.label ?? 'not-de-identified'}`) })}</span>
            </p>
          ) : (
            <div className="notice notice-warning">
              <p className="notice-title">{t('exchange.gate.refused', { purpose: t(`exchange.purpose.${purpose}.name`) })}</p>
              <p className="notice-body exchange-reason">{shownGate.answer!.reason}</p>
              <div className="actions">
                <button type="button" className="button" onClick={() => navigate({ name: 'deid' })}>
                  {t('exchange.gate.toDeid')}
                </button>
              </div>
            </div>
          )}
        </div>

        <PathField
          label={t('exchange.export.out')}
          hint={t('exchange.export.outHint')}
          value={out}
          onChange={setOut}
          disabled={busy}
          required
          save={{ filterName: t(`exchange.kind.${kind}.name`), extensions: [extensionOf(kind).slice(1)] }}
          onError={setError}
        />

        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !ready || !out.trim()}>
            {busy ? t('exchange.export.busy') : t('exchange.export.submit')}
          </button>
          {busy ? (
            <span className="muted exchange-progress" role="status">
              {t('exchange.export.working', { name: baseName(out.trim()) })}
              {step ? (
                <>
                  {' '}
                  <progress max={step.total} value={step.done} aria-label={t('exchange.export.progress', { done: step.done, total: step.total })} />{' '}
                  {stepName ? t(`exchange.export.step.${stepName}`) : null}
                </>
              ) : null}
            </span>
          ) : null}
        </div>
      </form>

      {replace ? (
        <div className="notice notice-warning" role="alert">
          <p className="notice-title">{t('exchange.replace.title')}</p>
          <p className="notice-body">{replace.message}</p>
          <div className="actions">
            <button type="button" className="button" onClick={() => void run(true)} disabled={busy}>
              {t('exchange.replace.confirm')}
            </button>
            <button type="button" className="button link" onClick={() => setReplace(null)}>
              {t('exchange.replace.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {result ? <ExportDone result={result} onVerify={() => onVerify(result.manifestPath)} /> : null}
    </section>
  );
}
