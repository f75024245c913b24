/** The CLI's only way into the backend: the same router the app and the e2e bridge use. */
import type { ChannelInput, ChannelName, ChannelOutput, Emit } from '../../shared/contract/index.js';
import type { Result } from '../../shared/result.js';
import type { Backend, BackendOptions } from '../backend/backend.js';
import { backendError } from './errors.js';

export class Client {
  private backend: Promise<Backend> | null = null;

  constructor(private readonly options: BackendOptions) {}

  get home(): string {
    return this.options.home;
  }

  /**
   * Loaded and created on first use, so `--help` and usage errors start fast and never load
   * libsodium or SQLite or touch the keystore.
   */
  private get(): Promise<Backend> {
    this.backend ??= import('../backend/backend.js').then((m) => m.createBackend(this.options));
    return this.backend;
  }

  async result<C extends ChannelName>(channel: C, input: ChannelInput<C>, emit?: Emit): Promise<Result<ChannelOutput<C>>> {
    const b = await this.get();
    return (await b.route(channel, input, emit)) as Result<ChannelOutput<C>>;
  }

  /** Calls a channel; a backend error becomes a CliError carrying its message and code. */
  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>, emit?: Emit): Promise<ChannelOutput<C>> {
    const r = await this.result(channel, input, emit);
    if (!r.ok) throw backendError(r.error);
    return r.value;
  }

  /** Closes the project (checkpointing it into one file) and forgets every key. */
  async close(): Promise<void> {
    if (!this.backend) return;
    const b = await this.backend.catch(() => null);
    b?.close();
  }
}
