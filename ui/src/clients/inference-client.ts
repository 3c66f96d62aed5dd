import { z } from 'zod';
import type { ServiceLink } from '../http/env';
import { requestJson, type HttpOutcome } from './http-json';

/** The inference API's parse answer (re-declared here: the UI does not import from inference/). */
export const parseResultSchema = z.object({
  intent: z.string(),
  due: z.string().nullable(),
  rrule: z.string().nullable(),
  text: z.string().nullable(),
  timezone: z.string().nullable(),
  slots: z.array(z.object({ tag: z.string(), text: z.string(), start: z.number(), end: z.number() })),
  confidence: z.object({ intent: z.number(), slots: z.number() }),
  lang: z.string(),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  modelVersion: z.string(),
  parser: z.string(),
  latencyMs: z.number(),
  clarification: z.object({ reason: z.string(), options: z.array(z.string()) }).nullable(),
  /** With ?explain=1, how the parse was reached; its shape is read by the playground (absent from older inference). */
  explain: z.unknown().optional(),
});
export type ParseAnswer = z.infer<typeof parseResultSchema>;

export interface ParseInput {
  text: string;
  timezone: string;
  now?: string;
  lang?: 'en' | 'ru';
}

const TIMEOUT_MS = 10_000;

/** One text parsed (with ?explain=1, how it was reached); a non-2xx is the API refusing it. */
export function parseText(link: ServiceLink, input: ParseInput, opts: { explain?: boolean } = {}): Promise<HttpOutcome<ParseAnswer>> {
  return requestJson(link, opts.explain ? '/v1/parse?explain=1' : '/v1/parse', { body: input, schema: parseResultSchema, timeoutMs: TIMEOUT_MS });
}

/** The OpenAPI document, as loose JSON (rendered generically). */
export function fetchOpenApi(link: ServiceLink): Promise<HttpOutcome<Record<string, unknown>>> {
  return requestJson(link, '/openapi.json', { schema: z.record(z.unknown()), timeoutMs: TIMEOUT_MS });
}
