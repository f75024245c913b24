/**
 * The project the export measures share (not a measure itself): the imported .txt corpus (500
 * transcripts at issue scale), opened, with an identity to sign manifests, consent for sharing and
 * a country and interview type on every transcript, 300 codes with every field filled, and 40
 * codings a transcript (20,000 at issue scale) spread over the codes. Made through the router,
 * untimed, once per run.
 */
import type { Code, TranscriptSummary } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import { BENCH_PASSPHRASE, must, type Bench } from '../bench.js';
import { mulberry32 } from '../prng.js';

export const EXPORT_CODES = 300;
export const CODINGS_PER_TRANSCRIPT = 40;
const COUNTRIES = ['Indonesia', 'Philippines', 'Kenya', 'Ethiopia', 'Thailand', 'Cambodia', 'Viet Nam', 'Malaysia', 'Uganda', 'Tanzania', 'Rwanda', 'Mozambique', 'Namibia', 'South Africa'];
const TYPES = ['government', 'justice_stakeholder', 'caregiver', 'survivor', 'frontline_worker'];

export interface ExportBenchProject {
  route: (channel: string, input: unknown) => Promise<Result<unknown>>;
  transcripts: number;
  codes: number;
  codings: number;
  out: string;
}

export function exportBenchProject(b: Bench): Promise<ExportBenchProject> {
  return b.once('export-project', async () => {
    const p = await b.imported('txt');
    const route = (channel: string, input: unknown) => p.backend.route(channel, input);
    const status = must(await route('project.status', {}), 'project.status') as { open: boolean };
    if (!status.open) must(await route('project.open', { path: p.path, passphrase: BENCH_PASSPHRASE }), 'project.open');
    const who = must(await route('identity.status', {}), 'identity.status') as { exists: boolean; unlocked: boolean };
    if (!who.exists) must(await route('identity.create', { displayName: 'Bench Exporter', passphrase: BENCH_PASSPHRASE }), 'identity.create');
    else if (!who.unlocked) must(await route('identity.unlock', { passphrase: BENCH_PASSPHRASE }), 'identity.unlock');

    const list = must(await route('transcripts.list', {}), 'transcripts.list') as TranscriptSummary[];
    b.log(`export: consent and attributes on ${list.length} transcripts, ${EXPORT_CODES} codes, ${list.length * CODINGS_PER_TRANSCRIPT} codings`);
    for (const [i, t] of list.entries()) {
      must(await route('attributes.set', { transcriptId: t.id, key: 'consent_sharing', value: true }), 'attributes.set');
      must(await route('attributes.set', { transcriptId: t.id, key: 'country', value: COUNTRIES[i % COUNTRIES.length] }), 'attributes.set');
      must(await route('attributes.set', { transcriptId: t.id, key: 'interview_type', value: TYPES[i % TYPES.length] }), 'attributes.set');
    }

    // 30 top-level codes with 9 children each.
    const codes: Code[] = [];
    for (let i = 0; codes.length < EXPORT_CODES; i++) {
      const parent = must(
        await route('codes.create', {
          name: `Theme ${i + 1}`,
          shortDefinition: `Short definition of theme ${i + 1}.`,
          definition: `What theme ${i + 1} covers, in two sentences. It is long enough to wrap on the page.`,
          whenToUse: 'When the respondent describes it directly.',
          whenNotToUse: 'When it is only implied.',
          examples: ['an example phrase', 'another example\nover two lines'],
        }),
        'codes.create',
      ) as Code;
      codes.push(parent);
      for (let j = 0; j < 9 && codes.length < EXPORT_CODES; j++) {
        codes.push(must(await route('codes.create', { name: `Sub-theme ${i + 1}.${j + 1}`, parentId: parent.id, definition: `Part of theme ${i + 1}.`, examples: ['a short example'] }), 'codes.create') as Code);
      }
    }

    const rnd = mulberry32(b.settings.seed ^ 0x5eed);
    let codings = 0;
    for (const t of list) {
      for (let k = 0; k < CODINGS_PER_TRANSCRIPT; k++) {
        const len = 40 + Math.floor(rnd() * 400);
        const start = Math.floor(rnd() * Math.max(1, t.chars - len));
        const code = codes[Math.floor(rnd() * codes.length)]!;
        const r = await route('codings.create', { transcriptId: t.id, versionId: t.versionId, start, end: Math.min(t.chars, start + len), codeId: code.id });
        if (r.ok) codings++;
        else if (r.error.code !== 'ALREADY_EXISTS') must(r, 'codings.create');
      }
    }
    return { route, transcripts: list.length, codes: codes.length, codings, out: b.dir('exports') };
  });
}
