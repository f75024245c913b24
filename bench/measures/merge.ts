/**
 * Merging five coders' bundles into the lead's project in one `merge.apply`: each bundle holds the
 * lead's 300-code codebook with a few edits and new codes (some proposed by two coders), and 20,000
 * codings on the imported .txt corpus (100,000 in all). Budget: <= 3 s.
 *
 * Setup (untimed): a verified copy of the imported .txt project (project.backup) opened by a lead
 * identity; five coder identities added to its team; 300 codes made through codes.create; the
 * bundles written with `writeBundleContent` (the same record format and sealing as bundle.create,
 * from content in memory: building five coder projects of 20,000 codings each through the router
 * would take minutes and measure nothing of the merge). The transcripts' SHA-256 travel inside the
 * seal as bundle.create puts them there.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Backend } from '../../electron/backend/backend.js';
import { readCard } from '../../electron/backend/identity/card.js';
import { Keystore, type UnlockedIdentity } from '../../electron/backend/identity/keystore.js';
import { writeBundleContent, type BundleCoding, type BundleContent, type BundleTranscript, type BundleTextMeta } from '../../electron/backend/services/bundles.js';
import type { MergeResult } from '../../shared/contract/channels/team.js';
import type { Code, Codebook, IdentityInfo, ProjectInfo, TranscriptDetail, TranscriptSummary } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import { BENCH_PASSPHRASE, MeasureFailure, must, type Bench } from '../bench.js';
import { timed } from '../harness.js';
import type { Measure } from '../measure.js';
import { mulberry32 } from '../prng.js';

export const MERGE_BUDGET_S = 3;
export const CODERS = 5;
export const CODES = 300;
export const CODINGS_PER_CODER = 20_000;

export interface TeamBench {
  lead: { backend: Backend; path: string; identity: IdentityInfo; boxPublicKey: Uint8Array };
  coders: UnlockedIdentity[];
  codes: Code[];
  headVersionId: string;
  transcripts: (BundleTranscript & { text: string })[];
  dir: string;
}

const uuidFrom = (rand: () => number) => {
  const h = () => Math.floor(rand() * 0x10000).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-4${h().slice(1)}-8${h().slice(1)}-${h()}${h()}${h()}`;
};

/** The lead's project (a copy of the imported .txt corpus), its identity, five coders and 300 codes. */
export function teamBench(b: Bench): Promise<TeamBench> {
  return b.once('team-bench', async () => {
    const src = await b.imported('txt');
    const dir = b.dir('team');
    // The imported corpus itself (its backend may have another project open: the export measures' copy).
    must(await src.backend.route('project.open', { path: src.path, passphrase: BENCH_PASSPHRASE }), 'project.open');
    const path = join(dir, 'lead.tandai');
    must(await src.backend.route('project.backup', { out: path }), 'project.backup');

    const { backend, home } = await b.backend('team-lead');
    const identity = must((await backend.route('identity.create', { displayName: 'Lead', passphrase: BENCH_PASSPHRASE })) as Result<IdentityInfo>, 'identity.create');
    must((await backend.route('project.open', { path, passphrase: BENCH_PASSPHRASE })) as Result<ProjectInfo>, 'project.open');
    const coders: UnlockedIdentity[] = [];
    for (let i = 0; i < CODERS; i++) {
      const c = new Keystore(join(home, `coder-${i}`)).create(`Coder ${i + 1}`, BENCH_PASSPHRASE, b.settings.projectKdf);
      must(await backend.route('team.add', { card: c.card, role: 'coder' }), 'team.add');
      coders.push(c);
    }
    b.log(`making ${CODES} codes through codes.create`);
    const groups = Math.ceil(CODES / 10);
    const parents: string[] = [];
    for (let g = 0; g < groups; g++) {
      const r = must((await backend.route('codes.create', { name: `Theme ${g + 1}`, definition: `Passages about theme ${g + 1}.` })) as Result<Code>, 'codes.create');
      parents.push(r.id);
    }
    for (let i = groups; i < CODES; i++) {
      must(await backend.route('codes.create', { name: `Code ${i + 1}`, parentId: parents[i % groups]!, definition: `When the speaker talks about topic ${i + 1}.` }), 'codes.create');
    }
    const book = must((await backend.route('codebook.get', {})) as Result<Codebook>, 'codebook.get');
    const list = must((await backend.route('transcripts.list', {})) as Result<TranscriptSummary[]>, 'transcripts.list');
    const transcripts: TeamBench['transcripts'] = [];
    for (const t of list) {
      const d = must((await backend.route('transcripts.get', { id: t.id })) as Result<TranscriptDetail>, 'transcripts.get');
      transcripts.push({
        id: t.id,
        participantId: t.participantId,
        versionId: t.versionId,
        chars: t.chars,
        sha256: createHash('sha256').update(d.text).digest('hex'),
        title: t.title,
        format: t.format,
        encoding: 'utf-8',
        createdAt: t.createdAt,
        hasText: false,
        text: d.text,
      });
    }
    const card = readCard(identity.card);
    return { lead: { backend, path, identity, boxPublicKey: card.boxPublicKey }, coders, codes: book.codes, headVersionId: book.versionId!, transcripts, dir };
  });
}

