/** Building blocks for channel definitions. */
import { z } from 'zod';

export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
export const None = z.object({}).strict();
export const Done = z.object({ ok: z.literal(true) });
