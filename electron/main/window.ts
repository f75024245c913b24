/** The BrowserWindow factory: one sandboxed, isolated window on the hardened session. */
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { APP_ENTRY_URL } from './config.js';

export interface WindowSpec {
  preloadPath: string;
  session: Session;
  /** DevTools only when not packaged: they could show decrypted text to anyone at the keyboard. */
  devTools: boolean;
  iconPath?: string;
}

export function mainWindowOptions(spec: WindowSpec): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Tandai',
    backgroundColor: '#f7f6f2',
    ...(spec.iconPath ? { icon: spec.iconPath } : {}),
    webPreferences: {
      preload: spec.preloadPath,
      session: spec.session,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: spec.devTools,
    },
  };
}

type WindowCtor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function createMainWindow(BrowserWindowClass: WindowCtor, spec: WindowSpec): BrowserWindow {
  const win = new BrowserWindowClass(mainWindowOptions(spec));
  // Every window shows transcripts: keep them out of screenshots and screen sharing.
  win.setContentProtection(true);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
