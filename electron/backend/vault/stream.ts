/**
 * Files as secretstream (XChaCha20-Poly1305) chunks. A reader must see the final tag: a truncated
 * stream is an integrity error, not a shorter file.
 */
import { TandaiError } from '../../../shared/result.js';
import { sodium } from './sodium.js';

export const CHUNK = 64 * 1024;

/** Returns [header, ...chunks]. `ad` binds the stream to its place. */
export function encryptStream(key: Uint8Array, data: Uint8Array, ad: string): Uint8Array[] {
  const s = sodium();
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const out: Uint8Array[] = [header];
  let off = 0;
  do {
    const end = Math.min(data.length, off + CHUNK);
    const last = end >= data.length;
    const tag = last ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    out.push(s.crypto_secretstream_xchacha20poly1305_push(state, data.subarray(off, end), off === 0 ? ad : null, tag));
    off = end;
  } while (off < data.length);
  return out;
}

export function decryptStream(key: Uint8Array, parts: Uint8Array[], ad: string, what: string): Uint8Array {
  const s = sodium();
  const [header, ...chunks] = parts;
  if (!header || chunks.length === 0) throw new TandaiError('INTEGRITY', `integrity check failed: ${what} is truncated`);
  let state;
  try {
    state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  } catch {
    throw new TandaiError('INTEGRITY', `integrity check failed: ${what} has a damaged header`);
  }
  const pieces: Uint8Array[] = [];
  let total = 0;
  let sawFinal = false;
  chunks.forEach((c, i) => {
    if (sawFinal) throw new TandaiError('INTEGRITY', `integrity check failed: ${what} has data after its end`);
    const r = s.crypto_secretstream_xchacha20poly1305_pull(state, c, i === 0 ? ad : null);
    if (!r) throw new TandaiError('INTEGRITY', `integrity check failed: ${what} chunk ${i + 1} was altered or reordered`);
    pieces.push(r.message);
    total += r.message.length;
    sawFinal = r.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  });
  if (!sawFinal) throw new TandaiError('INTEGRITY', `integrity check failed: ${what} is truncated (no final chunk)`);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of pieces) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
