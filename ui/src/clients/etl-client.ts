import { z } from 'zod';
import type { ServiceLink } from '../http/env';
import { requestJson, type HttpOutcome } from './http-json';

/** The ETL control API's answers, re-declared here (the UI does not import the ETL's code). */
const partitions = z.object({ kind: z.string() }).passthrough();
export const assetsSchema = z.object({
  assets: z.array(
    z
      .object({
        key: z.string(),
        description: z.string(),
        deps: z.array(z.object({ asset: z.string() }).passthrough()),
        partitions,
        checks: z.array(z.object({ name: z.string(), severity: z.string() }).passthrough()),
      })
      .passthrough(),
  ),
  schedules: z.array(z.object({ name: z.string(), cron: z.string(), timezone: z.string(), assets: z.array(z.string()) })),
});
const partitionStatus = z.object({ partition: z.string().nullable(), state: z.string() }).passthrough();
export const statusSchema = z.object({ assets: z.array(z.object({ asset: z.string(), partitions: z.array(partitionStatus) }).passthrough()) });
const failure = z.object({ code: z.string(), message: z.string() }).passthrough().nullable().optional();
export const runSchema = z
  .object({
    runId: z.string(),
    assets: z.array(z.string()),
    partition: z.string().nullable(),
    status: z.string(),
    attempt: z.number(),
    createdAt: z.string(),
    startedAt: z.string().nullable().optional(),
    finishedAt: z.string().nullable().optional(),
    durationMs: z.number().nullable().optional(),
    origin: z.string().optional(),
    failure,
  })
  .passthrough();
export const runsSchema = z.object({ runs: z.array(runSchema) });
const step = z
  .object({
    asset: z.string(),
    attempt: z.number(),
    status: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
  })
  .passthrough();
const logLine = z.object({ at: z.string(), level: z.string().optional(), message: z.string().optional(), asset: z.string().optional() }).passthrough();
export const runDetailSchema = z.object({ run: runSchema, steps: z.array(step), logs: z.array(logLine) });
export const checksSchema = z.object({
  checks: z.array(
    z
      .object({
        asset: z.string(),
        partition: z.string().nullable(),
        check: z.string(),
        severity: z.string(),
        passed: z.boolean(),
        description: z.string(),
        evaluatedAt: z.string(),
      })
      .passthrough(),
  ),
});

export type EtlAssets = z.infer<typeof assetsSchema>;
export type EtlStatus = z.infer<typeof statusSchema>;
export type EtlRun = z.infer<typeof runSchema>;
export type EtlRunDetail = z.infer<typeof runDetailSchema>;
export type EtlChecks = z.infer<typeof checksSchema>;

/** An ETL answer, or why there is none: the transport's reasons, or no token configured (nothing sent). */
export type EtlOutcome<T> = HttpOutcome<T> | { ok: false; reason: 'no-token'; message: string };
export type EtlFailure = Exclude<EtlOutcome<never>, { ok: true }>;

const TIMEOUT_MS = 5_000;

async function call<S extends z.ZodTypeAny>(link: ServiceLink, path: string, schema: S, body?: unknown): Promise<EtlOutcome<z.infer<S>>> {
  if (!link.token) return { ok: false, reason: 'no-token', message: 'ETL_API_TOKEN is not set' };
  const r = await requestJson(link, path, { schema, body, timeoutMs: TIMEOUT_MS });
  // Name the address: the page says which API did not answer.
  if (!r.ok && (r.reason === 'unreachable' || r.reason === 'timeout')) return { ...r, message: `${link.url}: ${r.message}` };
  return r;
}

/** Several calls' answers together, or the first failure among them. */
export async function allOf<T extends readonly unknown[]>(calls: { [K in keyof T]: Promise<EtlOutcome<T[K]>> }): Promise<EtlOutcome<T>> {
  const rs = await Promise.all(calls);
  const bad = rs.find((r): r is EtlFailure => !r.ok);
  if (bad) return bad;
  return { ok: true, status: 200, body: rs.map((r) => (r as { body: unknown }).body) as unknown as T };
}

const requested = z.object({ runIds: z.array(z.string()) }).passthrough();
const cancelled = z.object({ runId: z.string(), outcome: z.string() }).passthrough();

export const etlClient = {
  assets: (l: ServiceLink) => call(l, '/v1/assets', assetsSchema),
  status: (l: ServiceLink) => call(l, '/v1/status', statusSchema),
  runs: (l: ServiceLink, limit = 30) => call(l, `/v1/runs?limit=${limit}`, runsSchema),
  run: (l: ServiceLink, id: string) => call(l, `/v1/runs/${encodeURIComponent(id)}`, runDetailSchema),
  checks: (l: ServiceLink) => call(l, '/v1/checks', checksSchema),
  materialize: (l: ServiceLink, body: { assets: string[]; partition?: string; from?: string; to?: string; force?: boolean; actor: string }) =>
    call(l, '/v1/materialize', requested, body),
  backfill: (l: ServiceLink, body: { assets: string[]; from: string; to: string; force?: boolean; actor: string }) => call(l, '/v1/backfill', requested, body),
  cancel: (l: ServiceLink, id: string, actor: string) => call(l, `/v1/runs/${encodeURIComponent(id)}/cancel`, cancelled, { actor }),
};
