/**
 * Opens a project file, or unlocks the one that was locked: with the person's identity (one
 * passphrase a day) or with the project's own passphrase. A wrong passphrase changes nothing.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/index.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PassphraseField } from '../../components/PassphraseField.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { PathField } from '../../components/PathField.js';
import { useAsyncAction } from '../../components/useAsyncAction.js';
import type { IdentityInfo } from '../identity/CreateIdentity.js';
import type { ProjectInfo } from './types.js';

export interface OpenProjectProps {
  /** The locked project's path, when known; otherwise the person types it. */
  lockedPath: string | null;
  /** Prefilled path (a recent project) when not locked. */
  initialPath?: string;
  identity: IdentityInfo | null;
  /** Offered when an identity exists but is locked: unlock it, then come back here. */
  onUnlockIdentity?: (() => void) | undefined;
  onOpened: (project: ProjectInfo) => void;
  onBack?: () => void;
}

export function OpenProject({ lockedPath, initialPath = '', identity, onUnlockIdentity, onOpened, onBack }: OpenProjectProps) {
  const { t } = useTranslation();
  const locked = lockedPath !== null;
  const [path, setPath] = useState(lockedPath ?? initialPath);
  const [passphrase, setPassphrase] = useState('');
  const open = useAsyncAction((input: { path: string; passphrase?: string }) => call('project.open', input), onOpened);

  const withPassphrase = (e: FormEvent) => {
    e.preventDefault();
    void open.run({ path: path.trim(), passphrase });
  };
  const withIdentity = () => void open.run({ path: path.trim() });
  const noPath = path.trim() === '';

  return (
    <section className="screen narrow" aria-labelledby="open-project-title">
      <ScreenHeading intro={locked ? t('project.open.lockedIntro') : t('project.open.intro')}>
        <span id="open-project-title">{locked ? t('project.open.lockedTitle') : t('project.open.title')}</span>
      </ScreenHeading>
      <form className="card form" onSubmit={withPassphrase} noValidate>
        {locked ? (
          <div className="field">
            <p className="field-label">{t('project.open.path')}</p>
            <p className="mono path-display">{lockedPath}</p>
          </div>
        ) : (
          <PathField label={t('project.open.path')} hint={t('project.open.pathHint')} value={path} onChange={setPath} required className="input mono" accept=".tandai" />
        )}
        {identity ? (
          <div className="identity-option">
            <button type="button" className="button primary" onClick={withIdentity} disabled={open.busy || noPath}>
              {t('project.open.withIdentity', { name: identity.displayName })}
            </button>
            <p className="field-hint">{t('project.open.withIdentityHint')}</p>
            <p className="divider-text">{t('project.open.or')}</p>
          </div>
        ) : onUnlockIdentity ? (
          <div className="identity-option">
            <button type="button" className="button" onClick={onUnlockIdentity} disabled={open.busy}>
              {t('project.open.unlockIdentity')}
            </button>
            <p className="field-hint">{t('project.open.unlockIdentityHint')}</p>
            <p className="divider-text">{t('project.open.or')}</p>
          </div>
        ) : null}
        <PassphraseField label={t('project.open.passphrase')} value={passphrase} onChange={setPassphrase} autoComplete="current-password" required />
        {open.error ? <ErrorNotice error={open.error} /> : null}
        <div className="actions">
          <button type="submit" className={identity ? 'button' : 'button primary'} disabled={open.busy || noPath || passphrase === ''} aria-busy={open.busy}>
            {open.busy ? t('project.open.busy') : t('project.open.withPassphrase')}
          </button>
          {onBack ? (
            <button type="button" className="button link" onClick={onBack} disabled={open.busy}>
              {t('common.back')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
