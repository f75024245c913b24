/**
 * A `.qdpx`: a zip with `project.qde` at the root and a flat, lower-case `sources/` folder of
 * `<GUID>.txt` files (REFI-QDA §8.1–8.4), made in memory.
 */
import type { QdeOutput } from '../../../../shared/interchange/export/qde.js';
import { zip } from './zip.js';

export function packQdpx(out: QdeOutput, modified: Date): Uint8Array {
  const enc = new TextEncoder();
  return zip([{ name: 'project.qde', data: enc.encode(out.qde) }, ...out.sources.map((s) => ({ name: s.path, data: enc.encode(s.text) }))], modified);
}
