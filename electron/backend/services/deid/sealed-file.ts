/**
 * Review packages and review decisions as sealed, signed files (DESIGN "Files and bundles"):
 *
 *   MAGIC | u32 header length | header JSON {format, version, id, recipient fingerprint}
 *   | u32 length | file key sealed to the recipient's X25519 key (crypto_box_seal)
 *   | secretstream header | frames (u32 length, ciphertext) of at most 256 KiB, the last tagged FINAL
 *
 * The first frame's associated data is the header's bytes (a changed header fails to decrypt).
 * The plaintext starts with the signature record — the sender's public keys and their Ed25519
 * signature over (context ‖ recipient X25519 key ‖ file id ‖ SHA-256 of the content) — then the
 * content (JSON). bundles.ts writes the same layout but keeps its writer to bundle records, so this
 * module is the small general form for whole-JSON documents held in memory.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { Uuid } from '../../../../shared/contract/schemas.js';
import { TandaiError } from '../../../../shared/result.js';
import type { UnlockedIdentity } from '../../identity/keystore.js';
import { randomBytes, sodium, wipe } from '../../vault/sodium.js';
import { fingerprint } from '../../vault/words.js';

export type SealedFormat = 'tandai-review-package' | 'tandai-review-decision';
export const SEALED_VERSION = 1;
const MAGIC = new TextEncoder().encode('TANDAI-REVIEW\n');
const CONTEXT = new TextEncoder().encode('tandai-review|1|');
const PLAIN_CHUNK = 256 * 1024;
const MAX_HEADER = 4096;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

const Header = z.object({ format: z.enum(['tandai-review-package', 'tandai-review-decision']), version: z.number().int(), id: Uuid, recipient: z.string() });
export type SealedHeader = z.infer<typeof Header>;
const SigRecord = z.object({ signer: z.object({ identityId: Uuid, displayName: z.string(), sign: z.string(), box: z.string() }), sig: z.string() });

export interface SignerInfo {
  identityId: string;
  displayName: string;
  fingerprint: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
}

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const readU32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset + at, 4).getUint32(0, true);

function signedMessage(recipientBox: Uint8Array, id: string, contentHash: Uint8Array): Uint8Array {
  const idBytes = enc.encode(id);
  const m = new Uint8Array(CONTEXT.length + recipientBox.length + idBytes.length + contentHash.length);
  let o = 0;
  for (const part of [CONTEXT, recipientBox, idBytes, contentHash]) {
    m.set(part, o);
    o += part.length;
  }
  return m;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Writes `content` sealed to `recipient` and signed by `me`. Never overwrites; returns the size in bytes. */
