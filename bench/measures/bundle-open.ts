/**
 * Opening a 50 MB bundle: `bundle.open` reads it frame by frame, decrypts, hashes every record,
 * parses everything but the transcript texts, checks the signature, and matches its transcripts
 * with the lead's by SHA-256 in memory. The bundle comes from another project (other transcript ids,
 * the same texts), so matching decrypts and hashes every lead transcript; it carries the corpus's
 * texts and as many codings as make it 50 MiB. Budget: <= 3 s.
 */
import { join } from 'node:path';
import { writeBundleContent } from '../../electron/backend/services/bundles.js';
import type { BundleSummary } from '../../shared/contract/channels/team.js';
import type { Result } from '../../shared/result.js';
import { MeasureFailure, must } from '../bench.js';
import { MB, timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { coderContent, teamBench, textsOf } from './merge.js';

export const BUNDLE_OPEN_BUDGET_S = 3;
const TARGET_BYTES = 50 * MB;
/** Bytes one coding takes in a bundle (JSON in a batch record), measured once below. */
const CODING_BYTES_GUESS = 230;

export const bundleOpenMeasure: Measure = {
  name: 'bundle-open',
  title: 'Open (verify and summarise) a 50 MB bundle',
  scales: null,
  async run(b) {
    const tb = await teamBench(b);
    const coder = tb.coders[0]!;
    const textBytes = tb.transcripts.reduce((s, t) => s + Buffer.byteLength(t.text), 0);
    const recipient = { fingerprint: tb.lead.identity.fingerprint, boxPublicKey: tb.lead.boxPublicKey };
    // Size the codings so the whole bundle is 50 MiB: try, then correct once.
    let n = Math.max(0, Math.round((TARGET_BYTES - textBytes) / CODING_BYTES_GUESS));
    // The sender's own project (a country team's): other transcript ids, the same texts, so the
    // lead's transcripts are matched by SHA-256 of their decrypted texts, not by id.
    const fresh = new Map(tb.transcripts.map((t) => [t.id, { id: globalThis.crypto.randomUUID(), versionId: globalThis.crypto.randomUUID() }]));
    const write = (count: number, name: string) => {
      const content = coderContent(tb, coder, 9, count, b.settings.seed + 1);
      content.transcripts = content.transcripts.map((t) => ({ ...t, ...fresh.get(t.id)!, hasText: true }));
      content.codings = content.codings.map((c) => ({ ...c, transcriptId: fresh.get(c.transcriptId)!.id, versionId: fresh.get(c.transcriptId)!.versionId }));
      content.manifest.withTranscripts = true;
      content.texts = new Map([...textsOf(tb)].map(([id, x]) => [fresh.get(id)!.id, { ...x, meta: { ...x.meta, transcriptId: fresh.get(id)!.id, versionId: fresh.get(id)!.versionId } }]));
      const out = join(tb.dir, name);
      return { out, bytes: writeBundleContent(out, coder, recipient, content) };
    };
    b.log('writing a 50 MiB bundle');
    let w = write(n, 'probe.tandai-bundle');
    n = Math.max(0, Math.round(n + (TARGET_BYTES - w.bytes) / (n > 0 ? (w.bytes - textBytes) / n : CODING_BYTES_GUESS)));
    w = write(n, 'fifty.tandai-bundle');
    const rss0 = process.memoryUsage().rss;
    const t = await timed(async () => must((await tb.lead.backend.route('bundle.open', { path: w.out })) as Result<BundleSummary>, 'bundle.open'));
    const rss1 = process.memoryUsage().rss;
    const s = t.value;
    if (s.counts.codings !== n || s.transcripts.some((x) => x.match !== 'same-text')) throw new MeasureFailure(`bundle.open: ${s.counts.codings} codings (expected ${n}), ${s.transcripts.filter((x) => x.match !== 'same-text').length} transcripts not matched`);
    b.record({
      metric: 'bundle.open',
      value: t.ms / 1000,
      cpu: t.cpuMs / 1000,
      unit: 's',
      count: w.bytes,
      of: 'bytes of bundle',
      budget: { op: '<=', limit: BUNDLE_OPEN_BUDGET_S, text: `<= ${BUNDLE_OPEN_BUDGET_S} s (50 MB)` },
      note: `${(w.bytes / MB).toFixed(1)} MiB: ${tb.transcripts.length} transcript texts (${(textBytes / MB).toFixed(1)} MiB, hashed, not parsed) and ${n.toLocaleString('en-US')} codings; includes matching them with the lead's ${tb.transcripts.length} transcripts by SHA-256 of the decrypted texts, in memory; RSS ${((rss1 - rss0) / MB).toFixed(0)} MiB higher after than before`,
    });
    b.record({ metric: '  throughput', value: w.bytes / MB / (t.ms / 1000), unit: 'MiB/s', count: w.bytes, of: 'bytes of bundle' });
  },
};
