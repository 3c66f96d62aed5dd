import { z } from 'zod';

/** The part of build_set.py's report.json the ETL reads (the data card and its overlap counts). */
export const setReportSchema = z.object({
  sha256: z.string(),
  train: z.number(),
  heldout: z.number(),
  card: z
    .object({
      sizes: z
        .object({ by_source: z.record(z.number()), by_lang: z.record(z.number()) })
        .partial()
        .passthrough()
        .optional(),
      feedback: z
        .object({ days: z.object({ min: z.string().nullable(), max: z.string().nullable() }) })
        .partial()
        .optional(),
      overlap: z.record(z.object({ identical_texts: z.number(), feedback_dropped: z.number().default(0) }).passthrough()),
    })
    .passthrough(),
});
