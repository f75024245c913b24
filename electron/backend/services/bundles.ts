/**
 * Sealed bundles: a teammate's work as one file only the recipient can open (DESIGN "Files and
 * bundles").
 *
 * File: MAGIC, a length-prefixed JSON header (format, version, bundle id, recipient fingerprint),
 * the length-prefixed file key sealed with crypto_box_seal to the recipient's X25519 key, then a
 * secretstream: its 24-byte header and frames (u32 length, ciphertext) of at most PLAIN_CHUNK
 * plaintext bytes each, the last one tagged FINAL. The first frame's associated data is the header's
 * bytes, so a changed header (another recipient, another id) fails to decrypt.
 * Plaintext: records (u32 length, u8 kind, payload). The first is the signature record: the sender's
 * public keys and their Ed25519 signature over (context ‖ recipient X25519 key ‖ bundle id ‖
 * SHA-256 of every later record's bytes). Kind 1 records are JSON; kind 2 carry one transcript's
 * text (u32 meta length, JSON meta, UTF-8 text), so opening can hash them without parsing them.
 *
 * Streaming both ways: nothing holds the whole bundle. Creating makes two passes over the project
 * in one transaction (the first only hashes, since the signature comes first; the second encrypts
 * and writes, and must hash the same). Opening reads frame by frame, hashes every record, keeps the
 * small records and only the hashes of texts, and checks the signature at the end, before anything
 * is applied; a merge that needs texts reads the file again and must see the same hash.
 *
 * The participant register never travels. Transcript texts travel only when asked for, and not for
 * participants whose consent to share was withheld; a SHA-256 of each text travels inside the seal
 * (matching happens in memory; no unkeyed hash is ever written to disk).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { BundleCounts, type BundlePerson, type BundleSummary } from '../../../shared/contract/channels/team.js';
import { Code, DistressMark, MemoTarget, Uuid, type Memo } from '../../../shared/contract/index.js';
import { newId } from '../../../shared/ids.js';
import type { DeidSection } from '../../../shared/merge/index.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import type { UnlockedIdentity } from '../identity/keystore.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { sodium, wipe, randomBytes } from '../vault/sodium.js';
import { fingerprint } from '../vault/words.js';
import { loadCodes } from './codebook.js';
import { attributeDefs, packUtterances, unpackUtterances } from './transcripts.js';

export const BUNDLE_FORMAT_VERSION = 1;
const MAGIC = new TextEncoder().encode('TANDAI-BUNDLE\n');
const PLAIN_CHUNK = 256 * 1024;
const MAX_HEADER = 4096;
const KIND_JSON = 1;
const KIND_TEXT = 2;
const SIGN_CONTEXT = new TextEncoder().encode('tandai-bundle|1|');
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const sha256hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------------------------
// Records

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Person = z.object({ identityId: Uuid, displayName: z.string(), fingerprint: z.string() });
const SigRecord = z.object({
  t: z.literal('sig'),
  v: z.literal(1),
  bundleId: Uuid,
  signer: z.object({ identityId: Uuid, displayName: z.string(), sign: z.string(), box: z.string() }),
  sig: z.string(),
});
const Manifest = z.object({
  t: z.literal('manifest'),
  formatVersion: z.number().int(),
  bundleId: Uuid,
  createdAt: z.string(),
  sender: Person,
  recipient: Person,
  project: z.object({ id: Uuid, name: z.string() }),
  country: z.string().nullable(),
  auditHead: z.object({ count: z.number().int(), hash: z.string() }),
  withTranscripts: z.boolean(),
  counts: BundleCounts,
});
export type BundleManifest = z.infer<typeof Manifest>;
const VersionMeta = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  mergeParentId: Uuid.nullable(),
  seq: z.number().int(),
  createdAt: z.string(),
  authorId: Uuid.nullable(),
  summary: z.string(),
  codeCount: z.number().int(),
});
export type BundleVersion = z.infer<typeof VersionMeta>;
const TranscriptMeta = z.object({
  id: Uuid,
  participantId: Uuid,
  versionId: Uuid,
  chars: z.number().int().min(0),
  sha256: Hex64,
  title: z.string(),
  format: z.string(),
  encoding: z.string(),
  createdAt: z.string(),
  hasText: z.boolean(),
});
export type BundleTranscript = z.infer<typeof TranscriptMeta>;
const CodingRec = z.object({
  id: Uuid,
  transcriptId: Uuid,
  versionId: Uuid,
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  codeId: Uuid,
  coderId: Uuid.nullable(),
  createdAt: z.string(),
  orphaned: z.boolean(),
});
export type BundleCoding = z.infer<typeof CodingRec>;
const MemoRec = z.object({ id: Uuid, target: MemoTarget, body: z.string(), authorId: Uuid.nullable(), createdAt: z.string(), updatedAt: z.string() });
const FlagRec = z.object({ transcriptId: Uuid, flag: z.string().min(1).max(64) });
const WithdrawalRec = z.object({ participantId: Uuid, at: z.string(), byId: Uuid.nullable() });
const PseudonymRec = z.object({ id: z.string(), participantId: Uuid.nullable(), entityType: z.string(), original: z.string(), pseudonym: z.string(), createdBy: Uuid.nullable(), createdAt: z.string(), kind: z.enum(['participant', 'entity']).optional() });
const DecisionRec = z.object({
  id: z.string(),
  participantId: Uuid.nullable(),
  transcriptId: Uuid.nullable(),
  versionId: Uuid.nullable(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  entityType: z.string(),
  original: z.string(),
  action: z.enum(['pseudonymise', 'redact', 'generalise', 'keep']),
  replacement: z.string().nullable(),
  reason: z.string().nullable(),
  decidedBy: Uuid.nullable(),
  decidedAt: z.string(),
  scope: z.enum(['entity', 'occurrence']).optional(),
});
const TextMeta = z.object({
  transcriptId: Uuid,
  versionId: Uuid,
  participantLabel: z.string(),
  /** Packed utterances (int32 sextuples), base64. */
  utterances: z.string(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type BundleTextMeta = z.infer<typeof TextMeta>;

const ContentRecord = z.discriminatedUnion('t', [
  Manifest,
  z.object({ t: z.literal('codebook'), headVersionId: Uuid.nullable(), codes: z.array(Code) }),
  z.object({ t: z.literal('versions'), items: z.array(VersionMeta) }),
  z.object({ t: z.literal('transcripts'), items: z.array(TranscriptMeta) }),
  z.object({ t: z.literal('codings'), items: z.array(CodingRec) }),
  z.object({ t: z.literal('memos'), items: z.array(MemoRec) }),
  z.object({ t: z.literal('marks'), items: z.array(DistressMark) }),
  z.object({ t: z.literal('flags'), items: z.array(FlagRec) }),
  z.object({ t: z.literal('withdrawals'), items: z.array(WithdrawalRec) }),
  z.object({ t: z.literal('deid'), decisions: z.array(DecisionRec), pseudonyms: z.array(PseudonymRec) }),
  z.object({ t: z.literal('end'), records: z.number().int() }),
]);
type ContentRecord = z.infer<typeof ContentRecord>;

/** A bundle read and verified (pass 1): everything but the transcripts' texts. */
export interface OpenedBundle {
  path: string;
  bundleId: string;
  signer: BundlePerson & { signPublicKey: Uint8Array; boxPublicKey: Uint8Array };
  contentHash: string;
  manifest: BundleManifest;
  codebook: { headVersionId: string | null; codes: Code[] };
  versions: BundleVersion[];
  transcripts: BundleTranscript[];
  codings: BundleCoding[];
  memos: Memo[];
  marks: DistressMark[];
  flags: { transcriptId: string; flag: string }[];
  withdrawals: { participantId: string; at: string; byId: string | null }[];
  deid: DeidSection;
}

// ---------------------------------------------------------------------------------------------
// De-identification decisions and pseudonym maps: a typed slot filled by the de-identification
// module when it registers (its tables do not exist yet). Without a provider the section travels
// empty, and what a received bundle carries is reported as pending.

export interface DeidBundleProvider {
  /** The decisions and pseudonym map to send (inside the seal). */
  export(p: OpenProject): DeidSection;
  /** Our pseudonym map, to keep pseudonyms unique when merging theirs. */
  pseudonyms(p: OpenProject): DeidSection['pseudonyms'];
  /**
   * Stores received entries (inside the merge's transaction; a plan rolls them back). `received`
   * holds their decisions and their pseudonyms already made unique here (`mergePseudonymMaps`).
   */
  store?(p: OpenProject, received: DeidSection, ctx: DeidStoreContext): DeidStoreResult;
}

export interface DeidStoreContext {
  sender: { identityId: string; displayName: string };
  bundleId: string;
  /** Our transcript for one of the bundle's, or null where the merge could not place it. */
  placeTranscript(bundleTranscriptId: string): string | null;
  /** Our participant for one of theirs: the same id, or the participant of our copy of their transcript; null when not here. */
  placeParticipant(bundleParticipantId: string): string | null;
  /** Participants withdrawn here (or by a notice in this merge): their records are dropped. */
  withdrawn: ReadonlySet<string>;
}

export interface DeidStoreResult {
  /** suggested: kept as written on their side, listed for the lead to decide (never stored). */
  decisions: { added: number; same: number; suggested: number };
  pseudonyms: { added: number; same: number };
  /** Their confirmed names, places and organisations added to our register (so our scan finds them). */
  registerAdded: number;
  /** Where ours and theirs differ: ours stays until the lead decides. */
  conflicts: { kind: 'decision' | 'pseudonym'; entityType: string; original: string; ours: string; theirs: string }[];
  notPlaced: { id: string; reason: string }[];
  withdrawnDropped: number;
}
let deidProvider: DeidBundleProvider | null = null;
export function registerDeidBundleProvider(provider: DeidBundleProvider | null): void {
  deidProvider = provider;
}
export const deidBundleProvider = (): DeidBundleProvider | null => deidProvider;

// ---------------------------------------------------------------------------------------------
// Writing

interface RawRecord {
  kind: number;
  payload: Uint8Array[];
}

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const jsonRecord = (value: unknown): RawRecord => ({ kind: KIND_JSON, payload: [enc.encode(JSON.stringify(value))] });
const recordPrefix = (r: RawRecord) => {
  const len = r.payload.reduce((s, p) => s + p.length, 0) + 1;
  const b = new Uint8Array(5);
  new DataView(b.buffer).setUint32(0, len, true);
  b[4] = r.kind;
  return b;
};

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Secretstream over an fd: fills PLAIN_CHUNK-byte frames and writes each as (u32 length, ciphertext). */
class SealedWriter {
  private readonly buf = new Uint8Array(PLAIN_CHUNK);
  private used = 0;
  private first = true;
  private readonly state: ReturnType<ReturnType<typeof sodium>['crypto_secretstream_xchacha20poly1305_init_push']>['state'];

  constructor(
    private readonly fd: number,
    key: Uint8Array,
    private readonly ad: Uint8Array,
  ) {
    const { state, header } = sodium().crypto_secretstream_xchacha20poly1305_init_push(key);
    this.state = state;
    writeAll(fd, header);
  }

  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      const n = Math.min(bytes.length - off, PLAIN_CHUNK - this.used);
      this.buf.set(bytes.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
      if (this.used === PLAIN_CHUNK) this.flush(false);
    }
  }

  private flush(final: boolean): void {
    const s = sodium();
    const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const ct = s.crypto_secretstream_xchacha20poly1305_push(this.state, this.buf.subarray(0, this.used), this.first ? this.ad : null, tag);
    this.first = false;
    this.used = 0;
    writeAll(this.fd, u32(ct.length));
    writeAll(this.fd, ct);
  }

  end(): void {
    this.flush(true);
    this.buf.fill(0);
  }
}