/** One coder's bundle content: the lead's codebook with edits and new codes, and `n` random codings. */
export function coderContent(tb: TeamBench, coder: UnlockedIdentity, index: number, n: number, seed: number): BundleContent {
  const rand = mulberry32(seed + index * 7919);
  const codes = tb.codes.map((c) => ({ ...c }));
  // Edits of their own: 3 renamed, 3 re-worded (distinct codes per coder: no conflicts).
  for (let k = 0; k < 3; k++) codes[30 + index * 6 + k]!.name = `${codes[30 + index * 6 + k]!.name} (revised ${index + 1})`;
  for (let k = 3; k < 6; k++) codes[30 + index * 6 + k]!.definition = `Reworded by coder ${index + 1}.`;
  // Five new codes; two of them proposed by every coder (matched by name when merged).
  for (let k = 0; k < 5; k++) {
    const name = k < 2 ? `Shared new theme ${k + 1}` : `New theme ${index + 1}.${k}`;
    codes.push({ ...codes[0]!, id: uuidFrom(rand), parentId: null, position: codes.length, name, definition: `Proposed: ${name}.` });
  }
  const codings: BundleCoding[] = [];
  for (let i = 0; i < n; i++) {
    const t = tb.transcripts[Math.floor(rand() * tb.transcripts.length)]!;
    const start = Math.floor(rand() * Math.max(1, t.chars - 400));
    const end = Math.min(t.chars, start + 20 + Math.floor(rand() * 380));
    codings.push({ id: uuidFrom(rand), transcriptId: t.id, versionId: t.versionId, start, end, codeId: codes[Math.floor(rand() * codes.length)]!.id, coderId: coder.id, createdAt: '2026-05-01T00:00:00.000Z', orphaned: false });
  }
  const head = uuidFrom(rand);
  return {
    manifest: {
      formatVersion: 1,
      bundleId: uuidFrom(rand),
      createdAt: new Date().toISOString(),
      sender: { identityId: coder.id, displayName: coder.displayName, fingerprint: coder.fingerprint },
      recipient: { identityId: tb.lead.identity.id, displayName: tb.lead.identity.displayName, fingerprint: tb.lead.identity.fingerprint },
      project: { id: uuidFrom(rand), name: 'bench' },
      country: null,
      auditHead: { count: 1000 + index, hash: '00'.repeat(32) },
      withTranscripts: false,
    },
    codebook: { headVersionId: head, codes },
    versions: [{ id: head, parentId: tb.headVersionId, mergeParentId: null, seq: 1, createdAt: new Date().toISOString(), authorId: coder.id, summary: `coder ${index + 1}'s edits`, codeCount: codes.length }],
    transcripts: tb.transcripts.map(({ text: _t, ...meta }) => meta),
    codings,
  };
}

export function textsOf(tb: TeamBench): Map<string, { meta: BundleTextMeta; text: string }> {
  return new Map(tb.transcripts.map((t) => [t.id, { meta: { transcriptId: t.id, versionId: t.versionId, participantLabel: 'P', utterances: '', attributes: {} }, text: t.text }]));
}

/** The five bundles merged (timed), memoized so the agreement measure reuses the merged project. */
export function mergedTeam(b: Bench): Promise<{ tb: TeamBench; ms: number; cpuMs: number; result: MergeResult; bytes: number }> {
  return b.once('team-merged', async () => {
    const tb = await teamBench(b);
    b.log(`writing ${CODERS} bundles of ${CODINGS_PER_CODER.toLocaleString('en-US')} codings`);
    const paths: string[] = [];
    let bytes = 0;
    tb.coders.forEach((coder, i) => {
      const out = join(tb.dir, `coder-${i + 1}.tandai-bundle`);
      bytes += writeBundleContent(out, coder, { fingerprint: tb.lead.identity.fingerprint, boxPublicKey: tb.lead.boxPublicKey }, coderContent(tb, coder, i, CODINGS_PER_CODER, b.settings.seed));
      paths.push(out);
    });
    const t = await timed(async () => must((await tb.lead.backend.route('merge.apply', { paths })) as Result<MergeResult>, 'merge.apply'));
    const added = t.value.bundles.reduce((s, x) => s + x.codings.added, 0);
    if (added !== CODERS * CODINGS_PER_CODER) throw new MeasureFailure(`merge.apply added ${added} codings, expected ${CODERS * CODINGS_PER_CODER}; not placed: ${t.value.notPlaced}`);
    if (t.value.unresolvedConflicts !== 0) throw new MeasureFailure(`merge.apply left ${t.value.unresolvedConflicts} conflicts: the bench bundles should merge cleanly`);
    return { tb, ms: t.ms, cpuMs: t.cpuMs, result: t.value, bytes };
  });
}

export const mergeMeasure: Measure = {
  name: 'merge',
  title: "Merge five coders' bundles (300 codes, 20,000 codings each) in one merge.apply",
  scales: null,
  async run(b) {
    const m = await mergedTeam(b);
    const total = CODERS * CODINGS_PER_CODER;
    const byName = m.result.bundles.reduce((s, x) => s + x.codes.matchedByName, 0);
    b.record({
      metric: 'merge.apply, 5 bundles',
      value: m.ms / 1000,
      cpu: m.cpuMs / 1000,
      unit: 's',
      count: total,
      of: 'codings',
      budget: { op: '<=', limit: MERGE_BUDGET_S, text: `<= ${MERGE_BUDGET_S} s` },
      note: `${CODERS} bundles (${(m.bytes / 2 ** 20).toFixed(1)} MiB) read and verified, ${CODES} codes each three-way merged (${byName} new codes matched by name), ${total.toLocaleString('en-US')} codings placed on ${m.tb.transcripts.length} transcripts matched by SHA-256 in memory, one transaction (the codings' indexes built once, after the inserts)`,
    });
    b.record({ metric: '  per coding', value: (m.ms * 1000) / total, cpu: (m.cpuMs * 1000) / total, unit: 'µs', count: total, of: 'codings' });
  },
};
