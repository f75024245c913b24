/**
 * Unlocking the imported .txt project and reading every transcript back. The project is locked
 * (checkpointed, closed), then timed: `project.open` with the passphrase, `transcripts.list`, and
 * `transcripts.get` for every transcript (each one decrypts the text and its utterances). The KDF
 * is timed on its own (a bare `deriveKey` with the project's parameters) and subtracted from the
 * open: 3 of each, interleaved, medians. Budget: (open - KDF) + list + every get <= 1 s for that
 * project.
 */
import Database from 'better-sqlite3';
import type { ProjectInfo, TranscriptDetail, TranscriptSummary } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import { deriveKey, SALT_BYTES } from '../../electron/backend/vault/kdf.js';
import { loadSodium } from '../../electron/backend/vault/sodium.js';
import { BENCH_PASSPHRASE, MeasureFailure, must } from '../bench.js';
import { median, timed, type Timed } from '../harness.js';
import type { Measure } from '../measure.js';

export const UNLOCK_BUDGET_S = 1;
const RUNS = 3;

export const unlockMeasure: Measure = {
  name: 'unlock',
  title: 'Unlock after the KDF, plus decrypting every transcript',
  scales: 'txt',
  async run(b) {
    const p = await b.imported('txt');
    await b.locked('txt');
    await loadSodium();
    const n = p.results.length;
    const expectedChars = (await b.txtBytes()).reduce((s, t) => s + new TextDecoder().decode(t).length, 0);

    // Interleaved, so the bare KDF runs under the same conditions as the opens around it.
    const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
    const kdfRuns: Timed<Uint8Array>[] = [];
    const opens: Timed<ProjectInfo>[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (i > 0) must(await p.backend.route('project.lock', {}), 'project.lock');
      kdfRuns.push(await timed(() => deriveKey(BENCH_PASSPHRASE, salt, b.settings.projectKdf)));
      opens.push(await timed(async () => must((await p.backend.route('project.open', { path: p.path, passphrase: BENCH_PASSPHRASE })) as Result<ProjectInfo>, 'project.open')));
    }
    const open = { ms: median(opens.map((r) => r.ms)), cpuMs: median(opens.map((r) => r.cpuMs)) };
    const kdf = median(kdfRuns.map((r) => r.ms));
    const kdfCpu = median(kdfRuns.map((r) => r.cpuMs));
    const list = await timed(async () => must((await p.backend.route('transcripts.list', {})) as Result<TranscriptSummary[]>, 'transcripts.list'));
    if (list.value.length !== n) throw new MeasureFailure(`transcripts.list returned ${list.value.length} transcripts, expected ${n}`);
    const gets = await timed(async () => {
      let chars = 0;
      for (const t of list.value) chars += must((await p.backend.route('transcripts.get', { id: t.id })) as Result<TranscriptDetail>, 'transcripts.get').text.length;
      return chars;
    });
    if (gets.value !== expectedChars) throw new MeasureFailure(`transcripts.get returned ${gets.value} characters in all, expected ${expectedChars}`);

    // Context: SQLite's own quick_check over the file, which project.open runs.
    const ro = new Database(p.path, { readonly: true });
    const qc = await timed(() => ro.pragma('quick_check', { simple: true }));
    ro.close();
    must(await p.backend.route('project.lock', {}), 'project.lock');

    const afterKdf = open.ms - kdf;
    const afterKdfCpu = open.cpuMs - kdfCpu;
    const total = afterKdf + list.ms + gets.ms;
    const totalCpu = afterKdfCpu + list.cpuMs + gets.cpuMs;
    const params = `ops ${b.settings.projectKdf.opsLimit}, ${b.settings.projectKdf.memLimit / 2 ** 20} MiB`;
    const spread = Math.max(...kdfRuns.map((r) => r.ms)) - Math.min(...kdfRuns.map((r) => r.ms));
    b.record({ metric: 'project.open (incl. KDF)', value: open.ms, cpu: open.cpuMs, unit: 'ms', count: RUNS, of: `opens (median), ${n} transcripts`, note: `opens ${opens.map((r) => r.ms.toFixed(0)).join(', ')} ms wall` });
    b.record({ metric: 'KDF alone (bare deriveKey)', value: kdf, cpu: kdfCpu, unit: 'ms', count: RUNS, of: 'runs (median)', note: `${params}; runs ${kdfRuns.map((r) => r.ms.toFixed(0)).join(', ')} ms wall` });
    b.record({
      metric: 'project.open minus KDF',
      value: afterKdf,
      cpu: afterKdfCpu,
      unit: 'ms',
      count: RUNS,
      of: `opens (median), ${n} transcripts`,
      note: `median open minus median bare KDF, interleaved; good to about +/- the KDF's spread (${spread.toFixed(0)} ms wall)${afterKdf < 0 ? '; negative: the machine was busy, read the cpu column' : ''}`,
    });
    b.record({ metric: 'transcripts.list', value: list.ms, cpu: list.cpuMs, unit: 'ms', count: n, of: 'transcripts' });
    b.record({ metric: 'transcripts.get, every transcript', value: gets.ms, cpu: gets.cpuMs, unit: 'ms', count: n, of: 'transcripts', note: `${expectedChars.toLocaleString('en-US')} characters decrypted and checked` });
    b.record({ metric: '  per transcripts.get', value: gets.ms / n, cpu: gets.cpuMs / n, unit: 'ms', count: n, of: 'transcripts' });
    b.record({
      metric: 'unlock after KDF + decrypt all',
      value: total / 1000,
      cpu: totalCpu / 1000,
      unit: 's',
      count: n,
      of: 'transcripts',
      budget: { op: '<=', limit: UNLOCK_BUDGET_S, text: `<= ${UNLOCK_BUDGET_S} s` },
      note: '(project.open - KDF) + transcripts.list + transcripts.get for every transcript; budget judged on wall time',
    });
    b.record({ metric: 'quick_check alone (inside open)', value: qc.ms, cpu: qc.cpuMs, unit: 'ms', count: n, of: 'transcripts in project' });
  },
};
