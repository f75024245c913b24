/**
 * Intercoder agreement for two coders over the imported .txt corpus (500 transcripts) at character
 * level: `agreement.compute` for every code (300 and the merged new ones), after the merge measure
 * put 20,000 codings per coder in the project. Budget: <= 5 s.
 */
import type { AgreementReport } from '../../shared/contract/channels/team.js';
import type { Result } from '../../shared/result.js';
import { MeasureFailure, must } from '../bench.js';
import { timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { mergedTeam } from './merge.js';

export const AGREEMENT_BUDGET_S = 5;

export const agreementMeasure: Measure = {
  name: 'agreement',
  title: 'Agreement for 2 coders over the corpus at character level',
  scales: 'txt',
  async run(b) {
    const { tb } = await mergedTeam(b);
    const coders = [tb.coders[0]!.id, tb.coders[1]!.id];
    const t = await timed(async () => must((await tb.lead.backend.route('agreement.compute', { coders, unit: 'char' })) as Result<AgreementReport>, 'agreement.compute'));
    const r = t.value;
    if (r.transcripts === 0) throw new MeasureFailure('agreement.compute found no transcript coded by both coders');
    b.record({
      metric: 'agreement.compute, char units',
      value: t.ms / 1000,
      cpu: t.cpuMs / 1000,
      unit: 's',
      count: r.transcripts,
      of: 'transcripts',
      budget: { op: '<=', limit: AGREEMENT_BUDGET_S, text: `<= ${AGREEMENT_BUDGET_S} s` },
      note: `${r.perCode.length} codes, ${r.overall.units.toLocaleString('en-US')} code-character units (weighted runs, not one row per character); overall alpha ${r.overall.krippendorffAlpha?.toFixed(4) ?? 'n/a'}`,
    });
    const e = await timed(async () => must((await tb.lead.backend.route('agreement.compute', { coders, unit: 'char', excludeUncoded: true })) as Result<AgreementReport>, 'agreement.compute'));
    b.record({ metric: '  with uncoded text left out', value: e.ms / 1000, cpu: e.cpuMs / 1000, unit: 's', count: r.transcripts, of: 'transcripts' });
  },
};
