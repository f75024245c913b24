export * from './channels.js';
export * from './events.js';
export * from './schemas.js';
export type { ErrorCode, ErrorInfo, Result } from '../result.js';

/** The shape of `window.api` that the preload (Electron) and the e2e bridge (Chromium) both provide. */
import type { ChannelInput, ChannelName, ChannelOutput } from './channels.js';
import type { EventName, EventPayload } from './events.js';
import type { Result } from '../result.js';
export interface TandaiApi {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
  on<E extends EventName>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
  /** Electron only: the real path of a dropped or picked File. */
  pathForFile(file: unknown): string;
}
