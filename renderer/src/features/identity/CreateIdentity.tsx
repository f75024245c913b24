/** First run: the person's identity (display name + passphrase) that signs their work and opens their projects. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput } from '../../api/index.js';
import { ErrorNotice, FormProblem } from '../../components/ErrorNotice.js';
import { PassphraseField } from '../../components/PassphraseField.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { TextField } from '../../components/TextField.js';
import { useAsyncAction } from '../../components/useAsyncAction.js';
import { usePassphraseCheck } from '../passphrase/usePassphraseCheck.js';

export type IdentityInfo = ChannelOutput<'identity.create'>;

export function CreateIdentity({ onCreated, onSkip }: { onCreated: (who: IdentityInfo) => void; onSkip: () => void }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const strength = usePassphraseCheck(passphrase);
  const create = useAsyncAction((name: string, pass: string) => call('identity.create', { displayName: name, passphrase: pass }), onCreated);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void create.run(displayName, passphrase);
  };

  return (
    <section className="screen narrow" aria-labelledby="create-identity-title">
      <ScreenHeading intro={t('identity.create.intro')}>
        <span id="create-identity-title">{t('identity.create.title')}</span>
      </ScreenHeading>
      <form className="card form" onSubmit={submit} noValidate>
        <TextField label={t('identity.create.displayName')} hint={t('identity.create.displayNameHint')} value={displayName} onChange={setDisplayName} autoComplete="nickname" required maxLength={120} spellCheck={false} />
        <PassphraseField label={t('passphrase.label')} hint={t('passphrase.hintNew')} value={passphrase} onChange={setPassphrase} autoComplete="new-password" strength={strength} required />
        <PassphraseField label={t('passphrase.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" required />
        {mismatch ? <FormProblem>{t('passphrase.mismatch')}</FormProblem> : null}
        {create.error ? <ErrorNotice error={create.error} /> : null}
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.busy || displayName.trim() === '' || passphrase === ''} aria-busy={create.busy}>
            {create.busy ? t('identity.create.busy') : t('identity.create.submit')}
          </button>
          <button type="button" className="button link" onClick={onSkip} disabled={create.busy}>
            {t('identity.create.skip')}
          </button>
        </div>
      </form>
    </section>
  );
}
