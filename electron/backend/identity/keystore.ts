/**
 * The person's identity, outside any project: Ed25519 signing and X25519 sealing keypairs, encrypted
 * under their own passphrase (Argon2id), plus a private store (wellbeing data, last-seen audit heads
 * of projects, recent projects) that never enters a project and is never exported.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TandaiError } from '../../../shared/result.js';
import { newId, type IdentityId } from '../../../shared/ids.js';
import { openJson, sealJson, open, seal } from '../vault/aead.js';
import { deriveKey, kdfLabel, SALT_BYTES, type KdfParams } from '../vault/kdf.js';
import { randomBytes, sodium, wipe } from '../vault/sodium.js';
import { fingerprint } from '../vault/words.js';
import { makeCard, type PublicIdentity } from './card.js';

const KeystoreFile = z.object({
  format: z.literal('tandai-identity'),
  version: z.literal(1),
  id: z.string(),
  displayName: z.string(),
  signPublicKey: z.string(),
  boxPublicKey: z.string(),
  kdf: z.object({ salt: z.string(), opsLimit: z.number().int(), memLimit: z.number().int() }),
  secret: z.string(),
  createdAt: z.string(),
});
type KeystoreFile = z.infer<typeof KeystoreFile>;

export interface PrivateStore {
  wellbeing: Record<string, unknown>;
  /** Highest audit head this person has seen per project id: detects a rolled-back project file. */
  projectHeads: Record<string, { count: number; hash: string }>;
  recentProjects: string[];
}

export interface UnlockedIdentity extends PublicIdentity {
  fingerprint: string;
  card: string;
  signSecretKey: Uint8Array;
  boxSecretKey: Uint8Array;
  /** Key of the private store, derived from the secret keys. */
  storeKey: Uint8Array;
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

export class Keystore {
  readonly file: string;
  readonly storeFile: string;
  constructor(readonly home: string) {
    this.file = join(home, 'identity.json');
    this.storeFile = join(home, 'private.bin');
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  publicInfo(): { id: string; displayName: string; fingerprint: string } | null {
    if (!this.exists()) return null;
    const k = this.read();
    return { id: k.id, displayName: k.displayName, fingerprint: fingerprint(unb64(k.signPublicKey), unb64(k.boxPublicKey)) };
  }

  private read(): KeystoreFile {
    try {
      return KeystoreFile.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      throw new TandaiError('CORRUPT_FILE', `the identity keystore ${this.file} is damaged or not a Tandai identity`);
    }
  }

  create(displayName: string, passphrase: string, kdf: KdfParams): UnlockedIdentity {
    if (this.exists()) throw new TandaiError('IDENTITY_EXISTS', `an identity already exists in ${this.home}`);
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const s = sodium();
    const sign = s.crypto_sign_keypair();
    const box = s.crypto_box_keypair();
    const id: string = newId<IdentityId>();
    const salt = randomBytes(SALT_BYTES);
    const kek = deriveKey(passphrase, salt, kdf);
    const secret = new Uint8Array(64 + 32);
    secret.set(sign.privateKey, 0);
    secret.set(box.privateKey, 64);
    const file: KeystoreFile = {
      format: 'tandai-identity',
      version: 1,
      id,
      displayName,
      signPublicKey: b64(sign.publicKey),
      boxPublicKey: b64(box.publicKey),
      kdf: { salt: b64(salt), opsLimit: kdf.opsLimit, memLimit: kdf.memLimit },
      secret: b64(seal(kek, secret, this.secretAd(id, kdf, salt))),
      createdAt: new Date().toISOString(),
    };
    wipe(kek, secret);
    writeAtomic(this.file, JSON.stringify(file, null, 2));
    const unlocked = this.unlock(passphrase);
    this.writeStore(unlocked, { wellbeing: {}, projectHeads: {}, recentProjects: [] });
    return unlocked;
  }

  private secretAd(id: string, kdf: KdfParams, salt: Uint8Array): string {
    return `identity|${id}|secret|${kdfLabel(kdf, salt)}`;
  }

  unlock(passphrase: string): UnlockedIdentity {
    if (!this.exists()) throw new TandaiError('NO_IDENTITY', 'no identity on this computer yet: create one first');
    const k = this.read();
    const salt = unb64(k.kdf.salt);
    const params = { opsLimit: k.kdf.opsLimit, memLimit: k.kdf.memLimit };
    const kek = deriveKey(passphrase, salt, params);
    let secret: Uint8Array;
    try {
      secret = open(kek, unb64(k.secret), this.secretAd(k.id, params, salt), 'identity secret keys');
    } catch {
      throw new TandaiError('WRONG_PASSPHRASE', 'wrong passphrase for this identity');
    } finally {
      wipe(kek);
    }
    const signSecretKey = secret.slice(0, 64);
    const boxSecretKey = secret.slice(64, 96);
    wipe(secret);
    const pub: PublicIdentity = { id: k.id, displayName: k.displayName, signPublicKey: unb64(k.signPublicKey), boxPublicKey: unb64(k.boxPublicKey) };
    const storeKey = sodium().crypto_generichash(32, 'tandai-private-store', boxSecretKey);
    return { ...pub, fingerprint: fingerprint(pub.signPublicKey, pub.boxPublicKey), card: makeCard(pub, signSecretKey), signSecretKey, boxSecretKey, storeKey };
  }

  readStore(who: UnlockedIdentity): PrivateStore {
    if (!existsSync(this.storeFile)) return { wellbeing: {}, projectHeads: {}, recentProjects: [] };
    return openJson<PrivateStore>(who.storeKey, readFileSync(this.storeFile), `identity|${who.id}|private|store`, 'the private store');
  }

  writeStore(who: UnlockedIdentity, store: PrivateStore): void {
    writeAtomic(this.storeFile, sealJson(who.storeKey, store, `identity|${who.id}|private|store`));
  }
}

export function forget(who: UnlockedIdentity | null): void {
  if (who) wipe(who.signSecretKey, who.boxSecretKey, who.storeKey);
}
