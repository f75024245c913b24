/**
 * The backend's worker-thread protocol, both ends: electron/backend/worker.ts serving a stand-in
 * backend on a real MessageChannel, and electron/main/worker-host.ts driving a fake Worker.
 */
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../../electron/backend/backend.js';
import { serveBackend, type FromWorker } from '../../../electron/backend/worker.js';
import { createWorkerHost } from '../../../electron/main/worker-host.js';
import { err, ok } from '../../../shared/result.js';

// The protocol is under test, not the backend: keep the real one (and its native modules) out.
vi.mock('../../../electron/backend/backend.js', () => ({ createBackend: vi.fn() }));

const openPorts: MessagePort[] = [];
afterEach(() => openPorts.splice(0).forEach((p) => p.close()));

/** A stand-in backend (the real one needs a keystore and projects): records what it was asked. */
function standInBackend() {
  const calls: Array<[string, unknown]> = [];
  const locks: string[] = [];
  let closed = 0;
  const backend: Backend = {
    async route(channel, input, emit) {
      calls.push([channel, input]);
      if (channel === 'slow') await new Promise((r) => setTimeout(r, 30));
      if (channel === 'transcripts.import') emit?.('progress', { task: 'import', done: 1, total: 1 });
      if (channel === 'throws') throw new Error('plaintext that must not be echoed');
      return ok({ channel });
    },
    lock(reason) {
      locks.push(reason);
    },
    close() {
      closed++;
    },
  };
  return { backend, calls, locks, closed: () => closed };
}

function connect(backend: Promise<Backend>) {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  const received: FromWorker[] = [];
  port2.on('message', (m: FromWorker) => received.push(m));
  let closedCalls = 0;
  serveBackend(port1, backend, () => closedCalls++);
  const until = async (n: number) => {
    for (let i = 0; i < 200 && received.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    return received;
  };
  return { send: (m: unknown) => port2.postMessage(m), received, until, closedCalls: () => closedCalls };
}

describe('backend worker protocol (stand-in backend on a MessageChannel)', () => {
  it('answers each {id, channel, input} with {id, result} from the router', async () => {
    const b = standInBackend();
    const w = connect(Promise.resolve(b.backend));
    w.send({ id: 7, channel: 'project.info', input: { a: 1 } });
    expect(await w.until(1)).toEqual([{ id: 7, result: { ok: true, value: { channel: 'project.info' } } }]);
    expect(b.calls).toEqual([['project.info', { a: 1 }]]);
  });

  it('posts backend events as {event, payload} before the answer', async () => {
    const w = connect(Promise.resolve(standInBackend().backend));
    w.send({ id: 1, channel: 'transcripts.import', input: {} });
    expect(await w.until(2)).toEqual([
      { event: 'progress', payload: { task: 'import', done: 1, total: 1 } },
      { id: 1, result: { ok: true, value: { channel: 'transcripts.import' } } },
    ]);
  });

  it('handles messages in arrival order, so a lock is never overtaken', async () => {
    const b = standInBackend();
    const w = connect(Promise.resolve(b.backend));
    w.send({ id: 1, channel: 'slow', input: {} });
    w.send({ lock: 'idle' });
    w.send({ id: 2, channel: 'project.info', input: {} });
    const got = await w.until(3);
    expect(got.map((m) => ('id' in m ? m.id : 'event' in m ? m.event : 'closed'))).toEqual([1, 'locked', 2]);
    expect(b.locks).toEqual(['idle']);
  });

  it('locks on {lock: reason} and says so with a locked event; ignores an unknown reason', async () => {
    const b = standInBackend();
    const w = connect(Promise.resolve(b.backend));
    w.send({ lock: 'nonsense' });
    w.send({ lock: 'screen-lock' });
    expect(await w.until(1)).toEqual([{ event: 'locked', payload: { reason: 'screen-lock' } }]);
    expect(b.locks).toEqual(['screen-lock']);
  });

  it('a throwing route answers INTERNAL without echoing the error text', async () => {
    const w = connect(Promise.resolve(standInBackend().backend));
    w.send({ id: 3, channel: 'throws', input: {} });
    const [reply] = await w.until(1);
    expect(reply).toEqual({ id: 3, result: err('INTERNAL', 'throws: internal error') });
    expect(JSON.stringify(reply)).not.toContain('plaintext');
  });

  it('answers every call with the startup error when the backend failed to start', async () => {
    const failed = Promise.reject(new Error('keystore folder is not writable'));
    failed.catch(() => {});
    const w = connect(failed);
    w.send({ id: 4, channel: 'identity.status', input: {} });
    expect(await w.until(1)).toEqual([{ id: 4, result: err('INTERNAL', 'backend failed to start: keystore folder is not writable') }]);
  });

  it('on {close: true} locks, closes the backend and reports closed', async () => {
    const b = standInBackend();
    const w = connect(Promise.resolve(b.backend));
    w.send({ close: true });
    expect(await w.until(1)).toEqual([{ closed: true }]);
    expect(b.locks).toEqual(['closed']);
    expect(b.closed()).toBe(1);
    expect(w.closedCalls()).toBe(1);
  });
});

/** Stands in for worker_threads.Worker; replies are driven by the test. */
class FakeWorker extends EventEmitter {
  posted: Array<Record<string, unknown>> = [];
  terminated = false;
  postMessage(m: Record<string, unknown>) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
    this.emit('exit', 1);
    return Promise.resolve(1);
  }
}

