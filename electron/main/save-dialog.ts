/**
 * The one contract channel main answers itself: `shell.chooseSavePath`, the native save dialog
 * (the page cannot show one, and the backend has no window). Main carries no zod, so the question
 * is checked here by hand, to the same rules as the contract's SavePathQuestion (the extension's
 * pattern is the one both import; a test holds the rest together). The answer is only a path the person chose; nothing is written.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import { FILE_EXTENSION, FILE_EXTENSION_RULE } from '../../shared/contract/file-extension.js';
import { err, ok, type Result } from '../../shared/result.js';

/** The contract's SAVE_PATH_CHANNEL (shared/contract/channels/shell.ts), as a literal: main carries no zod. */
export const SAVE_PATH_CHANNEL = 'shell.chooseSavePath';

export interface SaveQuestion {
  suggested: string;
  filterName: string;
  extensions: string[];
}

/** The question, or what is wrong with it (named as the contract's zod check would name it). */
export function readSaveQuestion(input: unknown): SaveQuestion | string {
  if (!input || typeof input !== 'object') return 'input: an object is needed';
  const { suggested, filterName, extensions } = input as Record<string, unknown>;
  if (typeof suggested !== 'string' || suggested.length < 1 || suggested.length > 4096) return 'suggested: a path of 1 to 4096 characters';
  if (typeof filterName !== 'string' || filterName.trim().length < 1 || filterName.trim().length > 80) return 'filterName: 1 to 80 characters';
  if (!Array.isArray(extensions) || extensions.length < 1 || extensions.length > 4) return 'extensions: 1 to 4 are needed';
  if (!extensions.every((e) => typeof e === 'string' && FILE_EXTENSION.test(e))) return `extensions: ${FILE_EXTENSION_RULE}`;
  return { suggested, filterName: filterName.trim(), extensions: [...(extensions as string[])] };
}

export interface SaveDialogDeps {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the dialog belongs to (modal to it), if it is still there. */
  window: () => BrowserWindow | null;
}

export async function chooseSavePath(deps: SaveDialogDeps, input: unknown): Promise<Result<{ path: string | null }>> {
  const q = readSaveQuestion(input);
  if (typeof q === 'string') return err('INVALID_INPUT', `${SAVE_PATH_CHANNEL}: ${q}`);
  const options: SaveDialogOptions = {
    defaultPath: q.suggested,
    filters: [{ name: q.filterName, extensions: q.extensions }],
    // Exports are not advertised in the system's recent documents (Windows); the dialog itself
    // asks before replacing a file (macOS, Linux), and the export asks again before writing.
    properties: ['createDirectory', 'showOverwriteConfirmation', 'dontAddToRecent'],
  };
  const win = deps.window();
  const answer = win && !win.isDestroyed() ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
  return ok({ path: answer.canceled || !answer.filePath ? null : answer.filePath });
}
