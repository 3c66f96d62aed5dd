import { z } from 'zod';
import type { ServiceLink } from '../http/env';

/**
 * Why a call gave no usable answer. unreachable/timeout: no answer at all; http-error: a non-2xx
 * answer (message: the API's own error text when it sent one); bad-body: a 2xx whose body is not
 * JSON or not of the expected shape.
 */
export type HttpFailure =
  { ok: false; reason: 'unreachable' | 'timeout'; message: string } | { ok: false; reason: 'http-error' | 'bad-body'; status: number; message: string };
export type HttpOutcome<T> = { ok: true; status: number; body: T } | HttpFailure;

export interface JsonRequest<S extends z.ZodTypeAny> {
  /** GET without a body, POST with one (sent as JSON). */
  body?: unknown;
  method?: 'GET' | 'POST';
  timeoutMs: number;
  /** What a 2xx body must be; without one any JSON is taken. */
  schema?: S;
}

/**
 * Both APIs' error bodies: the ETL's {error: code, message}, inference's {error, details?}. The
 * ETL's message is the readable part; inference's error is.
 */
const errorBody = z.object({ error: z.string().optional(), message: z.string().optional(), details: z.array(z.string()).optional() });

function errorText(body: unknown, status: number): string {
  const e = errorBody.safeParse(body);
  if (e.success && e.data.message) return e.data.message;
  if (e.success && e.data.error) return [e.data.error, ...(e.data.details ?? [])].join('; ');
  return `HTTP ${status}`;
}

/** The socket's code (ECONNREFUSED, ENOTFOUND…) says more than fetch's "fetch failed". */
const causeOf = (e: unknown): string => (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;

async function send(link: ServiceLink, path: string, req: JsonRequest<z.ZodTypeAny>): Promise<Response | HttpFailure> {
  const headers: Record<string, string> = {};
  if (link.token) headers.authorization = `Bearer ${link.token}`;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(new URL(path, link.url), {
      method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') return { ok: false, reason: 'timeout', message: `no answer within ${req.timeoutMs} ms` };
    return { ok: false, reason: 'unreachable', message: causeOf(e) };
  }
}

/** One JSON request with the link's bearer token (when it has one); never throws. */
export async function requestJson<S extends z.ZodTypeAny = z.ZodUnknown>(
  link: ServiceLink,
  path: string,
  req: JsonRequest<S>,
): Promise<HttpOutcome<z.infer<S>>> {
  const res = await send(link, path, req);
  if (!(res instanceof Response)) return res;
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch (e) {
    // A body cut off by the timeout lands here too; a non-2xx without JSON is still its status.
    if ((e as Error).name === 'TimeoutError') return { ok: false, reason: 'timeout', message: `no answer within ${req.timeoutMs} ms` };
    if (!res.ok) return { ok: false, reason: 'http-error', status: res.status, message: `HTTP ${res.status}` };
    return { ok: false, reason: 'bad-body', status: res.status, message: 'the answer is not JSON' };
  }
  if (!res.ok) return { ok: false, reason: 'http-error', status: res.status, message: errorText(json, res.status) };
  if (!req.schema) return { ok: true, status: res.status, body: json };
  const parsed = req.schema.safeParse(json);
  if (parsed.success) return { ok: true, status: res.status, body: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: 'bad-body',
    status: res.status,
    message: `unexpected answer from ${path}: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : ''}`,
  };
}
