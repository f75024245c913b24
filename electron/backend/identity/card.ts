/**
 * A public key card: what a person gives teammates so they can add them to a team list. It carries
 * only public keys and is self-signed, so a changed name or sealing key is detected.
 */
import { z } from 'zod';
import { Uuid } from '../../../shared/contract/schemas.js';
import { TandaiError } from '../../../shared/result.js';
import { sodium } from '../vault/sodium.js';
import { fingerprint } from '../vault/words.js';

const PREFIX = 'tandai-id:1:';
const CardBody = z.object({ id: Uuid, name: z.string().min(1).max(120), sign: z.string(), box: z.string(), sig: z.string() });

export interface PublicIdentity {
  id: string;
  displayName: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64url');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const signedText = (id: string, name: string, sign: string, box: string) => `tandai-id|1|${id}|${name}|${sign}|${box}`;

export function makeCard(p: PublicIdentity, signSecretKey: Uint8Array): string {
  const sign = b64(p.signPublicKey);
  const box = b64(p.boxPublicKey);
  const sig = b64(sodium().crypto_sign_detached(signedText(p.id, p.displayName, sign, box), signSecretKey));
  return PREFIX + b64(new TextEncoder().encode(JSON.stringify({ id: p.id, name: p.displayName, sign, box, sig })));
}

export function readCard(card: string): PublicIdentity & { fingerprint: string } {
  const bad = (why: string) => new TandaiError('INVALID_INPUT', `not a Tandai public key card: ${why}`);
  const text = card.trim();
  if (!text.startsWith(PREFIX)) throw bad(`it should start with "${PREFIX}"`);
  let body: z.infer<typeof CardBody>;
  try {
    body = CardBody.parse(JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8')));
  } catch {
    throw bad('its content is damaged');
  }
  const signPublicKey = unb64(body.sign);
  const boxPublicKey = unb64(body.box);
  if (signPublicKey.length !== 32 || boxPublicKey.length !== 32) throw bad('a key has the wrong length');
  if (!sodium().crypto_sign_verify_detached(unb64(body.sig), signedText(body.id, body.name, body.sign, body.box), signPublicKey)) {
    throw bad('its signature does not match (the card was altered)');
  }
  return { id: body.id, displayName: body.name, signPublicKey, boxPublicKey, fingerprint: fingerprint(signPublicKey, boxPublicKey) };
}
