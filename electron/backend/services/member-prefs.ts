/**
 * member.prefs.*: one team member's own choices for this project (today: blind coding), stored in
 * the project itself, sealed under the project key with the identity id bound into the ciphertext,
 * so they follow the person across lock, unlock and restarts and never sit in the browser.
 *
 * Not audited on purpose: a view choice is not a change to the project's data, and an audit entry
 * would move the project revision and make every other window reload.
 */
import { MemberPrefs, type MemberPrefs as MemberPrefsT } from '../../../shared/contract/channels/team.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { carryOver } from './deid/verified.js';

export const DEFAULT_PREFS: MemberPrefsT = { blindCoding: false };

/** The stored choices of this identity, over the defaults (a record of another shape, from a newer version, reads as the defaults). */
export function readMemberPrefs(p: OpenProject, identityId: string | null): MemberPrefsT {
  if (!identityId) return { ...DEFAULT_PREFS };
  const row = p.stmt('SELECT prefs_ct FROM member_prefs WHERE identity_id = ?').get(identityId) as { prefs_ct: Uint8Array } | undefined;
  if (!row) return { ...DEFAULT_PREFS };
  const parsed = MemberPrefs.partial().safeParse(p.openJson('member_prefs', identityId, 'prefs', PROJECT_KEY_ID, row.prefs_ct));
  return { ...DEFAULT_PREFS, ...(parsed.success ? stripUndefined(parsed.data) : {}) };
}

export function writeMemberPrefs(p: OpenProject, identityId: string | null, change: Partial<MemberPrefsT>): MemberPrefsT {
  if (!identityId) throw new TandaiError('NO_IDENTITY', 'this project was opened with its passphrase, not an identity: your own choices (such as blind coding) need your identity — open the project with it');
  const next = { ...readMemberPrefs(p, identityId), ...stripUndefined(change) };
  // One person's choices are in no reviewed item: what the export gate verified stays verified.
  carryOver(p, () => p.stmt('INSERT INTO member_prefs (identity_id, prefs_ct) VALUES (?, ?) ON CONFLICT(identity_id) DO UPDATE SET prefs_ct = excluded.prefs_ct').run(identityId, p.sealJson('member_prefs', identityId, 'prefs', PROJECT_KEY_ID, next)));
  return next;
}

const stripUndefined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function memberPrefsHandlers(ctx: Ctx): HandlerGroup<'member.prefs.get' | 'member.prefs.set'> {
  return {
    'member.prefs.get': () => {
      const p = ctx.requireProject();
      return readMemberPrefs(p, p.actorId);
    },
    'member.prefs.set': (change) => {
      const p = ctx.requireProject();
      return writeMemberPrefs(p, p.actorId, change);
    },
  };
}
