/**
 * Argon2id (`deriveKey`) at the floor (ops 2, 64 MiB: what tests and this bench's projects use)
 * and at the production setting `calibrateKdf()` picks on this machine (ops 3, the largest of
 * 256/128 MiB that runs in <= 1 s, else 64 MiB). Medians of 3; the calibration is timed once.
 */
import { calibrateKdf, deriveKey, KDF_FLOOR, SALT_BYTES, type KdfParams } from '../../electron/backend/vault/kdf.js';
import { loadSodium } from '../../electron/backend/vault/sodium.js';
import { median, timed, type Timed } from '../harness.js';
import type { Measure } from '../measure.js';

const RUNS = 3;
const label = (p: KdfParams) => `ops ${p.opsLimit}, ${p.memLimit / 2 ** 20} MiB`;

async function derive(p: KdfParams): Promise<{ med: number; cpu: number; runs: number[] }> {
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const runs: Timed<Uint8Array>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timed(() => deriveKey('tandai bench kdf passphrase', salt, p)));
  return { med: median(runs.map((r) => r.ms)), cpu: median(runs.map((r) => r.cpuMs)), runs: runs.map((r) => r.ms) };
}

export const kdfMeasure: Measure = {
  name: 'kdf',
  title: 'Argon2id key derivation at the floor and at the calibrated production setting',
  scales: null,
  async run(b) {
    await loadSodium();
    const floor = await derive(KDF_FLOOR);
    b.record({ metric: `deriveKey at floor (${label(KDF_FLOOR)})`, value: floor.med, cpu: floor.cpu, unit: 'ms', count: RUNS, of: 'runs (median)', note: `runs ${floor.runs.map((x) => x.toFixed(0)).join(', ')} ms wall` });
    const cal = await timed(() => calibrateKdf());
    b.record({ metric: 'calibrateKdf()', value: cal.ms, cpu: cal.cpuMs, unit: 'ms', count: 1, of: 'run', note: `chose ${label(cal.value)}; the choice is timing-based, so a busy machine gets less memory` });
    b.record({ metric: 'calibrated memory', value: cal.value.memLimit / 2 ** 20, unit: 'MiB', count: 1, of: 'run', note: `ops ${cal.value.opsLimit}` });
    const prod = await derive(cal.value);
    b.record({ metric: `deriveKey at calibrated (${label(cal.value)})`, value: prod.med, cpu: prod.cpu, unit: 'ms', count: RUNS, of: 'runs (median)', note: `runs ${prod.runs.map((x) => x.toFixed(0)).join(', ')} ms wall` });
  },
};
