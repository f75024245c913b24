/**
 * export.*: every file that leaves a project. Each export
 *  1. refuses at once without an unlocked identity (the manifest must be signed) or when a file it
 *     would write already exists;
 *  2. asks the export gate (`authorise`) for the scope, and takes from the project only what the
 *     gate returns (renditions with offset maps, the codebook, the sign-off, the label) plus the
 *     coding ranges, mapped through each rendition's offset map;
 *  3. builds every file in memory, writes it beside its final path and renames it into place;
 *  4. records an audit entry (kinds, hashes, counts, transcript ids), then writes the manifest,
 *     signed with the exporter's identity key, carrying the audit head after that entry.
 * The gate's de-identification parts (rendition source, memo text, terminology check) come from
 * `gatedExportDeps`, the only dependencies the backend wires: a project that was not scanned,
 * decided and signed off is refused before anything is written.
 */
import { rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import pkg from '../../../package.json' with { type: 'json' };
import type { ExportKind, ExportManifest } from '../../../shared/contract/channels/exports.js';
import type { Code, Emit } from '../../../shared/contract/index.js';
import { buildCodebookReport, excerptCodings, type TerminologyChecker } from '../../../shared/interchange/export/codebook-report.js';
import { renderCodebookHtml } from '../../../shared/interchange/export/codebook-html.js';
import type { ExportCoding, ExportMemo, ExportModel, ExportUser, ExportVariable } from '../../../shared/interchange/export/model.js';
import { buildQdc } from '../../../shared/interchange/export/qdc.js';
import { buildQde } from '../../../shared/interchange/export/qde.js';
import { frequencyTable, segmentsTable, toCsv } from '../../../shared/interchange/export/segments.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { codebookDocx } from '../formats/export/codebook-docx.js';
import { guidDeriver } from '../formats/export/guid.js';
import { packQdpx } from '../formats/export/qdpx.js';
import { segmentsXlsx } from '../formats/export/segments-xlsx.js';
import { checkWritable, writeFileAtomic } from '../formats/export/write-file.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { fingerprint } from '../vault/words.js';
import { deidMemoText, deidRenditionSource, terminologyChecker } from './deid/gate.js';
import { carryOver } from './deid/verified.js';
import { authorise, type Authorisation, type ExportScope, type RenditionSource } from './export-gate.js';
import { MANIFEST_SUFFIX, sha256Hex, signDocument, signerOf, verifyExport } from './manifest.js';
import { attributeDefs } from './transcripts.js';

export const ORIGIN = `Tandai ${pkg.version}`;

export interface ExportDeps {
  renditionSource: (p: OpenProject) => RenditionSource;
  /** The terminology checker for codebook documents; null: the document says no check was run. */
  terminology: TerminologyChecker | null;
  /** Memo text as it may leave the project: its de-identified rendition, or withheld. */
  memoText: (p: OpenProject, memo: ExportMemo) => string;
  now: () => Date;
}

/**
 * The real gate: renditions, memo text and the terminology check of the de-identification service.
 * The terminology list is read on first use (a missing resources folder fails that export, naming
 * the file, not the backend's start).
 */
export function gatedExportDeps(resourcesDir?: string, now: () => Date = () => new Date()): ExportDeps {
  let check: TerminologyChecker | null = null;
  return {
    renditionSource: () => deidRenditionSource(),
    terminology: (text) => (check ??= terminologyChecker(resourcesDir))(text),
    memoText: deidMemoText,
    now,
  };
}

type Excluded = ExportManifest['excluded'];

/** Files an export of `kind` to `out` writes (data files first; the manifest is `out` + MANIFEST_SUFFIX). */
export function exportPaths(kind: ExportKind, out: string): string[] {
  if (kind !== 'segments-csv') return [out];
  const stem = out.toLowerCase().endsWith('.csv') ? out.slice(0, -4) : out;
  return [out, `${stem}.frequencies.csv`];
}

/** The identity that signs: exports need it unlocked, and say so before doing anything. */
function requireSigner(ctx: Ctx): UnlockedIdentity {
  if (ctx.identity) return ctx.identity;
  if (ctx.keystore.exists()) throw new TandaiError('IDENTITY_LOCKED', 'exports are signed with your identity key: unlock your identity first');
  throw new TandaiError('NO_IDENTITY', 'exports are signed with your identity key: create an identity first (this computer has none)');
}

interface CodingRow {
  id: string;
  transcript_id: string;
  start: number;
  end: number;
  code_id: string;
  coder_id: string | null;
  created_at: string;
  orphaned: number;
}

interface MemoRow {
  id: string;
  target_kind: 'project' | 'transcript' | 'code' | 'coding';
  target_id: string | null;
  participant_id: string | null;
  body_ct: Uint8Array;
  author_id: string | null;
  created_at: string;
  updated_at: string;
}

function addExcluded(list: Excluded, what: Excluded[number]['what'], reason: string, id: string): void {
  const e = list.find((x) => x.what === what && x.reason === reason);
  if (e) {
    e.ids.push(id);
    e.count++;
  } else list.push({ what, reason, count: 1, ids: [id] });
}

export interface AssembledExport {
  model: ExportModel;
  excluded: Excluded;
}

/**
 * The model every builder takes: the gate's renditions and codebook; codings on those renditions'
 * versions mapped through their offset maps (the gate's `codingRanges`); memos on what is in the
 * export (when `withMemos`); the team; the attributes in use. Everything else is named (by id) in
 * `excluded`. With `texts: false` (the codebook document) sources carry no text until
 * `withExcerptTexts` fills in the ones quoted.
 */
export function assembleExport(p: OpenProject, auth: Authorisation, who: UnlockedIdentity, deps: ExportDeps, opts: { withCodings: boolean; withMemos: boolean; texts?: boolean }): AssembledExport {
  const excluded: Excluded = [];
  for (const e of auth.excluded) addExcluded(excluded, 'participant', e.reason, e.id);
  const inScope = new Set(auth.heads.map((r) => r.transcriptId));
  for (const { id } of p.db.prepare('SELECT id FROM transcripts ORDER BY created_at, id').all() as { id: string }[]) {
    if (!inScope.has(id)) addExcluded(excluded, 'transcript', 'not in the export scope', id);
  }

  const codes: Code[] = auth.codebook;
  const codeIds = new Set(codes.map((c) => c.id));
  const codings: ExportCoding[] = [];
  if (opts.withCodings) {
    const stmt = p.db.prepare('SELECT id, transcript_id, start, "end", code_id, coder_id, created_at, orphaned FROM codings WHERE version_id = ? ORDER BY start, "end", id');
    for (const r of auth.heads) {
      const ranges = auth.codingRanges(r.transcriptId);
      for (const c of stmt.all(r.versionId) as CodingRow[]) {
        if (c.orphaned === 1) {
          addExcluded(excluded, 'coding', 'its text was deleted by a transcript correction', c.id);
          continue;
        }
        if (!codeIds.has(c.code_id)) {
          addExcluded(excluded, 'coding', 'its code is not in the exported codebook', c.id);
          continue;
        }
        const mapped = ranges.get(c.id) ?? auth.rendition(r.transcriptId).map.mapRange(c.start, c.end, 'shrink');
        if (mapped.collapsed) {
          addExcluded(excluded, 'coding', 'its text was removed by de-identification', c.id);
          continue;
        }
        codings.push({ id: c.id, transcriptId: c.transcript_id, codeId: c.code_id, coderId: c.coder_id, createdAt: c.created_at, start: mapped.start, end: mapped.end });
      }
    }
  }

  const memos: ExportMemo[] = [];
  if (opts.withMemos) {
    const codingIds = new Set(codings.map((c) => c.id));
    for (const r of p.db.prepare('SELECT * FROM memos ORDER BY created_at, id').all() as MemoRow[]) {
      const wanted =
        r.target_kind === 'project' ||
        (r.target_kind === 'code' && codeIds.has(r.target_id!)) ||
        (r.target_kind === 'transcript' && inScope.has(r.target_id!)) ||
        (r.target_kind === 'coding' && codingIds.has(r.target_id!));
      if (!wanted) {
        // Never decrypted: a memo on something outside the export stays sealed.
        addExcluded(excluded, 'memo', `its ${r.target_kind} is not in the export`, r.id);
        continue;
      }
      const target = r.target_kind === 'project' ? ({ kind: 'project' } as const) : { kind: r.target_kind, id: r.target_id! };
      const memo: ExportMemo = {
        id: r.id,
        target,
        body: p.openText('memos', r.id, 'body', r.participant_id ?? PROJECT_KEY_ID, r.body_ct),
        authorId: r.author_id,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
      memos.push({ ...memo, body: deps.memoText(p, memo) });
    }
  }

  // Users: the team, then anyone else who coded or wrote a memo in the export.
  const users: ExportUser[] = (p.db.prepare('SELECT identity_id, name_ct FROM team ORDER BY added_at, identity_id').all() as { identity_id: string; name_ct: Uint8Array }[]).map((r) => ({
    id: r.identity_id,
    name: p.openText('team', r.identity_id, 'name', PROJECT_KEY_ID, r.name_ct),
  }));
  const known = new Set(users.map((u) => u.id));
  for (const id of [...codings.map((c) => c.coderId), ...memos.map((m) => m.authorId)]) {
    if (id && !known.has(id)) {
      known.add(id);
      users.push({ id, name: `Coder ${id.slice(0, 8)} (not in the team list)` });
    }
  }

  const used = new Set(auth.heads.flatMap((r) => Object.keys(r.attributes)));
  const variables: ExportVariable[] = attributeDefs(p)
    .filter((d) => used.has(d.key))
    .map((d) => ({ key: d.key, name: d.name, type: d.type }));

  const v = p.db.prepare('SELECT id, seq, created_at FROM codebook_versions ORDER BY seq DESC LIMIT 1').get() as { id: string; seq: number; created_at: string } | undefined;
  const model: ExportModel = {
    project: { id: p.id, name: p.header.name },
    createdAt: deps.now().toISOString(),
    exporter: { id: who.id, name: who.displayName },
    origin: ORIGIN,
    codebookVersion: v ? { id: v.id, seq: v.seq, createdAt: v.created_at } : null,
    codes,
    // Without texts (the codebook document), a source's text is filled in only where it is quoted (withExcerptTexts).
    sources: auth.heads.map((r) => ({ id: r.transcriptId, versionId: r.versionId, participantId: r.participantId, participantLabel: r.participantLabel, title: r.title, text: opts.texts === false ? '' : auth.rendition(r.transcriptId).text, attributes: r.attributes })),
    codings,
    memos,
    users,
    variables,
  };
  return { model, excluded };
}

/** Fills in the rendition text of exactly the sources the codebook document quotes (excerptCodings). */
export function withExcerptTexts(m: ExportModel, auth: Authorisation): void {
  const quoted = new Set<string>();
  for (const { picked } of excerptCodings(m).values()) for (const c of picked) quoted.add(c.transcriptId);
  for (const s of m.sources) if (quoted.has(s.id)) s.text = auth.rendition(s.id).text;
}

interface Built {
  /** Data files in the order of `exportPaths`. */
  files: Uint8Array[];
  counts: ExportManifest['counts'];
}

const encode = (s: string) => new TextEncoder().encode(s);

async function build(kind: ExportKind, m: ExportModel, label: string, deps: ExportDeps, nvivo: boolean): Promise<Built> {
  const participants = new Set(m.sources.map((s) => s.participantId)).size;
  const counts = { transcripts: m.sources.length, participants, codes: m.codes.length, codings: m.codings.length, memos: m.memos.length };
  const needCodes = () => {
    if (m.codes.length === 0) throw new TandaiError('CONFLICT', 'the codebook has no codes yet: there is nothing to export');
  };
  switch (kind) {
    case 'qdc':
      needCodes();
      return { files: [encode(buildQdc(m.codes, m.origin))], counts };
    case 'qdpx': {
      const out = buildQde(m, { unit: nvivo ? 'utf16' : 'code-points', guidFor: guidDeriver(m.project.id) });
      return { files: [packQdpx(out, new Date(m.createdAt))], counts: { ...counts, codings: out.counts.codings, memos: out.counts.notes } };
    }
    case 'codebook-html':
    case 'codebook-docx': {
      needCodes();
      const report = buildCodebookReport(m, label, { terminology: deps.terminology });
      return { files: [kind === 'codebook-html' ? encode(renderCodebookHtml(report)) : await codebookDocx(report)], counts };
    }
    case 'segments-csv':
      return { files: [encode(toCsv(segmentsTable(m))), encode(toCsv(frequencyTable(m)))], counts };
    case 'segments-xlsx':
      return { files: [await segmentsXlsx(segmentsTable(m), frequencyTable(m), { creator: `${m.exporter.name} (${m.origin})`, created: new Date(m.createdAt) })], counts };
  }
}

export interface RunInput {
  kind: ExportKind;
  out: string;
  purpose: ExportScope['purpose'];
  transcriptIds?: string[];
  nvivoPositions?: boolean;
  overwrite?: boolean;
}

export async function runExport(ctx: Ctx, input: RunInput, deps: ExportDeps = gatedExportDeps(ctx.options.resourcesDir), emit: Emit = () => {}) {
  const who = requireSigner(ctx);
  const p = ctx.requireProject();
  if (input.nvivoPositions && input.kind !== 'qdpx') throw new TandaiError('INVALID_INPUT', `NVivo positions apply to a .qdpx only, not to ${input.kind}`);
  if (input.kind === 'qdc' && input.transcriptIds) throw new TandaiError('INVALID_INPUT', 'a .qdc holds only the codebook: choosing transcripts does not apply');
  const out = resolve(input.out);
  const paths = exportPaths(input.kind, out);
  const manifestPath = `${out}${MANIFEST_SUFFIX}`;
  checkWritable([...paths, manifestPath], input.overwrite === true);

  // A codebook file carries no transcript: its scope is empty, so no participant's consent is needed for it.
  const scope: ExportScope = { purpose: input.purpose, transcriptIds: input.kind === 'qdc' ? [] : input.transcriptIds };
  // The codebook document quotes a few excerpts: the whole scope is checked, only their sources are rendered.
  const quotesOnly = input.kind === 'codebook-docx' || input.kind === 'codebook-html';
  const auth = authorise(p, scope, deps.renditionSource(p), { texts: !quotesOnly });
  emit('progress', { task: 'export', done: 1, total: 4, item: 'authorised' });
  const kindUses = { codings: input.kind !== 'qdc', memos: input.kind === 'qdpx' || input.kind.startsWith('segments-') };
  const { model, excluded } = assembleExport(p, auth, who, deps, { withCodings: kindUses.codings, withMemos: kindUses.memos, texts: !quotesOnly });
  if (quotesOnly) withExcerptTexts(model, auth);
  const built = await build(input.kind, model, auth.label, deps, input.nvivoPositions === true);
  emit('progress', { task: 'export', done: 2, total: 4, item: 'built' });

  const files = built.files.map((data, i) => ({ path: paths[i]!, name: basename(paths[i]!), sha256: sha256Hex(data), bytes: data.length, data }));
  const written: string[] = [];
  try {
    for (const f of files) {
      writeFileAtomic(f.path, f.data);
      written.push(f.path);
    }
    emit('progress', { task: 'export', done: 3, total: 4, item: 'written' });
    // The audit entry changes nothing an export is made of: what the gate verified stays verified.
    carryOver(p, () =>
      p.tx(() =>
        p.audit('export.write', null, {
          kind: input.kind,
          purpose: input.purpose,
          label: auth.label,
          // Hashes and sizes, not names: a person chose the names, and the log keeps no free text.
          files: files.map((f) => ({ sha256: f.sha256, bytes: f.bytes })),
          transcripts: model.sources.map((s) => s.id),
          counts: built.counts,
          signer: who.fingerprint,
        }),
      ),
    );
    const unsigned = {
      format: 'tandai-export-manifest' as const,
      version: 1 as const,
      kind: input.kind,
      purpose: input.purpose,
      createdAt: model.createdAt,
      project: { id: p.id },
      files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
      label: auth.label,
      excluded,
      counts: built.counts,
      positions: input.kind === 'qdpx' ? (input.nvivoPositions ? ('utf16' as const) : ('code-points' as const)) : null,
      reviewer: auth.signOff,
      auditHead: p.header.audit,
      exporter: signerOf(who),
    };
    const manifest: ExportManifest = signDocument(unsigned, who);
    writeFileAtomic(manifestPath, encode(`${JSON.stringify(manifest, null, 2)}\n`));
    emit('progress', { task: 'export', done: 4, total: 4, item: 'signed' });
    return { files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })), manifestPath, manifest, label: auth.label };
  } catch (e) {
    // An export without its manifest is not an export: take the data files back.
    for (const w of written) rmSync(w, { force: true });
    throw e;
  }
}

