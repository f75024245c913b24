/**
 * merge.*: bringing teammates' bundles into the lead's project.
 *
 * Every bundle is read and verified (bundles.ts) before anything changes. Then, per bundle, in one
 * transaction for the whole run: the codebook is merged three-way against the nearest version both
 * histories hold (shared/merge), transcripts are matched by the SHA-256 of their text in memory
 * (or mapped through an offset map when ours is a later or earlier version; imported when the
 * bundle carries the text and we do not have it), codings, distress marks, flags and memos are
 * placed keeping their ids and authors, and whatever cannot be placed is listed with the reason.
 * A merged codebook version records both parents (our previous head and their head, which is
 * stored too so the next bundle from them finds its ancestor) and a readable diff.
 * `merge.plan` runs exactly the same steps and rolls them back: the plan is what apply would do.
 * Withdrawal notices are applied after the commit, with withdrawParticipant (crypto-shredding).
 */
import { TandaiError } from '../../../shared/result.js';
import type { BundleMergeReport, MergeResult, NotPlaced } from '../../../shared/contract/channels/team.js';
import type { Code, Memo } from '../../../shared/contract/index.js';
import { newId, type CodebookVersionId, type ParticipantId, type TranscriptVersionId } from '../../../shared/ids.js';
import {
  CodingIndex,
  diffCodebooks,
  fieldsOf,
  mergeCodebooks,
  mergePseudonymMaps,
  planCodings,
  type CodebookMergeResult,
  type LeadCoding,
  type ProvenanceEntry,
  type TranscriptPlacement,
} from '../../../shared/merge/index.js';
import { buildOffsetMap, type OffsetMap } from '../../../shared/text/offset-map.js';
import { countWords } from '../../../shared/text/words.js';
import { coerceAttribute } from '../../../shared/domain/attributes.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { participantKeyAd, PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { keyedHash, newKey, wrapKey } from '../vault/keys.js';
import { wipe } from '../vault/sodium.js';
import { agreementHandlers } from './agreement.js';
import { BulkLoad, inIdOrder } from './merge-bulk.js';
import { bundleHandlers, deidBundleProvider, type DeidStoreResult, LeadTranscripts, pendingNotes, readBundle, readTexts, textUtterances, type BundleCoding, type BundleText, type OpenedBundle } from './bundles.js';
import { latestCodebookVersion, loadCodes } from './codebook.js';
import { codingOf, type CodingRow } from './codings.js';
import { memberPrefsHandlers } from './member-prefs.js';
import { attributeDefs, packUtterances, writeAttribute } from './transcripts.js';
import { withdrawParticipant } from './withdraw.js';

type Placement = { transcriptId: string; versionId: string; participantId: string; length: number; offsetMap: OffsetMap | null; bundleVersionId: string } | { transcriptId: null; reason: string };

interface RunState {
  lead: LeadTranscripts;
  /** Participants withdrawn here (the withdrawals table). */
  withdrawnHere: Set<string>;
  /** Participants named by a withdrawal notice in any bundle of this run. */
  noticed: Set<string>;
  /** Our codings, read once per run and kept in step with what each bundle changes. */
  codings: CodingIndex;
  /** Codings in the bundles not merged yet in this run (what may still be inserted). */
  codingsToCome: number;
  /** Drops the codings' indexes for the run when the inserts outnumber the rows already there. */
  bulk: BulkLoad;
}

const ROLLBACK = Symbol('plan only: roll back');

/** Runs `fn` in one transaction; on any throw (and always in plan mode) restores what the project holds in memory. */
function inTransaction<T>(p: OpenProject, commit: boolean, fn: () => T): T {
  const header = structuredClone(p.header);
  const keys = new Set(p.participantKeys.keys());
  let out: T | undefined;
  const restore = () => {
    p.header = header;
    for (const [id, key] of p.participantKeys) {
      if (keys.has(id)) continue;
      p.participantKeys.delete(id);
      wipe(key);
    }
  };
  try {
    p.tx(() => {
      out = fn();
      if (!commit) throw ROLLBACK;
    });
  } catch (e) {
    restore();
    if (e !== ROLLBACK) throw e;
  }
  return out as T;
}

/** Nearest version both histories hold (breadth-first from their head through both parents). */
function commonAncestor(p: OpenProject, b: OpenedBundle): string | null {
  const head = b.codebook.headVersionId;
  if (!head) return null;
  const ours = new Set(p.db.prepare('SELECT id FROM codebook_versions').pluck().all() as string[]);
  const theirs = new Map(b.versions.map((v) => [v.id, v]));
  const queue = [head];
  const seen = new Set<string>();
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (ours.has(id)) return id;
    const v = theirs.get(id);
    if (v?.parentId) queue.push(v.parentId);
    if (v?.mergeParentId) queue.push(v.mergeParentId);
  }
  return null;
}

function snapshot(p: OpenProject, versionId: string): Code[] {
  const row = p.db.prepare('SELECT snapshot_ct FROM codebook_versions WHERE id = ?').get(versionId) as { snapshot_ct: Uint8Array };
  return p.openJson<Code[]>('codebook_versions', versionId, 'snapshot', PROJECT_KEY_ID, row.snapshot_ct);
}

type StoredProvenance = Omit<ProvenanceEntry, 'codeId'> & { at: string };

