/**
 * What an ethics review covers, item by item: each transcript (its rendition, title, attributes,
 * speaker labels), each code (every text field) and each memo in scope, de-identified. An item's
 * `hash` is SHA-256 over exactly what the reviewer sees of it (its canonical JSON); its `state` is a
 * keyed digest of the originals and decisions behind it. A sign-off holds both for every item, and
 * is void for an item whose hash or state changed since: a new transcript version, a changed title,
 * attribute, code field or memo, or any decision taken or changed.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue, Code, TranscriptSummary } from '../../../../shared/contract/index.js';
import type { DeidAction } from '../../../../shared/contract/channels/deid.js';
import type { EntityType } from '../../../../shared/deid/types.js';
import { PROJECT_KEY_ID, type OpenProject } from '../../store/project.js';
import { loadCodes } from '../codebook.js';
import { canonicalJson, sha256Hex } from '../manifest.js';
import { listTranscripts } from '../transcripts.js';
import { codeFields, attributeText } from './documents.js';
import { digest } from './keys.js';
import { Renderer, type Loc, type LocEdits, type RenderedTranscript } from './render.js';
import { candidateText, decisionReason } from './rows.js';

export type ItemKind = 'transcript' | 'code' | 'memo';

export interface ItemEdit {
  candidateId: string;
  entityId: string;
  type: EntityType;
  action: DeidAction;
  replacement: string | null;
}
export interface ItemKept {
  candidateId: string;
  entityId: string;
  decisionId: string;
  type: EntityType;
  text: string;
  reason: string;
}

/** One item as it travels in a review package. */
export interface PackageItem {
  key: string;
  kind: ItemKind;
  id: string;
  title: string;
  text: string;
  attributes: Record<string, AttributeValue>;
  participant: string | null;
  versionId: string | null;
  edits: ItemEdit[];
  kept: ItemKept[];
}

/** What the gate and a sign-off compare of an item: its identity, hashes and open work (no content). */
export interface ItemFacts {
  item: Pick<PackageItem, 'key' | 'kind' | 'id'>;
  hash: string;
  state: string;
  undecided: number;
  unscanned: Loc[];
}

export interface ComputedItem extends ItemFacts {
  item: PackageItem;
  /** The transcript's full rendering (transcripts only), for the gate to hand on. */
  rendered?: RenderedTranscript;
  /** The rendered code (codes only). */
  code?: Code;
}

const ITEM_KEYS = 10;
const json = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
const editJson = (e: ItemEdit): string => `{"action":${JSON.stringify(e.action)},"candidateId":${JSON.stringify(e.candidateId)},"entityId":${JSON.stringify(e.entityId)},"replacement":${json(e.replacement)},"type":${JSON.stringify(e.type)}}`;
const keptJson = (k: ItemKept): string =>
  `{"candidateId":${JSON.stringify(k.candidateId)},"decisionId":${JSON.stringify(k.decisionId)},"entityId":${JSON.stringify(k.entityId)},"reason":${JSON.stringify(k.reason)},"text":${JSON.stringify(k.text)},"type":${JSON.stringify(k.type)}}`;

/**
 * SHA-256 of the item's canonical JSON (manifest.ts `canonicalJson`: keys sorted, no whitespace),
 * written out field by field and hashed in pieces: a transcript item carries its whole rendition
 * and an edit per replaced span, and building that JSON as one string was a third of a cold
 * export's check. An item of another shape is hashed through canonicalJson itself.
 */
