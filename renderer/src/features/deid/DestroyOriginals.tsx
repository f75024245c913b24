/**
 * Destroying the originals (deid.destroyOriginals): the one step to an "anonymised" export, and
 * irreversible. It says what it does, then asks in a dialog for the project's name typed out
 * before the button works; while it runs the dialog says so, and afterwards every count is shown
 * (nothing goes uncounted), with what the scan after it found and what to do next: decide what is
 * left and send a new review package.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput, ErrorInfo } from '../../api/index.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../i18n/format.js';
import { useProject } from '../workspace/store.js';
import { useWrite } from './write.js';

type Result = ChannelOutput<'deid.destroyOriginals'>;

/** The counts shown after, in this order (each a key of the result and of `deid.destroy.count`). */
const COUNTS = [
  'transcripts',
  'alreadyDestroyed',
  'versionsDeleted',
  'sourceChunksDeleted',
  'codingsMoved',
  'codingsOrphaned',
  'historyCodingsDeleted',
  'marksMoved',
  'historyMarksDeleted',
  'settlementsMoved',
  'historySettlementsDeleted',
  'titlesChanged',
  'fileNamesChanged',
  'attributesChanged',
  'candidatesDeleted',
  'candidatesCarried',
  'entitiesDeleted',
  'pseudonymsDeleted',
  'participantsRelabelled',
  'registerEntriesDeleted',
] as const satisfies readonly (keyof Result)[];

export function DestroyOriginals({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const store = useProject();
  const id = useId();
  const name = store.project.name;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const write = useWrite();
  const matches = typed.trim() === name;

  const close = () => {
    if (busy) return;
    setOpen(false);
    setTyped('');
  };
  const destroy = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    const r = await write('deid.destroyOriginals', { confirm: true });
    setBusy(false);
    setOpen(false);
    setTyped('');
    if (!r) return;
    if (!r.ok) {
      setResult(null);
      return setError(r.error);
    }
    setError(null);
    setResult(r.value);
    onChanged();
  };

  return (
    <section className="card deid-destroy" aria-labelledby={`${id}-title`} data-testid="deid-destroy">
      <h2 id={`${id}-title`} className="card-title">
        {t('deid.destroy.title')}
      </h2>
      <p>{t('deid.destroy.intro')}</p>
      <ul>
        <li>{t('deid.destroy.what.text')}</li>
        <li>{t('deid.destroy.what.history')}</li>
        <li>{t('deid.destroy.what.map')}</li>
        <li>{t('deid.destroy.what.after')}</li>
      </ul>
      <p className="notice notice-warning">{t('deid.destroy.warning')}</p>
      <div className="actions">
        <button type="button" className="button danger" onClick={() => setOpen(true)} disabled={busy}>
          {t('deid.destroy.open')}
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {result ? (
        <div className="notice notice-info" role="status" data-testid="deid-destroy-result">
          <p>
            <strong>{t('deid.destroy.done', { count: result.transcripts })}</strong>
          </p>
          <ul>
            {COUNTS.map((k) => (
              <li key={k}>
                {t(`deid.destroy.count.${k}`)}: {fmt.number(result[k])}
              </li>
            ))}
          </ul>
          <p>{result.pseudonymMapDestroyed ? t('deid.destroy.mapGone') : t('deid.destroy.mapLeft', { count: result.pseudonymOriginalsLeft })}</p>
          {result.walCleared ? null : (
            <p className="notice notice-warning" role="alert">
              {t('deid.destroy.walBusy')}
            </p>
          )}
          <p>
            {result.rescanned
              ? t('deid.destroy.rescanned', { marked: fmt.number(result.replacementsMarked), left: fmt.number(result.undecidedAfter) })
              : t('deid.destroy.rescanFailed', { reason: result.rescanError ?? '' })}
          </p>
          <p>{t('deid.destroy.next')}</p>
        </div>
      ) : null}
      {open ? (
        <Dialog
          title={t('deid.destroy.confirmTitle')}
          onClose={close}
          actions={
            <>
              <button type="submit" form={`${id}-form`} className="button danger-fill" disabled={!matches || busy}>
                {busy ? t('deid.destroy.busy') : t('deid.destroy.confirm')}
              </button>
              <button type="button" className="button" onClick={close} disabled={busy}>
                {t('deid.cancel')}
              </button>
            </>
          }
        >
          <form id={`${id}-form`} onSubmit={(e) => void destroy(e)}>
            <p>{t('deid.destroy.confirmText')}</p>
            <div className="field">
              <label htmlFor={`${id}-name`} className="field-label">
                {t('deid.destroy.typeName', { name })}
              </label>
              <input
                id={`${id}-name`}
                className="input"
                autoComplete="off"
                spellCheck={false}
                autoFocus
                value={typed}
                disabled={busy}
                aria-describedby={`${id}-hint`}
                onChange={(e) => setTyped(e.target.value)}
              />
              <p id={`${id}-hint`} className="field-hint">
                {t('deid.destroy.typeHint')}
              </p>
            </div>
            {busy ? (
              <p className="notice notice-info" role="status">
                {t('deid.destroy.busy')}
              </p>
            ) : null}
          </form>
        </Dialog>
      ) : null}
    </section>
  );
}
