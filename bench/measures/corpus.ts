/** The synthetic corpus itself: how long it takes to make, and its PII density (for the de-identification scans). */
import type { Measure } from '../measure.js';
import { MB } from '../harness.js';
import { PII_KINDS } from '../corpus.js';

export const corpusMeasure: Measure = {
  name: 'corpus',
  title: 'Synthetic corpus generation (.txt and .docx) and its PII density',
  scales: null,
  async run(b) {
    for (const format of ['txt', 'docx'] as const) {
      const c = await b.corpus(format);
      const n = c.stats.transcripts;
      b.record({ metric: `generate .${format}`, value: c.ms / 1000, unit: 's', count: n, of: 'transcripts' });
      b.record({ metric: `.${format} file size`, value: c.fileBytes / MB, unit: 'MiB', count: n, of: 'transcripts' });
      b.record({ metric: `.${format} text (UTF-8)`, value: c.stats.textBytes / MB, unit: 'MiB', count: c.stats.words, of: 'words' });
    }
    const txt = await b.corpus('txt');
    const pii = PII_KINDS.reduce((s, k) => s + txt.stats.pii[k], 0);
    b.record({
      metric: 'PII tokens per 1,000 words (.txt)',
      value: (pii / txt.stats.words) * 1000,
      unit: '/1k words',
      count: pii,
      of: 'tokens',
      note: `numbers, dates, phone numbers, e-mails, URLs and names: ${PII_KINDS.map((k) => `${k} ${txt.stats.pii[k]}`).join(', ')} (per-kind targets and measured rates in results.json "corpus")`,
    });
  },
};
