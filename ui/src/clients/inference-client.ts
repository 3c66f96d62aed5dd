import { z } from 'zod';
import type { ServiceLink } from '../http/env';

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

/** Why a call gave no answer: unreachable (→ 502), or the API refused with a status and message. */
export type InferenceOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'unreachable' | 'bad-answer'; message: string } | { ok: false; reason: 'refused'; status: number; message: string };

const errorSchema = z.object({ error: z.string(), details: z.array(z.string()).optional() });

/** A call's answer before its body is read as a particular schema: the JSON and the status. */
export type RawOutcome = { ok: true; value: unknown; status: number } | Exclude<InferenceOutcome<never>, { ok: true }>;

/**
 * One request to the inference API with its key: the JSON of a 2xx answer, the API's own error
 * message of any other, or why it could not be reached (the socket's code when there is one).
 */
export async function callInference(link: ServiceLink, path: string, init: RequestInit, timeoutMs = 10_000): Promise<RawOutcome> {
  let res: Response;
  try {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (link.token) headers.authorization = `Bearer ${link.token}`;
    res = await fetch(new URL(path, link.url), { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    return { ok: false, reason: 'unreachable', message: (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message };
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = errorSchema.safeParse(body);
    const message = err.success ? [err.data.error, ...(err.data.details ?? [])].join('; ') : `HTTP ${res.status}`;
    return { ok: false, reason: 'refused', status: res.status, message };
  }
  return { ok: true, value: body, status: res.status };
}

export async function parseText(link: ServiceLink, input: ParseInput, opts: { explain?: boolean } = {}): Promise<InferenceOutcome<ParseAnswer>> {
  const r = await callInference(link, opts.explain ? '/v1/parse?explain=1' : '/v1/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  if (!r.ok) return r;
  const p = parseResultSchema.safeParse(r.value);
  return p.success ? { ok: true, value: p.data } : { ok: false, reason: 'bad-answer', message: p.error.message };
}

/** The OpenAPI document, as loose JSON (rendered generically). */
export async function fetchOpenApi(link: ServiceLink): Promise<InferenceOutcome<Record<string, unknown>>> {
  const r = await callInference(link, '/openapi.json', { method: 'GET' });
  if (!r.ok) return r;
  const p = z.record(z.unknown()).safeParse(r.value);
  return p.success ? { ok: true, value: p.data } : { ok: false, reason: 'bad-answer', message: 'not a JSON object' };
}
