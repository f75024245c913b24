/** The two questions the queue asks: why an identifier may stay (keep needs a reason), and what a missed identifier the person selected is. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ErrorInfo } from '../../api/index.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { locateSelection } from './model.js';
import { ENTITY_TYPES, type DeidAction, type EntityType } from './types.js';
import { useWrite } from './write.js';

export function KeepDialog({ scope, text, onKeep, onClose }: { scope: 'candidate' | 'entity'; text: string; onKeep: (reason: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const ok = reason.trim().length > 0;
  return (
    <Dialog
      title={t(scope === 'entity' ? 'deid.keep.titleEntity' : 'deid.keep.title', { text })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" disabled={!ok} onClick={() => onKeep(reason.trim())}>
            {t('deid.keep.confirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('deid.cancel')}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onKeep(reason.trim());
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`} className="field-label">
            {t('deid.keep.reason')}
          </label>
          <textarea
            id={`${id}-reason`}
            className="input textarea"
            autoComplete="off"
            rows={3}
            value={reason}
            autoFocus
            required
            maxLength={4000}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                if (ok) onKeep(reason.trim());
              }
            }}
          />
          <p id={`${id}-hint`} className="field-hint">
            {t('deid.keep.hint')}
          </p>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * A value of the person's own: for generalise, one of the coarser values offered (a date's month
 * and year, or year) or another; for replace, a pseudonym of their own (it must not already name
 * someone else here: the backend refuses that).
 */
export function ValueDialog({
  action,
  scope,
  target,
  current,
  onDecide,
  onClose,
}: {
  action: 'generalise' | 'replace';
  scope: 'candidate' | 'entity';
  target: { candidateId: string } | { entityId: string };
  current: string | null;
  onDecide: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [options, setOptions] = useState<string[] | null>(action === 'replace' ? [] : null);
  const [text, setText] = useState<string>('');
  const [picked, setPicked] = useState<string>('');
  const [own, setOwn] = useState(current ?? '');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const targetKey = JSON.stringify(target);
  useEffect(() => {
    let live = true;
    void call('deid.generaliseOptions', JSON.parse(targetKey) as { candidateId: string } | { entityId: string }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setText(r.value.text);
      if (action === 'generalise') {
        setOptions(r.value.options);
        setPicked(r.value.options[0] ?? '');
      }
    });
    return () => {
      live = false;
    };
  }, [action, targetKey]);
  const value = action === 'replace' || picked === '' ? own.trim() : picked;
  const ok = value.length > 0;
  const title = t(`deid.value.${action}.${scope === 'entity' ? 'titleEntity' : 'title'}`, { text: text || '…' });
  return (
    <Dialog
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" disabled={!ok} onClick={() => onDecide(value)}>
            {t(`deid.value.${action}.confirm`)}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('deid.cancel')}
          </button>
        </>
      }
    >
      {error ? <ErrorNotice error={error} /> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onDecide(value);
        }}
      >
        {action === 'generalise' ? (
          options === null ? (
            <p className="muted">{t('deid.queue.loading')}</p>
          ) : (
            <fieldset className="fieldset">
              <legend className="field-label">{t('deid.value.generalise.choose')}</legend>
              {options.map((o, i) => (
                <label key={o} className="check-row">
                  <input type="radio" name={`${id}-v`} checked={picked === o} onChange={() => setPicked(o)} autoFocus={i === 0} /> {o}
                </label>
              ))}
              <label className="check-row">
                <input type="radio" name={`${id}-v`} checked={picked === ''} onChange={() => setPicked('')} autoFocus={options.length === 0} /> {t('deid.value.generalise.other')}
              </label>
            </fieldset>
          )
        ) : null}
        {action === 'replace' || picked === '' ? (
          <div className="field">
            <label htmlFor={`${id}-own`} className="field-label">
              {t(`deid.value.${action}.label`)}
            </label>
            <input
              id={`${id}-own`}
              className="input"
              autoComplete="off"
              value={own}
              maxLength={500}
              autoFocus={action === 'replace' || (options !== null && options.length > 0)}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setOwn(e.target.value)}
            />
            <p id={`${id}-hint`} className="field-hint">
              {t(`deid.value.${action}.hint`)}
            </p>
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}

export interface NewIdentifier {
  transcriptId: string;
  /** Where the previewed window starts in the transcript, and roughly where in it the selection began. */
  windowStart: number;
  approx: number;
  text: string;
}

const ADD_ACTIONS: DeidAction[] = ['replace', 'generalise', 'redact'];

export function AddIdentifierDialog({ picked, onAdded, onClose }: { picked: NewIdentifier; onAdded: (entityId: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [type, setType] = useState<EntityType>('PERSON');
  const [action, setAction] = useState<DeidAction>('replace');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const write = useWrite();

  const add = async () => {
    setBusy(true);
    const tr = await call('transcripts.get', { id: picked.transcriptId });
    if (!tr.ok) {
      setBusy(false);
      return setError(tr.error);
    }
    const at = locateSelection(tr.value.text, picked.text, picked.windowStart + picked.approx);
    if (!at) {
      setBusy(false);
      return setError({ code: 'INVALID_INPUT', message: t('deid.add.notFound') });
    }
    const r = await write('deid.add', { location: { kind: 'transcript', id: picked.transcriptId, field: 'text' }, start: at.start, end: at.end, type, action });
    setBusy(false);
    if (!r) return onClose();
    if (!r.ok) return setError(r.error);
    onAdded(r.value.candidate.entityId);
  };

  return (
    <Dialog
      title={t('deid.add.title', { text: picked.text })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" disabled={busy} onClick={() => void add()}>
            {t('deid.add.confirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('deid.cancel')}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={`${id}-type`} className="field-label">
          {t('deid.add.type')}
        </label>
        <select id={`${id}-type`} className="select" value={type} onChange={(e) => setType(e.target.value as EntityType)} autoFocus>
          {ENTITY_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {t(`deid.type.${ty}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`} className="field-label">
          {t('deid.add.action')}
        </label>
        <select id={`${id}-action`} className="select" value={action} onChange={(e) => setAction(e.target.value as DeidAction)}>
          {ADD_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`deid.action.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </Dialog>
  );
}
