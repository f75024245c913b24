/**
 * De-identification (issue 4). Two parts:
 *
 * 1. Scan throughput on one core over the .txt corpus held in memory (the importer's exact text),
 *    every layer on, and each layer alone, in MB/s of UTF-8 text (budget: all layers >= 5 MB/s).
 *    The register layer uses a synthetic register of 200 entries (people with aliases, places,
 *    organisations, numbers) from a fixed seed; compiling the gazetteers is timed apart (once per
 *    process in the app). The corpus's digit and URL density is stated in results.json
 *    (`corpus.txt.density`) and printed with the figures. The scan is warmed up on transcripts outside
 *    the corpus (no cache holds its words or numbers), and each configuration starts with the phone
 *    validations forgotten. Both wall and CPU throughput are given (CPU: the one-core figure on a
 *    shared machine).
 * 2. A project: the corpus imported (untimed) into its own backend, a 200-entry register, then
 *    `deid.scan` timed — every transcript, title, file name, attribute value and memo scanned,
 *    propagated, written as candidates and the queue's entity counts in memory: ready to review
 *    (budget: <= 20 s at 500 transcripts, scaled) — and the review queue's interactions: the first
 *    page (its display values decrypted on first show), the next page, one entity with a page of
 *    its candidates in context, a decision on one candidate, a decision on a whole entity, the
 *    queue after it (budget: each <= 100 ms).
 */
