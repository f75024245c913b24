/** Unlocking the identity and opening the project a command acts on. */
import { existsSync } from 'node:fs';
import type { IdentityInfo, ProjectInfo } from '../../shared/contract/index.js';
import type { CliContext } from './context.js';
import { backendError, CliError, usageError } from './errors.js';
import { givenIdentityPassphrase, givenProjectPassphrase, type SecretFlags } from './secrets.js';

export interface ProjectFlags extends SecretFlags {
  project?: string;
}

const NO_IDENTITY_PASSPHRASE =
  'no passphrase to unlock your identity: set TANDAI_PASSPHRASE or use --passphrase-file FILE (or open the project with its own passphrase: --project-passphrase-file FILE or TANDAI_PROJECT_PASSPHRASE)';

/** The project file: `--project`, else `TANDAI_PROJECT`, made absolute. */
export function projectPath(c: CliContext, flags: ProjectFlags): { path: string; shown: string } {
  const p = flags.project ?? c.out.envVar('TANDAI_PROJECT');
  if (!p) throw usageError('no project: use --project FILE.tandai or set TANDAI_PROJECT');
  return { path: c.out.path(p), shown: p };
}

/**
 * - `required`: the command needs the identity (prompting at a terminal).
 * - `if-exists`: unlock it when there is one (init: the new project is sealed to it).
 * - `if-given`: unlock only when a passphrase was given, so actions are stamped with who did them.
 */
export async function unlockIdentity(c: CliContext, flags: SecretFlags, mode: 'required' | 'if-exists' | 'if-given'): Promise<IdentityInfo | null> {
  const status = await c.client.call('identity.status', {});
  if (status.identity) return status.identity;
  if (!status.exists) {
    if (mode === 'required') throw new CliError(`no identity in ${c.client.home} yet: create one with "tandai identity init --name NAME" (or set TANDAI_HOME)`);
    return null;
  }
  let passphrase = givenIdentityPassphrase(c, flags);
  if (passphrase === null) {
    if (mode === 'if-given') return null;
    if (!c.out.interactive) throw usageError(mode === 'required' ? NO_IDENTITY_PASSPHRASE : 'no passphrase to unlock your identity: set TANDAI_PASSPHRASE or use --passphrase-file FILE');
    passphrase = await c.prompt.ask('Passphrase for your identity: ', { hidden: true });
  }
  return c.client.call('identity.unlock', { passphrase });
}

/**
 * Opens the project: with its own passphrase when one is given, else through the unlocked identity
 * (its master key is sealed to every member). At a terminal, a project not shared with this
 * identity falls back to asking for the project's passphrase.
 */
export async function openProject(c: CliContext, flags: ProjectFlags): Promise<ProjectInfo> {
  const { path, shown } = projectPath(c, flags);
  if (!existsSync(path)) throw new CliError(`${shown}: no such project file`);
  const direct = givenProjectPassphrase(c, flags);
  if (direct !== null) {
    await unlockIdentity(c, flags, 'if-given');
    return c.client.call('project.open', { path, passphrase: direct });
  }
  const status = await c.client.call('identity.status', {});
  if (!status.exists) {
    if (!c.out.interactive) {
      throw usageError(`no identity in ${c.client.home} to open ${shown} with: use --project-passphrase-file FILE or set TANDAI_PROJECT_PASSPHRASE`);
    }
    const passphrase = await c.prompt.ask(`Passphrase for ${shown}: `, { hidden: true });
    return c.client.call('project.open', { path, passphrase });
  }
  await unlockIdentity(c, flags, 'required');
  const r = await c.client.result('project.open', { path });
  if (r.ok) return r.value;
  if (r.error.code === 'NOT_A_MEMBER' && c.out.interactive) {
    c.out.note(r.error.message);
    const passphrase = await c.prompt.ask(`Passphrase for ${shown}: `, { hidden: true });
    return c.client.call('project.open', { path, passphrase });
  }
  throw backendError(r.error);
}