const signedMessage = (recipientBox: Uint8Array, bundleId: string, contentHash: Uint8Array): Uint8Array => {
  const id = enc.encode(bundleId);
  const m = new Uint8Array(SIGN_CONTEXT.length + recipientBox.length + id.length + contentHash.length);
  let o = 0;
  for (const part of [SIGN_CONTEXT, recipientBox, id, contentHash]) {
    m.set(part, o);
    o += part.length;
  }
  return m;
};

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads an fd sequentially through a 1 MiB buffer. */
class FileReader {
  private readonly buf = Buffer.alloc(1024 * 1024);
  private start = 0;
  private end = 0;
  private pos = 0;
  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}

  get remaining(): number {
    return this.size - this.pos + (this.end - this.start);
  }

  /** Exactly n bytes (a copy), or null at a clean end of file before any of them. */
  read(n: number, what: () => TandaiError): Uint8Array {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (this.start === this.end) {
        const r = readSync(this.fd, this.buf, 0, this.buf.length, this.pos);
        if (r <= 0) throw what();
        this.pos += r;
        this.start = 0;
        this.end = r;
      }
      const take = Math.min(n - got, this.end - this.start);
      out.set(this.buf.subarray(this.start, this.start + take), got);
      this.start += take;
      got += take;
    }
    return out;
  }
}

const readU32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);

/** Splits the plaintext stream into records, across frame boundaries. */
class RecordSplitter {
  private parts: Uint8Array[] = [];
  private have = 0;
  private need = -1;
  count = 0;
  constructor(private readonly onRecord: (kind: number, payload: Uint8Array, framed: Uint8Array[]) => void) {}

  push(chunk: Uint8Array): void {
    this.parts.push(chunk);
    this.have += chunk.length;
    for (;;) {
      if (this.need < 0) {
        if (this.have < 4) return;
        this.need = readU32(this.take(4, false)) + 4;
        if (this.need < 5) throw new TandaiError('CORRUPT_FILE', 'the bundle holds an empty record');
      }
      if (this.have < this.need) return;
      const rec = this.take(this.need, true);
      this.need = -1;
      this.count++;
      this.onRecord(rec[4]!, rec.subarray(5), [rec]);
    }
  }

