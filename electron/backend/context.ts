/** What every handler group shares: options, the person's identity and the open project, if any. */
import { TandaiError } from '../../shared/result.js';
import type { ChannelName } from '../../shared/contract/index.js';
import type { BackendOptions } from './backend.js';
import type { Keystore, UnlockedIdentity } from './identity/keystore.js';
import type { Handlers } from './router.js';
import type { OpenProject } from './store/project.js';
import { calibrateKdf, type KdfParams } from './vault/kdf.js';

export class Ctx {
  identity: UnlockedIdentity | null = null;
  project: OpenProject | null = null;
  /** Set when a project was locked (not closed): the UI shows the unlock screen for this path. */
  lockedPath: string | null = null;
  private calibrated: KdfParams | null = null;

  constructor(
    readonly options: BackendOptions,
    readonly keystore: Keystore,
  ) {}

  /** KDF parameters for new wraps: the explicit option, else calibrated once on this machine. */
  kdf(): KdfParams {
    if (this.options.kdf) return this.options.kdf;
    this.calibrated ??= calibrateKdf();
    return this.calibrated;
  }

  requireProject(): OpenProject {
    if (this.project && !this.project.isClosed()) return this.project;
    if (this.lockedPath) throw new TandaiError('PROJECT_LOCKED', 'the project is locked: unlock it to continue');
    throw new TandaiError('NO_PROJECT', 'no project is open');
  }

  requireIdentity(): UnlockedIdentity {
    if (this.identity) return this.identity;
    if (this.keystore.exists()) throw new TandaiError('IDENTITY_LOCKED', 'your identity is locked: unlock it with your passphrase');
    throw new TandaiError('NO_IDENTITY', 'no identity on this computer yet: create one first');
  }
}

/** A group of handlers for some channels; `session.ts` joins the groups into the full set. */
export type HandlerGroup<C extends ChannelName> = Pick<Handlers, C>;
