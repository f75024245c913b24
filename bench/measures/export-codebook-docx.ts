/**
 * Exporting the codebook document as DOCX through `export.run`: the real gate on the signed-off
 * project (every transcript in scope checked, since frequencies come from them; only the quoted
 * ones rendered), 300 codes with every field, three de-identified excerpts each, frequencies by
 * country and interview type over every coding, the terminology check. Budget: <= 3 s for 300
 * codes (not scaled: the codebook is the same at every corpus scale, but the gate's work grows with
 * the corpus). Timed four ways:
 *   - after the setup's gate check (the items verified in this session, as in the app);
 *   - first thing after reopening the project, when the gate starts from the facts the last session
 *     stored (services/deid/verified-store.ts);
 *   - after one coding is added (carried over: no reviewed item holds a coding);
 *   - unbudgeted, after a code is moved within its parent, a write the gate does not carry over: it
 *     renders and hashes every item again.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../bench.js';
import { timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { exportBenchProject } from './export-project.js';

export const EXPORT_DOCX_BUDGET_S = 3;

export const exportCodebookDocxMeasure: Measure = {
  name: 'export-codebook-docx',
  title: 'Export the codebook document (DOCX) through export.run',
  scales: 'txt',
  async run(b) {
    const p = await exportBenchProject(b);
    const out = join(p.out, 'codebook.docx');
    const run = () => timed(async () => must(await p.route('export.run', { kind: 'codebook-docx', out, purpose: 'sharing', overwrite: true }), 'export.run'));
    const figure = (metric: string, t: { ms: number; cpuMs: number }, note: string, budgeted = true) =>
      b.record({ metric, value: t.ms / 1000, cpu: t.cpuMs / 1000, unit: 's', count: p.codes, of: 'codes', ...(budgeted ? { budget: { op: '<=' as const, limit: EXPORT_DOCX_BUDGET_S } } : {}), note });
    figure('export.run codebook-docx', await run(), `${p.codings} codings over ${p.transcripts} transcripts; gated: ${p.deid.candidates} candidates, signed off`);
    b.record({ metric: 'docx size', value: statSync(out).size / 1024, unit: 'KiB', count: p.codes, of: 'codes' });
    const reopened = await p.reopen();
    figure('export.run codebook-docx, first after reopening', await run(), `the gate starts from the facts stored when the project closed (close ${reopened.closeMs.toFixed(0)} ms, open ${reopened.openMs.toFixed(0)} ms)`);
    await p.addCoding();
    figure('export.run codebook-docx, after a coding is added', await run(), 'what the gate verified is carried over the new coding');
    await p.reorderCodes();
    figure('export.run codebook-docx, after any other write', await run(), 'a code moved within its parent: the gate renders and hashes every item again', false);
  },
};
