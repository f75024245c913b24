/**
 * The app's screens, chosen by state: who is signed in, whether a project is open or locked.
 * Nothing here is stored in the browser; after a reload the backend says where we are.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, onEvent, type ErrorInfo } from '../api/index.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { CreateIdentity, type IdentityInfo } from '../features/identity/CreateIdentity.js';
import { UnlockIdentity } from '../features/identity/UnlockIdentity.js';
import { CreateProject } from '../features/project/CreateProject.js';
import { OpenProject } from '../features/project/OpenProject.js';
import { ProjectStart } from '../features/project/ProjectStart.js';
import { RecoveryPhrase } from '../features/project/RecoveryPhrase.js';
import type { ProjectInfo } from '../features/project/types.js';
import { ReviewMode } from '../features/review/ReviewMode.js';
import { AppHeader } from './AppHeader.js';
import { decideScreen } from './boot.js';
import type { Screen } from './screens.js';
import { Workspace } from './Workspace.js';

export function App() {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [identity, setIdentity] = useState<IdentityInfo | null>(null);
  const [identityExists, setIdentityExists] = useState(false);
  const [bootError, setBootError] = useState<ErrorInfo | null>(null);
  const [lockError, setLockError] = useState<ErrorInfo | null>(null);
  const [locking, setLocking] = useState(false);
  // In memory only: the last project open in this page (to unlock it after a lock), and whether
  // the person chose to go on without an identity.
  const lastProjectPath = useRef<string | null>(null);
  const identitySkipped = useRef(false);

  const boot = useCallback(async () => {
    setBootError(null);
    const s = await decideScreen({ lockedPath: lastProjectPath.current, identitySkipped: identitySkipped.current });
    setIdentity(s.identity);
    setIdentityExists(s.identityExists);
    setBootError(s.error);
    if (s.screen.name === 'workspace') lastProjectPath.current = s.screen.project.path;
    setScreen(s.screen);
  }, []);

  useEffect(() => {
    void boot();
    // Locked from outside (idle, screen lock, suspend, worker restart): ask the backend again.
    return onEvent('locked', () => void boot());
  }, [boot]);

  const project = screen.name === 'workspace' ? screen.project : null;

  // Lock with one command from anywhere: Ctrl+Shift+L (the header button does the same).
  const lockRef = useRef<(() => void) | null>(null);
  lockRef.current = project ? () => void lock(project) : null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && (e.key === 'L' || e.key === 'l')) {
        e.preventDefault();
        lockRef.current?.();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openWorkspace = (project: ProjectInfo) => {
    lastProjectPath.current = project.path;
    setLockError(null);
    setScreen({ name: 'workspace', project });
  };

  const lock = async (project: ProjectInfo) => {
    setLocking(true);
    setLockError(null);
    const r = await call('project.lock', {});
    setLocking(false);
    if (!r.ok) {
      setLockError(r.error);
      return;
    }
    setScreen({ name: 'project-open', lockedPath: project.path });
  };

  // Review mode opens packages with the reviewer's key: unlock it first, or make one.
  const reviewScreen = (): Screen => (identity ? { name: 'review' } : identityExists ? { name: 'identity-unlock', then: { name: 'review' } } : { name: 'identity-create' });

  const skipIdentity = () => {
    identitySkipped.current = true;
    setScreen({ name: 'project-start' });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <AppHeader identity={identity} project={project} onLock={project ? () => void lock(project) : null} locking={locking} />
      <main id="main" className="app-main">
        {lockError ? <ErrorNotice error={lockError} /> : null}
        {renderScreen()}
      </main>
    </div>
  );

  function renderScreen() {
    switch (screen.name) {
      case 'loading':
        return bootError ? (
          <section className="screen narrow">
            <ScreenHeading>{t('app.bootFailed')}</ScreenHeading>
            <ErrorNotice error={bootError} />
            <button type="button" className="button" onClick={() => void boot()}>
              {t('common.retry')}
            </button>
          </section>
        ) : (
          <p className="loading" role="status">
            {t('app.loading')}
          </p>
        );
      case 'no-backend':
        return (
          <section className="screen narrow">
            <ScreenHeading intro={t('app.noBackend')}>{t('app.noBackendTitle')}</ScreenHeading>
          </section>
        );
      case 'identity-create':
        return (
          <CreateIdentity
            onCreated={(who) => {
              setIdentity(who);
              setIdentityExists(true);
              setScreen({ name: 'project-start' });
            }}
            onSkip={skipIdentity}
          />
        );
      case 'identity-unlock': {
        const then = screen.then;
        return (
          <UnlockIdentity
            onUnlocked={(who) => {
              setIdentity(who);
              setScreen(then ?? { name: 'project-start' });
            }}
            onSkip={then ? () => setScreen(then) : skipIdentity}
          />
        );
      }
      case 'project-start':
        return (
          <ProjectStart
            onCreate={() => setScreen({ name: 'project-create' })}
            onOpen={(path) => setScreen({ name: 'project-open', lockedPath: null, ...(path ? { path } : {}) })}
            onReview={() => setScreen(reviewScreen())}
            identityReady={identity !== null}
          />
        );
      case 'project-create':
        return (
          <CreateProject
            onCreated={({ project: created, recoveryPhrase }) => {
              if (recoveryPhrase) setScreen({ name: 'project-recovery', project: created, phrase: recoveryPhrase });
              else openWorkspace(created);
            }}
            onBack={() => setScreen({ name: 'project-start' })}
          />
        );
      case 'project-recovery': {
        const created = screen.project;
        // Leaving this screen drops the phrase: it is in no other state.
        return <RecoveryPhrase phrase={screen.phrase} onDone={() => openWorkspace(created)} />;
      }
      case 'project-open':
        return (
          <OpenProject
            key={screen.lockedPath ?? `open:${screen.path ?? ''}`}
            lockedPath={screen.lockedPath}
            initialPath={screen.path ?? ''}
            identity={identity}
            onUnlockIdentity={identity === null && identityExists ? () => setScreen({ name: 'identity-unlock', then: screen }) : undefined}
            onOpened={openWorkspace}
            onBack={screen.lockedPath === null ? () => setScreen({ name: 'project-start' }) : undefined}
          />
        );
      case 'review':
        return <ReviewMode variant="screen" onBack={() => setScreen({ name: 'project-start' })} />;
      case 'workspace':
        return <Workspace key={screen.project.id} project={screen.project} identityId={identity?.id ?? null} />;
    }
  }
}
