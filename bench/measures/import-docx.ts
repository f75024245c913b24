/**
 * Importing the .docx corpus (issue scale: 100 transcripts x 8,000 words) through
 * `transcripts.import` into its own new project. Budget: <= 20 s. The .docx originals are kept
 * (encrypted) in the project, so its size is reported beside the text's, without a budget.
 */
import { MB, scaledBudget } from '../harness.js';
import type { Measure } from '../measure.js';

export const IMPORT_DOCX_BUDGET = { seconds: 20, atCount: 100 };

export const importDocxMeasure: Measure = {
  name: 'import-docx',
  title: 'Import .docx transcripts through transcripts.import',
  scales: 'docx',
  async run(b) {
    const p = await b.imported('docx');
    const n = p.results.length;
    const s = p.importMs / 1000;
    b.record({ metric: 'transcripts.import', value: s, cpu: p.importCpuMs / 1000, unit: 's', count: n, of: 'transcripts', budget: scaledBudget(IMPORT_DOCX_BUDGET.seconds, IMPORT_DOCX_BUDGET.atCount, n, 's') });
    b.record({ metric: 'per transcript', value: p.importMs / n, cpu: p.importCpuMs / n, unit: 'ms', count: n, of: 'transcripts' });
    b.record({ metric: 'throughput (.docx bytes)', value: p.corpus.fileBytes / MB / s, unit: 'MiB/s', count: p.corpus.fileBytes, of: 'bytes of .docx' });
    b.record({ metric: 'words per second', value: p.corpus.stats.words / s, unit: 'words/s', count: p.corpus.stats.words, of: 'words' });
    const sizes = await b.locked('docx');
    b.record({
      metric: '.tandai after lock / text bytes',
      value: sizes.file / p.corpus.stats.textBytes,
      unit: 'x',
      count: n,
      of: 'transcripts',
      note: `${(sizes.file / MB).toFixed(1)} MiB file for ${(p.corpus.stats.textBytes / MB).toFixed(1)} MiB text + ${(p.corpus.fileBytes / MB).toFixed(1)} MiB of .docx originals kept`,
    });
  },
};
