/** Asked before an original is shown: revealing it is recorded in the signed decision the researcher receives. */
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.js';

export function RevealDialog({ what, busy, onReveal, onClose }: { what: string; busy: boolean; onReveal: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('deid.reviewer.revealTitle', { what })}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button primary" disabled={busy} onClick={onReveal} autoFocus>
            {t('deid.reviewer.revealConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('deid.cancel')}
          </button>
        </>
      }
    >
      <p>{t('deid.reviewer.revealBody')}</p>
    </Dialog>
  );
}
