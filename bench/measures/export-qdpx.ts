/**
 * Exporting the whole project as a .qdpx through `export.run`, timed around that one call: the real
 * gate on a signed-off project (every transcript, code and memo rendered from its decisions and
 * hashed against the sign-off, 500 de-identified renditions), 20,000 codings mapped through the
 * renditions' offset maps and converted to code points, project.qde, the zip, the signed manifest.
 * Budget: <= 10 s at 500 transcripts / 20,000 codings (scaled linearly). Timed after the setup's
 * gate check (the items verified in this session); then first thing after reopening the project,
 * when the gate starts from the facts the last session stored (services/deid/verified-store.ts).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../bench.js';
import { MB, scaledBudget, timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { exportBenchProject } from './export-project.js';

export const EXPORT_QDPX_BUDGET = { seconds: 10, atCount: 500 };

export const exportQdpxMeasure: Measure = {
  name: 'export-qdpx',
  title: 'Export the project as REFI-QDA .qdpx through export.run',
  scales: 'txt',
  async run(b) {
    const p = await exportBenchProject(b);
    const out = join(p.out, 'bench.qdpx');
    const r = await timed(async () => must(await p.route('export.run', { kind: 'qdpx', out, purpose: 'sharing', overwrite: true }), 'export.run') as { manifest: { counts: { codings: number } } });
    const codings = r.value.manifest.counts.codings;
    b.record({ metric: 'export.run qdpx', value: r.ms / 1000, cpu: r.cpuMs / 1000, unit: 's', count: p.transcripts, of: 'transcripts', budget: scaledBudget(EXPORT_QDPX_BUDGET.seconds, EXPORT_QDPX_BUDGET.atCount, p.transcripts, 's'), note: `${codings} codings, ${p.codes} codes; gated: ${p.deid.candidates} candidates, ${p.deid.entities} entities decided, signed off` });
    b.record({ metric: 'qdpx size', value: statSync(out).size / MB, unit: 'MiB', count: p.transcripts, of: 'transcripts' });
    const reopened = await p.reopen();
    const resumed = await timed(async () => must(await p.route('export.run', { kind: 'qdpx', out, purpose: 'sharing', overwrite: true }), 'export.run'));
    b.record({ metric: 'export.run qdpx, first after reopening', value: resumed.ms / 1000, cpu: resumed.cpuMs / 1000, unit: 's', count: p.transcripts, of: 'transcripts', budget: scaledBudget(EXPORT_QDPX_BUDGET.seconds, EXPORT_QDPX_BUDGET.atCount, p.transcripts, 's'), note: `the gate starts from the facts stored when the project closed (close ${reopened.closeMs.toFixed(0)} ms, open ${reopened.openMs.toFixed(0)} ms)` });
  },
};
