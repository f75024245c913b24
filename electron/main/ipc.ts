/**
 * The IPC bridge: one `ipcMain.handle` per contract channel. Each call is checked to come from
 * the main frame of our own window at app://tandai, then forwarded to the backend worker.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { err, type Result } from '../../shared/result.js';
import { APP_HOST, APP_SCHEME } from './config.js';

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Why a call must be refused, or null when its sender is our window's main frame at app://tandai. */
export function untrustedSenderReason(event: SenderEvent, isOurContents: (contents: WebContents) => boolean): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (!isOurContents(event.sender)) return 'not the Tandai window';
  if (frame !== event.sender.mainFrame) return 'a subframe';
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return 'an unparseable origin';
  }
  // Compare scheme and host: WHATWG gives non-special schemes an opaque origin ("null").
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return `origin ${url.protocol}//${url.host}`;
  return null;
}

export interface IpcBridgeDeps {
  ipcMain: Pick<IpcMain, 'handle'>;
  channels: readonly string[];
  call: (channel: string, input: unknown) => Promise<Result<unknown>>;
  isOurContents: (contents: WebContents) => boolean;
  onRefused?: (channel: string, reason: string) => void;
}

export function registerIpcHandlers(deps: IpcBridgeDeps): void {
  for (const channel of deps.channels) {
    deps.ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      const reason = untrustedSenderReason(event, deps.isOurContents);
      if (reason) {
        deps.onRefused?.(channel, reason);
        return err('FORBIDDEN', `${channel}: refused a call from an untrusted sender (${reason})`);
      }
      try {
        return await deps.call(channel, input);
      } catch {
        return err('INTERNAL', `${channel}: the backend did not answer`);
      }
    });
  }
}
