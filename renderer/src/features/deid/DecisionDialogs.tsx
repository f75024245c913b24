/** The two questions the queue asks: why an identifier may stay (keep needs a reason), and what a missed identifier the person selected is. */
import { useId, useState } from 'react';
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
