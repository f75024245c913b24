/**
 * The registry of measures, in the order a default run takes them. To add one: write
 * measures/<name>.ts exporting a `Measure`, and list it here; `--only <name>` then runs it.
 */
import type { Measure } from '../measure.js';
import { corpusMeasure } from './corpus.js';
import { fileSizeMeasure } from './file-size.js';
import { importDocxMeasure } from './import-docx.js';
import { importTxtMeasure } from './import-txt.js';
import { kdfMeasure } from './kdf.js';
import { rawCeilingMeasure } from './raw-ceiling.js';
import { unlockMeasure } from './unlock.js';

export const MEASURES: readonly Measure[] = [corpusMeasure, rawCeilingMeasure, importTxtMeasure, fileSizeMeasure, unlockMeasure, importDocxMeasure, kdfMeasure];

export function measureNamed(name: string): Measure | undefined {
  return MEASURES.find((m) => m.name === name);
}
