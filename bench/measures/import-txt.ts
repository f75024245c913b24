/**
 * Importing the .txt corpus (issue scale: 500 transcripts x 8,000 words) through
 * `backend.route('transcripts.import', { paths: [folder] })` into a new project, timed around
 * that one call. Budgets: <= 5 s, and >= 25% of the raw ceiling (ceiling time / import time), judged
 * against the in-memory ceiling; the share of the ceiling that also reads the files is shown beside it.
 */
import { MB, scaledBudget } from '../harness.js';
import type { Measure } from '../measure.js';
import { rawCeiling, type CeilingRun } from './raw-ceiling.js';

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
    // Texts in scripts written without spaces (Thai in this corpus) are stored without a word
    // count; the app asks for those counts as soon as the import returns (transcripts.countWords).
    // Not part of the import's figure: the transcripts are stored, listed and readable before it.
    const cw = p.countWords;
    b.record({
      metric: 'then transcripts.countWords',
      value: cw.ms / 1000,
      cpu: cw.cpuMs / 1000,
      unit: 's',
      count: cw.counted,
      of: 'transcripts counted after the import',
      note: `Intl.Segmenter over the transcripts in scripts without spaces, in the backend between other requests; import and counts together ${((p.importMs + cw.ms) / 1000).toFixed(2)} s wall`,
    });
    // Judged against the stricter ceiling (texts already in memory); the one that also reads the
    // files, as the import must, is reported beside it. Wall and CPU each against their own kind.
    const pct = (c: CeilingRun) => ({ value: (c.totalMs / p.importMs) * 100, cpu: (c.cpuMs / p.importCpuMs) * 100 });
    const strict = pct(ceiling.median);
    const withRead = pct(ceiling.withRead);
    b.record({
      metric: '% of raw ceiling',
      ...strict,
      unit: '%',
      count: n,
      of: 'transcripts',
      budget: { op: '>=', limit: IMPORT_TXT_BUDGET.ceilingPercent },
      note: `judged: ceiling with the texts in memory, ${(ceiling.median.totalMs / 1000).toFixed(3)} s wall / ${(ceiling.median.cpuMs / 1000).toFixed(3)} s CPU, against import ${s.toFixed(3)} s wall / ${(p.importCpuMs / 1000).toFixed(3)} s CPU; ${IMPORT_TXT_BUDGET.ceilingPercent}% means import <= ${((ceiling.median.totalMs * 100) / IMPORT_TXT_BUDGET.ceilingPercent / 1000).toFixed(2)} s wall`,
    });
    b.record({
      metric: '% of raw ceiling incl. file reads',
      ...withRead,
      unit: '%',
      count: n,
      of: 'transcripts',
      note: `context: ceiling that also reads the files, ${(ceiling.withRead.totalMs / 1000).toFixed(3)} s wall / ${(ceiling.withRead.cpuMs / 1000).toFixed(3)} s CPU (median of 3); ${IMPORT_TXT_BUDGET.ceilingPercent}% of it means import <= ${((ceiling.withRead.totalMs * 100) / IMPORT_TXT_BUDGET.ceilingPercent / 1000).toFixed(2)} s wall`,
    });
  },
};