function host(closeTimeoutMs = 50) {
  const workers: FakeWorker[] = [];
  const events: Array<[string, unknown]> = [];
  const h = createWorkerHost({
    workerFile: '/app/worker.cjs',
    init: { home: '/home/x/.config/Tandai' },
    spawn: (file, options) => {
      expect(file).toBe('/app/worker.cjs');
      expect(options.workerData).toEqual({ home: '/home/x/.config/Tandai' });
      const w = new FakeWorker();
      workers.push(w);
      return w as never;
    },
    eventNames: ['progress', 'locked'],
    onEvent: (e, p) => events.push([e, p]),
    closeTimeoutMs,
  });
  return { h, workers, events };
}

describe('worker host (fake Worker)', () => {
  it('starts the worker on the first call, not before', () => {
    const t = host();
    expect(t.workers).toHaveLength(0);
    void t.h.call('identity.status', {});
    expect(t.workers).toHaveLength(1);
  });

  it('matches answers to calls by id, whatever order they come back in', async () => {
    const t = host();
    const a = t.h.call('project.info', {});
    const b = t.h.call('team.list', {});
    const [ma, mb] = t.workers[0]!.posted;
    t.workers[0]!.emit('message', { id: mb!.id, result: ok('team') });
    t.workers[0]!.emit('message', { id: ma!.id, result: ok('project') });
    expect(await a).toEqual(ok('project'));
    expect(await b).toEqual(ok('team'));
    expect(ma!.id).not.toBe(mb!.id);
  });

  it('when the worker dies: pending calls fail, the window hears locked (closed), the next call starts a new worker', async () => {
    const t = host();
    const pending = t.h.call('project.info', {});
    t.workers[0]!.emit('exit', 1);
    expect(await pending).toEqual(err('INTERNAL', 'the backend stopped before answering'));
    expect(t.events).toEqual([['locked', { reason: 'closed' }]]);
    void t.h.call('project.info', {});
    expect(t.workers).toHaveLength(2);
  });

  it('sends {lock} to a running worker, and nothing when none runs', () => {
    const t = host();
    t.h.lock('idle');
    expect(t.workers).toHaveLength(0);
    void t.h.call('x', {});
    t.h.lock('suspend');
    expect(t.workers[0]!.posted.at(-1)).toEqual({ lock: 'suspend' });
  });

  it('close asks the worker to close and terminates it if it does not exit in time', async () => {
    const t = host(20);
    void t.h.call('x', {});
    await t.h.close();
    expect(t.workers[0]!.posted.at(-1)).toEqual({ close: true });
    expect(t.workers[0]!.terminated).toBe(true);
    expect(await t.h.call('x', {})).toMatchObject({ ok: false });
  });

  it('close does not terminate a worker that exits by itself', async () => {
    const t = host(1000);
    void t.h.call('x', {});
    const closing = t.h.close();
    t.workers[0]!.emit('exit', 0);
    await closing;
    expect(t.workers[0]!.terminated).toBe(false);
    expect(t.events).toEqual([]);
  });
});