  /** The first n bytes; consumed only when `consume`. */
  private take(n: number, consume: boolean): Uint8Array {
    let out: Uint8Array;
    if (this.parts[0]!.length >= n) out = this.parts[0]!.subarray(0, n);
    else {
      out = new Uint8Array(n);
      let o = 0;
      for (const p of this.parts) {
        const t = Math.min(p.length, n - o);
        out.set(p.subarray(0, t), o);
        o += t;
        if (o === n) break;
      }
    }
    if (consume) {
      let left = n;
      while (left > 0) {
        const p = this.parts[0]!;
        if (p.length <= left) {
          left -= p.length;
          this.parts.shift();
        } else {
          this.parts[0] = p.subarray(left);
          left = 0;
        }
      }
      this.have -= n;
    }
    return out;
  }

  get pending(): number {
    return this.have;
  }
}

export interface Signer {
  identityId: string;
  displayName: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
  fingerprint: string;
}

/**
 * Reads a bundle once, verifying as it goes: the recipient, the seal, every frame, the final tag,
 * the signer (`trust` throws for a key not in the team list, before any content is handed out),
 * and at the end the signature over the content hash. `onContent` sees every content record; what
 * it builds must not be used unless this returns.
 */
function readStream(path: string, me: UnlockedIdentity, trust: (s: Signer) => void, onContent: (kind: number, payload: Uint8Array) => void): { bundleId: string; signer: Signer; contentHash: string; header: BundleHeader } {
  const name = basename(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new TandaiError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${name}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  const s = sodium();
  let fileKey: Uint8Array | null = null;
  try {
    const reader = new FileReader(fd, fstatSync(fd).size);
    const notBundle = () => new TandaiError('CORRUPT_FILE', `${name}: not a Tandai bundle`);
    const truncated = () => new TandaiError('INTEGRITY', `${name}: the bundle is truncated (altered in transit or not copied whole)`);
    const magic = reader.read(MAGIC.length, notBundle);
    if (!magic.every((b, i) => b === MAGIC[i])) throw notBundle();
    const headerLen = readU32(reader.read(4, notBundle));
    if (headerLen === 0 || headerLen > MAX_HEADER) throw notBundle();
    const headerBytes = reader.read(headerLen, truncated);
    const header = parseHeader(headerBytes, name);
    if (header.recipient !== me.fingerprint) {
      throw new TandaiError('FORBIDDEN', `${name} is addressed to someone else (${header.recipient}), not to your identity (${me.fingerprint}); only its recipient can open it`);
    }
    const sealedLen = readU32(reader.read(4, truncated));
    if (sealedLen !== s.crypto_box_SEALBYTES + 32) throw new TandaiError('INTEGRITY', `${name}: the sealed file key has the wrong length: altered in transit`);
    const sealed = reader.read(sealedLen, truncated);
    try {
      fileKey = s.crypto_box_seal_open(sealed, me.boxPublicKey, me.boxSecretKey);
    } catch {
      throw new TandaiError('INTEGRITY', `${name}: its file key does not open with your identity: altered in transit, or sealed to someone else`);
    }
    const ssHeader = reader.read(s.crypto_secretstream_xchacha20poly1305_HEADERBYTES, truncated);
    let state;
    try {
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(ssHeader, fileKey);
    } catch {
      throw new TandaiError('INTEGRITY', `${name}: the bundle's stream header was altered`);
    }

    let signer: Signer | null = null;
    let sig: Uint8Array | null = null;
    let bundleId = '';
    const hash = createHash('sha256');
    const splitter = new RecordSplitter((kind, payload, framed) => {
      if (signer === null) {
        if (kind !== KIND_JSON) throw new TandaiError('INTEGRITY', `${name}: the bundle does not start with its signature`);
        const rec = SigRecord.safeParse(parseJson(payload, name));
        if (!rec.success) throw new TandaiError('INTEGRITY', `${name}: the bundle's signature record is damaged`);
        if (rec.data.bundleId !== header.bundleId) throw new TandaiError('INTEGRITY', `${name}: the header and the signed content name different bundles: altered`);
        const signPublicKey = unb64(rec.data.signer.sign);
        const boxPublicKey = unb64(rec.data.signer.box);
        if (signPublicKey.length !== 32 || boxPublicKey.length !== 32) throw new TandaiError('INTEGRITY', `${name}: the signer's keys are damaged`);
        signer = { identityId: rec.data.signer.identityId, displayName: rec.data.signer.displayName, signPublicKey, boxPublicKey, fingerprint: fingerprint(signPublicKey, boxPublicKey) };
        sig = unb64(rec.data.sig);
        bundleId = rec.data.bundleId;
        trust(signer);
        return;
      }
      for (const f of framed) hash.update(f);
      onContent(kind, payload);
    });

    const maxFrame = PLAIN_CHUNK + s.crypto_secretstream_xchacha20poly1305_ABYTES;
    let part = 0;
    let sawFinal = false;
    while (reader.remaining > 0) {
      if (sawFinal) throw new TandaiError('INTEGRITY', `${name}: data after the bundle's end: altered in transit`);
      const len = readU32(reader.read(4, truncated));
      if (len < s.crypto_secretstream_xchacha20poly1305_ABYTES || len > maxFrame) throw new TandaiError('INTEGRITY', `${name}: part ${part + 1} has an impossible length: altered in transit`);
      const ct = reader.read(len, truncated);
      const r = s.crypto_secretstream_xchacha20poly1305_pull(state, ct, part === 0 ? headerBytes : null);
      if (!r) throw new TandaiError('INTEGRITY', `${name}: part ${part + 1} fails its integrity check: the bundle was altered in transit`);
      part++;
      sawFinal = r.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      if (r.message.length) splitter.push(r.message);
    }
    if (!sawFinal) throw truncated();
    if (splitter.pending !== 0) throw new TandaiError('CORRUPT_FILE', `${name}: the bundle ends inside a record`);
    if (signer === null || sig === null) throw new TandaiError('INTEGRITY', `${name}: the bundle carries no signature`);
    const contentHash = hash.digest();
    const signerNow = signer as Signer;
    if (!s.crypto_sign_verify_detached(sig, signedMessage(me.boxPublicKey, bundleId, contentHash), signerNow.signPublicKey)) {
      throw new TandaiError('INTEGRITY', `${name}: its signature does not match its content (altered, or re-sealed by someone other than ${signerNow.displayName})`);
    }
    return { bundleId, signer: signerNow, contentHash: contentHash.toString('hex'), header };
  } finally {
    wipe(fileKey);
    closeSync(fd);
  }
}

interface BundleHeader {
  format: 'tandai-bundle';
  version: number;
  bundleId: string;
  recipient: string;
}

function parseHeader(bytes: Uint8Array, name: string): BundleHeader {
  const h = z
    .object({ format: z.literal('tandai-bundle'), version: z.number().int(), bundleId: Uuid, recipient: z.string() })
    .safeParse(parseJson(bytes, name));
  if (!h.success) throw new TandaiError('CORRUPT_FILE', `${name}: not a Tandai bundle (its header is damaged)`);
  if (h.data.version > BUNDLE_FORMAT_VERSION) throw new TandaiError('UNSUPPORTED_FORMAT', `${name} was made by a newer Tandai (bundle format ${h.data.version}; this version reads up to ${BUNDLE_FORMAT_VERSION})`);
  return h.data;
}

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(dec.decode(bytes));
  } catch {
    throw new TandaiError('CORRUPT_FILE', `${name}: a record of the bundle is not valid JSON`);
  }
}

