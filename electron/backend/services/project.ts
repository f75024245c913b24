/** project.*, team.* and audit.*: the project file's lifecycle, its team list and its audit chain. */
import type { ProjectInfo, TeamMember } from '../../../shared/contract/index.js';
import { TandaiError } from '../../../shared/result.js';
import type { Ctx, HandlerGroup } from '../context.js';
import { readCard } from '../identity/card.js';
import { fingerprint } from '../vault/words.js';
import { sealToMember } from '../vault/keys.js';
import { checkPassphrase } from '../vault/passphrase-policy.js';
import { PROJECT_KEY_ID, type OpenProject } from '../store/project.js';
import { listAudit, verifyAudit } from './audit.js';
import { backupProject, changePassphrase, createProjectFile, openProjectFile, setPassphrase, type Unlocker } from './project-file.js';

export function projectInfo(p: OpenProject): ProjectInfo {
  const count = (sql: string) => (p.db.prepare(sql).get() as { n: number }).n;
  const hasRecovery = (p.db.prepare('SELECT wrap_recovery IS NOT NULL AS r FROM header WHERE id = 1').get() as { r: number }).r === 1;
  return {
    id: p.id,
    name: p.header.name,
    path: p.path,
    schemaVersion: p.db.pragma('user_version', { simple: true }) as number,
    createdAt: p.header.createdAt,
    transcriptCount: count('SELECT COUNT(*) AS n FROM transcripts'),
    participantCount: count('SELECT COUNT(*) AS n FROM participants'),
    hasRecoveryKey: hasRecovery,
    openedWith: p.openedWith,
    auditHead: p.header.audit,
  };
}

/** Remembers the audit head this identity has seen, so a later rolled-back copy is detected. */
export function rememberHead(ctx: Ctx, p: OpenProject): void {
  if (!ctx.identity) return;
  const store = ctx.keystore.readStore(ctx.identity);
  const seen = store.projectHeads[p.id];
  if (seen && seen.count > p.header.audit.count) return; // never overwrite evidence of a rollback
  const recent = [p.path, ...store.recentProjects.filter((x) => x !== p.path)].slice(0, 10);
  ctx.keystore.writeStore(ctx.identity, { ...store, projectHeads: { ...store.projectHeads, [p.id]: p.header.audit }, recentProjects: recent });
}

function lastSeenHead(ctx: Ctx, p: OpenProject) {
  return ctx.identity ? ctx.keystore.readStore(ctx.identity).projectHeads[p.id] : undefined;
}

export function closeProject(ctx: Ctx, lock: boolean): void {
  const p = ctx.project;
  if (!p) return;
  try {
    rememberHead(ctx, p);
  } finally {
    ctx.lockedPath = lock ? p.path : null;
    ctx.project = null;
    p.close();
  }
}

function memberRow(p: OpenProject, r: { identity_id: string; role: string; sign_pub: Uint8Array; box_pub: Uint8Array; name_ct: Uint8Array; added_at: string }): TeamMember {
  const canOpen = p.db.prepare('SELECT 1 FROM member_keys WHERE identity_id = ?').get(r.identity_id) !== undefined;
  return {
    identityId: r.identity_id,
    displayName: p.openText('team', r.identity_id, 'name', PROJECT_KEY_ID, r.name_ct),
    role: r.role as TeamMember['role'],
    fingerprint: fingerprint(r.sign_pub, r.box_pub),
    addedAt: r.added_at,
    canOpen,
  };
}

export function projectHandlers(
  ctx: Ctx,
): HandlerGroup<
  | 'project.create'
  | 'project.open'
  | 'project.recover'
  | 'project.info'
  | 'project.lock'
  | 'project.status'
  | 'project.changePassphrase'
  | 'project.backup'
  | 'passphrase.check'
  | 'team.list'
  | 'team.add'
  | 'audit.verify'
  | 'audit.list'
