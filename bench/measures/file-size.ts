/**
 * The project file's size after the .txt import, measured after `project.lock` (which checkpoints
 * with wal_checkpoint(TRUNCATE) and closes), against the UTF-8 bytes of the imported text.
 * Budget: file <= 1.5 x text bytes. The -wal size before the lock and after it are reported too.
 */
import { MB } from '../harness.js';
import type { Measure } from '../measure.js';

export const FILE_SIZE_BUDGET = 1.5;

export const fileSizeMeasure: Measure = {
  name: 'file-size',
  title: 'Project file size after a checkpoint, against the imported text',
  scales: 'txt',
  async run(b) {
    const p = await b.imported('txt');
    const sizes = await b.locked('txt');
    const n = p.results.length;
    const text = p.corpus.stats.textBytes;
    b.record({ metric: 'text imported (UTF-8)', value: text / MB, unit: 'MiB', count: n, of: 'transcripts' });
    b.record({ metric: '.tandai after lock', value: sizes.file / MB, unit: 'MiB', count: n, of: 'transcripts' });
    b.record({ metric: '.tandai / text bytes', value: sizes.file / text, unit: 'x', count: n, of: 'transcripts', budget: { op: '<=', limit: FILE_SIZE_BUDGET } });
    b.record({ metric: '-wal after lock', value: sizes.wal, unit: 'bytes', count: n, of: 'transcripts', note: sizes.walExists ? undefined : 'no -wal file left (removed on close)' });
    b.record({ metric: '-wal before lock (after import)', value: sizes.walBeforeLock / MB, unit: 'MiB', count: n, of: 'transcripts' });
  },
};
