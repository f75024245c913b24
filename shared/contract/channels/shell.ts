/**
 * shell.*: what only the desktop shell can do for the page. Electron's main process answers these
 * itself (electron/main/save-dialog.ts) and never forwards them to the backend. The backend answers
 * too, for callers that have no window to show a dialog in (the CLI, in-process tests): UNAVAILABLE.
 */
import { z } from 'zod';
import { channel } from '../channel.js';
import { FILE_EXTENSION, FILE_EXTENSION_RULE } from '../file-extension.js';
import { FilePath } from '../schemas.js';

/** The save dialog's question: where it starts, and the one kind of file it offers. */
export const SavePathQuestion = z.object({
  suggested: FilePath,
  /** What the file type is called in the dialog's type list, e.g. "REFI-QDA project". */
  filterName: z.string().trim().min(1).max(80),
  /** Extensions without the dot, lower case (e.g. "qdpx", "tandai-bundle"). */
  extensions: z.array(z.string().regex(FILE_EXTENSION, `an extension: ${FILE_EXTENSION_RULE}`)).min(1).max(4),
});
export type SavePathQuestion = z.infer<typeof SavePathQuestion>;

export const SAVE_PATH_CHANNEL = 'shell.chooseSavePath';

export const shellChannels = {
  /** Asks the person where to save a file; null when they cancel. Shows nothing, writes nothing. */
  [SAVE_PATH_CHANNEL]: channel(SavePathQuestion, z.object({ path: FilePath.nullable() })),
} as const;