export function itemHash(item: PackageItem): string {
  if (Object.keys(item).length !== ITEM_KEYS) return sha256Hex(canonicalJson(item));
  const h = createHash('sha256');
  if (CANONICAL.has(item.edits) && CANONICAL.has(item.kept)) {
    // Built by `split`: JSON.stringify writes each list exactly as canonicalJson would, natively.
    h.update(`{"attributes":${canonicalJson(item.attributes)},"edits":`);
    h.update(JSON.stringify(item.edits));
    h.update(`,"id":${JSON.stringify(item.id)},"kept":${JSON.stringify(item.kept)},"key":${JSON.stringify(item.key)},"kind":${JSON.stringify(item.kind)},"participant":${json(item.participant)},"text":`);
    h.update(JSON.stringify(item.text));
    h.update(`,"title":${JSON.stringify(item.title)},"versionId":${json(item.versionId)}}`);
    return h.digest('hex');
  }
  let buf = `{"attributes":${canonicalJson(item.attributes)},"edits":[`;
  const add = (piece: string) => {
    buf += piece;
    if (buf.length >= 1 << 16) {
      h.update(buf);
      buf = '';
    }
  };
  item.edits.forEach((e, i) => add(i ? `,${editJson(e)}` : editJson(e)));
  add(`],"id":${JSON.stringify(item.id)},"kept":[`);
  item.kept.forEach((k, i) => add(i ? `,${keptJson(k)}` : keptJson(k)));
  add(`],"key":${JSON.stringify(item.key)},"kind":${JSON.stringify(item.kind)},"participant":${json(item.participant)},"text":`);
  h.update(buf);
  h.update(JSON.stringify(item.text));
  h.update(`,"title":${JSON.stringify(item.title)},"versionId":${json(item.versionId)}}`);
  return h.digest('hex');
}

/**
 * Lists of edits and kept candidates made by `split`: every entry an object literal with its keys in
 * sorted order and string (or null) values, so JSON.stringify of the list is its canonical JSON.
 */
const CANONICAL = new WeakSet<readonly unknown[]>();

function split(p: OpenProject, cands: LocEdits['candidates']): { edits: ItemEdit[]; kept: ItemKept[]; decisions: string[] } {
  const edits: ItemEdit[] = [];
  const kept: ItemKept[] = [];
  CANONICAL.add(edits);
  CANONICAL.add(kept);
  const decisions: string[] = [];
  for (const { c, d, replacement } of cands) {
    decisions.push(`${c.id}:${d?.id ?? '-'}`);
    if (!d) continue;
    // Keys in sorted order: the item is hashed as canonical JSON, which then need not sort them.
    if (d.action === 'keep') kept.push({ candidateId: c.id, decisionId: d.id, entityId: c.entity_id, reason: decisionReason(p, d) ?? '', text: candidateText(p, c), type: c.type });
    else if (d.action !== 'not-identifier') edits.push({ action: d.action, candidateId: c.id, entityId: c.entity_id, replacement, type: c.type });
  }
  return { edits, kept, decisions: decisions.sort() };
}

function finish(p: OpenProject, item: PackageItem, stateParts: unknown, undecided: number, unscanned: Loc[], extra: Partial<ComputedItem> = {}): ComputedItem {
  return { item, hash: itemHash(item), state: digest(p, 'state', canonicalJson(stateParts)), undecided, unscanned, ...extra };
}

export function transcriptItem(p: OpenProject, r: Renderer, transcriptId: string, summary?: TranscriptSummary): ComputedItem {
  const s = summary ?? listTranscripts(p, transcriptId)[0];
  const rt = r.transcript(transcriptId, s);
  const { edits, kept, decisions } = split(p, rt.candidates);
  const item: PackageItem = {
    key: `transcript:${transcriptId}`,
    kind: 'transcript',
    id: transcriptId,
    title: rt.title,
    text: rt.rendition.text,
    attributes: rt.rendition.attributes,
    participant: rt.rendition.participantLabel,
    versionId: rt.rendition.versionId,
    edits,
    kept,
  };
  const attrs = Object.fromEntries(Object.entries(s!.attributes).map(([k, v]) => [k, digest(p, 'rev', JSON.stringify(v))]));
  return finish(p, item, { v: rt.rendition.versionId, title: digest(p, 'rev', s!.title), attrs, decisions }, rt.undecided, rt.unscanned, { rendered: rt });
}

