/** electron/preload loaded with a recording fake of 'electron': what it exposes as window.api. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TandaiApi } from '../../../shared/contract/index.js';
import * as fake from './fake-electron.js';

vi.mock('electron', async () => {
  const m = await import('./fake-electron.js');
  return { ...m, default: m.default };
});

let api: TandaiApi;
beforeAll(async () => {
  await import('../../../electron/preload/index.js');
  api = fake.exposedInMainWorld.get('api') as TandaiApi;
});

describe('preload with fake electron', () => {
  it('exposes exactly one global, api, with exactly invoke, on and pathForFile, frozen', () => {
    expect([...fake.exposedInMainWorld.keys()]).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('passes a contract channel and its input to ipcRenderer.invoke and returns the answer', async () => {
    const before = fake.ipcRenderer.invocations.length;
    const r = await api.invoke('project.info', {});
    expect(r).toEqual({ ok: true, value: { answeredChannel: 'project.info' } });
    expect(fake.ipcRenderer.invocations.slice(before)).toEqual([['project.info', {}]]);
  });

  it.each(['shell.openExternal', 'identity.status ', '__proto__', 'constructor', ''])(
    'refuses the unknown channel %j with UNKNOWN_CHANNEL, without sending anything',
    async (channel) => {
      const before = fake.ipcRenderer.invocations.length;
      const r = await api.invoke(channel as never, {} as never);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(fake.ipcRenderer.invocations.length).toBe(before);
    },
  );

  it('delivers only the payload of a contract event to the page, never the IPC event', () => {
    const got: unknown[][] = [];
    const off = api.on('progress', (...args: unknown[]) => got.push(args));
    fake.ipcRenderer.emit('progress', { sender: fake.ipcRenderer }, { task: 'import', done: 1, total: 3 });
    expect(got).toEqual([[{ task: 'import', done: 1, total: 3 }]]);
    off();
  });

  it('unsubscribes with the function on() returns', () => {
    const got: unknown[] = [];
    const off = api.on('locked', (p) => got.push(p));
    expect(fake.ipcRenderer.listenerCount('locked')).toBe(1);
    off();
    off();
    expect(fake.ipcRenderer.listenerCount('locked')).toBe(0);
    fake.ipcRenderer.emit('locked', {}, { reason: 'idle' });
    expect(got).toEqual([]);
  });

  it('refuses to listen to anything but the contract events', () => {
    expect(() => api.on('identity.status' as never, () => {})).toThrow(/unknown event/);
    expect(() => api.on('progress', 'not a function' as never)).toThrow(TypeError);
    expect(fake.ipcRenderer.listenerCount('identity.status')).toBe(0);
  });

  it('pathForFile asks webUtils.getPathForFile', () => {
    expect(api.pathForFile({ name: 'interview.docx' })).toBe('/picked/interview.docx');
  });
});
