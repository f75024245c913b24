/** Unlocks the person's identity: one passphrase a day opens every project shared with them. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PassphraseField } from '../../components/PassphraseField.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { useAsyncAction } from '../../components/useAsyncAction.js';
import type { IdentityInfo } from './CreateIdentity.js';

export function UnlockIdentity({ onUnlocked, onSkip }: { onUnlocked: (who: IdentityInfo) => void; onSkip: () => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const unlock = useAsyncAction((pass: string) => call('identity.unlock', { passphrase: pass }), onUnlocked);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void unlock.run(passphrase);
  };

  return (
    <section className="screen narrow" aria-labelledby="unlock-identity-title">
      <ScreenHeading intro={t('identity.unlock.intro')}>
        <span id="unlock-identity-title">{t('identity.unlock.title')}</span>
      </ScreenHeading>
      <form className="card form" onSubmit={submit} noValidate>
        <PassphraseField label={t('passphrase.label')} value={passphrase} onChange={setPassphrase} autoComplete="current-password" required />
        {unlock.error ? <ErrorNotice error={unlock.error} /> : null}
        <div className="actions">
          <button type="submit" className="button primary" disabled={unlock.busy || passphrase === ''} aria-busy={unlock.busy}>
            {unlock.busy ? t('identity.unlock.busy') : t('identity.unlock.submit')}
          </button>
          <button type="button" className="button link" onClick={onSkip} disabled={unlock.busy}>
            {t('identity.unlock.skip')}
          </button>
        </div>
      </form>
    </section>
  );
}
