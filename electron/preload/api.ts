/**
 * `window.api` (TandaiApi): invoke a contract channel, listen to a contract event, and get the
 * real path of a dropped or picked File. Nothing else crosses into the page.
 */
import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import type { TandaiApi } from '../../shared/contract/index.js';
import { err, type Result } from '../../shared/result.js';

export interface ApiDeps {
  ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;
  webUtils: Pick<WebUtils, 'getPathForFile'>;
  channels: readonly string[];
  events: readonly string[];
}

export function createApi(deps: ApiDeps): TandaiApi {
  const channels = new Set(deps.channels);
  const events = new Set(deps.events);

  async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return err('UNKNOWN_CHANNEL', `unknown channel "${String(channel)}"`);
    }
    try {
      return (await deps.ipcRenderer.invoke(channel, input)) as Result<unknown>;
    } catch {
      return err('INTERNAL', `${channel}: the call could not be delivered`);
    }
  }

  function on(event: string, cb: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !events.has(event)) throw new TypeError(`unknown event "${String(event)}"`);
    if (typeof cb !== 'function') throw new TypeError('api.on needs a callback');
    // The page gets the payload only, never the IpcRendererEvent (it exposes ipcRenderer).
    const listener = (_e: IpcRendererEvent, payload: unknown) => cb(payload);
    deps.ipcRenderer.on(event, listener);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      deps.ipcRenderer.removeListener(event, listener);
    };
  }

  function pathForFile(file: unknown): string {
    return deps.webUtils.getPathForFile(file as File);
  }

  return Object.freeze({ invoke, on, pathForFile }) as TandaiApi;
}