function readProvenance(p: OpenProject): Map<string, StoredProvenance[]> {
  const rows = p.db.prepare('SELECT code_id, data_ct FROM code_provenance').all() as { code_id: string; data_ct: Uint8Array }[];
  return new Map(rows.map((r) => [r.code_id, p.openJson<StoredProvenance[]>('code_provenance', r.code_id, 'data', PROJECT_KEY_ID, r.data_ct)]));
}

function leadCodings(p: OpenProject): LeadCoding[] {
  // Two plain scans and a lookup in memory: joining each coding to its transcript cost a B-tree
  // seek per row (over a second for 100,000 codings).
  const current = new Map(p.db.prepare('SELECT id, current_version FROM transcripts').raw().all() as [string, string][]);
  const rows = p.db.prepare('SELECT id, transcript_id, version_id, start, "end", code_id, coder_id, derived_from, created_at FROM codings').raw().all() as [string, string, string, number, number, string, string | null, string | null, string][];
  const out: LeadCoding[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [id, transcriptId, versionId, start, end, codeId, coderId, derivedFrom, createdAt] = rows[i]!;
    out[i] = { id, transcriptId, versionId, start, end, codeId, coderId, derivedFrom, current: current.get(transcriptId) === versionId, createdAt };
  }
  return out;
}

const notPlacedOf = (kind: NotPlaced['kind'], id: string, reason: string, extra: Partial<NotPlaced> = {}): NotPlaced => ({
  kind,
  id,
  transcriptId: null,
  codeId: null,
  coderId: null,
  start: null,
  end: null,
  reason,
  ...extra,
});

