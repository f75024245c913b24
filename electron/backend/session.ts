/** Joins the handler groups into the router over one backend state (identity, open project). */
import type { Backend, BackendOptions } from './backend.js';
import { Ctx } from './context.js';
import { forget, Keystore } from './identity/keystore.js';
import { createRouter, type Handlers } from './router.js';
import { codebookHandlers } from './services/codebook.js';
import { codingHandlers } from './services/codings.js';
import { correctionHandlers } from './services/corrections.js';
import { exportHandlers } from './services/exports.js';
import { identityHandlers } from './services/identity.js';
import { interchangeImportHandlers } from './services/interchange-import.js';
import { memoHandlers } from './services/memos.js';
import { closeProject, projectHandlers } from './services/project.js';
import { transcriptHandlers } from './services/transcript-handlers.js';
import { workspaceHandlers } from './services/workspace.js';
import { teamHandlers } from './services/merge.js';
import { deidHandlers } from './services/deid/handlers.js';
import { deidBundleProvider } from './services/deid/bundle.js';
import { registerDeidBundleProvider } from './services/bundles.js';
import { loadSodium } from './vault/sodium.js';
import { TandaiError } from '../../shared/result.js';

// Bundles carry the de-identification decisions and pseudonym map (never the register). Registered
// once, when the backend module loads, so a test may put a stand-in in its place.
registerDeidBundleProvider(deidBundleProvider);

export async function createBackend(options: BackendOptions): Promise<Backend> {
  await loadSodium();
  const ctx = new Ctx(options, new Keystore(options.home));
  const handlers: Handlers = {
    ...identityHandlers(ctx),
    ...projectHandlers(ctx),
    ...transcriptHandlers(ctx),
    ...codebookHandlers(ctx),
    ...codingHandlers(ctx),
    ...memoHandlers(ctx),
    ...correctionHandlers(ctx),
    ...interchangeImportHandlers(ctx),
    ...exportHandlers(ctx),
    ...workspaceHandlers(ctx),
    ...teamHandlers(ctx),
    ...deidHandlers(ctx),
    // Answered by the desktop shell (electron/main/save-dialog.ts); in-process callers have no window.
    'shell.chooseSavePath': () => {
      throw new TandaiError('UNAVAILABLE', 'choosing where to save needs the desktop app: type the path instead');
    },
  };
  const router = createRouter(handlers, (channel, e) => {
    // Only the channel and the error's class reach the log: never a message that could hold plaintext.
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    log(`tandai backend: internal error in ${channel} (${(e as Error)?.name ?? 'unknown'})`);
    if (process.env.TANDAI_DEBUG === '1') console.error(e);
  });
  return {
    route: router.route,
    lock(reason) {
      // Locking forgets every key: the project's and the identity's.
      closeProject(ctx, reason !== 'closed');
      forget(ctx.identity);
      ctx.identity = null;
    },
    close() {
      closeProject(ctx, false);
      forget(ctx.identity);
      ctx.identity = null;
    },
  };
}
