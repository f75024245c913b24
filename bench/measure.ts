/** A named benchmark. Later issues add one file under measures/ and one line in measures/index.ts. */
import type { Bench } from './bench.js';

export interface Measure {
  /** The name `--only` and `--skip` take, e.g. `import-txt`. */
  name: string;
  title: string;
  /** Which corpus `--scale` resizes for this measure; null when it does not process transcripts. */
  scales: 'txt' | 'docx' | null;
  /** Records figures with `b.record`; throws (ideally a MeasureFailure) when it cannot measure. */
  run(b: Bench): Promise<void>;
}
