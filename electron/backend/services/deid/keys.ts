/**
 * Keyed digests for de-identification: candidate and entity ids derived from their location or
 * value, revisions of short fields, and the digests of the register and confirmed entities. All
 * are BLAKE2b under a key derived from the project's dedup subkey, never unkeyed: an unkeyed hash
 * of a name would let anyone holding the file confirm a guess.
 */
import type { OpenProject } from '../../store/project.js';
import { keyedHash } from '../../vault/keys.js';
import { wipe } from '../../vault/sodium.js';

const keys = new WeakMap<OpenProject, Uint8Array>();

function deidKey(p: OpenProject): Uint8Array {
  let k = keys.get(p);
  if (!k) {
    k = keyedHash(p.dedupKey, 'tandai|deid|digests|1');
    keys.set(p, k);
    const key = k;
    p.onClose(() => {
      wipe(key);
      keys.delete(p);
    });
  }
  return k;
}

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

/** A keyed digest of the parts (joined unambiguously), as hex. */
export function digest(p: OpenProject, ...parts: string[]): string {
  // Encoded here (UTF-8, as libsodium encodes a string): the native encoder is twice as fast on the
  // long inputs an item's state is (a decision per candidate).
  return hex(keyedHash(deidKey(p), Buffer.from(parts.join('\u0000'), 'utf8'))).slice(0, 32);
}

/** A stable id in UUID form derived from the parts (same parts, same id, in this project only). */
export function derivedId(p: OpenProject, ...parts: string[]): string {
  const h = digest(p, 'id', ...parts);
  // Version nibble 8 (RFC 9562 "custom"), variant 10xx.
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The keyed part of the ids of a location's candidates (66 bits of a digest of kind, id, field, revision). */
export function candidateIdBase(p: OpenProject, kind: string, id: string, field: string, rev: string): string {
  return digest(p, 'candidate', `${kind}\u0000${id}\u0000${field}\u0000${rev}`).slice(0, 18);
}

const hex7 = (n: number) => n.toString(16).padStart(7, '0').slice(-7);

/**
 * A candidate's id: the location's keyed base followed by the span's exact start and length (28 bits
 * each), in UUID form. Deterministic, so a rescan or a resumed scan finds the same row; distinct for
 * distinct spans of one location; and ids of one location sort together (inserts stay local).
 */
export function candidateIdFrom(base: string, start: number, end: number): string {
  const h = `${base}${hex7(start)}${hex7(end - start)}`;
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const candidateId = (p: OpenProject, kind: string, id: string, field: string, rev: string, start: number, end: number): string =>
  candidateIdFrom(candidateIdBase(p, kind, id, field, rev), start, end);

/** The id range holding every candidate of one location state: [low, high) for a BETWEEN-style scan of the primary key. */
export function candidateRange(base: string): [string, string] {
  const prefix = candidateIdFrom(base, 0, 0).slice(0, 21);
  return [`${prefix}0`, `${prefix}g`];
}
