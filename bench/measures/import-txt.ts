/**
 * Importing the .txt corpus (issue scale: 500 transcripts x 8,000 words) through
 * `backend.route('transcripts.import', { paths: [folder] })` into a new project, timed around
 * that one call. Budgets: <= 5 s, and >= 25% of the raw ceiling (ceiling time / import time).
 */
import { MB, scaledBudget } from '../harness.js';
import type { Measure } from '../measure.js';
import { rawCeiling } from './raw-ceiling.js';

export const IMPORT_TXT_BUDGET = { seconds: 5, atCount: 500, ceilingPercent: 25 };

export const importTxtMeasure: Measure = {
  name: 'import-txt',
  title: 'Import .txt transcripts through transcripts.import',
  scales: 'txt',
  async run(b) {
    // The ceiling first, so the import is not timed right after another heavy write.
    const ceiling = await rawCeiling(b);
    const p = await b.imported('txt');
    const n = p.results.length;
    const s = p.importMs / 1000;
    const { textBytes, words } = p.corpus.stats;
    b.record({ metric: 'transcripts.import', value: s, cpu: p.importCpuMs / 1000, unit: 's', count: n, of: 'transcripts', budget: scaledBudget(IMPORT_TXT_BUDGET.seconds, IMPORT_TXT_BUDGET.atCount, n, 's') });
    b.record({ metric: 'per transcript', value: p.importMs / n, cpu: p.importCpuMs / n, unit: 'ms', count: n, of: 'transcripts' });
    b.record({ metric: 'throughput', value: textBytes / MB / s, unit: 'MiB/s', count: textBytes, of: 'bytes of text' });
    b.record({ metric: 'words per second', value: words / s, unit: 'words/s', count: words, of: 'words' });
    b.record({
      metric: '% of raw ceiling',
      value: (ceiling.median.totalMs / p.importMs) * 100,
      cpu: (ceiling.median.cpuMs / p.importCpuMs) * 100,
      unit: '%',
      count: n,
      of: 'transcripts',
      budget: { op: '>=', limit: IMPORT_TXT_BUDGET.ceilingPercent },
      note: `ceiling ${(ceiling.median.totalMs / 1000).toFixed(3)} s (texts in memory) / import ${s.toFixed(3)} s; against the ceiling that also reads the files: ${((ceiling.withRead.totalMs / p.importMs) * 100).toFixed(1)}%`,
    });
  },
};
