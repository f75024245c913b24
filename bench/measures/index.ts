/**
 * The registry of measures, in the order a default run takes them. To add one: write
 * measures/<name>.ts exporting a `Measure`, and list it here; `--only <name>` then runs it.
 */
import type { Measure } from '../measure.js';
import { corpusMeasure } from './corpus.js';
import { deidScanMeasure } from './deid-scan.js';
import { exportCodebookDocxMeasure } from './export-codebook-docx.js';
import { exportQdpxMeasure } from './export-qdpx.js';
import { fileSizeMeasure } from './file-size.js';
import { importDocxMeasure } from './import-docx.js';
import { importNvivoMeasure } from './import-nvivo.js';
import { importTxtMeasure } from './import-txt.js';
import { kdfMeasure } from './kdf.js';
import { rawCeilingMeasure } from './raw-ceiling.js';
import { retrieveMeasure } from './retrieve.js';
import { unlockMeasure } from './unlock.js';
import { uiReaderMeasure } from './ui-reader.js';
import { uiRetrieveMeasure } from './ui-retrieve.js';
import { mergeMeasure } from './merge.js';
import { agreementMeasure } from './agreement.js';
import { bundleOpenMeasure } from './bundle-open.js';

export const MEASURES: readonly Measure[] = [corpusMeasure, rawCeilingMeasure, importTxtMeasure, fileSizeMeasure, unlockMeasure, importDocxMeasure, kdfMeasure, retrieveMeasure, exportQdpxMeasure, exportCodebookDocxMeasure, importNvivoMeasure, mergeMeasure, agreementMeasure, bundleOpenMeasure, uiReaderMeasure, uiRetrieveMeasure, deidScanMeasure];

export function measureNamed(name: string): Measure | undefined {
  return MEASURES.find((m) => m.name === name);
}