export function codeItem(p: OpenProject, r: Renderer, c: Code): ComputedItem {
  const rc = r.code(c);
  const { edits, kept, decisions } = split(p, rc.candidates);
  const text = codeFields(rc.code)
    .map(([field, value]) => `${field}: ${value}`)
    .join('\n');
  const item: PackageItem = { key: `code:${c.id}`, kind: 'code', id: c.id, title: rc.code.name, text, attributes: {}, participant: null, versionId: null, edits, kept };
  const fields = codeFields(c).map(([f, v]) => [f, digest(p, 'rev', v)]);
  return finish(p, item, { parent: c.parentId, fields, decisions }, rc.undecided, rc.unscanned, { code: rc.code });
}

export function memoItem(p: OpenProject, r: Renderer, m: { id: string; participant_id: string | null; body_ct: Uint8Array; target_kind: string; target_id: string | null }): ComputedItem {
  const rm = r.memo(m.id, m.participant_id, m.body_ct);
  const { edits, kept, decisions } = split(p, rm.candidates);
  const item: PackageItem = { key: `memo:${m.id}`, kind: 'memo', id: m.id, title: `Memo on ${m.target_kind}`, text: rm.body, attributes: {}, participant: null, versionId: null, edits, kept };
  const body = p.openText('memos', m.id, 'body', m.participant_id ?? PROJECT_KEY_ID, m.body_ct);
  return finish(p, item, { body: digest(p, 'rev', body), target: `${m.target_kind}:${m.target_id ?? ''}`, decisions }, rm.undecided, rm.unscanned);
}

export interface MemoRow {
  id: string;
  participant_id: string | null;
  body_ct: Uint8Array;
  target_kind: string;
  target_id: string | null;
}

/** Memos in a scope: on the project and on codes always; on transcripts and codings in scope. */
export function memosInScope(p: OpenProject, transcriptIds: ReadonlySet<string> | null): MemoRow[] {
  const rows = p.db.prepare('SELECT id, participant_id, body_ct, target_kind, target_id FROM memos ORDER BY created_at, id').all() as MemoRow[];
  const codingTranscript = p.db.prepare('SELECT transcript_id FROM codings WHERE id = ?').pluck();
  return rows.filter((m) => {
    if (m.participant_id && !p.participantKeys.has(m.participant_id)) return false;
    if (m.target_kind === 'project' || m.target_kind === 'code' || !transcriptIds) return true;
    const tid = m.target_kind === 'transcript' ? m.target_id : (codingTranscript.get(m.target_id) as string | undefined);
    return tid !== undefined && tid !== null && transcriptIds.has(tid);
  });
}

/** Every item of a scope (all transcripts when `transcriptIds` is omitted), computed now. */
export function computeItems(p: OpenProject, transcriptIds?: readonly string[]): ComputedItem[] {
  const r = new Renderer(p);
  const listed = new Map(listTranscripts(p).map((t) => [t.id, t]));
  const ids = transcriptIds ?? [...listed.keys()];
  const out: ComputedItem[] = ids.map((id) => transcriptItem(p, r, id, listed.get(id)));
  for (const c of loadCodes(p)) out.push(codeItem(p, r, c));
  for (const m of memosInScope(p, transcriptIds ? new Set(transcriptIds) : null)) out.push(memoItem(p, r, m));
  return out;
}

/** SHA-256 over the sorted (key, hash) pairs and the package's other content hash: the one hash a sign-off signs. */
export function reviewedHashOf(packageId: string, projectId: string, items: readonly { key: string; hash: string }[], restHash: string): string {
  const pairs = items.map((i) => [i.key, i.hash]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return sha256Hex(canonicalJson({ packageId, projectId, items: pairs, rest: restHash }));
}

export const attributeTextOf = attributeText;
