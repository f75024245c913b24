/**
 * Which screen to show, from the backend's state alone. Runs at start and after a lock: in
 * Electron the window reloads on lock, so the page must never rely on what it remembered.
 */
import { call, hasBackend, type ErrorInfo } from '../api/index.js';
import type { IdentityInfo } from '../features/identity/CreateIdentity.js';
import type { Screen } from './screens.js';

export interface BootState {
  screen: Screen;
  identity: IdentityInfo | null;
  /** An identity exists on this computer (unlocked or not). */
  identityExists: boolean;
  error: ErrorInfo | null;
}

export async function decideScreen(opts: { lockedPath: string | null; identitySkipped: boolean }): Promise<BootState> {
  if (!hasBackend()) return { screen: { name: 'no-backend' }, identity: null, identityExists: false, error: null };
  const [status, project] = await Promise.all([call('identity.status', {}), call('project.info', {})]);
  if (!status.ok) return { screen: { name: 'loading' }, identity: null, identityExists: false, error: status.error };
  const { identity, exists } = status.value;
  const state = (screen: Screen): BootState => ({ screen, identity, identityExists: exists, error: null });
  if (project.ok) return state({ name: 'workspace', project: project.value });
  if (project.error.code === 'PROJECT_LOCKED') {
    // The backend knows which project it locked, also when this page never opened it itself.
    const st = opts.lockedPath ? null : await call('project.status', {});
    return state({ name: 'project-open', lockedPath: opts.lockedPath ?? (st?.ok ? st.value.lockedPath : null) });
  }
  if (!exists && !opts.identitySkipped) return state({ name: 'identity-create' });
  if (exists && !status.value.unlocked && !opts.identitySkipped) return state({ name: 'identity-unlock' });
  return state({ name: 'project-start' });
}
