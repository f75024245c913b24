/**
 * Creates an encrypted project file. The recovery phrase comes back once in the answer; the
 * caller shows it on its own screen and then lets it go.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ChannelOutput } from '../../api/index.js';
import { ErrorNotice, FormProblem } from '../../components/ErrorNotice.js';
import { PassphraseField } from '../../components/PassphraseField.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { PathField } from '../../components/PathField.js';
import { TextField } from '../../components/TextField.js';
import { useAsyncAction } from '../../components/useAsyncAction.js';
import { usePassphraseCheck } from '../passphrase/usePassphraseCheck.js';

export type Created = ChannelOutput<'project.create'>;

export function CreateProject({ onCreated, onBack }: { onCreated: (created: Created) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [recoveryKey, setRecoveryKey] = useState(true);
  const [mismatch, setMismatch] = useState(false);
  const strength = usePassphraseCheck(passphrase);
  const create = useAsyncAction(
    (input: { path: string; name: string; passphrase: string; recoveryKey: boolean }) =>
      call('project.create', { path: input.path, passphrase: input.passphrase, recoveryKey: input.recoveryKey, ...(input.name.trim() ? { name: input.name.trim() } : {}) }),
    onCreated,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void create.run({ path: path.trim(), name, passphrase, recoveryKey });
  };

  return (
    <section className="screen narrow" aria-labelledby="create-project-title">
      <ScreenHeading intro={t('project.create.intro')}>
        <span id="create-project-title">{t('project.create.title')}</span>
      </ScreenHeading>
      <form className="card form" onSubmit={submit} noValidate>
        <PathField label={t('project.create.path')} hint={t('project.create.pathHint')} value={path} onChange={setPath} required className="input mono" save={{ filterName: t('files.type.project'), extensions: ['tandai'] }} />
        <TextField label={t('project.create.name')} note={t('common.optional')} hint={t('project.create.nameHint')} value={name} onChange={setName} maxLength={200} autoComplete="off" />
        <PassphraseField label={t('passphrase.label')} hint={t('passphrase.hintNew')} value={passphrase} onChange={setPassphrase} autoComplete="new-password" strength={strength} required />
        <PassphraseField label={t('passphrase.repeat')} value={repeat} onChange={setRepeat} autoComplete="new-password" required />
        <div className="field check-field">
          <input id="create-project-recovery" type="checkbox" checked={recoveryKey} onChange={(e) => setRecoveryKey(e.target.checked)} aria-describedby="create-project-recovery-hint" />
          <div>
            <label htmlFor="create-project-recovery">{t('project.create.recovery')}</label>
            <p id="create-project-recovery-hint" className="field-hint">
              {t('project.create.recoveryHint')}
            </p>
          </div>
        </div>
        {mismatch ? <FormProblem>{t('passphrase.mismatch')}</FormProblem> : null}
        {create.error ? <ErrorNotice error={create.error} /> : null}
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.busy || path.trim() === '' || passphrase === ''} aria-busy={create.busy}>
            {create.busy ? t('project.create.busy') : t('project.create.submit')}
          </button>
          <button type="button" className="button" onClick={onBack} disabled={create.busy}>
            {t('common.back')}
          </button>
        </div>
      </form>
    </section>
  );
}
