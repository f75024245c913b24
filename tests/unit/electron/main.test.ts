/**
 * electron/main loaded with a recording fake of 'electron' (the binary cannot run here) and a
 * fake worker thread: asserts what main actually passed to Electron and how its handlers answer.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract/channels.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/config.js';
import type { RunningApp } from '../../../electron/main/app.js';
import * as fake from './fake-electron.js';

vi.mock('electron', async () => {
  const m = await import('./fake-electron.js');
  return { ...m, default: m.default };
});

/** Stands in for worker_threads.Worker: answers every call with the channel it got. */
class FakeWorker extends EventEmitter {
  posted: unknown[] = [];
  terminated = false;
  constructor(
    public file: string,
    public options: { workerData: unknown },
  ) {
    super();
  }
  postMessage(message: Record<string, unknown>): void {
    this.posted.push(message);
    if (typeof message.id === 'number') {
      queueMicrotask(() => this.emit('message', { id: message.id, result: { ok: true, value: { echo: message.channel, input: message.input } } }));
    }
    if (message.close === true) queueMicrotask(() => this.emit('exit', 0));
  }
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
}

let tmp: string;
let appDir: string;
let running: RunningApp;
const workers: FakeWorker[] = [];
const logs: string[] = [];

const win = () => fake.FakeBrowserWindow.all[0]!;
const appSession = () => fake.session.fromPartition('tandai');
const invokeEvent = () => ({ sender: win().webContents, senderFrame: win().webContents.mainFrame });
const call = (channel: string, event: unknown, input: unknown = {}) => fake.ipcHandlers.get(channel)!(event, input);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tandai-main-'));
  appDir = path.join(tmp, 'build', 'app');
  mkdirSync(appDir, { recursive: true });
  mkdirSync(path.join(tmp, 'build', 'renderer', 'assets'), { recursive: true });
  writeFileSync(path.join(tmp, 'build', 'renderer', 'index.html'), '<!doctype html><title>Tandai</title>');
  writeFileSync(path.join(tmp, 'build', 'renderer', 'assets', 'app.js'), 'export {}');
  writeFileSync(path.join(tmp, 'build', 'secret.txt'), 'outside the renderer');
  const binding = path.join(tmp, 'better_sqlite3.node');
  writeFileSync(binding, '');

  const { startApp } = await import('../../../electron/main/app.js');
  running = startApp({
    appDir,
    env: { TANDAI_NATIVE_BINDING: binding },
    platform: 'linux',
    log: (line) => logs.push(line),
    spawnWorker: (file, options) => {
      const w = new FakeWorker(file, options);
      workers.push(w);
      return w as never;
    },
  });
  await running.ready;
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('electron main with fake electron: app setup', () => {
  it('registers app:// as a privileged standard, secure scheme before ready, without CORS, CSP bypass or service workers', () => {
    expect(fake.privilegedSchemes).toHaveLength(1);
    const [s] = fake.privilegedSchemes;
    expect(s).toMatchObject({ scheme: 'app', beforeReady: true, privileges: { standard: true, secure: true } });
    expect(s!.privileges?.corsEnabled).toBeFalsy();
    expect(s!.privileges?.bypassCSP).toBeFalsy();
    expect(s!.privileges?.allowServiceWorkers).toBeFalsy();
  });

  it('keeps user data in <appData>/Tandai and turns on the sandbox for every renderer', () => {
    expect(fake.app.getPath('userData')).toBe(path.join(fake.app.getPath('appData'), 'Tandai'));
    expect(fake.app.sandboxEnabled).toBe(true);
  });

  it('installs no application menu on Linux (no reload or DevTools entries)', () => {
    expect(fake.applicationMenus).toEqual([null]);
  });
});

describe('electron main with fake electron: the window', () => {
  it('creates one window with sandbox, context isolation, no node integration, no webview tag, no spellcheck and the preload', () => {
    expect(fake.FakeBrowserWindow.all).toHaveLength(1);
    const prefs = win().options.webPreferences!;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      spellcheck: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: path.join(appDir, 'preload.cjs'),
    });
  });

  it('puts the window on the in-memory "tandai" session, not a persistent one', () => {
    expect(win().options.webPreferences!.session).toBe(appSession());
    expect(appSession().partition.startsWith('persist:')).toBe(false);
  });

  it('turns on content protection and loads app://tandai/index.html', () => {
    expect(win().contentProtection).toBe(true);
    expect(win().loadedUrl).toBe('app://tandai/index.html');
  });

  it('shows the window only once it is ready to show', () => {
    expect(win().shown).toBe(false);
    win().emit('ready-to-show');
    expect(win().shown).toBe(true);
  });
});

