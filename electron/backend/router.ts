/**
 * (channel, input) -> zod-validated call -> result | safe error code.
 * Electron IPC (via the worker), the Playwright bridge and the CLI all go through `route`.
 */
import { z } from 'zod';
import { channels, type ChannelInput, type ChannelName, type ChannelOutput, type Emit } from '../../shared/contract/index.js';
import { err, ok, TandaiError, type Result } from '../../shared/result.js';

export type Handler<C extends ChannelName> = (input: z.output<(typeof channels)[C]['input']>, emit: Emit) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };

const describeIssues = (e: z.ZodError): string =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');

export function createRouter(handlers: Handlers, onInternalError: (channel: string, e: unknown) => void = () => {}) {
  async function route(channel: string, input: unknown, emit: Emit = () => {}): Promise<Result<unknown>> {
    if (!Object.hasOwn(channels, channel)) return err('UNKNOWN_CHANNEL', `unknown channel "${channel}"`);
    const name = channel as ChannelName;
    const spec = channels[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return err('INVALID_INPUT', `${channel}: ${describeIssues(parsed.error)}`);
    try {
      const value = await (handlers[name] as Handler<ChannelName>)(parsed.data as never, emit);
      const out = spec.output.safeParse(value);
      if (!out.success) {
        onInternalError(channel, out.error);
        return err('INTERNAL', `${channel}: the backend produced an invalid answer`);
      }
      return ok(out.data);
    } catch (e) {
      if (e instanceof TandaiError) return err(e.code, e.message);
      onInternalError(channel, e);
      // Never echo an unknown error's text: it could carry plaintext.
      return err('INTERNAL', `${channel}: internal error`);
    }
  }
  return {
    route,
    /** Typed convenience for in-process callers (CLI, tests, bench). */
    call<C extends ChannelName>(channel: C, input: ChannelInput<C>, emit?: Emit): Promise<Result<ChannelOutput<C>>> {
      return route(channel, input, emit) as Promise<Result<ChannelOutput<C>>>;
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
