/**
 * When to lock (DESIGN "Lock"): screen lock, suspend, and system idle time past the limit.
 * Each calls `lock(reason)` once; main drops the backend's keys and reloads the window to the
 * unlock screen.
 */
import type { PowerMonitor } from 'electron';
import { IDLE_LOCK_MS, IDLE_POLL_MS, type LockReason } from './config.js';

export interface LockTriggerDeps {
  powerMonitor: Pick<PowerMonitor, 'on' | 'getSystemIdleTime'>;
  lock: (reason: LockReason) => void;
  idleLockMs?: number;
  pollMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** Returns a function that stops the idle poll. */
export function installLockTriggers(deps: LockTriggerDeps): () => void {
  const idleLockMs = deps.idleLockMs ?? IDLE_LOCK_MS;
  const every = deps.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
  const stop = deps.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));

  deps.powerMonitor.on('lock-screen', () => deps.lock('screen-lock'));
  deps.powerMonitor.on('suspend', () => deps.lock('suspend'));

  // Lock once per idle stretch; a new stretch starts when the person is back.
  let lockedThisStretch = false;
  const handle = every(() => {
    const idleMs = deps.powerMonitor.getSystemIdleTime() * 1000;
    if (idleMs >= idleLockMs) {
      if (!lockedThisStretch) {
        lockedThisStretch = true;
        deps.lock('idle');
      }
    } else {
      lockedThisStretch = false;
    }
  }, deps.pollMs ?? IDLE_POLL_MS);
  return () => stop(handle);
}
