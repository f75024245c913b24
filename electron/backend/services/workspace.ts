/** The coding workspace's handler groups (issue 3), joined so session.ts registers them in one line. */
import type { Ctx, HandlerGroup } from '../context.js';
import type { workspaceChannels } from '../../../shared/contract/channels/workspace.js';
import { careHandlers } from './care.js';
import { codeToolHandlers } from './code-tools.js';
import { retrieveHandlers } from './retrieve.js';
import { searchHandlers } from './search.js';
import { starterHandlers } from './starter.js';

export function workspaceHandlers(ctx: Ctx): HandlerGroup<keyof typeof workspaceChannels> {
  return {
    ...retrieveHandlers(ctx),
    ...searchHandlers(ctx),
    ...codeToolHandlers(ctx),
    ...starterHandlers(ctx),
    ...careHandlers(ctx),
  };
}
