/**
 * Web UI benchmark (issue 13): every page's server time through app.request() on the real app,
 * against Postgres (1,000,000 parses) and embedded ClickHouse (10,000,000 events_raw rows),
 * beside the time of the page's own queries in the same request (the ceiling).
 *
 *   pnpm bench:ui [--quick] [--requests N] [--regenerate] [--no-docs] [--help]
 *
 * Progress on stderr; a table and, as the very last line, one JSON object on stdout; the result
 * is appended to docs/benchmarks.md. The Postgres schema is dropped at the end, also on error.
 */
import type { ClickHouse } from '../core/src/clickhouse/index';
import { appendBenchmarkSection, machineInfo } from '../core/src/bench/report';
import { dropSchemaRetrying } from '../core/src/bench/teardown';
import { createTestContext, type TestContext } from '../core/src/testing/context';
import { LoginLimiter } from '../ui/src/auth/login-limit';
import { createUiApp } from '../ui/src/http/app';
import { prepareUi } from '../ui/src/open-ui';
import { createSession } from '../ui/src/store/sessions';
import { addUser } from '../ui/src/store/users';
import { BUNDLED_MODELS_DIR } from '../core/src/models/index';
import { analyse, markdown, parseArgs, QueryClock, USAGE, UsageError, type PageSample } from './bench-ui-lib';
import { BENCH_NOW, ensureClickHouse, LAST_DAY, seedPostgres, specFor } from './bench-ui-data';

const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** The pages and their filtered variants; `search` ones are held to the search target too. */
function pages(from14: string, from28: string): Array<{ name: string; path: string; search?: boolean }> {
  const range = `from=${from14}&to=${LAST_DAY}`;
  return [
    { name: 'overview', path: `/?${range}` },
    { name: 'overview 28 days', path: `/?from=${from28}&to=${LAST_DAY}` },
    { name: 'overview lang', path: `/?${range}&lang=ru` },
    { name: 'overview intent', path: `/?${range}&intent=create` },
    { name: 'overview model', path: `/?${range}&model=2026-12-01.1` },
    { name: 'history', path: '/history' },
    { name: 'history search (common word)', path: `/history?q=${encodeURIComponent('маме')}`, search: true },
    { name: 'history search (one message)', path: `/history?q=${encodeURIComponent('#123457')}`, search: true },
    { name: 'history search + filters', path: `/history?q=${encodeURIComponent('rent')}&lang=en&intent=create`, search: true },
    { name: 'history intent+lang', path: '/history?intent=cancel&lang=en' },
    { name: 'history confidence', path: '/history?cmin=0.6&cmax=0.65' },
    { name: 'history model', path: '/history?model=2026-11-23.1' },
    { name: 'events timeline', path: '/events?chat=1234' },
    { name: 'events by type', path: '/events?type=MessageParsed' },
    { name: 'events by stream', path: '/events?stream=chat-4321' },
    { name: 'drift', path: '/drift' },
    { name: 'models', path: '/models' },
  ];
}

type Pool = TestContext['pool'];