> {
  const open = (path: string, how: Unlocker) => {
    closeProject(ctx, false);
    const p = openProjectFile(path, how, ctx.identity, ctx.options.nativeBinding);
    ctx.project = p;
    ctx.lockedPath = null;
    return projectInfo(p);
  };
  return {
    'project.create': ({ path, name, passphrase, recoveryKey }) => {
      closeProject(ctx, false);
      const { project, recoveryPhrase } = createProjectFile({ path, name, passphrase, recoveryKey, kdf: ctx.kdf(), identity: ctx.identity, nativeBinding: ctx.options.nativeBinding });
      ctx.project = project;
      if (ctx.identity) {
        const who = ctx.identity;
        project.tx(() => {
          project.db
            .prepare('INSERT INTO team (identity_id, role, sign_pub, box_pub, name_ct, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(who.id, 'lead', who.signPublicKey, who.boxPublicKey, project.sealText('team', who.id, 'name', PROJECT_KEY_ID, who.displayName), new Date().toISOString(), who.id);
          project.audit('team.add', who.id, { role: 'lead', fingerprint: who.fingerprint });
        });
        rememberHead(ctx, project);
      }
      return { project: projectInfo(project), recoveryPhrase };
    },
    'project.open': ({ path, passphrase }) => {
      if (passphrase !== undefined) return open(path, { kind: 'passphrase', passphrase });
      return open(path, { kind: 'identity', identity: ctx.requireIdentity() });
    },
    'project.recover': ({ path, recoveryPhrase, newPassphrase }) => {
      const v = checkPassphrase(newPassphrase);
      if (!v.ok) throw new TandaiError('WEAK_PASSPHRASE', `weak passphrase: ${v.reason}`);
      const info = open(path, { kind: 'recovery', phrase: recoveryPhrase });
      setPassphrase(ctx.requireProject(), newPassphrase, ctx.kdf());
      ctx.requireProject().tx(() => ctx.requireProject().audit('project.recovered', info.id, null));
      return projectInfo(ctx.requireProject());
    },
    'project.info': () => projectInfo(ctx.requireProject()),
    'project.lock': () => {
      closeProject(ctx, true);
      return { ok: true as const };
    },
    'project.status': () => ({
      open: ctx.project !== null && !ctx.project.isClosed(),
      lockedPath: ctx.lockedPath,
      recent: ctx.identity ? ctx.keystore.readStore(ctx.identity).recentProjects : [],
    }),
    'project.changePassphrase': ({ current, next }) => {
      changePassphrase(ctx.requireProject(), current, next, ctx.kdf());
      return { ok: true as const };
    },
    'project.backup': ({ out }) => {
      const r = backupProject(ctx.requireProject(), out, ctx.options.nativeBinding);
      return { ...r, verified: true as const };
    },
    'passphrase.check': ({ passphrase }) => checkPassphrase(passphrase),
    'team.list': () => {
      const p = ctx.requireProject();
      const rows = p.db.prepare('SELECT identity_id, role, sign_pub, box_pub, name_ct, added_at FROM team ORDER BY added_at').all() as Parameters<typeof memberRow>[1][];
      return rows.map((r) => memberRow(p, r));
    },
    'team.add': ({ card, role }) => {
      const p = ctx.requireProject();
      const who = readCard(card);
      const existing = p.db.prepare('SELECT 1 FROM team WHERE identity_id = ?').get(who.id);
      if (existing) throw new TandaiError('ALREADY_EXISTS', `${who.displayName} (${who.fingerprint}) is already in the team list`);
      const now = new Date().toISOString();
      p.tx(() => {
        p.db
          .prepare('INSERT INTO team (identity_id, role, sign_pub, box_pub, name_ct, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(who.id, role, who.signPublicKey, who.boxPublicKey, p.sealText('team', who.id, 'name', PROJECT_KEY_ID, who.displayName), now, p.actorId);
        // One passphrase a day: the member's identity can open this project.
        p.db.prepare('INSERT OR REPLACE INTO member_keys (identity_id, sealed_master) VALUES (?, ?)').run(who.id, sealToMember(p.master, who.boxPublicKey));
        p.audit('team.add', who.id, { role, fingerprint: who.fingerprint });
      });
      const row = p.db.prepare('SELECT identity_id, role, sign_pub, box_pub, name_ct, added_at FROM team WHERE identity_id = ?').get(who.id) as Parameters<typeof memberRow>[1];
      return memberRow(p, row);
    },
    'audit.verify': () => {
      const p = ctx.requireProject();
      const report = verifyAudit(p, lastSeenHead(ctx, p));
      if (report.ok) rememberHead(ctx, p);
      return report;
    },
    'audit.list': ({ limit }) => listAudit(ctx.requireProject(), limit),
  };
}
