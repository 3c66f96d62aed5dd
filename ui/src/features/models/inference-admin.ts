import { z } from 'zod';
import type { ServiceLink } from '../../http/env';

/**
 * The inference API's model admin routes: they check the version loads as a worker would, then
 * append ModelPromoted, the same path as `pnpm models promote|rollback`. The UI never appends
 * promotions itself: it cannot run the model checks (inference code).
 */
export type AdminResult =
  | { ok: true; version: string; previous: string | null }
  | { ok: false; failure: 'unreachable'; reason: string }
  | { ok: false; failure: 'refused'; status: number; reason: string };

const okBody = z.object({ version: z.string(), previous: z.string().nullable() });
const errorBody = z.object({ error: z.string() });
const TIMEOUT_MS = 15_000;

export interface AdminInput {
  /** 'ui:<username>' */
  actor: string;
  note?: string;
}

export function promoteVia(link: ServiceLink, version: string, input: AdminInput): Promise<AdminResult> {
  return call(link, `/v1/admin/models/${encodeURIComponent(version)}/promote`, input);
}

export function rollbackVia(link: ServiceLink, input: AdminInput): Promise<AdminResult> {
  return call(link, '/v1/admin/models/rollback', input);
}

async function call(link: ServiceLink, path: string, input: AdminInput): Promise<AdminResult> {
  let res: Response;
  try {
    res = await fetch(new URL(path, link.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(link.token ? { authorization: `Bearer ${link.token}` } : {}) },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, failure: 'unreachable', reason: cause ?? (err as Error).message };
  }
  const text = await res.text().catch(() => '');
  const json = safeJson(text);
  if (res.ok) {
    const body = okBody.safeParse(json);
    if (body.success) return { ok: true, ...body.data };
    return { ok: false, failure: 'refused', status: res.status, reason: 'unexpected response body' };
  }
  const err = errorBody.safeParse(json);
  return { ok: false, failure: 'refused', status: res.status, reason: (err.success ? err.data.error : text || res.statusText).slice(0, 300) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