import { join } from 'node:path';
import { loadGazetteers } from '../../electron/backend/services/deid/resources.js';
import { clearPatternCaches } from '../../shared/deid/patterns.js';
import { compileResources, scanText, type CompiledResources } from '../../shared/deid/scan.js';
import { tokenize } from '../../shared/deid/tokens.js';
import { generateTranscript } from '../corpus.js';
import type { Layer, RegisterEntry } from '../../shared/deid/types.js';
import type { Result } from '../../shared/result.js';
import { BENCH_PASSPHRASE, MeasureFailure, must } from '../bench.js';
import { scaledBudget, timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { mixSeed, rng } from '../prng.js';

export const SCAN_MBPS_BUDGET = 5;
export const PROJECT_SCAN_BUDGET_S = 20;
export const QUEUE_BUDGET_MS = 100;

const GIVEN = ['Amina', 'Budi', 'Citra', 'Dewi', 'Eko', 'Faith', 'Grace', 'Hope', 'Intan', 'Joan', 'Kevin', 'Lina', 'Maria', 'Nia', 'Otieno', 'Putri', 'Rina', 'Sari', 'Tuan', 'Wanjiru'];
const FAMILY = ['Achieng', 'Baraka', 'Hakimi', 'Kurnia', 'Lestari', 'Mutua', 'Njeri', 'Ochieng', 'Pratama', 'Santos', 'Saputra', 'Villanueva', 'Wanjiku', 'Nguyen', 'Tran'];
const PLACES = ['Sukamaju', 'Nyalenda', 'Kireka', 'Sakra', 'Cibodas', 'Kibera', 'Tondo', 'Mathare', 'Banjarsari', 'Kawempe'];

/** A synthetic register: 120 people (with aliases), 40 places, 20 organisations, 20 numbers. */
function syntheticRegister(seed: number): RegisterEntry[] {
  const r = rng(mixSeed(seed, 0xde1d));
  const pick = <T>(xs: readonly T[]) => xs[r.int(0, xs.length - 1)]!;
  const out: RegisterEntry[] = [];
  for (let i = 0; i < 120; i++) {
    const g = pick(GIVEN);
    out.push({ kind: 'person', value: `${g} ${pick(FAMILY)}`, aliases: [g], note: 'synthetic' });
  }
  for (let i = 0; i < 40; i++) out.push({ kind: 'place', value: `Desa ${pick(PLACES)} ${i}`, aliases: [], note: '' });
  for (let i = 0; i < 20; i++) out.push({ kind: 'organisation', value: `SMP Negeri ${i + 1} ${pick(PLACES)}`, aliases: [], note: '' });
  for (let i = 0; i < 20; i++) out.push({ kind: 'number', value: `LP/B/${r.int(100, 999)}/${r.int(1, 12)}/2024`, aliases: [], note: '' });
  return out;
}

export const deidScanMeasure: Measure = {
  name: 'deid-scan',
  title: 'De-identification: scan throughput per layer; a project scanned and ready to review; review queue interactions',
  scales: 'txt',
  async run(b) {
    const corpus = await b.corpus('txt');
    const texts = (await b.txtBytes()).map((u) => new TextDecoder().decode(u));
    const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    const mb = bytes / 1e6;
    const n = texts.length;

    const gz = await timed(async () => loadGazetteers());
    b.record({ metric: 'compile gazetteers (once per process)', value: gz.ms, cpu: gz.cpuMs, unit: 'ms', count: gz.value.data.length, of: 'countries', note: `${gz.value.data.reduce((s, g) => s + g.entries.length, 0).toLocaleString('en-US')} place names` });
    const register = syntheticRegister(b.settings.seed);
    const resources: CompiledResources = { gazetteer: gz.value.compiled.gazetteer, register: compileResources({ register }).register };

    // The corpus's density of what the prefilters look for: digits (phones, ids, dates, ages) and
    // links (URLs and e-mails, the only text linkifyjs reads).
    const digits = texts.reduce((n, t) => n + (t.match(/[0-9]/g)?.length ?? 0), 0);
    const links = corpus.stats.pii.url + corpus.stats.pii.email;
    const density = `${((digits / bytes) * 1000).toFixed(1)} digits per 1,000 bytes; ${((corpus.stats.pii.url / corpus.stats.words) * 1000).toFixed(2)} URLs and ${((corpus.stats.pii.email / corpus.stats.words) * 1000).toFixed(2)} e-mails per 1,000 words (${links.toLocaleString('en-US')} links in ${corpus.stats.words.toLocaleString('en-US')} words)`;
    b.log(`deid-scan: corpus density: ${density}`);

    // Warm up (lexicons, JIT) on transcripts that are not in the corpus, so no cache holds the
    // corpus's own words or numbers; then time each configuration over the whole corpus, each with
    // the phone validations forgotten (a project's text is scanned once).
    for (let i = 0; i < 12; i++) scanText(generateTranscript(100_000 + i, { seed: b.settings.seed, words: b.settings.words }).text, { resources });
    const configs: { name: string; layers?: readonly Layer[] }[] = [
      { name: 'all layers' },
      { name: 'tokenisation only (shared by every layer)', layers: [] },
      { name: 'register', layers: ['register'] },
      { name: 'pattern', layers: ['pattern'] },
      { name: 'gazetteer', layers: ['gazetteer'] },
      { name: 'heuristic', layers: ['heuristic'] },
    ];
    for (const c of configs) {
      let found = 0;
      clearPatternCaches();
      const t = await timed(async () => {
        for (const text of texts) {
          if (c.layers && c.layers.length === 0) found += tokenize(text).n;
          else found += scanText(text, { resources, ...(c.layers ? { layers: c.layers } : {}) }).length;
        }
      });
      const mbps = mb / (t.ms / 1000);
      b.record({
        metric: `scan throughput, ${c.name}`,
        value: mbps,
        cpu: mb / (t.cpuMs / 1000),
        unit: 'MB/s',
        count: n,
        of: `transcripts (${mb.toFixed(1)} MB of text, one core)`,
        ...(c.layers ? {} : { budget: { op: '>=' as const, limit: SCAN_MBPS_BUDGET, text: `>= ${SCAN_MBPS_BUDGET} MB/s` } }),
        note: `${found.toLocaleString('en-US')} ${c.layers?.length === 0 ? 'tokens' : 'candidates'}; ${(t.ms / 1000).toFixed(2)} s wall, ${(t.cpuMs / 1000).toFixed(2)} s CPU${c.layers ? '' : `; corpus: ${density}`}`,
      });
    }

    // The project.
    const { backend } = await b.backend('deid');
    const call = async <T>(channel: string, input: unknown): Promise<T> => must((await backend.route(channel, input)) as Result<T>, channel);
    const path = join(b.dir('projects-deid'), 'bench-deid.tandai');
    const identity = await call<{ id: string }>('identity.create', { displayName: 'Bench Researcher', passphrase: BENCH_PASSPHRASE });
    if (!identity.id) throw new MeasureFailure('identity.create returned no identity');
    await call('project.create', { path, passphrase: BENCH_PASSPHRASE, recoveryKey: false });
    b.log(`deid-scan: importing ${corpus.files.length} .txt files (untimed)`);
    await call('transcripts.import', { paths: [corpus.dir] });
    for (const e of register) await call('register.add', e);

    const scan = await timed(() => call<{ documents: number; candidates: number; entities: number; undecided: number }>('deid.scan', {}));
    b.record({
      metric: 'project scanned, propagated, ready to review',
      value: scan.ms / 1000,
      cpu: scan.cpuMs / 1000,
      unit: 's',
      count: n,
      of: 'transcripts',
      budget: scaledBudget(PROJECT_SCAN_BUDGET_S, 500, n, 's'),
      note: `${scan.value.documents.toLocaleString('en-US')} locations; ${scan.value.candidates.toLocaleString('en-US')} candidates in ${scan.value.entities.toLocaleString('en-US')} entities`,
    });

    type Queue = { total: number; entities: { id: string }[] };
    const budget = { op: '<=' as const, limit: QUEUE_BUDGET_MS, text: `<= ${QUEUE_BUDGET_MS} ms` };
    const first = await timed(() => call<Queue>('deid.queue', { status: 'undecided', limit: 50 }));
    if (!first.value.entities.length) throw new MeasureFailure('deid.queue returned no undecided entity after the scan');
    b.record({ metric: 'queue: first page after the scan (display values decrypted)', value: first.ms, cpu: first.cpuMs, unit: 'ms', count: first.value.total, of: 'entities in the queue', budget });
    const again = await timed(() => call<Queue>('deid.queue', { status: 'undecided', limit: 50, offset: 50 }));
    b.record({ metric: 'queue: next page', value: again.ms, cpu: again.cpuMs, unit: 'ms', count: first.value.total, of: 'entities in the queue', budget });
    const target = first.value.entities[0]!.id;
    const entity = await timed(() => call<{ candidates: unknown[] }>('deid.entity', { id: target, contextChars: 80 }));
    b.record({ metric: 'queue: one entity with its candidates in context', value: entity.ms, cpu: entity.cpuMs, unit: 'ms', count: entity.value.candidates.length, of: 'candidates of the most frequent entity', budget });
    const other = first.value.entities[1]?.id;
    if (other) {
      const one = (await call<{ candidates: { id: string }[] }>('deid.entity', { id: other, contextChars: 80, limit: 1 })).candidates[0];
      if (one) {
        const single = await timed(() => call<{ candidates: number }>('deid.decide', { candidateId: one.id, action: 'redact' }));
        b.record({ metric: 'queue: redact one candidate', value: single.ms, cpu: single.cpuMs, unit: 'ms', count: single.value.candidates, of: 'candidate decided', budget });
      }
    }
    const decide = await timed(() => call<{ candidates: number }>('deid.decide', { entityId: target, action: 'replace' }));
    b.record({ metric: 'queue: replace a whole entity', value: decide.ms, cpu: decide.cpuMs, unit: 'ms', count: decide.value.candidates, of: 'candidates decided at once', budget });
    const after = await timed(() => call<Queue>('deid.queue', { status: 'undecided', limit: 50 }));
    b.record({ metric: 'queue: first page after the decision', value: after.ms, cpu: after.cpuMs, unit: 'ms', count: after.value.total, of: 'entities in the queue', budget });
    await call('project.lock', {});
  },
};