/** The team member holding this signing key, or FORBIDDEN naming the key. */
export function trustFromTeam(p: OpenProject, name: string): (s: Signer) => void {
  return (s) => {
    const row = p.db.prepare('SELECT identity_id, box_pub FROM team WHERE sign_pub = ?').get(s.signPublicKey) as { identity_id: string; box_pub: Uint8Array } | undefined;
    if (!row) throw new TandaiError('FORBIDDEN', `${name} is signed by a key not in this project's team list (${s.displayName}, fingerprint ${s.fingerprint}): add them to the team first if you trust them`);
    if (row.identity_id !== s.identityId || !Buffer.from(row.box_pub).equals(Buffer.from(s.boxPublicKey))) {
      throw new TandaiError('FORBIDDEN', `${name} is signed by a key the team list holds for someone else (fingerprint ${s.fingerprint})`);
    }
  };
}

const HEX = new Uint8Array(128);
for (const ch of '0123456789abcdefABCDEF') HEX[ch.charCodeAt(0)] = 1;
/** 8-4-4-4-12 hex digits, as the Uuid schema: by hand, since 100,000 codings hold half a million ids. */
const isUuid = (v: unknown): v is string => {
  if (typeof v !== 'string' || v.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = v.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (c > 127 || HEX[c] === 0) return false;
  }
  return true;
};
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function checkCodings(items: unknown, name: string): BundleCoding[] {
  const bad = (i: number, field: string) => new TandaiError('CORRUPT_FILE', `${name}: a record of the bundle is damaged (items.${i}.${field}: invalid)`);
  if (!Array.isArray(items)) throw new TandaiError('CORRUPT_FILE', `${name}: a record of the bundle is damaged (items: expected an array)`);
  // Tens of thousands of codings name a few hundred transcripts, versions and codes: one string
  // object per distinct id makes every later lookup by them (the merge does several per coding)
  // find its hash cached and compare by identity.
  const seen = new Map<string, string>();
  const one = (s: string) => {
    const x = seen.get(s);
    if (x !== undefined) return x;
    seen.set(s, s);
    return s;
  };
  return items.map((c: Record<string, unknown>, i) => {
    if (typeof c !== 'object' || c === null) throw bad(i, '');
    if (!isUuid(c.id)) throw bad(i, 'id');
    if (!isUuid(c.transcriptId)) throw bad(i, 'transcriptId');
    if (!isUuid(c.versionId)) throw bad(i, 'versionId');
    if (!isUuid(c.codeId)) throw bad(i, 'codeId');
    if (!isCount(c.start)) throw bad(i, 'start');
    if (!isCount(c.end)) throw bad(i, 'end');
    if (c.coderId !== null && !isUuid(c.coderId)) throw bad(i, 'coderId');
    if (typeof c.createdAt !== 'string') throw bad(i, 'createdAt');
    if (typeof c.orphaned !== 'boolean') throw bad(i, 'orphaned');
    return { id: c.id as string, transcriptId: one(c.transcriptId as string), versionId: one(c.versionId as string), start: c.start, end: c.end, codeId: one(c.codeId as string), coderId: c.coderId === null ? null : one(c.coderId as string), createdAt: c.createdAt, orphaned: c.orphaned };
  });
}

/** Pass 1: reads and verifies a bundle; keeps everything but the texts. */
export function readBundle(p: OpenProject, me: UnlockedIdentity, path: string): OpenedBundle {
  const name = basename(path);
  const records: ContentRecord[] = [];
  let texts = 0;
  const { bundleId, signer, contentHash } = readStream(path, me, trustFromTeam(p, name), (kind, payload) => {
    if (kind === KIND_TEXT) {
      texts++;
      return;
    }
    if (kind !== KIND_JSON) throw new TandaiError('CORRUPT_FILE', `${name}: a record of unknown kind ${kind} (made by a newer Tandai?)`);
    const value = parseJson(payload, name);
    // Codings are most of a bundle: checked by hand (same rules as CodingRec, several times faster).
    if ((value as { t?: unknown })?.t === 'codings') {
      records.push({ t: 'codings', items: checkCodings((value as { items?: unknown }).items, name) });
      return;
    }
    const r = ContentRecord.safeParse(value);
    if (!r.success) throw new TandaiError('CORRUPT_FILE', `${name}: a record of the bundle is damaged (${r.error.issues[0]?.path.join('.') ?? 'record'}: ${r.error.issues[0]?.message ?? 'invalid'})`);
    records.push(r.data);
  });
  const out: Partial<OpenedBundle> & Pick<OpenedBundle, 'versions' | 'transcripts' | 'codings' | 'memos' | 'marks' | 'flags' | 'withdrawals'> = {
    path,
    bundleId,
    contentHash,
    signer: { identityId: signer.identityId, displayName: signer.displayName, fingerprint: signer.fingerprint, signPublicKey: signer.signPublicKey, boxPublicKey: signer.boxPublicKey },
    versions: [],
    transcripts: [],
    codings: [],
    memos: [],
    marks: [],
    flags: [],
    withdrawals: [],
    deid: { decisions: [], pseudonyms: [] },
  };
  let ended = false;
  for (const r of records) {
    switch (r.t) {
      case 'manifest':
        out.manifest = r;
        break;
      case 'codebook':
        out.codebook = { headVersionId: r.headVersionId, codes: r.codes };
        break;
      case 'versions':
        out.versions.push(...r.items);
        break;
      case 'transcripts':
        out.transcripts.push(...r.items);
        break;
      case 'codings':
        out.codings.push(...r.items);
        break;
      case 'memos':
        out.memos.push(...r.items);
        break;
      case 'marks':
        out.marks.push(...r.items);
        break;
      case 'flags':
        out.flags.push(...r.items);
        break;
      case 'withdrawals':
        out.withdrawals.push(...r.items);
        break;
      case 'deid':
        out.deid = { decisions: r.decisions, pseudonyms: r.pseudonyms };
        break;
      case 'end':
        ended = r.records === records.length - 1 + texts;
        break;
    }
  }
  if (!out.manifest || !out.codebook || !ended) throw new TandaiError('CORRUPT_FILE', `${name}: the bundle is incomplete (its manifest, codebook or end record is missing)`);
  if (out.manifest.bundleId !== bundleId || out.manifest.sender.identityId !== signer.identityId) throw new TandaiError('INTEGRITY', `${name}: the manifest does not match the signature`);
  if (out.manifest.recipient.fingerprint !== me.fingerprint) throw new TandaiError('FORBIDDEN', `${name} was made for ${out.manifest.recipient.fingerprint}, not for you`);
  return out as OpenedBundle;
}

