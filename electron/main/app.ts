/**
 * Wires Electron's objects to the small modules beside this one. Everything Electron is asked
 * to do goes through here, so tests that load it with a recording fake of 'electron' see
 * exactly what the app passes.
 */
import { Worker } from 'node:worker_threads';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, session, type WebContents } from 'electron';
import { SESSION_PARTITION, type LockReason } from './config.js';
import { channelNames, eventNames } from './contract-names.js';
import { registerIpcHandlers } from './ipc.js';
import { claimSingleInstance, installQuitHandling, prepareApp } from './lifecycle.js';
import { installLockTriggers } from './lock-triggers.js';
import { installMenu } from './menu.js';
import { appPaths, nativeBindingPath, userDataDir } from './paths.js';
import { registerAppScheme, serveAppProtocol } from './protocol.js';
import { chooseSavePath, SAVE_PATH_CHANNEL } from './save-dialog.js';
import { hardenSession, hardenWebContents } from './session.js';
import { createMainWindow } from './window.js';
import { createWorkerHost, type SpawnWorker, type WorkerHost } from './worker-host.js';

export interface StartOptions {
  /** Folder of the built main.cjs (build/app). */
  appDir: string;
  spawnWorker?: SpawnWorker;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
}

export interface RunningApp {
  /** Resolves once the window exists (or immediately when another instance already runs). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
  backend(): WorkerHost | null;
  lock(reason: LockReason): void;
}

export function startApp(options: StartOptions): RunningApp {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(`tandai: ${line}`));
  const spawnWorker: SpawnWorker = options.spawnWorker ?? ((file, opts) => new Worker(file, opts));
  const paths = appPaths(options.appDir);
  let win: BrowserWindow | null = null;
  let host: WorkerHost | null = null;

  const lock = (reason: LockReason) => {
    host?.lock(reason);
    // Back to the unlock screen; the page asks the (now locked) backend what to show.
    if (win && !win.isDestroyed()) win.webContents.reload();
  };

  prepareApp(app, userDataDir(app.getPath('appData'), app.isPackaged, env));
  const primary = claimSingleInstance(app, () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  if (!primary) return { ready: Promise.resolve(), window: () => null, backend: () => null, lock };

  registerAppScheme(protocol);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const ready = app.whenReady().then(() => {
    const ses = session.fromPartition(SESSION_PARTITION);
    hardenSession(ses);
    // Nothing uses the default session; it is locked down anyway.
    hardenSession(session.defaultSession);
    serveAppProtocol(ses.protocol, paths.renderer);
    installMenu(Menu, options.platform ?? process.platform);

    const nativeBinding = nativeBindingPath(app.isPackaged, env);
    host = createWorkerHost({
      workerFile: paths.worker,
      init: { home: app.getPath('userData'), ...(nativeBinding ? { nativeBinding } : {}) },
      spawn: spawnWorker,
      eventNames,
      onEvent: (event, payload) => {
        if (win && !win.isDestroyed()) win.webContents.send(event, payload);
      },
      log,
    });
    const backend = host;
    registerIpcHandlers({
      ipcMain,
      channels: channelNames,
      // The save dialog is the shell's to show; every other channel is the backend's.
      call: (channel, input) => (channel === SAVE_PATH_CHANNEL ? chooseSavePath({ dialog, window: () => win }, input) : backend.call(channel, input)),
      isOurContents: (contents: WebContents) => !!win && !win.isDestroyed() && contents === win.webContents,
      onRefused: (channel, reason) => log(`refused ${channel} from ${reason}`),
    });

    win = createMainWindow(BrowserWindow, {
      preloadPath: paths.preload,
      session: ses,
      devTools: !app.isPackaged,
      ...(paths.icon ? { iconPath: paths.icon } : {}),
    });
    installLockTriggers({ powerMonitor, lock });
    installQuitHandling(app, () => backend.close());
  });

  return { ready, window: () => win, backend: () => host, lock };
}
