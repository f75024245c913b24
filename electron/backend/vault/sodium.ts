/** One initialised libsodium (sumo: the plain build has no crypto_pwhash). */
import _sodium from 'libsodium-wrappers-sumo';

export type Sodium = typeof _sodium;
let ready: Promise<Sodium> | null = null;
let instance: Sodium | null = null;

export function loadSodium(): Promise<Sodium> {
  ready ??= _sodium.ready.then(() => (instance = _sodium));
  return ready;
}

/** The initialised instance; callers run after `loadSodium()` resolved (backend start-up awaits it). */
export function sodium(): Sodium {
  if (!instance) throw new Error('libsodium used before loadSodium() resolved');
  return instance;
}

/** Per-row nonces: crypto.getRandomValues is ~20x faster than randombytes_buf on Node. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  // getRandomValues fills at most 65,536 bytes a call.
  for (let i = 0; i < n; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

export function wipe(...keys: (Uint8Array | null | undefined)[]): void {
  for (const k of keys) if (k) sodium().memzero(k);
}
