/** Typed events from the backend to the UI. */
import { z } from 'zod';

export const events = {
  progress: z.object({
    task: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    /** The item just finished (a file's base name), for the progress line. */
    item: z.string().optional(),
  }),
  locked: z.object({ reason: z.enum(['command', 'idle', 'suspend', 'screen-lock', 'closed']) }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
