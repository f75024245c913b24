/** identity.* and wellbeing.*: the person, their keys and their private store. */
import type { IdentityInfo } from '../../../shared/contract/index.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { forget, type UnlockedIdentity } from '../identity/keystore.js';
import { assertStrongPassphrase } from '../vault/passphrase-policy.js';

const info = (who: UnlockedIdentity): IdentityInfo => ({ id: who.id, displayName: who.displayName, fingerprint: who.fingerprint, card: who.card });

export function identityHandlers(ctx: Ctx): HandlerGroup<'identity.status' | 'identity.create' | 'identity.unlock' | 'identity.lock' | 'wellbeing.get' | 'wellbeing.set'> {
  return {
    'identity.status': () => {
      const pub = ctx.keystore.publicInfo();
      return {
        exists: pub !== null,
        unlocked: ctx.identity !== null,
        identity: ctx.identity ? info(ctx.identity) : null,
      };
    },
    'identity.create': ({ displayName, passphrase }) => {
      assertStrongPassphrase(passphrase);
      forget(ctx.identity);
      ctx.identity = ctx.keystore.create(displayName, passphrase, ctx.kdf());
      return info(ctx.identity);
    },
    'identity.unlock': ({ passphrase }) => {
      const who = ctx.keystore.unlock(passphrase);
      forget(ctx.identity);
      ctx.identity = who;
      return info(who);
    },
    'identity.lock': () => {
      forget(ctx.identity);
      ctx.identity = null;
      return { ok: true as const };
    },
    'wellbeing.get': () => ({ data: ctx.keystore.readStore(ctx.requireIdentity()).wellbeing }),
    'wellbeing.set': ({ data }) => {
      const who = ctx.requireIdentity();
      const store = ctx.keystore.readStore(who);
      // The care record (skips, deferrals, pacing, tally) has its own typed channels: keep it.
      const care = store.wellbeing.care;
      ctx.keystore.writeStore(who, { ...store, wellbeing: care === undefined ? data : { ...data, care } });
      return { ok: true as const };
    },
  };
}
