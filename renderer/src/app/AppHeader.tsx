/** The bar over every screen: the app's name, who is signed in, the open project, lock and language. */
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import type { IdentityInfo } from '../features/identity/CreateIdentity.js';
import type { ProjectInfo } from '../features/project/types.js';

export interface AppHeaderProps {
  identity: IdentityInfo | null;
  project: ProjectInfo | null;
  onLock: (() => void) | null;
  locking: boolean;
}

export function AppHeader({ identity, project, onLock, locking }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.name')}</span>
        {project ? (
          <span className="brand-project">
            <span className="visually-hidden">{t('header.project')} </span>
            {project.name}
          </span>
        ) : null}
      </div>
      <div className="header-tools">
        {identity ? (
          <p className="header-identity" title={identity.fingerprint}>
            {t('header.identity', { name: identity.displayName })}
          </p>
        ) : null}
        <LanguageSwitch />
        {onLock ? (
          <button type="button" className="button" onClick={onLock} disabled={locking} aria-busy={locking} aria-keyshortcuts="Control+Shift+L" title={t('header.lockShortcut')}>
            {locking ? t('header.locking') : t('header.lock')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