export interface BundleText {
  meta: BundleTextMeta;
  text: string;
}

/**
 * Pass 2: reads the bundle again for the texts of `wanted` transcripts, calling `onText` for each
 * (inside the caller's transaction). Throws INTEGRITY at the end if the file is not the one read in
 * pass 1 (the caller's transaction then rolls back whatever `onText` did).
 */
export function readTexts(p: OpenProject, me: UnlockedIdentity, bundle: OpenedBundle, wanted: ReadonlySet<string>, onText: (t: BundleText) => void): void {
  const name = basename(bundle.path);
  const { contentHash } = readStream(bundle.path, me, trustFromTeam(p, name), (kind, payload) => {
    if (kind !== KIND_TEXT) return;
    const metaLen = readU32(payload);
    const meta = TextMeta.safeParse(parseJson(payload.subarray(4, 4 + metaLen), name));
    if (!meta.success) throw new TandaiError('CORRUPT_FILE', `${name}: a transcript record is damaged`);
    if (!wanted.has(meta.data.transcriptId)) return;
    const bytes = payload.subarray(4 + metaLen);
    const expected = bundle.transcripts.find((t) => t.id === meta.data.transcriptId);
    if (!expected || sha256hex(bytes) !== expected.sha256) throw new TandaiError('INTEGRITY', `${name}: the text of transcript ${meta.data.transcriptId} does not match its listed hash`);
    onText({ meta: meta.data, text: dec.decode(bytes) });
  });
  if (contentHash !== bundle.contentHash) throw new TandaiError('INTEGRITY', `${name} changed while it was being merged: nothing was applied`);
}

export const textUtterances = (meta: BundleTextMeta, text: string) => unpackUtterances(unb64(meta.utterances), text);

// ---------------------------------------------------------------------------------------------
// Creating

interface TeamRow {
  identity_id: string;
  role: string;
  sign_pub: Uint8Array;
  box_pub: Uint8Array;
  name_ct: Uint8Array;
}

/** A team member by fingerprint (dashes or spaces), identity id, or display name (case-insensitive). */
export function resolveMember(p: OpenProject, who: string): BundlePerson & { boxPublicKey: Uint8Array } {
  const rows = p.db.prepare('SELECT identity_id, role, sign_pub, box_pub, name_ct FROM team ORDER BY added_at').all() as TeamRow[];
  const members = rows.map((r) => ({
    identityId: r.identity_id,
    displayName: p.openText('team', r.identity_id, 'name', PROJECT_KEY_ID, r.name_ct),
    fingerprint: fingerprint(r.sign_pub, r.box_pub),
    boxPublicKey: r.box_pub,
  }));
  const want = who.trim().toLowerCase();
  const fp = want.replace(/[\s,;]+/g, '-');
  const hits = members.filter((m) => m.fingerprint === fp || m.identityId === want);
  const byName = hits.length ? hits : members.filter((m) => m.displayName.trim().toLowerCase() === want);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new TandaiError('CONFLICT', `more than one team member is called "${who}": name them by fingerprint (${byName.map((m) => m.fingerprint).join('; ')})`);
  throw new TandaiError('NOT_FOUND', `no team member "${who}" in this project ("tandai team list" shows them; add them with "tandai team add")`);
}

interface Source {
  manifest: Omit<BundleManifest, 't' | 'counts'>;
  withTranscripts: boolean;
}

