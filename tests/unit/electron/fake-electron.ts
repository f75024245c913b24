/**
 * A recording fake of the 'electron' module, for `vi.mock('electron', …)`. It does what the app
 * asks and remembers it (window options, handlers, schemes), so tests can assert what main and
 * the preload actually passed and can call the handlers they registered. The real Electron
 * binary cannot run on the build machines (see DESIGN "Testing without Electron").
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';

/** An Electron-style event: `preventDefault()` is recorded. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeWebFrame('app://tandai/index.html');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: Array<[string, unknown]> = [];
  reloads = 0;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  reload(): void {
    this.reloads++;
  }
}

export class FakeSession extends EventEmitter {
  beforeRequest: ((details: { url: string; resourceType: string }, cb: (r: { cancel?: boolean }) => void) => void) | null = null;
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  spellCheckerEnabled: boolean | undefined;
  dictionaryDownloadUrl: string | undefined;
  protocolHandlers = new Map<string, (request: Request) => Promise<Response> | Response>();
  webRequest = {
    onBeforeRequest: (listener: FakeSession['beforeRequest']) => {
      this.beforeRequest = listener;
    },
  };
  protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
      this.protocolHandlers.set(scheme, handler);
    },
  };
  constructor(public partition: string) {
    super();
  }
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = h;
  }
  setSpellCheckerEnabled(enabled: boolean): void {
    this.spellCheckerEnabled = enabled;
  }
  setSpellCheckerDictionaryDownloadURL(url: string): void {
    this.dictionaryDownloadUrl = url;
  }
  /** What the request filter answers for a URL. */
  filter(url: string, resourceType = 'script'): boolean | undefined {
    if (!this.beforeRequest) throw new Error(`no onBeforeRequest listener on session "${this.partition}"`);
    let answer: { cancel?: boolean } | undefined;
    this.beforeRequest({ url, resourceType }, (r) => {
      answer = r;
    });
    return answer?.cancel;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  contentProtection: boolean | undefined;
  loadedUrl: string | undefined;
  shown = false;
  destroyed = false;
  constructor(public options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.all.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  setContentProtection(enable: boolean): void {
    this.contentProtection = enable;
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  paths = new Map<string, string>([['appData', path.join(path.sep, 'fake-home', '.config')]]);
  sandboxEnabled = false;
  quitCalls = 0;
  getPath(name: string): string {
    const p = this.paths.get(name);
    if (!p) throw new Error(`fake app: no path "${name}"`);
    return p;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(): void {}
  ready = false;
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      this.ready = true;
    });
  }
}
export const app = new FakeApp();

const sessions = new Map<string, FakeSession>();
export const session = {
  defaultSession: new FakeSession('(default)'),
  fromPartition(partition: string): FakeSession {
    let s = sessions.get(partition);
    if (!s) sessions.set(partition, (s = new FakeSession(partition)));
    return s;
  },
};

export const privilegedSchemes: Array<{ scheme: string; privileges?: Record<string, boolean>; beforeReady: boolean }> = [];
export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    // Electron only honours this before the app is ready.
    for (const s of schemes) privilegedSchemes.push({ ...s, beforeReady: !app.ready });
  },
  handle(): void {
    throw new Error('fake electron: the app must serve app:// on its own session, not the default one');
  },
};

export const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
export const ipcMain = {
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    // Like Electron: a second handler for one channel is an error.
    if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
};

class FakePowerMonitor extends EventEmitter {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}
export const powerMonitor = new FakePowerMonitor();

export const applicationMenus: unknown[] = [];
export const Menu = {
  setApplicationMenu(menu: unknown): void {
    applicationMenus.push(menu);
  },
  buildFromTemplate(template: unknown): unknown {
    return { template };
  },
};

/** The native save dialog: records each question and gives the answer a test set (cancelled by default). */
export const dialog = {
  saveQuestions: [] as Array<{ window: unknown; options: Record<string, unknown> }>,
  nextSaveAnswer: { canceled: true, filePath: '' } as { canceled: boolean; filePath: string },
  async showSaveDialog(a: unknown, b?: unknown): Promise<{ canceled: boolean; filePath: string }> {
    // Like Electron: (window, options) or (options).
    const [window, options] = b === undefined ? [null, a] : [a, b];
    this.saveQuestions.push({ window, options: options as Record<string, unknown> });
    return this.nextSaveAnswer;
  },
};

// Renderer-side modules, for the preload.
export const exposedInMainWorld = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposedInMainWorld.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invocations: Array<[string, unknown]> = [];
  async invoke(channel: string, input: unknown): Promise<unknown> {
    this.invocations.push([channel, input]);
    return { ok: true, value: { answeredChannel: channel } };
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const webUtils = {
  getPathForFile(file: { name?: string }): string {
    return `/picked/${file.name ?? ''}`;
  },
};

export const BrowserWindow = FakeBrowserWindow;

const electron = { app, BrowserWindow, session, protocol, ipcMain, powerMonitor, Menu, dialog, contextBridge, ipcRenderer, webUtils };
export default electron;
