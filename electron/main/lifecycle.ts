/** App lifecycle: where data lives, one instance at a time, and a quit that closes the backend first. */
import type { App } from 'electron';

type AppLike = Pick<App, 'setPath' | 'enableSandbox' | 'requestSingleInstanceLock' | 'quit' | 'on'>;

/** Before ready: a fixed per-user folder (same in dev and packaged), and the sandbox for every renderer. */
export function prepareApp(app: Pick<App, 'setPath' | 'enableSandbox'>, userDataDir: string): void {
  app.setPath('userData', userDataDir);
  app.enableSandbox();
}

/** Two instances would open the same keystore and projects; the second one hands over and quits. */
export function claimSingleInstance(app: AppLike, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondInstance);
  return true;
}

/** Quit when the window closes (every platform: an app with no window should hold no keys). */
export function installQuitHandling(app: AppLike, beforeQuit: () => Promise<void>): void {
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Hold the quit until the backend has dropped its keys and checkpointed its projects.
    event.preventDefault();
    void beforeQuit()
      .catch(() => {})
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
