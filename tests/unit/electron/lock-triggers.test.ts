/** When the app locks: screen lock, suspend, and system idle time (a fake powerMonitor and a hand-driven poll). */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLockTriggers } from '../../../electron/main/lock-triggers.js';

function setup(idleLockMs = 10 * 60 * 1000) {
  const monitor = Object.assign(new EventEmitter(), { idleSeconds: 0, getSystemIdleTime() { return this.idleSeconds; } });
  const locks: string[] = [];
  let tick: (() => void) | null = null;
  let stopped = false;
  const stop = installLockTriggers({
    powerMonitor: monitor as never,
    lock: (reason) => locks.push(reason),
    idleLockMs,
    setInterval: (fn) => {
      tick = fn;
      return 1;
    },
    clearInterval: () => {
      stopped = true;
    },
  });
  return { monitor, locks, tick: () => tick!(), stop, stopped: () => stopped };
}

describe('lock triggers (fake powerMonitor)', () => {
  it('locks on screen lock and on suspend', () => {
    const t = setup();
    t.monitor.emit('lock-screen');
    t.monitor.emit('suspend');
    expect(t.locks).toEqual(['screen-lock', 'suspend']);
  });

  it('locks once after 10 minutes of system idle time by default, and again only after the person came back', () => {
    const t = setup();
    t.monitor.idleSeconds = 599;
    t.tick();
    expect(t.locks).toEqual([]);
    t.monitor.idleSeconds = 600;
    t.tick();
    t.monitor.idleSeconds = 900;
    t.tick();
    expect(t.locks).toEqual(['idle']);
    t.monitor.idleSeconds = 3;
    t.tick();
    t.monitor.idleSeconds = 601;
    t.tick();
    expect(t.locks).toEqual(['idle', 'idle']);
  });

  it('honours a shorter idle limit and stops polling when disposed', () => {
    const t = setup(60_000);
    t.monitor.idleSeconds = 60;
    t.tick();
    expect(t.locks).toEqual(['idle']);
    t.stop();
    expect(t.stopped()).toBe(true);
  });
});
