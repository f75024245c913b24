/**
 * The one place in the renderer that reads `window.api` (the preload in Electron, the bridge in
 * e2e tests). Everything else calls the backend through `call` and listens through `onEvent`.
 */
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload, TandaiApi } from '../../../shared/contract/index.js';
import { err, type ErrorInfo, type Result } from '../../../shared/result.js';

export type { ChannelInput, ChannelName, ChannelOutput, ErrorInfo, EventName, EventPayload, Result };

declare global {
  interface Window {
    readonly api?: TandaiApi;
  }
}

function api(): TandaiApi | null {
  return typeof window !== 'undefined' && window.api ? window.api : null;
}

/** False when the page was opened outside the app (e.g. straight in a browser). */
export function hasBackend(): boolean {
  return api() !== null;
}

/** Calls a contract channel. Never throws: a failure of any kind comes back as an `Err`. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
  const a = api();
  if (!a) return err('INTERNAL', `${channel}: the backend is not available in this window`);
  try {
    return await a.invoke(channel, input);
  } catch {
    return err('INTERNAL', `${channel}: the call could not be delivered`);
  }
}

/** Subscribes to a contract event; returns the unsubscribe function. */
export function onEvent<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void {
  const a = api();
  if (!a) return () => {};
  return a.on(event, cb);
}

/** The real path of a picked or dropped file, or null when it has none (not a file on disk). */
export function pathForFile(file: File): string | null {
  const a = api();
  if (!a) return null;
  try {
    const p = a.pathForFile(file);
    return typeof p === 'string' && p.length > 0 ? p : null;
  } catch {
    return null;
  }
}