/** A participant with the sender's id (so later withdrawal notices find them) and a label unique here. */
function ensureParticipant(p: OpenProject, id: string, label: string, prefix: string): void {
  if (p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(id)) return;
  const labels = new Set(
    (p.db.prepare('SELECT id, label_ct FROM participants').all() as { id: string; label_ct: Uint8Array }[]).map((r) => p.openText('participants', r.id, 'label', r.id, r.label_ct).trim().toLowerCase()),
  );
  let chosen = label.trim() || 'P';
  if (labels.has(chosen.toLowerCase())) chosen = `${prefix}-${chosen}`;
  for (let i = 2; labels.has(chosen.toLowerCase()); i++) chosen = `${prefix}-${label.trim()}-${i}`;
  const key = newKey();
  p.participantKeys.set(id, key);
  p.db
    .prepare('INSERT INTO participants (id, label_ct, wrapped_key, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
    .run(id, p.sealText('participants', id, 'label', id, chosen), wrapKey(p.master, key, participantKeyAd(id)), new Date().toISOString(), p.actorId);
  p.audit('participant.create', id, { from: 'bundle' }, id);
}

/** Imports a transcript carried by a bundle, keeping its ids. */
function importFromBundle(p: OpenProject, b: OpenedBundle, t: BundleText, notPlaced: NotPlaced[]): Placement {
  const meta = b.transcripts.find((x) => x.id === t.meta.transcriptId)!;
  const pid = meta.participantId as ParticipantId;
  ensureParticipant(p, pid, t.meta.participantLabel, b.manifest.country ?? b.signer.displayName);
  const versionTaken = p.db.prepare('SELECT 1 FROM transcript_versions WHERE id = ?').get(meta.versionId) !== undefined;
  const versionId = versionTaken ? newId<TranscriptVersionId>() : meta.versionId;
  const utterances = textUtterances(t.meta, t.text);
  p.db
    .prepare('INSERT INTO transcripts (id, participant_id, title_ct, source_name_ct, format, encoding, dedup, current_version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(meta.id, pid, p.sealText('transcripts', meta.id, 'title', pid, meta.title), p.sealText('transcripts', meta.id, 'source_name', pid, meta.title), meta.format, meta.encoding, keyedHash(p.dedupKey, t.text), versionId, meta.createdAt, b.signer.identityId);
  p.db
    .prepare('INSERT INTO transcript_versions (id, transcript_id, parent_id, text_ct, utterances_ct, chars, words, utterance_count, reason_ct, created_at, created_by) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, NULL, ?, ?)')
    .run(versionId, meta.id, p.sealText('transcript_versions', versionId, 'text', pid, t.text), p.sealBytes('transcript_versions', versionId, 'utterances', pid, packUtterances(utterances)), t.text.length, countWords(t.text), utterances.length, meta.createdAt, b.signer.identityId);
  const defs = attributeDefs(p);
  for (const [key, value] of Object.entries(t.meta.attributes)) {
    const def = defs.find((d) => d.key === key);
    const v = def ? coerceAttribute(def, value) : null;
    if (!def || !v || !v.ok) {
      notPlaced.push(notPlacedOf('attribute', `${meta.id}/${key}`, def ? `attribute "${key}": ${v && !v.ok ? v.error.message : 'invalid'}` : `attribute "${key}" is not defined in this project`, { transcriptId: meta.id }));
      continue;
    }
    writeAttribute(p, meta.id, pid, key, v.value);
  }
  p.audit('transcript.import', meta.id, { from: 'bundle', bundleId: b.bundleId, sender: b.signer.identityId, format: meta.format, participantId: pid, chars: t.text.length }, pid);
  return { transcriptId: meta.id, versionId, participantId: pid, length: t.text.length, offsetMap: null, bundleVersionId: meta.versionId };
}

function writeCode(p: OpenProject, c: Code): void {
  p.db.prepare('INSERT OR REPLACE INTO codes (id, parent_id, position, data_ct) VALUES (?, ?, ?, ?)').run(c.id, c.parentId, c.position, p.sealJson('codes', c.id, 'data', PROJECT_KEY_ID, fieldsOf(c)));
}

function insertVersion(p: OpenProject, v: { id: string; parentId: string | null; mergeParentId: string | null; createdAt: string; authorId: string | null; summary: string; codes: Code[] }): void {
  const seq = (latestCodebookVersion(p)?.seq ?? 0) + 1;
  p.db
    .prepare('INSERT INTO codebook_versions (id, parent_id, merge_parent_id, seq, created_at, author_id, summary_ct, snapshot_ct, code_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(
      v.id,
      v.parentId,
      v.mergeParentId,
      seq,
      v.createdAt,
      v.authorId,
      p.sealText('codebook_versions', v.id, 'summary', PROJECT_KEY_ID, v.summary),
      p.sealJson('codebook_versions', v.id, 'snapshot', PROJECT_KEY_ID, v.codes),
      v.codes.length,
    );
}

/** Writes the merged codebook; returns whether anything changed. */
function applyCodebook(p: OpenProject, before: readonly Code[], cb: CodebookMergeResult): boolean {
  let changed = false;
  for (const d of cb.deletions) {
    if (d.codingsTo) {
      p.db.prepare('UPDATE codings SET code_id = ? WHERE code_id = ?').run(d.codingsTo, d.codeId);
      p.db.prepare("UPDATE memos SET target_id = ? WHERE target_kind = 'code' AND target_id = ?").run(d.codingsTo, d.codeId);
    }
    p.db.prepare('DELETE FROM codes WHERE id = ?').run(d.codeId);
    changed = true;
  }
  const was = new Map(before.map((c) => [c.id, c]));
  const move = p.db.prepare('UPDATE codes SET parent_id = ?, position = ? WHERE id = ?');
  for (const c of cb.codes) {
    const b = was.get(c.id);
    if (!b || JSON.stringify(fieldsOf(b)) !== JSON.stringify(fieldsOf(c))) {
      writeCode(p, c);
      changed = true;
    } else if (b.parentId !== c.parentId || b.position !== c.position) {
      move.run(c.parentId, c.position, c.id);
      changed = true;
    }
  }
  return changed;
}

function writeProvenance(p: OpenProject, entries: ProvenanceEntry[], existing: Map<string, StoredProvenance[]>): number {
  const at = new Date().toISOString();
  const byCode = new Map<string, StoredProvenance[]>();
  let added = 0;
  for (const e of entries) {
    const list = byCode.get(e.codeId) ?? [...(existing.get(e.codeId) ?? [])];
    const { codeId: _c, ...rest } = e;
    if (list.some((x) => x.what === e.what && x.value === e.value && x.bundleId === e.bundleId)) continue;
    list.push({ ...rest, at });
    byCode.set(e.codeId, list);
    added++;
  }
  for (const [codeId, list] of byCode) {
    p.db.prepare('INSERT OR REPLACE INTO code_provenance (code_id, data_ct) VALUES (?, ?)').run(codeId, p.sealJson('code_provenance', codeId, 'data', PROJECT_KEY_ID, list));
    existing.set(codeId, list);
  }
  return added;
}

const tally = () => ({ received: 0, added: 0, alreadyPresent: 0, updated: 0, notPlaced: 0 });

function mergeOne(p: OpenProject, me: UnlockedIdentity, b: OpenedBundle, resolutions: Record<string, string>, state: RunState, apply: boolean): BundleMergeReport {
  const sender = { identityId: b.signer.identityId, displayName: b.signer.displayName, fingerprint: b.signer.fingerprint };
  state.codingsToCome -= b.codings.length;
  const alreadyMerged = p.db.prepare('SELECT 1 FROM merged_bundles WHERE id = ?').get(b.bundleId) !== undefined;
  const lastFromSender = (p.db.prepare('SELECT MAX(sender_audit_count) AS n FROM merged_bundles WHERE sender_id = ? AND id <> ?').get(b.signer.identityId, b.bundleId) as { n: number | null }).n;
  const olderThanMerged = lastFromSender !== null && lastFromSender > b.manifest.auditHead.count;
  const notPlaced: NotPlaced[] = [];
  let anyChange = false;

  // --- Codebook.
  const ancestorId = commonAncestor(p, b);
  const ours = loadCodes(p);
  const provenance = readProvenance(p);
  const aliases = new Map<string, string>();
  for (const [codeId, list] of provenance) for (const e of list) if (e.theirId) aliases.set(e.theirId, codeId);
  const existingById = state.codings.byId;
  const usedByOurs = new Set<string>(state.codings.perCode.keys());
  for (const id of p.db.prepare("SELECT target_id FROM memos WHERE target_kind = 'code'").pluck().all() as string[]) usedByOurs.add(id);
  const usedByTheirs = new Map<string, number>();
  for (const c of b.codings) if (!c.orphaned) usedByTheirs.set(c.codeId, (usedByTheirs.get(c.codeId) ?? 0) + 1);
  for (const m of b.memos) if (m.target.kind === 'code' && !usedByTheirs.has(m.target.id)) usedByTheirs.set(m.target.id, 0);
  const recoded: { codingId: string; oursCode: string; theirsCode: string }[] = [];
  for (const c of b.codings) {
    const o = existingById.get(c.id);
    if (o && o.codeId !== c.codeId) recoded.push({ codingId: c.id, oursCode: o.codeId, theirsCode: c.codeId });
  }
  const cb = mergeCodebooks({
    base: ancestorId ? snapshot(p, ancestorId) : null,
    ours,
    theirs: b.codebook.codes,
    usedByOurs,
    usedByTheirs,
    recoded,
    aliases,
    resolutions,
    source: { identityId: b.signer.identityId, name: b.signer.displayName, country: b.manifest.country, bundleId: b.bundleId },
  });
  const diff = diffCodebooks(ours, cb.codes);
  const codebookChanged = applyCodebook(p, ours, cb);
  for (const d of cb.deletions) if (d.codingsTo) state.codings.recode(d.codeId, d.codingsTo);
  const oursVersions = new Set(p.db.prepare('SELECT id FROM codebook_versions').pluck().all() as string[]);
  const theirHead = b.codebook.headVersionId;
  const storeTheirHead = theirHead !== null && !oursVersions.has(theirHead);
  let codebookVersionId: string | null = null;
  if (codebookChanged || storeTheirHead) {
    const previous = latestCodebookVersion(p);
    if (storeTheirHead) {
      const v = b.versions.find((x) => x.id === theirHead);
      insertVersion(p, {
        id: theirHead,
        parentId: v?.parentId ?? null,
        mergeParentId: v?.mergeParentId ?? null,
        createdAt: v?.createdAt ?? b.manifest.createdAt,
        authorId: v?.authorId ?? b.signer.identityId,
        summary: `${v?.summary ?? 'codebook'} (the codebook of ${b.signer.displayName}, received in a bundle)`,
        codes: b.codebook.codes,
      });
    }
    codebookVersionId = newId<CodebookVersionId>();
    const c = cb.counts;
    const head = `merged the codebook of ${b.signer.displayName}${b.manifest.country ? ` (${b.manifest.country})` : ''}: ${c.added} added, ${c.changed} changed, ${c.deleted} removed, ${cb.conflicts.filter((x) => x.resolution === null).length} conflicts open`;
    // The snapshot is the merged codebook as just written (applyCodebook wrote exactly cb.codes).
    insertVersion(p, { id: codebookVersionId, parentId: previous?.id ?? null, mergeParentId: theirHead, createdAt: new Date().toISOString(), authorId: p.actorId, summary: [head, ...diff.map((d) => d.line)].join('\n'), codes: cb.codes });
    anyChange = true;
  }
  if (writeProvenance(p, cb.provenance, provenance) > 0) anyChange = true;
  const codePlacement = (id: string) => cb.placement.get(id);

  // --- Transcripts.
  const placements = new Map<string, Placement>();
  const needText = new Map<string, 'map' | 'import'>();
  const tCounts = { received: b.transcripts.length, sameText: 0, olderVersion: 0, changed: 0, imported: 0, notPlaced: 0 };
  for (const t of b.transcripts) {
    const m = state.lead.match(t);
    switch (m.kind) {
      case 'same-text':
        tCounts.sameText++;
        placements.set(t.id, { transcriptId: m.transcriptId, versionId: m.versionId, participantId: m.participantId, length: m.chars, offsetMap: null, bundleVersionId: t.versionId });
        break;
      case 'older-version': {
        tCounts.olderVersion++;
        const map = buildOffsetMap(state.lead.text(m.transcriptId, m.olderVersionId), state.lead.text(m.transcriptId, m.versionId));
        placements.set(t.id, { transcriptId: m.transcriptId, versionId: m.versionId, participantId: m.participantId, length: m.chars, offsetMap: map, bundleVersionId: t.versionId });
        break;
      }
      case 'changed':
        if (t.hasText) needText.set(t.id, 'map');
        else placements.set(t.id, { transcriptId: null, reason: `our copy of transcript "${t.title}" differs from the sender's (corrected on one side): ask for a bundle with transcripts to map its codings` });
        break;
      case 'new':
        if (state.withdrawnHere.has(t.participantId) || state.noticed.has(t.participantId)) placements.set(t.id, { transcriptId: null, reason: `transcript "${t.title}" belongs to a participant who withdrew: it is not imported` });
        else needText.set(t.id, 'import');
        break;
      case 'not-here':
        placements.set(t.id, { transcriptId: null, reason: `transcript "${t.title}" is not in this project (no transcript here has the same text) and the bundle does not carry its text` });
        break;
    }
  }
  if (needText.size) {
    readTexts(p, me, b, new Set(needText.keys()), (text) => {
      const id = text.meta.transcriptId;
      if (needText.get(id) === 'import') {
        placements.set(id, importFromBundle(p, b, text, notPlaced));
        tCounts.imported++;
        anyChange = true;
      } else {
        const here = state.lead.byId.get(id)!;
        tCounts.changed++;
        placements.set(id, {
          transcriptId: id,
          versionId: here.currentVersion,
          participantId: here.participantId,
          length: here.chars,
          offsetMap: buildOffsetMap(text.text, state.lead.text(id, here.currentVersion)),
          bundleVersionId: text.meta.versionId,
        });
      }
    });
    if (tCounts.imported) state.lead.refresh();
  }
  for (const [id, pl] of placements) {
    if (pl.transcriptId === null) {
      tCounts.notPlaced++;
      notPlaced.push(notPlacedOf('transcript', id, pl.reason, { transcriptId: id }));
    }
  }
  const placeOf = (transcriptId: string, versionId: string): Placement => {
    const pl = placements.get(transcriptId);
    if (!pl) return { transcriptId: null, reason: `transcript ${transcriptId} is not listed in the bundle` };
    if (pl.transcriptId !== null && pl.bundleVersionId !== versionId) return { transcriptId: null, reason: "it is on an earlier version of the sender's transcript" };
    return pl;
  };
  const asCodingPlacement = (pl: Placement): TranscriptPlacement => {
    if (pl.transcriptId === null) return pl;
    const map = pl.offsetMap;
    return {
      transcriptId: pl.transcriptId,
      versionId: pl.versionId,
      length: pl.length,
      map: map
        ? (s, e) => {
            const r = map.mapRange(s, e, 'shrink');
            return r.collapsed ? null : { start: r.start, end: r.end };
          }
        : null,
    };
  };

  // --- Codings.
  const covered = new Set([...placements.values()].flatMap((pl) => (pl.transcriptId !== null ? [pl.transcriptId] : [])));
  // A newer bundle from the same sender, merged already, carried all their own work as it then
  // stood: their own codings, marks and memos here are superseded (else a deletion would come back).
  const superseded = (by: string | null) => olderThanMerged && by === b.signer.identityId;
  const supersededNote = `superseded: a newer bundle from ${b.signer.displayName} was merged already`;
  // Our own work that the sender's copy still holds but we no longer do: we deleted it since.
  const oursGone = (by: string | null, present: boolean) => by !== null && by === me.id && !present;
  const oursGoneNote = 'your own, and no longer here: deleted here after the sender got their copy';
  // Split off what is not placed at all; in the usual case nothing is, and no copy is made.
  const skip = (c: BundleCoding) => superseded(c.coderId) || (c.coderId === me.id && oursGone(c.coderId, state.codings.byId.has(c.id)));
  const skipped = b.codings.some(skip) ? b.codings.filter(skip) : [];
  const incoming = skipped.length ? b.codings.filter((c) => !skip(c)) : b.codings;
  const plan = planCodings({
    incoming,
    code: codePlacement,
    transcript: (t, v) => asCodingPlacement(placeOf(t, v)),
    existing: state.codings,
    removals: olderThanMerged ? null : { senderId: b.signer.identityId, transcripts: covered },
  });
  state.bulk.beforeInsert(plan.insert.length, state.codingsToCome, state.codings.byId.size - plan.insert.length);
  const ins = p.db.prepare('INSERT INTO codings (id, transcript_id, version_id, start, "end", code_id, coder_id, created_at, orphaned, derived_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, NULL)');
  // In key order: neighbouring inserts land on neighbouring pages of the table's B-tree.
  for (const c of inIdOrder(plan.insert)) ins.run(c.id, c.transcriptId, c.versionId, c.start, c.end, c.codeId, c.coderId, c.createdAt);
  const upd = p.db.prepare('UPDATE codings SET transcript_id = ?, version_id = ?, start = ?, "end" = ?, code_id = ? WHERE id = ?');
  for (const u of plan.update) upd.run(u.transcriptId, u.versionId, u.start, u.end, u.codeId, u.id);
  let memosWithRemoved = 0;
  if (plan.remove.length) {
    const memosOf = p.db.prepare("DELETE FROM memos WHERE target_kind = 'coding' AND target_id = ?");
    const del = p.db.prepare('DELETE FROM codings WHERE id = ?');
    for (const r of plan.remove) {
      memosWithRemoved += memosOf.run(r.id).changes;
      del.run(r.id);
    }
  }
  if (plan.insert.length || plan.update.length || plan.remove.length) anyChange = true;
  for (const n of plan.notPlaced) notPlaced.push(notPlacedOf('coding', n.id, n.reason, { transcriptId: n.transcriptId, codeId: n.codeId, coderId: n.coderId, start: n.start, end: n.end }));
  for (const c of skipped) notPlaced.push(notPlacedOf('coding', c.id, superseded(c.coderId) ? supersededNote : oursGoneNote, { transcriptId: c.transcriptId, codeId: c.codeId, coderId: c.coderId, start: c.start, end: c.end }));
  const codings = { received: b.codings.length, added: plan.insert.length, alreadyPresent: plan.present, updated: plan.update.length, notPlaced: plan.notPlaced.length + skipped.length, removedByCoder: plan.remove.length };

  // --- Distress marks (mapped so they still cover what they guarded).
  const marks = tally();
  marks.received = b.marks.length;
  const markIds = new Set(p.db.prepare('SELECT id FROM marks').pluck().all() as string[]);
  const markKey = (v: string, s: number, e: number, a: string | null) => `${v}|${s}|${e}|${a ?? ''}`;
  const markKeys = new Set((p.db.prepare('SELECT version_id, start, "end" AS e, author_id FROM marks').all() as { version_id: string; start: number; e: number; author_id: string | null }[]).map((m) => markKey(m.version_id, m.start, m.e, m.author_id)));
  const insMark = p.db.prepare('INSERT INTO marks (id, transcript_id, version_id, start, "end", author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const m of b.marks) {
    if (markIds.has(m.id)) {
      marks.alreadyPresent++;
      continue;
    }
    if (superseded(m.authorId) || oursGone(m.authorId, false)) {
      marks.notPlaced++;
      notPlaced.push(notPlacedOf('mark', m.id, superseded(m.authorId) ? supersededNote : oursGoneNote, { transcriptId: m.transcriptId, start: m.start, end: m.end }));
      continue;
    }
    const pl = placeOf(m.transcriptId, m.versionId);
    if (pl.transcriptId === null) {
      marks.notPlaced++;
      notPlaced.push(notPlacedOf('mark', m.id, pl.reason, { transcriptId: m.transcriptId, start: m.start, end: m.end }));
      continue;
    }
    const r = pl.offsetMap ? pl.offsetMap.mapRange(m.start, m.end, 'grow') : { start: m.start, end: m.end, collapsed: false };
    if (r.collapsed || r.start >= r.end || r.end > pl.length) {
      marks.notPlaced++;
      notPlaced.push(notPlacedOf('mark', m.id, "the passage it guards is not in the lead's version", { transcriptId: m.transcriptId, start: m.start, end: m.end }));
      continue;
    }
    const key = markKey(pl.versionId, r.start, r.end, m.authorId);
    if (markKeys.has(key)) {
      marks.alreadyPresent++;
      continue;
    }
    insMark.run(m.id, pl.transcriptId, pl.versionId, r.start, r.end, m.authorId, m.createdAt);
    markKeys.add(key);
    markIds.add(m.id);
    marks.added++;
    anyChange = true;
  }

  // --- "Needs another coder" and other transcript flags.
  const flags = tally();
  flags.received = b.flags.length;
  const hasFlags = p.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transcript_flags'").get() !== undefined;
  for (const f of b.flags) {
    const pl = placements.get(f.transcriptId);
    if (!hasFlags || !pl || pl.transcriptId === null) {
      flags.notPlaced++;
      notPlaced.push(notPlacedOf('flag', `${f.transcriptId}/${f.flag}`, !hasFlags ? 'this project cannot store transcript flags' : (pl && pl.transcriptId === null ? pl.reason : 'its transcript is not listed in the bundle'), { transcriptId: f.transcriptId }));
      continue;
    }
    const r = p.db.prepare('INSERT OR IGNORE INTO transcript_flags (transcript_id, flag) VALUES (?, ?)').run(pl.transcriptId, f.flag);
    if (r.changes) {
      flags.added++;
      anyChange = true;
    } else flags.alreadyPresent++;
  }

  // --- Memos (after codings: a memo on a coding follows it).
  const memos = tally();
  memos.received = b.memos.length;
  const codingHere = (id: string): { id: string; participantId: string } | null => {
    const placed = plan.placedAs.get(id) ?? (existingById.has(id) ? id : null);
    if (!placed) return null;
    const row = p.db.prepare('SELECT c.id, t.participant_id FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE c.id = ?').get(placed) as { id: string; participant_id: string } | undefined;
    return row ? { id: row.id, participantId: row.participant_id } : null;
  };
  for (const m of b.memos) {
    const mine = p.db.prepare('SELECT participant_id, body_ct, updated_at FROM memos WHERE id = ?').get(m.id) as { participant_id: string | null; body_ct: Uint8Array; updated_at: string } | undefined;
    if (mine) {
      const keyId = mine.participant_id ?? PROJECT_KEY_ID;
      if (m.updatedAt > mine.updated_at && p.openText('memos', m.id, 'body', keyId, mine.body_ct) !== m.body) {
        p.db.prepare('UPDATE memos SET body_ct = ?, updated_at = ? WHERE id = ?').run(p.sealText('memos', m.id, 'body', keyId, m.body), m.updatedAt, m.id);
        memos.updated++;
        anyChange = true;
      } else memos.alreadyPresent++;
      continue;
    }
    if (superseded(m.authorId) || oursGone(m.authorId, false)) {
      memos.notPlaced++;
      notPlaced.push(notPlacedOf('memo', m.id, superseded(m.authorId) ? supersededNote : oursGoneNote));
      continue;
    }
    let target: { kind: Memo['target']['kind']; id: string | null; participantId: string | null } | { reason: string };
    switch (m.target.kind) {
      case 'project':
        target = { kind: 'project', id: null, participantId: null };
        break;
      case 'code': {
        const at = codePlacement(m.target.id);
        target = at && at.to !== null ? { kind: 'code', id: at.to, participantId: null } : { reason: at && at.to === null ? at.reason : 'its code is not in the sender\'s codebook' };
        break;
      }
      case 'transcript': {
        const pl = placements.get(m.target.id);
        target = pl && pl.transcriptId !== null ? { kind: 'transcript', id: pl.transcriptId, participantId: pl.participantId } : { reason: pl && pl.transcriptId === null ? pl.reason : 'its transcript is not listed in the bundle' };
        break;
      }
      case 'coding': {
        const c = codingHere(m.target.id);
        target = c ? { kind: 'coding', id: c.id, participantId: c.participantId } : { reason: 'the coding it is about could not be placed' };
        break;
      }
    }
    if ('reason' in target) {
      memos.notPlaced++;
      notPlaced.push(notPlacedOf('memo', m.id, target.reason));
      continue;
    }
    const keyId = target.participantId ?? PROJECT_KEY_ID;
    p.db
      .prepare('INSERT INTO memos (id, target_kind, target_id, participant_id, body_ct, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.id, target.kind, target.id, target.participantId, p.sealText('memos', m.id, 'body', keyId, m.body), m.authorId, m.createdAt, m.updatedAt);
    memos.added++;
    anyChange = true;
  }

  // --- De-identification decisions and pseudonym maps.
  const provider = deidBundleProvider();
  const pseudo = mergePseudonymMaps(provider ? provider.pseudonyms(p) : [], b.deid.pseudonyms, { prefix: b.manifest.country });
  let deidStored: DeidStoreResult | null = null;
  if (provider?.store && (b.deid.decisions.length || b.deid.pseudonyms.length)) {
    deidStored = provider.store(p, { decisions: b.deid.decisions, pseudonyms: pseudo.add }, {
      sender: { identityId: b.signer.identityId, displayName: sender.displayName },
      bundleId: b.bundleId,
      placeTranscript: (tid) => {
        const pl = placements.get(tid);
        return pl && pl.transcriptId !== null ? pl.transcriptId : null;
      },
      placeParticipant: (pid) => {
        if (p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(pid)) return pid;
        // Their participant's transcripts placed on ours: ours when they all land on one participant.
        const mapped = new Set(b.transcripts.filter((t) => t.participantId === pid).flatMap((t) => {
          const pl = placements.get(t.id);
          return pl && pl.transcriptId !== null ? [pl.participantId] : [];
        }));
        return mapped.size === 1 ? [...mapped][0]! : null;
      },
      withdrawn: new Set([...state.withdrawnHere, ...state.noticed]),
    });
    if (deidStored.decisions.added || deidStored.pseudonyms.added || deidStored.registerAdded) anyChange = true;
    for (const n of deidStored.notPlaced) notPlaced.push(notPlacedOf('deid', n.id, n.reason));
  } else if (b.deid.decisions.length || b.deid.pseudonyms.length) {
    notPlaced.push(notPlacedOf('deid', b.bundleId, pendingNotes(b)[0] ?? 'de-identification data is not stored by this version'));
  }

  // --- Withdrawal notices (applied after the commit).
  const withdrawals = b.withdrawals.map((w) => {
    const here = p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(w.participantId) !== undefined;
    const gone = state.withdrawnHere.has(w.participantId);
    return { participantId: w.participantId, action: here ? ('withdraw' as const) : gone ? ('already-withdrawn' as const) : ('unknown-here' as const) };
  });
  for (const w of withdrawals) if (w.action === 'unknown-here') notPlaced.push(notPlacedOf('withdrawal', w.participantId, 'no participant with this id here (imported separately?): check by hand whether you hold their data'));

  const report: BundleMergeReport = {
    bundleId: b.bundleId,
    sender,
    country: b.manifest.country,
    alreadyMerged,
    olderThanMerged,
    ancestor: { kind: cb.kind, versionId: ancestorId },
    codes: cb.counts,
    conflicts: cb.conflicts,
    suggestions: cb.suggestions,
    diff: diff.map((d) => d.line),
    transcripts: tCounts,
    codings,
    memos,
    marks,
    flags,
    withdrawals,
    deid: {
      decisions: b.deid.decisions.length,
      pseudonyms: b.deid.pseudonyms.length,
      pseudonymConflicts: pseudo.conflicts.length,
      renamed: pseudo.renamed.map((r) => ({ from: r.from, to: r.to })),
      stored: deidStored !== null,
      added: { decisions: deidStored?.decisions.added ?? 0, pseudonyms: deidStored?.pseudonyms.added ?? 0, register: deidStored?.registerAdded ?? 0 },
      // One original with two pseudonyms (found before storing), and decisions or pseudonyms that differ from ours.
      conflicts: [...pseudo.conflicts.map((c) => ({ kind: 'pseudonym' as const, entityType: c.entityType, original: c.original, ours: c.ours, theirs: c.theirs })), ...(deidStored?.conflicts ?? [])],
      withdrawnDropped: deidStored?.withdrawnDropped ?? 0,
    },
    notPlaced,
    codebookVersionId: apply ? codebookVersionId : null,
    pending: pendingNotes(b),
  };

  if (anyChange || !alreadyMerged) {
    p.db
      .prepare('INSERT OR IGNORE INTO merged_bundles (id, sender_id, sender_audit_count, created_at, merged_at, codebook_version_id, details_ct) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        b.bundleId,
        b.signer.identityId,
        b.manifest.auditHead.count,
        b.manifest.createdAt,
        new Date().toISOString(),
        codebookVersionId,
        p.sealJson('merged_bundles', b.bundleId, 'details', PROJECT_KEY_ID, { sender, country: b.manifest.country, codings, memos, marks, transcripts: tCounts, conflicts: cb.conflicts.length }),
      );
    p.audit('bundle.merge', b.bundleId, {
      sender: sender.identityId,
      senderFingerprint: sender.fingerprint,
      codes: cb.counts,
      conflicts: cb.conflicts.length,
      unresolved: cb.conflicts.filter((c) => c.resolution === null).length,
      transcripts: tCounts,
      codings,
      memos: { added: memos.added, updated: memos.updated, notPlaced: memos.notPlaced, withRemovedCodings: memosWithRemoved },
      marks: { added: marks.added, notPlaced: marks.notPlaced },
      flags: { added: flags.added },
      withdrawalNotices: withdrawals.length,
      codebookVersion: codebookVersionId,
      notPlaced: notPlaced.length,
    });
  }
  return report;
}

export function runMerge(p: OpenProject, me: UnlockedIdentity, paths: string[], resolutions: Record<string, string>, apply: boolean): MergeResult {
  // Every bundle is verified before anything changes.
  const bundles = paths.map((path) => readBundle(p, me, path));
  const state: RunState = {
    lead: new LeadTranscripts(p),
    withdrawnHere: new Set(p.db.prepare('SELECT participant_id FROM withdrawals').pluck().all() as string[]),
    noticed: new Set(bundles.flatMap((b) => b.withdrawals.map((w) => w.participantId))),
    codings: new CodingIndex(leadCodings(p)),
    codingsToCome: bundles.reduce((n, b) => n + b.codings.length, 0),
    bulk: new BulkLoad(p.db, 'codings'),
  };
  // A merge writes tens of thousands of rows in one transaction, then builds indexes over them: a
  // page cache sized to the work (about 2 KiB a coding, 64 to 256 MiB) keeps SQLite from spilling
  // dirty pages to the WAL and reading them back. Restored afterwards, which frees it.
  const cache = p.db.pragma('cache_size', { simple: true }) as number;
  p.db.pragma(`cache_size = -${Math.min(262_144, Math.max(65_536, 2 * state.codingsToCome))}`);
  let reports: BundleMergeReport[];
  try {
    reports = inTransaction(p, apply, () => {
      const out = bundles.map((b) => mergeOne(p, me, b, resolutions, state, apply));
      // A plan rolls back, which restores any dropped index as it was: building them would be wasted.
      if (apply) state.bulk.rebuild();
      return out;
    });
  } finally {
    p.db.pragma(`cache_size = ${cache}`);
  }
  const withdrawn: MergeResult['withdrawn'] = [];
  if (apply) {
    const ids = new Set(reports.flatMap((r) => r.withdrawals.filter((w) => w.action === 'withdraw').map((w) => w.participantId)));
    for (const id of ids) {
      if (!p.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(id)) continue;
      const r = withdrawParticipant(p, id);
      withdrawn.push({ participantId: id, transcriptsDeleted: r.transcriptsDeleted });
    }
  }
  return {
    applied: apply,
    bundles: reports,
    unresolvedConflicts: reports.reduce((s, r) => s + r.conflicts.filter((c) => c.resolution === null).length, 0),
    notPlaced: reports.reduce((s, r) => s + r.notPlaced.length, 0),
    withdrawn,
  };
}

export function mergeHandlers(ctx: Ctx): HandlerGroup<'merge.plan' | 'merge.apply' | 'merge.provenance' | 'codings.mine'> {
  return {
    'merge.plan': ({ paths, resolutions }) => runMerge(ctx.requireProject(), ctx.requireIdentity(), paths, resolutions ?? {}, false),
    'merge.apply': ({ paths, resolutions }) => runMerge(ctx.requireProject(), ctx.requireIdentity(), paths, resolutions ?? {}, true),
    'merge.provenance': ({ codeId }) => {
      const p = ctx.requireProject();
      const all = readProvenance(p);
      if (codeId) return all.has(codeId) ? [{ codeId, entries: all.get(codeId)!.map(publicEntry) }] : [];
      return [...all].map(([id, entries]) => ({ codeId: id, entries: entries.map(publicEntry) }));
    },
    // Blind coding: the caller's codings only, so coders of one transcript do not see each other's work.
    'codings.mine': ({ transcriptId, codeId, includeOrphaned }) => {
      const p = ctx.requireProject();
      const where = ['c.version_id = t.current_version', 'c.coder_id IS ?'];
      const args: (string | null)[] = [p.actorId];
      if (transcriptId) {
        if (!p.db.prepare('SELECT 1 FROM transcripts WHERE id = ?').get(transcriptId)) throw new TandaiError('NOT_FOUND', `no transcript ${transcriptId}`);
        where.push('c.transcript_id = ?');
        args.push(transcriptId);
      }
      if (codeId) {
        where.push('c.code_id = ?');
        args.push(codeId);
      }
      if (!includeOrphaned) where.push('c.orphaned = 0');
      const rows = p.db.prepare(`SELECT c.* FROM codings c JOIN transcripts t ON t.id = c.transcript_id WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.id, c.start, c."end", c.id`).all(...args) as CodingRow[];
      return rows.map(codingOf);
    },
  };
}

const publicEntry = (e: StoredProvenance) => ({ what: e.what, value: e.value, by: e.by, byName: e.byName, country: e.country, bundleId: e.bundleId, at: e.at });

/** Every team-work channel (shared/contract/channels/team.ts): one handler group for session.ts. */
export function teamHandlers(
  ctx: Ctx,
): HandlerGroup<'bundle.create' | 'bundle.open' | 'merge.plan' | 'merge.apply' | 'merge.provenance' | 'codings.mine' | 'member.prefs.get' | 'member.prefs.set' | 'agreement.compute' | 'agreement.disagreements' | 'agreement.settle'> {
  return { ...bundleHandlers(ctx), ...mergeHandlers(ctx), ...memberPrefsHandlers(ctx), ...agreementHandlers(ctx) };
}

