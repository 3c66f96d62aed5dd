import { z } from 'zod';
import { requestJson } from '../../clients/http-json';
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
/** A promotion loads and checks the version before it answers: longer than a parse. */
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
  const r = await requestJson(link, path, { body: input, schema: okBody, timeoutMs: TIMEOUT_MS });
  if (r.ok) return { ok: true, ...r.body };
  if (r.reason === 'http-error') return { ok: false, failure: 'refused', status: r.status, reason: r.message.slice(0, 300) };
  if (r.reason === 'bad-body') return { ok: false, failure: 'refused', status: r.status, reason: 'unexpected response body' };
  return { ok: false, failure: 'unreachable', reason: r.message };
}