/** Wraps every query of the pool (and of its clients) and of ClickHouse in the clock. */
function timedPool(pool: Pool, clock: QueryClock): Pool {
  const wrapClient = <C extends { query: unknown }>(client: C) =>
    new Proxy(client, {
      get: (t, k, r) =>
        k === 'query' ? (...a: unknown[]) => clock.time(() => (t.query as (...x: unknown[]) => Promise<unknown>)(...a)) : Reflect.get(t, k, r),
    });
  return new Proxy(pool, {
    get(t, k, r) {
      if (k === 'query') return (...a: unknown[]) => clock.time(() => (t.query as (...x: unknown[]) => Promise<unknown>).apply(t, a));
      if (k === 'connect') return async () => wrapClient(await (t.connect as () => Promise<{ query: unknown }>).call(t));
      const v = Reflect.get(t, k, r);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}
function timedClickHouse(ch: ClickHouse, clock: QueryClock): ClickHouse {
  return new Proxy(ch, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      if ((k === 'query' || k === 'command') && typeof v === 'function')
        return (...a: unknown[]) => clock.time(() => (v as (...x: unknown[]) => Promise<unknown>).apply(t, a));
      if (k === 'withDatabase' && typeof v === 'function')
        return (...a: unknown[]) => timedClickHouse((v as (...x: unknown[]) => ClickHouse).apply(t, a), clock);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

/** A page answered within this is measured over 5× the requests: its p95 would be one GC pause. */
const FAST_PAGE_MS = 20;

async function measure(
  app: ReturnType<typeof createUiApp>,
  clock: QueryClock,
  cookie: string,
  p: { name: string; path: string; search?: boolean },
  requests: number,
): Promise<PageSample> {
  const s: PageSample = { name: p.name, path: p.path, search: p.search ?? false, pageMs: [], queryMs: [], queries: 0, status: 0 };
  // The garbage of the page before is collected before this one is timed (with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  let n = requests;
  for (let i = 0; i < n + 3; i++) {
    clock.reset();
    const t0 = performance.now();
    const res = await app.request(p.path, { headers: { cookie } });
    await res.text();
    const ms = performance.now() - t0;
    s.status = res.status;
    if (res.status !== 200) break;
    if (i < 3) {
      if (i === 2 && ms < FAST_PAGE_MS) n = requests * 5;
      continue;
    }
    s.pageMs.push(ms);
    s.queryMs.push(clock.busyMs());
    s.queries = clock.count();
  }
  return s;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const machine = machineInfo();
  const spec = specFor(args.quick);
  const requests = args.requests || (args.quick ? 20 : 60);
  let t: TestContext | null = null;
  let chClose: (() => Promise<void>) | null = null;
  try {
    const { ch, rows, reused } = await ensureClickHouse(spec, { regenerate: args.regenerate, progress });
    chClose = () => ch.close();
    progress(`clickhouse: ${rows.toLocaleString('en-US')} events_raw rows${reused ? ' (reused)' : ''}`);
    t = await createTestContext();
    const seeded = await seedPostgres(t.pool, t.schema, spec.pgParses, spec.days, progress);
    await prepareUi(t.pool, { PG_SCHEMA: t.schema, UI_ADMIN_USER: undefined, UI_ADMIN_PASSWORD: undefined }, t.log);
    await addUser(t.pool, t.schema, { username: 'bench', password: 'bench password long', role: 'admin' });
    const session = await createSession(t.pool, t.schema, 'bench', 3_600_000);
    const clock = new QueryClock();
    const app = createUiApp({
      pool: timedPool(t.pool, clock),
      schema: t.schema,
      secureCookies: false,
      sessionTtlMs: 3_600_000,
      limiter: new LoginLimiter({ max: 5, windowMs: 60_000 }),
      ch: timedClickHouse(ch, clock),
      inference: { url: 'http://127.0.0.1:9', token: null },
      etl: { url: 'http://127.0.0.1:9', token: null },
      modelsDir: BUNDLED_MODELS_DIR,
      defaultTimezone: 'Europe/Moscow',
      now: () => BENCH_NOW,
    });
    const cookie = `napo_session=${session.token}`;
    const day = (n: number) => new Date(Date.parse(`${LAST_DAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const results = [];
    for (const p of pages(day(13), day(Math.min(27, spec.days - 1)))) {
      const r = analyse(await measure(app, clock, cookie, p, requests));
      progress(`${p.name}: ${r.status} p95 ${r.pageP95} ms, queries ${r.queryP95} ms (${r.queries}), ratio ${r.ratio ?? '—'}${r.pass ? '' : '  FAIL'}`);
      results.push(r);
    }
    const data = { events_raw: rows, parses: seeded.parses, store_events: seeded.events };
    const md = markdown({ mode: args.quick ? 'quick' : 'full', machine, data, results, requests });
    console.log(md);
    if (args.docs) progress(`appended to ${appendBenchmarkSection(md)}`);
    const pass = results.every((r) => r.pass);
    console.log(JSON.stringify({ bench: 'ui', mode: args.quick ? 'quick' : 'full', pass, data, requests, machine, pages: results }));
    return pass ? 0 : 1;
  } finally {
    if (t) {
      await dropSchemaRetrying(t.pool, t.schema, progress).catch(() => undefined);
      await t.cleanup().catch(() => undefined);
    }
    await chClose?.().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
