import { Hono } from 'hono';

const RUN = '11111111-1111-4111-8111-111111111111';
const daily = { kind: 'daily', start: '2026-11-25', timezone: 'UTC' };
const run = {
  runId: RUN, assets: ['daily_parse_stats'], partition: '2026-12-01', status: 'succeeded', attempt: 1,
  createdAt: '2026-12-02T03:00:00.000Z', startedAt: '2026-12-02T03:00:01.000Z', finishedAt: '2026-12-02T03:00:04.000Z', durationMs: 3000,
};
const days = ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'];

/** The ETL control API's GET routes (same paths and JSON shapes as the ETL service) with a small plausible state. */
const ANSWERS: Record<string, unknown> = {
  '/v1/assets': {
    assets: [
      { key: 'events_raw', description: 'the day of store events copied to ClickHouse', deps: [], partitions: daily, checks: [] },
      { key: 'daily_parse_stats', description: 'parses per intent and model', deps: [{ asset: 'events_raw', mapping: { kind: 'identity' } }], partitions: daily, checks: [] },
    ],
    schedules: [{ name: 'nightly', cron: '0 3 * * *', timezone: 'UTC', assets: ['daily_parse_stats'] }],
  },
  '/v1/status': {
    assets: ['events_raw', 'daily_parse_stats'].map((asset) => ({ asset, partitions: days.map((partition) => ({ partition, state: 'ok' })) })),
  },
  '/v1/runs': { runs: [run] },
  [`/v1/runs/${RUN}`]: { run, steps: [{ asset: 'daily_parse_stats', attempt: 1, status: 'succeeded', startedAt: run.startedAt, finishedAt: run.finishedAt, durationMs: 3000 }], logs: [] },
  '/v1/checks': { checks: [{ asset: 'events_raw', partition: '2026-12-01', check: 'has_rows', severity: 'error', passed: true, description: 'the day has rows', evaluatedAt: '2026-12-02T03:00:02.000Z' }] },
};

export function etlEmulator() {
  const app = new Hono();
  app.get('*', (c) => {
    const a = ANSWERS[c.req.path];
    return a ? c.json(a) : c.json({ error: 'not-found', message: 'no such run' }, 404);
  });
  return app;
}