export function writeSealedFile(out: string, me: UnlockedIdentity, recipient: { fingerprint: string; boxPublicKey: Uint8Array }, format: SealedFormat, id: string, content: unknown): number {
  const s = sodium();
  const name = basename(out);
  const contentBytes = enc.encode(JSON.stringify(content));
  const contentHash = new Uint8Array(createHash('sha256').update(contentBytes).digest());
  const sig = s.crypto_sign_detached(signedMessage(recipient.boxPublicKey, id, contentHash), me.signSecretKey);
  const sigRecord = enc.encode(JSON.stringify({ signer: { identityId: me.id, displayName: me.displayName, sign: b64(me.signPublicKey), box: b64(me.boxPublicKey) }, sig: b64(sig) }));
  const plain = concat([u32(sigRecord.length), sigRecord, contentBytes]);
  const header = enc.encode(JSON.stringify({ format, version: SEALED_VERSION, id, recipient: recipient.fingerprint } satisfies SealedHeader));
  const fileKey = randomBytes(32);
  const parts: Uint8Array[] = [MAGIC, u32(header.length), header];
  try {
    const sealed = s.crypto_box_seal(fileKey, recipient.boxPublicKey);
    parts.push(u32(sealed.length), sealed);
    const { state, header: ssHeader } = s.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    parts.push(ssHeader);
    let off = 0;
    let first = true;
    do {
      const end = Math.min(plain.length, off + PLAIN_CHUNK);
      const last = end >= plain.length;
      const ct = s.crypto_secretstream_xchacha20poly1305_push(state, plain.subarray(off, end), first ? header : null, last ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
      parts.push(u32(ct.length), ct);
      first = false;
      off = end;
    } while (off < plain.length);
  } finally {
    wipe(fileKey);
    plain.fill(0);
  }
  const bytes = concat(parts);
  let fd: number;
  try {
    fd = openSync(out, 'wx', 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new TandaiError('ALREADY_EXISTS', `${name} already exists; choose another name`);
    throw new TandaiError('IO', `${name}: cannot be written (${code ?? 'I/O error'})`);
  }
  try {
    let o = 0;
    while (o < bytes.length) o += writeSync(fd, bytes, o, bytes.length - o);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(out);
    } catch {
      // already gone
    }
    throw new TandaiError('IO', `${name}: cannot be written (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  }
  return bytes.length;
}

export interface OpenedSealed {
  header: SealedHeader;
  signer: SignerInfo;
  content: unknown;
  contentHash: string;
}

/**
 * Opens a file sealed to `me`, verifying as it goes: the header, the seal, every frame, the final
 * tag and the signature over the content. Errors name what failed, never content.
 */
export function readSealedFile(path: string, me: UnlockedIdentity, expect?: SealedFormat): OpenedSealed {
  const name = basename(path);
  const s = sodium();
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TandaiError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `${name}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'I/O error'})`}`);
  }
  const what = expect === 'tandai-review-decision' ? 'review decision' : expect === 'tandai-review-package' ? 'review package' : 'review file';
  const notOurs = () => new TandaiError('CORRUPT_FILE', `${name}: not a Tandai ${what}`);
  const truncated = () => new TandaiError('INTEGRITY', `${name}: the ${what} is truncated (altered in transit or not copied whole)`);
  if (data.length < MAGIC.length + 4 || !MAGIC.every((b, i) => data[i] === b)) throw notOurs();
  let at = MAGIC.length;
  const headerLen = readU32(data, at);
  at += 4;
  if (headerLen === 0 || headerLen > MAX_HEADER) throw notOurs();
  if (at + headerLen > data.length) throw truncated();
  const headerBytes = data.subarray(at, at + headerLen);
  at += headerLen;
  let header: SealedHeader;
  try {
    const h = Header.safeParse(JSON.parse(dec.decode(headerBytes)));
    if (!h.success) throw notOurs();
    header = h.data;
  } catch {
    throw notOurs();
  }
  if (expect && header.format !== expect) throw new TandaiError('INVALID_INPUT', `${name} is a ${header.format === 'tandai-review-package' ? 'review package' : 'review decision'}, not a ${what}`);
  if (header.version > SEALED_VERSION) throw new TandaiError('UNSUPPORTED_FORMAT', `${name} was made by a newer Tandai (format ${header.version}; this version reads up to ${SEALED_VERSION})`);
  if (header.recipient !== me.fingerprint) throw new TandaiError('FORBIDDEN', `${name} is sealed to someone else (${header.recipient}), not to your identity (${me.fingerprint}); only its recipient can open it`);
  if (at + 4 > data.length) throw truncated();
  const sealedLen = readU32(data, at);
  at += 4;
  if (sealedLen !== s.crypto_box_SEALBYTES + 32) throw new TandaiError('INTEGRITY', `${name}: the sealed file key has the wrong length: altered in transit`);
  if (at + sealedLen > data.length) throw truncated();
  let fileKey: Uint8Array | null = null;
  try {
    try {
      fileKey = s.crypto_box_seal_open(data.subarray(at, at + sealedLen), me.boxPublicKey, me.boxSecretKey);
    } catch {
      throw new TandaiError('INTEGRITY', `${name}: its file key does not open with your identity: altered in transit, or sealed to someone else`);
    }
    at += sealedLen;
    const ssLen = s.crypto_secretstream_xchacha20poly1305_HEADERBYTES;
    if (at + ssLen > data.length) throw truncated();
    let state;
    try {
      state = s.crypto_secretstream_xchacha20poly1305_init_pull(data.subarray(at, at + ssLen), fileKey);
    } catch {
      throw new TandaiError('INTEGRITY', `${name}: the stream header was altered`);
    }
    at += ssLen;
    const pieces: Uint8Array[] = [];
    let part = 0;
    let sawFinal = false;
    while (at < data.length) {
      if (sawFinal) throw new TandaiError('INTEGRITY', `${name}: data after the end of the ${what}: altered in transit`);
      if (at + 4 > data.length) throw truncated();
      const len = readU32(data, at);
      at += 4;
      if (len < s.crypto_secretstream_xchacha20poly1305_ABYTES || len > PLAIN_CHUNK + s.crypto_secretstream_xchacha20poly1305_ABYTES) throw new TandaiError('INTEGRITY', `${name}: part ${part + 1} has an impossible length: altered in transit`);
      if (at + len > data.length) throw truncated();
      const r = s.crypto_secretstream_xchacha20poly1305_pull(state, data.subarray(at, at + len), part === 0 ? headerBytes : null);
      if (!r) throw new TandaiError('INTEGRITY', `${name}: part ${part + 1} fails its integrity check: the ${what} was altered in transit`);
      at += len;
      part++;
      pieces.push(r.message);
      sawFinal = r.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    }
    if (!sawFinal) throw truncated();
    const plain = concat(pieces);
    if (plain.length < 4) throw new TandaiError('INTEGRITY', `${name}: the ${what} carries no signature`);
    const sigLen = readU32(plain, 0);
    if (4 + sigLen > plain.length) throw new TandaiError('INTEGRITY', `${name}: the signature record is damaged`);
    let sigRec: z.infer<typeof SigRecord>;
    try {
      const r = SigRecord.safeParse(JSON.parse(dec.decode(plain.subarray(4, 4 + sigLen))));
      if (!r.success) throw new Error('bad');
      sigRec = r.data;
    } catch {
      throw new TandaiError('INTEGRITY', `${name}: the signature record is damaged`);
    }
    const contentBytes = plain.subarray(4 + sigLen);
    const contentHash = new Uint8Array(createHash('sha256').update(contentBytes).digest());
    const signPublicKey = unb64(sigRec.signer.sign);
    const boxPublicKey = unb64(sigRec.signer.box);
    const sig = unb64(sigRec.sig);
    if (signPublicKey.length !== 32 || boxPublicKey.length !== 32 || sig.length !== 64) throw new TandaiError('INTEGRITY', `${name}: the signer's keys are damaged`);
    const signer: SignerInfo = { identityId: sigRec.signer.identityId, displayName: sigRec.signer.displayName, fingerprint: fingerprint(signPublicKey, boxPublicKey), signPublicKey, boxPublicKey };
    if (!s.crypto_sign_verify_detached(sig, signedMessage(me.boxPublicKey, header.id, contentHash), signPublicKey)) {
      throw new TandaiError('INTEGRITY', `${name}: its signature does not match its content (altered after signing, or re-sealed by someone other than ${signer.displayName})`);
    }
    let content: unknown;
    try {
      content = JSON.parse(dec.decode(contentBytes));
    } catch {
      throw new TandaiError('CORRUPT_FILE', `${name}: the content is not valid JSON`);
    }
    return { header, signer, content, contentHash: Buffer.from(contentHash).toString('hex') };
  } finally {
    wipe(fileKey);
  }
}