/** Every content record, in order. Deterministic for one database state: it runs twice per bundle. */
function* contentRecords(p: OpenProject, src: Source, counts: BundleCounts, shaCache: Map<string, string>, leftOut: { transcriptId: string; reason: string }[]): Generator<RawRecord> {
  const codes = loadCodes(p);
  const versions = (
    p.db.prepare('SELECT id, parent_id, merge_parent_id, seq, created_at, author_id, summary_ct, code_count FROM codebook_versions ORDER BY seq').all() as {
      id: string;
      parent_id: string | null;
      merge_parent_id: string | null;
      seq: number;
      created_at: string;
      author_id: string | null;
      summary_ct: Uint8Array;
      code_count: number;
    }[]
  ).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    mergeParentId: r.merge_parent_id,
    seq: r.seq,
    createdAt: r.created_at,
    authorId: r.author_id,
    summary: p.openText('codebook_versions', r.id, 'summary', PROJECT_KEY_ID, r.summary_ct),
    codeCount: r.code_count,
  }));
  const transcripts = p.db
    .prepare(
      `SELECT t.id, t.participant_id, t.title_ct, t.format, t.encoding, t.created_at, t.current_version, v.chars, v.text_ct, v.utterances_ct
       FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version ORDER BY t.created_at, t.id`,
    )
    .all() as { id: string; participant_id: string; title_ct: Uint8Array; format: string; encoding: string; created_at: string; current_version: string; chars: number; text_ct: Uint8Array; utterances_ct: Uint8Array }[];
  const consent = new Map<string, unknown>(
    (p.db.prepare("SELECT transcript_id, value_ct FROM attribute_values WHERE key = 'consent_sharing'").all() as { transcript_id: string; value_ct: Uint8Array }[]).flatMap((r) => {
      const t = transcripts.find((x) => x.id === r.transcript_id);
      return t ? [[r.transcript_id, p.openJson<unknown>('attribute_values', `${r.transcript_id}/consent_sharing`, 'value', t.participant_id, r.value_ct)] as [string, unknown]] : [];
    }),
  );
  const textOf = (t: (typeof transcripts)[number]) => p.openText('transcript_versions', t.current_version, 'text', t.participant_id, t.text_ct);
  const metas = transcripts.map((t) => {
    let sha = shaCache.get(t.id);
    if (sha === undefined) {
      sha = sha256hex(textOf(t));
      shaCache.set(t.id, sha);
    }
    let hasText = src.withTranscripts;
    if (hasText && consent.get(t.id) === false) {
      hasText = false;
      if (!leftOut.some((x) => x.transcriptId === t.id)) leftOut.push({ transcriptId: t.id, reason: 'the participant did not consent to sharing with other teams (consent_sharing: no)' });
    }
    return {
      id: t.id,
      participantId: t.participant_id,
      versionId: t.current_version,
      chars: t.chars,
      sha256: sha,
      title: p.openText('transcripts', t.id, 'title', t.participant_id, t.title_ct),
      format: t.format,
      encoding: t.encoding,
      createdAt: t.created_at,
      hasText,
    };
  });
  const codings = (
    p.db
      .prepare('SELECT c.id, c.transcript_id, c.version_id, c.start, c."end", c.code_id, c.coder_id, c.created_at, c.orphaned FROM codings c JOIN transcripts t ON t.id = c.transcript_id AND t.current_version = c.version_id ORDER BY c.transcript_id, c.start, c.id')
      .all() as { id: string; transcript_id: string; version_id: string; start: number; end: number; code_id: string; coder_id: string | null; created_at: string; orphaned: number }[]
  ).map((r) => ({ id: r.id, transcriptId: r.transcript_id, versionId: r.version_id, start: r.start, end: r.end, codeId: r.code_id, coderId: r.coder_id, createdAt: r.created_at, orphaned: r.orphaned === 1 }));
  const memos = (
    p.db.prepare('SELECT id, target_kind, target_id, participant_id, body_ct, author_id, created_at, updated_at FROM memos ORDER BY created_at, id').all() as {
      id: string;
      target_kind: MemoTarget['kind'];
      target_id: string | null;
      participant_id: string | null;
      body_ct: Uint8Array;
      author_id: string | null;
      created_at: string;
      updated_at: string;
    }[]
  ).map((r) => ({
    id: r.id,
    target: (r.target_kind === 'project' ? { kind: 'project' } : { kind: r.target_kind, id: r.target_id! }) as MemoTarget,
    body: p.openText('memos', r.id, 'body', r.participant_id ?? PROJECT_KEY_ID, r.body_ct),
    authorId: r.author_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
  const marks = (
    p.db.prepare('SELECT m.id, m.transcript_id, m.version_id, m.start, m."end", m.author_id, m.created_at FROM marks m JOIN transcripts t ON t.id = m.transcript_id AND t.current_version = m.version_id ORDER BY m.transcript_id, m.start, m.id').all() as {
      id: string;
      transcript_id: string;
      version_id: string;
      start: number;
      end: number;
      author_id: string | null;
      created_at: string;
    }[]
  ).map((r) => ({ id: r.id, transcriptId: r.transcript_id, versionId: r.version_id, start: r.start, end: r.end, authorId: r.author_id, createdAt: r.created_at }));
  const hasFlags = p.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'transcript_flags'").get() !== undefined;
  const flags = hasFlags ? (p.db.prepare('SELECT transcript_id, flag FROM transcript_flags ORDER BY transcript_id, flag').all() as { transcript_id: string; flag: string }[]).map((r) => ({ transcriptId: r.transcript_id, flag: r.flag })) : [];
  const withdrawals = (p.db.prepare('SELECT participant_id, at, by_id FROM withdrawals ORDER BY at, participant_id').all() as { participant_id: string; at: string; by_id: string | null }[]).map((r) => ({
    participantId: r.participant_id,
    at: r.at,
    byId: r.by_id,
  }));
  const deid = deidProvider ? deidProvider.export(p) : { decisions: [], pseudonyms: [] };
  const head = versions.length ? versions[versions.length - 1]!.id : null;

  Object.assign(counts, {
    codes: codes.length,
    codebookVersions: versions.length,
    codings: codings.length,
    memos: memos.length,
    marks: marks.length,
    flags: flags.length,
    transcripts: metas.length,
    transcriptTexts: metas.filter((m) => m.hasText).length,
    withdrawals: withdrawals.length,
    deidDecisions: deid.decisions.length,
    pseudonyms: deid.pseudonyms.length,
  } satisfies BundleCounts);

  let n = 0;
  const json = (v: unknown) => {
    n++;
    return jsonRecord(v);
  };
  const batches = function* <T>(t: string, items: T[], size: number) {
    for (let i = 0; i < items.length; i += size) yield json({ t, items: items.slice(i, i + size) });
  };
  yield json({ t: 'manifest', ...src.manifest, counts: { ...counts } });
  yield json({ t: 'codebook', headVersionId: head, codes });
  yield* batches('versions', versions, 2000);
  yield* batches('transcripts', metas, 1000);
  yield* batches('codings', codings, 5000);
  yield* batches('memos', memos, 1000);
  yield* batches('marks', marks, 5000);
  yield* batches('flags', flags, 5000);
  yield* batches('withdrawals', withdrawals, 5000);
  yield json({ t: 'deid', ...deid });
  if (src.withTranscripts) {
    const defs = attributeDefs(p).map((d) => d.key);
    const labels = new Map((p.db.prepare('SELECT id, label_ct FROM participants').all() as { id: string; label_ct: Uint8Array }[]).map((r) => [r.id, r.label_ct]));
    for (const [i, t] of transcripts.entries()) {
      if (!metas[i]!.hasText) continue;
      const text = textOf(t);
      const attrs: Record<string, string | number | boolean | null> = {};
      for (const a of p.db.prepare('SELECT key, value_ct FROM attribute_values WHERE transcript_id = ?').all(t.id) as { key: string; value_ct: Uint8Array }[]) {
        if (defs.includes(a.key)) attrs[a.key] = p.openJson('attribute_values', `${t.id}/${a.key}`, 'value', t.participant_id, a.value_ct);
      }
      const label = labels.get(t.participant_id);
      const meta: BundleTextMeta = {
        transcriptId: t.id,
        versionId: t.current_version,
        participantLabel: label ? p.openText('participants', t.participant_id, 'label', t.participant_id, label) : '',
        utterances: b64(p.openBytes('transcript_versions', t.current_version, 'utterances', t.participant_id, t.utterances_ct)),
        attributes: attrs,
      };
      const metaBytes = enc.encode(JSON.stringify(meta));
      n++;
      yield { kind: KIND_TEXT, payload: [u32(metaBytes.length), metaBytes, enc.encode(text)] };
    }
  }
  yield jsonRecord({ t: 'end', records: n });
}

/** The country the work is from: the option, else the one country attribute all transcripts share. */
function countryOf(p: OpenProject, given: string | undefined): string | null {
  if (given) return given;
  const rows = p.db.prepare("SELECT a.transcript_id, a.value_ct, t.participant_id FROM attribute_values a JOIN transcripts t ON t.id = a.transcript_id WHERE a.key = 'country'").all() as {
    transcript_id: string;
    value_ct: Uint8Array;
    participant_id: string;
  }[];
  const values = new Set(rows.map((r) => String(p.openJson('attribute_values', `${r.transcript_id}/country`, 'value', r.participant_id, r.value_ct)).trim()).filter(Boolean));
  return values.size === 1 ? [...values][0]! : null;
}

export function createBundle(
  p: OpenProject,
  me: UnlockedIdentity,
  input: { to: string; out: string; withTranscripts?: boolean; country?: string },
): { bundleId: string; path: string; bytes: number; recipient: BundlePerson; counts: BundleCounts; textsLeftOut: { transcriptId: string; reason: string }[] } {
  const recipient = resolveMember(p, input.to);
  if (recipient.identityId === me.id) throw new TandaiError('INVALID_INPUT', 'that is you: a bundle goes to a teammate (name them by fingerprint or name)');
  const bundleId: string = newId();
  const src: Source = {
    withTranscripts: input.withTranscripts === true,
    manifest: {
      formatVersion: BUNDLE_FORMAT_VERSION,
      bundleId,
      createdAt: new Date().toISOString(),
      sender: { identityId: me.id, displayName: me.displayName, fingerprint: me.fingerprint },
      recipient: { identityId: recipient.identityId, displayName: recipient.displayName, fingerprint: recipient.fingerprint },
      project: { id: p.id, name: p.header.name },
      country: countryOf(p, input.country),
      auditHead: { ...p.header.audit },
      withTranscripts: input.withTranscripts === true,
    },
  };
  const counts = {} as BundleCounts;
  const leftOut: { transcriptId: string; reason: string }[] = [];
  const shaCache = new Map<string, string>();
  return p.tx(() => {
    const bytes = writeSealed(input.out, me, recipient, bundleId, () => contentRecords(p, src, counts, shaCache, leftOut));
    p.audit('bundle.create', bundleId, {
      recipientId: recipient.identityId,
      recipientFingerprint: recipient.fingerprint,
      withTranscripts: src.withTranscripts,
      counts,
      textsLeftOut: leftOut.length,
    });
    return { bundleId, path: input.out, bytes, recipient: { identityId: recipient.identityId, displayName: recipient.displayName, fingerprint: recipient.fingerprint }, counts, textsLeftOut: leftOut };
  });
}

/**
 * Writes a sealed bundle in two passes over `records` (which must give the same records both
 * times): the first hashes (the signature, which comes first, covers the hash), the second encrypts
 * and writes, hashing again. Never overwrites a file; removes its own partial file on failure.
 */
function writeSealed(out: string, me: UnlockedIdentity, recipient: { fingerprint: string; boxPublicKey: Uint8Array }, bundleId: string, records: () => Iterable<RawRecord>): number {
  const s = sodium();
  const name = basename(out);
  const first = createHash('sha256');
  for (const r of records()) {
    first.update(recordPrefix(r));
    for (const part of r.payload) first.update(part);
  }
  const contentHash = first.digest();
  const sig = s.crypto_sign_detached(signedMessage(recipient.boxPublicKey, bundleId, contentHash), me.signSecretKey);
  const header = enc.encode(JSON.stringify({ format: 'tandai-bundle', version: BUNDLE_FORMAT_VERSION, bundleId, recipient: recipient.fingerprint } satisfies BundleHeader));
  const fileKey = randomBytes(32);
  let fd: number;
  try {
    fd = openSync(out, 'wx', 0o600);
  } catch (e) {
    wipe(fileKey);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TandaiError('ALREADY_EXISTS', `${name} already exists; choose another name`);
    throw new TandaiError('IO', `${name}: cannot be written (${code ?? 'I/O error'})`);
  }
  try {
    writeAll(fd, MAGIC);
    writeAll(fd, u32(header.length));
    writeAll(fd, header);
    const sealed = s.crypto_box_seal(fileKey, recipient.boxPublicKey);
    writeAll(fd, u32(sealed.length));
    writeAll(fd, sealed);
    const w = new SealedWriter(fd, fileKey, header);
    const sigRec = jsonRecord({ t: 'sig', v: 1, bundleId, signer: { identityId: me.id, displayName: me.displayName, sign: b64(me.signPublicKey), box: b64(me.boxPublicKey) }, sig: b64(sig) });
    w.write(recordPrefix(sigRec));
    for (const part of sigRec.payload) w.write(part);
    const second = createHash('sha256');
    for (const r of records()) {
      const prefix = recordPrefix(r);
      second.update(prefix);
      w.write(prefix);
      for (const part of r.payload) {
        second.update(part);
        w.write(part);
      }
    }
    w.end();
    if (!second.digest().equals(contentHash)) throw new TandaiError('INTERNAL', 'the project changed while the bundle was written: try again');
    fsyncSync(fd);
    const bytes = fstatSync(fd).size;
    closeSync(fd);
    return bytes;
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(out);
    } catch {
      // already gone
    }
    throw e;
  } finally {
    wipe(fileKey);
  }
}

/** A bundle's content held in memory (for the bench and tests: bundles made without a project). */
export interface BundleContent {
  manifest: Omit<BundleManifest, 't' | 'counts'>;
  codebook: { headVersionId: string | null; codes: Code[] };
  versions: BundleVersion[];
  transcripts: BundleTranscript[];
  codings: BundleCoding[];
  memos?: Memo[];
  marks?: DistressMark[];
  flags?: { transcriptId: string; flag: string }[];
  withdrawals?: { participantId: string; at: string; byId: string | null }[];
  deid?: DeidSection;
  /** Texts of the transcripts whose `hasText` is set, by transcript id. */
  texts?: ReadonlyMap<string, { meta: BundleTextMeta; text: string }>;
}

/** Writes `content` as a bundle signed by `me`, sealed to `recipient`. Returns its size in bytes. */
export function writeBundleContent(out: string, me: UnlockedIdentity, recipient: { fingerprint: string; boxPublicKey: Uint8Array }, content: BundleContent): number {
  const counts: BundleCounts = {
    codes: content.codebook.codes.length,
    codebookVersions: content.versions.length,
    codings: content.codings.length,
    memos: content.memos?.length ?? 0,
    marks: content.marks?.length ?? 0,
    flags: content.flags?.length ?? 0,
    transcripts: content.transcripts.length,
    transcriptTexts: content.transcripts.filter((t) => t.hasText).length,
    withdrawals: content.withdrawals?.length ?? 0,
    deidDecisions: content.deid?.decisions.length ?? 0,
    pseudonyms: content.deid?.pseudonyms.length ?? 0,
  };
  function* records(): Generator<RawRecord> {
    let n = 0;
    const json = (v: unknown) => {
      n++;
      return jsonRecord(v);
    };
    function* batches<T>(t: string, items: readonly T[] | undefined, size: number) {
      for (let i = 0; i < (items?.length ?? 0); i += size) yield json({ t, items: items!.slice(i, i + size) });
    }
    yield json({ t: 'manifest', ...content.manifest, counts });
    yield json({ t: 'codebook', ...content.codebook });
    yield* batches('versions', content.versions, 2000);
    yield* batches('transcripts', content.transcripts, 1000);
    yield* batches('codings', content.codings, 5000);
    yield* batches('memos', content.memos, 1000);
    yield* batches('marks', content.marks, 5000);
    yield* batches('flags', content.flags, 5000);
    yield* batches('withdrawals', content.withdrawals, 5000);
    yield json({ t: 'deid', ...(content.deid ?? { decisions: [], pseudonyms: [] }) });
    for (const t of content.transcripts) {
      const x = t.hasText ? content.texts?.get(t.id) : undefined;
      if (!x) continue;
      const metaBytes = enc.encode(JSON.stringify(x.meta));
      n++;
      yield { kind: KIND_TEXT, payload: [u32(metaBytes.length), metaBytes, enc.encode(x.text)] };
    }
    yield jsonRecord({ t: 'end', records: n });
  }
  return writeSealed(out, me, recipient, content.manifest.bundleId, records);
}

// ---------------------------------------------------------------------------------------------
// Matching bundle transcripts with ours, in memory

export type Match =
  | { kind: 'same-text'; transcriptId: string; versionId: string; participantId: string; chars: number }
  | { kind: 'older-version'; transcriptId: string; versionId: string; participantId: string; olderVersionId: string; chars: number }
  | { kind: 'changed'; transcriptId: string; versionId: string; participantId: string; chars: number }
  | { kind: 'new' | 'not-here' };

/**
 * Our transcripts' texts as SHA-256, computed in memory from the decrypted texts and never stored
 * (an unkeyed hash on disk would let anyone holding an interview confirm who took part); computed
 * only when a bundle's transcript is not ours at our current version.
 */
export class LeadTranscripts {
  readonly byId = new Map<string, { participantId: string; currentVersion: string; chars: number }>();
  private current: Map<string, string> | null = null;
  private older: Map<string, { transcriptId: string; versionId: string }> | null = null;

  constructor(private readonly p: OpenProject) {
    for (const r of p.db.prepare('SELECT t.id, t.participant_id, t.current_version, v.chars FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version').all() as {
      id: string;
      participant_id: string;
      current_version: string;
      chars: number;
    }[])
      this.byId.set(r.id, { participantId: r.participant_id, currentVersion: r.current_version, chars: r.chars });
  }

  /** Forget what was computed (after transcripts were added). */
  refresh(): void {
    this.byId.clear();
    for (const r of this.p.db.prepare('SELECT t.id, t.participant_id, t.current_version, v.chars FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version').all() as {
      id: string;
      participant_id: string;
      current_version: string;
      chars: number;
    }[])
      this.byId.set(r.id, { participantId: r.participant_id, currentVersion: r.current_version, chars: r.chars });
    this.current = null;
    this.older = null;
  }

  text(transcriptId: string, versionId: string): string {
    const t = this.byId.get(transcriptId)!;
    const row = this.p.db.prepare('SELECT text_ct FROM transcript_versions WHERE id = ?').get(versionId) as { text_ct: Uint8Array };
    return this.p.openText('transcript_versions', versionId, 'text', t.participantId, row.text_ct);
  }

  private currentIndex(): Map<string, string> {
    if (this.current) return this.current;
    this.current = new Map();
    const rows = this.p.db.prepare('SELECT t.id, t.participant_id, v.id AS vid, v.text_ct FROM transcripts t JOIN transcript_versions v ON v.id = t.current_version').iterate() as Iterable<{
      id: string;
      participant_id: string;
      vid: string;
      text_ct: Uint8Array;
    }>;
    // The SHA-256 of the decrypted UTF-8 bytes is the SHA-256 of the text: no decoding needed.
    for (const r of [...rows]) this.current.set(sha256hex(this.p.openBytes('transcript_versions', r.vid, 'text', r.participant_id, r.text_ct)), r.id);
    return this.current;
  }

  private olderIndex(): Map<string, { transcriptId: string; versionId: string }> {
    if (this.older) return this.older;
    this.older = new Map();
    const rows = this.p.db.prepare('SELECT v.id, v.transcript_id, t.participant_id, v.text_ct FROM transcript_versions v JOIN transcripts t ON t.id = v.transcript_id WHERE v.id <> t.current_version').all() as {
      id: string;
      transcript_id: string;
      participant_id: string;
      text_ct: Uint8Array;
    }[];
    for (const r of rows) this.older.set(sha256hex(this.p.openBytes('transcript_versions', r.id, 'text', r.participant_id, r.text_ct)), { transcriptId: r.transcript_id, versionId: r.id });
    return this.older;
  }

  match(t: BundleTranscript): Match {
    const here = (id: string) => this.byId.get(id)!;
    // A version never changes and its id is a random UUID minted by one project: the same
    // transcript at the same version, of the same length, is the same text without decrypting it.
    const same = this.byId.get(t.id);
    if (same && same.currentVersion === t.versionId && same.chars === t.chars) return { kind: 'same-text', transcriptId: t.id, versionId: t.versionId, participantId: same.participantId, chars: same.chars };
    const cur = this.currentIndex().get(t.sha256);
    if (cur) return { kind: 'same-text', transcriptId: cur, versionId: here(cur).currentVersion, participantId: here(cur).participantId, chars: here(cur).chars };
    const old = this.olderIndex().get(t.sha256);
    if (old && this.byId.has(old.transcriptId)) {
      const h = here(old.transcriptId);
      return { kind: 'older-version', transcriptId: old.transcriptId, versionId: h.currentVersion, participantId: h.participantId, olderVersionId: old.versionId, chars: h.chars };
    }
    if (this.byId.has(t.id)) return { kind: 'changed', transcriptId: t.id, versionId: here(t.id).currentVersion, participantId: here(t.id).participantId, chars: here(t.id).chars };
    return { kind: t.hasText ? 'new' : 'not-here' };
  }
}

export function pendingNotes(b: OpenedBundle): string[] {
  const notes: string[] = [];
  if (!deidProvider?.store && (b.deid.decisions.length || b.deid.pseudonyms.length)) {
    notes.push(`${b.deid.decisions.length} de-identification decision(s) and ${b.deid.pseudonyms.length} pseudonym(s) travel in this bundle, but this version of Tandai does not merge them into the project's decisions yet; they are listed, not merged`);
  }
  return notes;
}

function summary(p: OpenProject, b: OpenedBundle): BundleSummary {
  const lead = new LeadTranscripts(p);
  const codingsPer = new Map<string, number>();
  for (const c of b.codings) codingsPer.set(c.transcriptId, (codingsPer.get(c.transcriptId) ?? 0) + 1);
  const merged = p.db.prepare('SELECT merged_at FROM merged_bundles WHERE id = ?').get(b.bundleId) as { merged_at: string } | undefined;
  return {
    bundleId: b.bundleId,
    formatVersion: b.manifest.formatVersion,
    createdAt: b.manifest.createdAt,
    sender: { identityId: b.signer.identityId, displayName: b.signer.displayName, fingerprint: b.signer.fingerprint },
    recipient: b.manifest.recipient,
    verified: true,
    project: { id: b.manifest.project.id, name: b.manifest.project.name, sameProject: b.manifest.project.id === p.id },
    country: b.manifest.country,
    auditHead: b.manifest.auditHead,
    withTranscripts: b.manifest.withTranscripts,
    counts: b.manifest.counts,
    codebook: { headVersionId: b.codebook.headVersionId, codes: b.codebook.codes.map((c) => ({ id: c.id, name: c.name, parentId: c.parentId })) },
    transcripts: b.transcripts.map((t) => {
      const m = lead.match(t);
      return { id: t.id, title: t.title, chars: t.chars, codings: codingsPer.get(t.id) ?? 0, hasText: t.hasText, match: m.kind, leadTranscriptId: 'transcriptId' in m ? m.transcriptId : null };
    }),
    alreadyMerged: merged ? { at: merged.merged_at } : null,
    pending: pendingNotes(b),
  };
}

export function bundleHandlers(ctx: Ctx): HandlerGroup<'bundle.create' | 'bundle.open'> {
  return {
    'bundle.create': (input) => createBundle(ctx.requireProject(), ctx.requireIdentity(), input),
    'bundle.open': ({ path }) => {
      const p = ctx.requireProject();
      return summary(p, readBundle(p, ctx.requireIdentity(), path));
    },
  };
}

export { packUtterances };
