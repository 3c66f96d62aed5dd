import { z } from 'zod';

/** Request bodies of the control API (validated before anything is asked). */
const assets = z.array(z.string().min(1)).min(1);
const day = z.string().min(1);
const actor = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.@-]+$/, 'actor: letters, digits, _ . @ -');

export const materializeBody = z
  .object({ assets, partition: day.optional(), from: day.optional(), to: day.optional(), force: z.boolean().optional(), actor })
  .strict()
  .refine((b) => !(b.partition !== undefined && (b.from !== undefined || b.to !== undefined)), 'give partition or from/to, not both')
  .refine((b) => (b.from === undefined) === (b.to === undefined), 'from and to go together');

export const backfillBody = z
  .object({ assets, from: day, to: day, concurrency: z.number().int().min(1).max(64).optional(), force: z.boolean().optional(), actor: actor.optional() })
  .strict();

export type MaterializeBody = z.infer<typeof materializeBody>;
