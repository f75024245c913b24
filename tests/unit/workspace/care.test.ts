/** Care for the coder (DESIGN principle 7) and "needs another coder" flags, through the router. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { filesUnder, scanForMarker } from '../helpers/canary.js';
import { PASS } from '../helpers/backend.js';
import { newProjectWithTranscript, type ProjectWithTranscript } from '../helpers/project.js';

let env: ProjectWithTranscript | null = null;
afterEach(() => {
  env?.t.backend.close();
  env = null;
});

const bytes = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));

describe('care.get / care.record', () => {
  it('keeps skips, deferrals, reading time, pacing and the exposure tally in the coder’s own store', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId } = env;
    const empty = await t.call('care.get', {});
    expect(empty).toEqual({ settings: { pacingMinutes: null, showTally: false }, transcripts: {}, days: {} });
    await t.call('care.record', { kind: 'settings', settings: { pacingMinutes: 45 } });
    await t.call('care.record', { kind: 'skip', transcriptId, on: true });
    await t.call('care.record', { kind: 'defer', transcriptId, until: '2031-07-13T09:41:27.123Z' });
    await t.call('care.record', { kind: 'reading', transcriptId, ms: 90_000 });
    await t.call('care.record', { kind: 'reading', transcriptId, ms: 30_000 });
    const state = await t.call('care.record', { kind: 'passageOpened', transcriptId });
    expect(state.settings).toEqual({ pacingMinutes: 45, showTally: false });
    expect(state.transcripts[transcriptId]).toEqual({ skipped: true, deferredUntil: '2031-07-13T09:41:27.123Z' });
    const days = Object.values(state.days);
    expect(days).toEqual([{ readingMs: 120_000, passagesOpened: 1, transcripts: [transcriptId] }]);

    // It is the person's, not the session's: it survives locking the identity.
    await t.call('identity.lock', {});
    expect((await t.fail('care.get', {})).code).toBe('IDENTITY_LOCKED');
    await t.call('identity.unlock', { passphrase: PASS });
    expect(await t.call('care.get', {})).toEqual(state);

    // Un-skipping and un-deferring leave nothing behind; the tally can be cleared.
    await t.call('care.record', { kind: 'skip', transcriptId, on: false });
    await t.call('care.record', { kind: 'defer', transcriptId, until: null });
    const cleared = await t.call('care.record', { kind: 'clearTally' });
    expect(cleared).toEqual({ settings: { pacingMinutes: 45, showTally: false }, transcripts: {}, days: {} });
  });

  it('never writes to the project: the project file is byte-identical after care calls, and no audit entry is added', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId, projectPath } = env;
    const head = (await t.call('project.info', {})).auditHead;
    const before = [bytes(projectPath), bytes(`${projectPath}-wal`)];
    await t.call('care.record', { kind: 'skip', transcriptId, on: true });
    await t.call('care.record', { kind: 'defer', transcriptId, until: '2031-07-13T09:41:27.123Z' });
    await t.call('care.record', { kind: 'reading', transcriptId, ms: 5000 });
    await t.call('care.record', { kind: 'passageOpened', transcriptId });
    expect([bytes(projectPath), bytes(`${projectPath}-wal`)]).toEqual(before);
    expect((await t.call('project.info', {})).auditHead).toEqual(head);
  });

  it('canary: a marker put in care data is found nowhere on disk in any form (project files or identity folder)', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId, dir } = env;
    const marker = '2031-07-13T09:41:27.123Z';
    await t.call('care.record', { kind: 'defer', transcriptId, until: marker });
    expect((await t.call('care.get', {})).transcripts[transcriptId]!.deferredUntil).toBe(marker);
    await t.call('project.lock', {});
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('private.bin'))).toBe(true);
    expect(files.some((f) => f.endsWith('.tandai'))).toBe(true);
    expect(scanForMarker(files, marker)).toEqual([]);
    // The scan can find the marker when it is there (the test is not blind).
    expect(scanForMarker([...files, ...writeProbe(dir, marker)], marker).length).toBeGreaterThan(0);
  });

  it('needs an identity, but no project', async () => {
    env = await newProjectWithTranscript({ withIdentity: false });
    expect((await env.t.fail('care.get', {})).code).toBe('NO_IDENTITY');
  });
});

describe('flags.needsAnotherCoder', () => {
  it('stores only which transcript needs another coder: no who, no why, no time, no audit entry', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId, projectPath } = env;
    const other = await env.importAnother('Interviewer: Another synthetic interview.\nRespondent: Yes.\n');
    const head = (await t.call('project.info', {})).auditHead;
    await t.call('flags.needsAnotherCoder.set', { transcriptId, on: true });
    await t.call('flags.needsAnotherCoder.set', { transcriptId, on: true }); // twice is once
    expect(await t.call('flags.list', {})).toEqual({ needsAnotherCoder: [transcriptId] });
    expect((await t.call('project.info', {})).auditHead).toEqual(head);

    await t.call('project.lock', {});
    const db = new Database(projectPath, { readonly: true });
    try {
      const columns = (db.prepare('PRAGMA table_info(transcript_flags)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).toEqual(['transcript_id', 'flag']);
      expect(db.prepare('SELECT * FROM transcript_flags').all()).toEqual([{ transcript_id: transcriptId, flag: 'needs_another_coder' }]);
    } finally {
      db.close();
    }
    await t.call('project.open', { path: projectPath });
    await t.call('flags.needsAnotherCoder.set', { transcriptId: other.transcriptId, on: true });
    await t.call('flags.needsAnotherCoder.set', { transcriptId, on: false });
    expect(await t.call('flags.list', {})).toEqual({ needsAnotherCoder: [other.transcriptId] });
    expect((await t.fail('flags.needsAnotherCoder.set', { transcriptId: '00000000-0000-4000-8000-000000000000', on: true })).code).toBe('NOT_FOUND');
  });

  it('goes with the transcript when its participant withdraws', async () => {
    env = await newProjectWithTranscript();
    const { t, transcriptId, participantId } = env;
    await t.call('flags.needsAnotherCoder.set', { transcriptId, on: true });
    await t.call('participants.withdraw', { participantId });
    expect(await t.call('flags.list', {})).toEqual({ needsAnotherCoder: [] });
  });
});

/** A file holding the marker in plain text, to show the scanner sees it. */
function writeProbe(dir: string, marker: string): string[] {
  const p = join(dir, 'probe.txt');
  writeFileSync(p, `x${marker}x`);
  return [p];
}