/** The team list as a signed team file (for `tandai verify --team` elsewhere). */
export function writeTeamFile(ctx: Ctx, out: string, overwrite: boolean, now: Date = new Date()) {
  const who = requireSigner(ctx);
  const p = ctx.requireProject();
  const path = resolve(out);
  checkWritable([path], overwrite);
  const rows = p.db.prepare('SELECT identity_id, role, sign_pub, box_pub, name_ct FROM team ORDER BY added_at, identity_id').all() as { identity_id: string; role: 'coder' | 'lead' | 'reviewer'; sign_pub: Uint8Array; box_pub: Uint8Array; name_ct: Uint8Array }[];
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const doc = signDocument(
    {
      format: 'tandai-team' as const,
      version: 1 as const,
      project: { id: p.id },
      exportedAt: now.toISOString(),
      members: rows.map((r) => ({
        id: r.identity_id,
        name: p.openText('team', r.identity_id, 'name', PROJECT_KEY_ID, r.name_ct),
        role: r.role,
        fingerprint: fingerprint(r.sign_pub, r.box_pub),
        signPublicKey: b64(r.sign_pub),
        boxPublicKey: b64(r.box_pub),
      })),
      signedBy: signerOf(who),
    },
    who,
  );
  const data = encode(`${JSON.stringify(doc, null, 2)}\n`);
  writeFileAtomic(path, data);
  p.tx(() => p.audit('team.export', null, { members: rows.length, sha256: sha256Hex(data) }));
  return { path, members: rows.length, sha256: sha256Hex(data) };
}

/** The export channels over the real gate; `now` is the only thing a caller may choose. */
export function exportHandlers(ctx: Ctx, opts: { now?: () => Date } = {}): HandlerGroup<'export.run' | 'export.verify' | 'export.teamFile'> {
  const d = gatedExportDeps(ctx.options.resourcesDir, opts.now);
  return {
    'export.run': (input, emit) => runExport(ctx, input, d, emit),
    'export.verify': ({ path, team, expectSigner }) => verifyExport(resolve(path), { team: team === undefined ? undefined : resolve(team), expectSigner }),
    'export.teamFile': ({ out, overwrite }) => writeTeamFile(ctx, out, overwrite === true, d.now()),
  };
}
