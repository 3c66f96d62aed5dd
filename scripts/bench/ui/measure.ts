import type { ClickHouse } from '../../../core/src/clickhouse/index';
import { machineInfo } from '../../../core/src/bench/report';
import type { TestContext } from '../../../core/src/testing/context';
import { BUNDLED_MODELS_DIR } from '../../../core/src/models/index';
import { LoginLimiter } from '../../../ui/src/auth/login-limit';
import { createUiApp } from '../../../ui/src/http/app';
import { prepareUi } from '../../../ui/src/open-ui';
import { createSession } from '../../../ui/src/store/sessions';
import { addUser } from '../../../ui/src/store/users';
import { progress } from '../common/progress';
import { requestsOf, type Args } from './args';
import { QueryClock, timedClickHouse, timedPool } from './clock';
import { BENCH_NOW, ensureClickHouse, seedPostgres, specFor } from './data';
import { daysBeforeLast, pages, type Page } from './pages';
import { analyse, type PageResult, type PageSample } from './verdict';

/** One bench:ui run: the datasets, the real app on them, and every page timed. */
export type Result = Awaited<ReturnType<typeof measure>>;

/** A page answered within this is measured over 5× the requests: its p95 would be one GC pause. */
const FAST_PAGE_MS = 20;

type App = ReturnType<typeof createUiApp>;

/** `requests` timed requests of one page after 3 warm-ups, each beside its queries' time. */
async function measurePage(app: App, clock: QueryClock, cookie: string, p: Page, requests: number): Promise<PageSample> {
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

/** The UI app on the run's schema and the ClickHouse dataset, every query timed by `clock`, and an admin's session cookie. */
async function appOn(t: TestContext, ch: ClickHouse, clock: QueryClock): Promise<{ app: App; cookie: string }> {
  await prepareUi(t.pool, { PG_SCHEMA: t.schema, UI_ADMIN_USER: undefined, UI_ADMIN_PASSWORD: undefined }, t.log);
  await addUser(t.pool, t.schema, { username: 'bench', password: 'bench password long', role: 'admin' });
  const session = await createSession(t.pool, t.schema, 'bench', 3_600_000);
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
  return { app, cookie: `napo_session=${session.token}` };
}

/** `opened` receives the ClickHouse client as soon as it is open, so a failed run still closes it. */
export async function measure(t: TestContext, args: Args, opened: (ch: ClickHouse) => void) {
  const machine = machineInfo();
  const spec = specFor(args.quick);
  const requests = requestsOf(args);
  const { ch, rows, reused } = await ensureClickHouse(spec, { regenerate: args.regenerate, progress, opened });
  progress(`clickhouse: ${rows.toLocaleString('en-US')} events_raw rows${reused ? ' (reused)' : ''}`);
  const seeded = await seedPostgres(t.pool, t.schema, spec.pgParses, spec.days, progress);
  const clock = new QueryClock();
  const { app, cookie } = await appOn(t, ch, clock);
  const results: PageResult[] = [];
  for (const p of pages(daysBeforeLast(13), daysBeforeLast(Math.min(27, spec.days - 1)))) {
    const r = analyse(await measurePage(app, clock, cookie, p, requests));
    progress(`${p.name}: ${r.status} p95 ${r.pageP95} ms, queries ${r.queryP95} ms (${r.queries}), ratio ${r.ratio ?? '—'}${r.pass ? '' : '  FAIL'}`);
    results.push(r);
  }
  return {
    mode: args.quick ? 'quick' : 'full',
    pass: results.every((r) => r.pass),
    data: { events_raw: rows, parses: seeded.parses, store_events: seeded.events },
    requests,
    machine,
    pages: results,
  };
}