describe('electron main with fake electron: the app:// protocol', () => {
  const fetchApp = (url: string) => appSession().protocolHandlers.get('app')!(new Request(url));

  it('is served on the window session from build/renderer with MIME types and the CSP header', async () => {
    const page = await fetchApp('app://tandai/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Tandai</title>');
    const script = await fetchApp('app://tandai/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses a path that climbs out of build/renderer, with the CSP header still on', async () => {
    const r = await fetchApp('app://tandai/..%2fsecret.txt');
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('outside the renderer');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('CSP forbids every connection and every foreign script, frame, form and base', () => {
    for (const d of ["connect-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "default-src 'self'"]) {
      expect(CONTENT_SECURITY_POLICY).toContain(d);
    }
  });
});

describe('electron main with fake electron: session hardening', () => {
  const blocked = [
    'http://example.com/',
    'https://example.com/tracker.js',
    'file:///etc/passwd',
    'ws://127.0.0.1:9222/',
    'wss://example.com/socket',
    'ftp://example.com/x',
    'devtools://devtools/bundled/inspector.html',
    'chrome-extension://abc/x.js',
    'blob:app://tandai/1234',
    'app://evil/index.html',
    'data:text/html,<script>alert(1)</script>',
  ];

  it.each(['tandai', '(default)'])('the %s session cancels every request that is not the app itself', (name) => {
    const ses = name === 'tandai' ? appSession() : fake.session.defaultSession;
    for (const url of blocked) expect(ses.filter(url), url).toBe(true);
    expect(ses.filter('app://tandai/index.html', 'mainFrame')).toBe(false);
    expect(ses.filter('app://tandai/assets/app.js', 'script')).toBe(false);
  });

  it('lets data: URLs through for images only', () => {
    expect(appSession().filter('data:image/png;base64,iVBORw0KGgo=', 'image')).toBe(false);
    expect(appSession().filter('data:text/javascript,alert(1)', 'script')).toBe(true);
  });

  it.each(['tandai', '(default)'])('the %s session denies every permission request and check, and every device', (name) => {
    const ses = name === 'tandai' ? appSession() : fake.session.defaultSession;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'fullscreen', 'openExternal', 'fileSystem']) {
      const answers: boolean[] = [];
      ses.permissionRequestHandler!(win().webContents, permission, (granted) => answers.push(granted), {});
      expect(answers, permission).toEqual([false]);
      expect(ses.permissionCheckHandler!(win().webContents, permission, 'app://tandai', {}), permission).toBe(false);
    }
    expect(ses.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://tandai' })).toBe(false);
  });

  it('turns the spellchecker off and points its dictionary download at a local, non-network URL', () => {
    expect(appSession().spellCheckerEnabled).toBe(false);
    const url = appSession().dictionaryDownloadUrl!;
    expect(url).toBeTruthy();
    expect(url).not.toMatch(/^(https?|ftp|wss?):/);
  });

  it('refuses downloads', () => {
    const e = new fake.FakeEvent();
    appSession().emit('will-download', e, {}, win().webContents);
    expect(e.defaultPrevented).toBe(true);
  });

  it('denies navigation, redirects, frame navigation, new windows and webviews', () => {
    const contents = win().webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = new fake.FakeEvent();
      contents.emit(event, e, 'https://example.com/');
      expect(e.defaultPrevented, event).toBe(true);
    }
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://tandai/index.html' })).toEqual({ action: 'deny' });
  });
});

describe('electron main with fake electron: IPC', () => {
  it('registers one handler for each contract channel and nothing else', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('starts the backend worker with the user data folder and the Electron-ABI better-sqlite3 binding', async () => {
    await call('identity.status', invokeEvent());
    expect(workers).toHaveLength(1);
    expect(workers[0]!.file).toBe(path.join(appDir, 'worker.cjs'));
    expect(workers[0]!.options.workerData).toEqual({ home: fake.app.getPath('userData'), nativeBinding: path.join(tmp, 'better_sqlite3.node') });
  });

  it('forwards a call from the main frame at app://tandai to the backend and returns its Result', async () => {
    const result = await call('project.info', invokeEvent(), { probe: 1 });
    expect(result).toEqual({ ok: true, value: { echo: 'project.info', input: { probe: 1 } } });
  });

  it.each([
    { from: 'a subframe at app://tandai', frame: 'subframe', url: 'app://tandai/index.html', reason: 'a subframe' },
    { from: 'a main frame at another origin', frame: 'main', url: 'https://evil.example/', reason: 'origin https://evil.example' },
    { from: 'a main frame at another app:// host', frame: 'main', url: 'app://evil/index.html', reason: 'origin app://evil' },
    { from: 'a frame that is gone', frame: 'gone', url: '', reason: 'the sending frame is gone' },
    { from: 'another webContents', frame: 'foreign', url: 'app://tandai/index.html', reason: 'not the Tandai window' },
  ])('refuses a call from $from without reaching the backend', async ({ frame, url, reason }) => {
    const contents = win().webContents;
    const original = contents.mainFrame;
    const senderFrame = frame === 'gone' ? null : new fake.FakeWebFrame(url);
    if (frame === 'main') contents.mainFrame = senderFrame!;
    const sender = frame === 'foreign' ? Object.assign(new fake.FakeWebContents(), { mainFrame: senderFrame }) : contents;
    try {
      const before = workers.flatMap((w) => w.posted).length;
      const result = (await call('identity.unlock', { sender, senderFrame }, { passphrase: 'x' })) as { ok: boolean; error: { code: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('FORBIDDEN');
      expect(result.error.message).toContain(reason);
      expect(workers.flatMap((w) => w.posted).length).toBe(before);
    } finally {
      contents.mainFrame = original;
    }
  });

  it('answers shell.chooseSavePath itself with the native save dialog, modal to the window, never asking the backend', async () => {
    const before = workers.flatMap((w) => w.posted).length;
    const question = { suggested: '/home/ayu/study-project.qdpx', filterName: 'REFI-QDA project', extensions: ['qdpx'] };
    fake.dialog.nextSaveAnswer = { canceled: false, filePath: '/home/ayu/exports/study.qdpx' };
    expect(await call('shell.chooseSavePath', invokeEvent(), question)).toEqual({ ok: true, value: { path: '/home/ayu/exports/study.qdpx' } });
    const asked = fake.dialog.saveQuestions.at(-1)!;
    expect(asked.window).toBe(win());
    expect(asked.options).toEqual({
      defaultPath: '/home/ayu/study-project.qdpx',
      filters: [{ name: 'REFI-QDA project', extensions: ['qdpx'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
    });
    fake.dialog.nextSaveAnswer = { canceled: true, filePath: '' };
    expect(await call('shell.chooseSavePath', invokeEvent(), question)).toEqual({ ok: true, value: { path: null } });
    expect(workers.flatMap((w) => w.posted).length).toBe(before);
  });

  it('refuses a malformed save question without showing a dialog, and a call from an untrusted frame like any other', async () => {
    const shown = fake.dialog.saveQuestions.length;
    const bad = (await call('shell.chooseSavePath', invokeEvent(), { suggested: '/x.qdpx', filterName: 'x', extensions: ['.qdpx'] })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const foreign = (await call('shell.chooseSavePath', { sender: win().webContents, senderFrame: null }, { suggested: '/x.qdpx', filterName: 'x', extensions: ['qdpx'] })) as { ok: boolean; error: { code: string } };
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fake.dialog.saveQuestions.length).toBe(shown);
  });

  it('forwards the contract events from the backend to the window, and drops any other', () => {
    const contents = win().webContents;
    const sentBefore = contents.sent.length;
    workers[0]!.emit('message', { event: 'progress', payload: { task: 'import', done: 1, total: 2 } });
    workers[0]!.emit('message', { event: 'not-an-event', payload: {} });
    expect(contents.sent.slice(sentBefore)).toEqual([['progress', { task: 'import', done: 1, total: 2 }]]);
  });
});

describe('electron main with fake electron: locking', () => {
  it.each([
    ['lock-screen', 'screen-lock'],
    ['suspend', 'suspend'],
  ])('on %s asks the backend to lock (%s) and reloads the window to the unlock screen', (event, reason) => {
    const reloads = win().webContents.reloads;
    fake.powerMonitor.emit(event);
    expect(workers[0]!.posted.at(-1)).toEqual({ lock: reason });
    expect(win().webContents.reloads).toBe(reloads + 1);
  });
});

describe('electron main with fake electron: quitting', () => {
  it('holds the quit until the backend worker has closed, then quits', async () => {
    const quitsBefore = fake.app.quitCalls;
    const e = new fake.FakeEvent();
    fake.app.emit('will-quit', e);
    expect(e.defaultPrevented).toBe(true);
    expect(workers[0]!.posted.at(-1)).toEqual({ close: true });
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(quitsBefore + 1));
    // The second will-quit (from that quit) goes through.
    const again = new fake.FakeEvent();
    fake.app.emit('will-quit', again);
    expect(again.defaultPrevented).toBe(false);
  });

  it('quits when the window is closed', () => {
    const quitsBefore = fake.app.quitCalls;
    fake.app.emit('window-all-closed');
    expect(fake.app.quitCalls).toBe(quitsBefore + 1);
  });

  it('a second instance quits at once and opens no window', async () => {
    const { startApp } = await import('../../../electron/main/app.js');
    fake.app.singleInstance = false;
    const quitsBefore = fake.app.quitCalls;
    const second = startApp({ appDir, env: {}, platform: 'linux', spawnWorker: () => new FakeWorker('', { workerData: {} }) as never });
    await second.ready;
    expect(fake.app.quitCalls).toBe(quitsBefore + 1);
    expect(fake.FakeBrowserWindow.all).toHaveLength(1);
    expect(second.window()).toBeNull();
  });
});
