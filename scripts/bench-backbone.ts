/**
 * Backbone benchmark: append → Relay → Consumer (effect + checkpoint in one transaction), measured
 * against raw Postgres and raw RabbitMQ ceilings on the same machine in the same run.
 *
 *   pnpm bench:backbone [--quick] [--strict] [--no-docs] [--help]
 *
 * Like in production, the appenders, the Relay and the Consumer are separate processes (this file
 * re-runs itself with BENCH_ROLE=relay|consumer, driven over IPC); `--in-process` runs them all in
 * one event loop instead. Everything uses an isolated Postgres schema and AMQP prefix
 * (createTestContext) that is removed at the end, also after an error or Ctrl-C. Progress goes to
 * stderr; a summary and, as the very last line, one JSON object go to stdout; the result is
 * appended to docs/benchmarks.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestContext, trackQueues, TEST_AMQP_URL, TEST_DATABASE_URL, type TestContext } from '../core/src/testing/context';
import { EventStore, START } from '../core/src/store/event-store';
import type { EventEnvelope } from '../core/src/events/envelope';
import { catalog } from '../core/src/events/catalog';
import { newEventId } from '../core/src/events/uuid';
import { Relay, eventHeaders } from '../core/src/relay';
import { Consumer, type HandlerContext } from '../core/src/bus/consumer';
import { declareExchange, names, retryDelays } from '../core/src/bus/topology';
import { connectWithRetry } from '../core/src/bus/connect';
import { createLogger, type Logger } from '../core/src/observability/logger';
import { initTracing } from '../core/src/observability/tracing';
import { loadConfig } from '../core/src/config';
import { appendBenchmarkSection, machineInfo } from '../core/src/bench/report';
import { cpuDelta, cpuSnapshot, cpuText, type CpuSnapshot } from '../core/src/bench/cpu';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: pnpm bench:backbone [options]

Measures the event backbone end to end and the raw ceilings of its two services, in one run:
  1. throughput: concurrent writers append to 16 streams → Relay → Consumer (its batch handler
     inserts one row per event inside ctx.tx, one statement per batch); events/s from the first append to the last commit;
     checks that no effect is lost or duplicated;
  2. latency: single-event appends paced at a steady rate; p50/p99 from the append call to the
     commit of the consumer transaction that applied the event;
  3. ceilings: multi-row INSERTs into a copy of the events table, and amqplib publish-with-
     confirms → consume + ack on a quorum queue (persistent messages of the relay's size).
Targets: >= 5000 events/s end to end; p99 <= 50 ms at 1000 events/s; end to end >= 50 % of
the slower raw ceiling. Appenders, Relay and Consumer run as three processes, like in production.

Options:
  --quick                smaller run (under 60 s in total)
  --strict               exit 1 when a target is missed (default: exit 0, the JSON says so)
  --no-docs              do not append the result to docs/benchmarks.md
  --in-process           run Relay and Consumer in the appenders' process (one event loop)
  --event-handler        the consumer uses handle (one INSERT per event) instead of
                         handleBatch (one multi-row INSERT per transaction, the default)
  --events N             events in the throughput phase
  --writers N            concurrent appenders in the throughput phase
  --per-append N         events per append in the throughput phase
  --rate N               events/s in the latency phase (the target is defined at 1000)
  --latency-seconds N    duration of the latency phase
  --relay-batch N        Relay batchSize          (default: RELAY_BATCH_SIZE's default)
  --relay-poll-ms N      Relay pollMs             (default: RELAY_POLL_MS's default)
  --prefetch N           Consumer prefetch        (default: CONSUMER_PREFETCH's default)
  --consumer-batch N     Consumer batchSize       (default: CONSUMER_BATCH_SIZE's default)
  --amqp-prefetch N      prefetch of the raw RabbitMQ ceiling's consumer
  --help                 this text

Needs PostgreSQL (TEST_DATABASE_URL, default ${TEST_DATABASE_URL}) and RabbitMQ
(TEST_AMQP_URL, default ${TEST_AMQP_URL}); exits 1 when either is unreachable.
Each phase also reports CPU by process (from /proc), event-loop delays, relay batch and consumer
transaction sizes, and what the bench's Postgres backends were waiting on. To profile the relay
and consumer processes: BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.`;

const NUMERIC_FLAGS = {
  '--events': 'events',
  '--writers': 'writers',
  '--per-append': 'perAppend',
  '--rate': 'rate',
  '--latency-seconds': 'latencySeconds',
  '--relay-batch': 'relayBatch',
  '--relay-poll-ms': 'relayPollMs',
  '--prefetch': 'prefetch',
  '--consumer-batch': 'consumerBatch',
  '--amqp-prefetch': 'amqpPrefetch',
} as const;
type NumericKey = (typeof NUMERIC_FLAGS)[keyof typeof NUMERIC_FLAGS];

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const flags = { quick: false, strict: false, docs: true, help: false, inProcess: false, batchHandler: true };
  const overrides: Partial<Record<NumericKey, number>> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') continue;
    if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--quick') flags.quick = true;
    else if (a === '--strict') flags.strict = true;
    else if (a === '--no-docs') flags.docs = false;
    else if (a === '--in-process') flags.inProcess = true;
    else if (a === '--event-handler') flags.batchHandler = false;
    else if (a === '--batch-handler') flags.batchHandler = true;
    else if (Object.hasOwn(NUMERIC_FLAGS, a.split('=')[0]!)) {
      const [name, inline] = a.split('=');
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} needs a positive integer, got ${JSON.stringify(raw)}`);
      overrides[NUMERIC_FLAGS[name as keyof typeof NUMERIC_FLAGS]] = n;
    } else throw new UsageError(`unknown option ${JSON.stringify(a)}`);
  }
  return { ...flags, overrides };
}

function settingsFor(args: ReturnType<typeof parseArgs>) {
  const { quick, inProcess, overrides: o } = args;
  // The services' defaults (core/src/config.ts), so the bench measures what a deployment runs.
  const d = loadConfig({});
  const s = {
    mode: quick ? 'quick' : 'full',
    topology: inProcess ? 'one process (appenders, relay, consumer)' : 'three processes (appenders | relay | consumer)',
    streams: 16,
    throughput: {
      events: o.events ?? (quick ? 20_000 : 100_000),
      writers: o.writers ?? 8,
      eventsPerAppend: o.perAppend ?? 5,
    },
    latency: {
      rate: o.rate ?? 1000,
      seconds: o.latencySeconds ?? (quick ? 8 : 30),
    },
    relay: { batchSize: o.relayBatch ?? d.RELAY_BATCH_SIZE, pollMs: o.relayPollMs ?? d.RELAY_POLL_MS, poolMax: d.PG_POOL_MAX },
    consumer: {
      handler: args.batchHandler ? 'handleBatch: one multi-row INSERT per transaction' : 'handle: one INSERT per event',
      prefetch: o.prefetch ?? d.CONSUMER_PREFETCH,
      batchSize: o.consumerBatch ?? d.CONSUMER_BATCH_SIZE,
      maxAttempts: d.CONSUMER_MAX_ATTEMPTS,
      retryBaseMs: d.CONSUMER_RETRY_BASE_MS,
      deliveryLimit: 10,
      poolMax: d.PG_POOL_MAX,
    },
    appenderPoolMax: 20,
    /** Size of the `text` field of each event's data (padding included). */
    textBytes: 200,
    /** Reference: EventStore.append alone (relay and consumer stopped), batched as above and single-event. */
    appendOnly: { events: quick ? 10_000 : 30_000, singleEvents: quick ? 3_000 : 10_000, singleWriters: 20 },
    pgCeiling: { rows: quick ? 50_000 : 200_000, rowsPerInsert: 500, writers: 4 },
    // Best of a sweep on the 2-core dev box (prefetch 50: ~8k msgs/s, 200: ~18k, 500: ~21k, 1000: ~21k).
    amqpCeiling: { messages: quick ? 30_000 : 150_000, confirmWindow: 1000, prefetch: o.amqpPrefetch ?? 500 },
    /** A phase that makes no progress for this long is reported as stalled (events lost). */
    stallMs: 30_000,
  };
  s.throughput.events -= s.throughput.events % s.throughput.eventsPerAppend;
  return s;
}
type Settings = ReturnType<typeof settingsFor>;

const TARGETS = { e2eEventsPerSec: 5000, latencyP99Ms: 50, latencyRate: 1000, ceilingRatio: 0.5 } as const;

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Wall-clock milliseconds with sub-millisecond resolution, comparable across this bench's processes. */
const now = () => performance.timeOrigin + performance.now();
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const progress = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

function summarise(values: number[]) {
  const a = Float64Array.from(values).sort();
  return {
    count: a.length,
    p50: round(percentile(a, 50), 2),
    p90: round(percentile(a, 90), 2),
    p99: round(percentile(a, 99), 2),
    max: round(a.length ? a[a.length - 1]! : NaN, 2),
    mean: round(a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN, 2),
  };
}

type Pool = TestContext['pool'];
type PoolClient = HandlerContext['tx'];
type ChannelModel = NonNullable<Awaited<ReturnType<typeof connectWithRetry>>>;
/** pg is core's dependency, not the workspace root's: load it from there. */
const { Pool: PgPool } = createRequire(new URL('../core/package.json', import.meta.url))('pg') as {
  Pool: new (cfg: { connectionString: string; max: number; application_name: string }) => Pool;
};
function newPool(max: number, name: string): Pool {
  const pool = new PgPool({ connectionString: TEST_DATABASE_URL, max, application_name: name });
  pool.on('error', () => undefined);
  return pool;
}

/** Event-loop delay of this process since the last read (how late a timer due every 5 ms fired). */
const LOOP_RESOLUTION_MS = 5;
class LoopDelay {
  private readonly h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  constructor() {
    this.h.enable();
  }
  read() {
    // The histogram records whole intervals between ticks: subtract the interval itself.
    const ms = (ns: number) => round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS), 1);
    const r = { p50: ms(this.h.percentile(50)), p99: ms(this.h.percentile(99)), max: ms(this.h.max) };
    this.h.reset();
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// CPU by process group, from /proc (Linux only)

// ---------------------------------------------------------------------------------------------
// Roles: the Relay and the Consumer, each in its own process (or in this one with --in-process)

interface RoleInit {
  schema: string;
  prefix: string;
  settings: Settings;
}

const roleLogger = (service: string, lines: string[]): Logger =>
  createLogger({ service, level: 'warn' }, { write: (line: string) => void lines.push(line.trim()) });

abstract class Role {
  readonly logs: string[] = [];
  readonly loop = new LoopDelay();
  abstract dispatch(method: string, arg: unknown): Promise<unknown>;
}

class RelayRole extends Role {
  private pool: Pool | null = null;
  private relay: Relay | null = null;

  async dispatch(method: string, arg: unknown): Promise<unknown> {
    switch (method) {
      case 'start': {
        const { schema, prefix, settings } = arg as RoleInit;
        this.pool = newPool(settings.relay.poolMax, 'bench-relay');
        this.relay = new Relay({
          store: new EventStore(this.pool, catalog, schema),
          databaseUrl: TEST_DATABASE_URL,
          amqpUrl: TEST_AMQP_URL,
          prefix,
          log: roleLogger('bench-relay', this.logs),
          name: 'bench-relay',
          batchSize: settings.relay.batchSize,
          pollMs: settings.relay.pollMs,
        }).start();
        const timeout = sleep(15_000).then(() => Promise.reject(new Error(`relay did not become the leader within 15 s: ${this.logs.join('; ')}`)));
        await Promise.race([this.relay.whenLeader(), timeout]);
        return null;
      }
      case 'diag':
        return this.loop.read();
      case 'stop':
        await this.relay?.stop();
        await this.pool?.end();
        return { logs: this.logs };
      default:
        throw new Error(`relay role: unknown method ${method}`);
    }
  }
}

/** Consumer.stats plus the role's own counts. */
interface ConsumerStats {
  handled: number;
  duplicates: number;
  retried: number;
  parked: number;
  batches: number;
  handlerCalls: number;
  releasedWithError: number;
}

interface ConsumerProgress {
  committed: Record<string, number>;
  lastCommitAt: Record<string, number>;
}

/**
 * The Consumer under test with a handler that inserts one row per event inside ctx.tx, and the
 * bookkeeping of when each event was appended (carried in its text), handled, and committed.
 */
class ConsumerRole extends Role {
  private pool: Pool | null = null;
  private consumer: Consumer | null = null;
  /** Events handled in a transaction that has not been released yet. */
  private readonly pending = new Map<PoolClient, Array<{ phase: string; t0: number; handledAt: number }>>();
  private readonly progress: ConsumerProgress = { committed: {}, lastCommitAt: {} };
  private readonly handlerLatency = new Map<string, number[]>();
  private readonly commitLatency = new Map<string, number[]>();
  /** Per phase: transactions, the events they applied, and time from their first handler call to release. */
  private readonly txs = new Map<string, { count: number; events: number; ms: number }>();
  private handlerCalls = 0;
  private releasedWithError = 0;

  async dispatch(method: string, arg: unknown): Promise<unknown> {
    switch (method) {
      case 'start':
        await this.start(arg as RoleInit);
        return null;
      case 'progress':
        return this.progress;
      case 'samples': {
        const phase = arg as string;
        const tx = this.txs.get(phase) ?? { count: 0, events: 0, ms: 0 };
        return {
          commit: this.commitLatency.get(phase) ?? [],
          handler: this.handlerLatency.get(phase) ?? [],
          tx: { transactions: tx.count, eventsPerTx: round(tx.events / Math.max(1, tx.count), 1), msPerTx: round(tx.ms / Math.max(1, tx.count), 2) },
        };
      }
      case 'diag':
        return this.loop.read();
      case 'stop':
        await this.consumer?.stop();
        await this.pool?.end();
        return {
          stats: {
            handled: 0,
            duplicates: 0,
            retried: 0,
            parked: 0,
            batches: 0,
            ...this.consumer?.stats,
            handlerCalls: this.handlerCalls,
            releasedWithError: this.releasedWithError,
          } satisfies ConsumerStats,
          logs: this.logs,
        };
      default:
        throw new Error(`consumer role: unknown method ${method}`);
    }
  }

  private async start({ schema, prefix, settings: s }: RoleInit): Promise<void> {
    const effects = `"${schema}".bench_effects`;
    this.pool = newPool(s.consumer.poolMax, 'bench-consumer');
    // The Consumer releases its client right after `commit` (or `rollback`): the commit time.
    this.pool.on('release', (err: Error | undefined, client: PoolClient) => this.released(err, client));
    this.consumer = new Consumer({
      name: 'bench',
      types: ['MessageReceived'],
      store: new EventStore(this.pool, catalog, schema),
      amqpUrl: TEST_AMQP_URL,
      prefix,
      log: roleLogger('bench-consumer', this.logs),
      prefetch: s.consumer.prefetch,
      batchSize: s.consumer.batchSize,
      maxAttempts: s.consumer.maxAttempts,
      retryBaseMs: s.consumer.retryBaseMs,
      deliveryLimit: s.consumer.deliveryLimit,
      ...(s.consumer.handler.startsWith('handleBatch')
        ? {
            handleBatch: async (events: EventEnvelope[], ctx: HandlerContext) => {
              await ctx.tx.query(
                `insert into ${effects} (phase, event_id, stream_id, stream_position, global_position)
                 select * from unnest($1::text[], $2::uuid[], $3::text[], $4::int[], $5::bigint[])`,
                [
                  events.map(phaseOf),
                  events.map((e) => e.id),
                  events.map((e) => e.streamId),
                  events.map((e) => e.streamPosition),
                  events.map((e) => e.globalPosition),
                ],
              );
              for (const e of events) this.handled(ctx.tx, e);
            },
          }
        : {
            handle: async (e: EventEnvelope, ctx: HandlerContext) => {
              await ctx.tx.query(`insert into ${effects} (phase, event_id, stream_id, stream_position, global_position) values ($1, $2, $3, $4, $5)`, [
                phaseOf(e),
                e.id,
                e.streamId,
                e.streamPosition,
                e.globalPosition,
              ]);
              this.handled(ctx.tx, e);
            },
          }),
    });
    await this.consumer.start();
  }

  /** Notes an event applied in `tx`; it counts as handled when `tx` commits. */
  private handled(tx: PoolClient, e: EventEnvelope): void {
    this.handlerCalls++;
    const list = this.pending.get(tx) ?? [];
    list.push({ phase: phaseOf(e), t0: Number((e.data as { text: string }).text.split('|', 2)[1]), handledAt: now() });
    this.pending.set(tx, list);
  }

  private released(err: Error | undefined, client: PoolClient): void {
    const list = this.pending.get(client);
    if (!list) return;
    this.pending.delete(client);
    if (err) {
      this.releasedWithError += list.length;
      return;
    }
    const at = now();
    const phase = list[0]!.phase;
    const tx = this.txs.get(phase) ?? { count: 0, events: 0, ms: 0 };
    tx.count++;
    tx.events += list.length;
    tx.ms += at - list[0]!.handledAt;
    this.txs.set(phase, tx);
    for (const s of list) {
      this.progress.committed[s.phase] = (this.progress.committed[s.phase] ?? 0) + 1;
      this.progress.lastCommitAt[s.phase] = at;
      push(this.handlerLatency, s.phase, s.handledAt - s.t0);
      push(this.commitLatency, s.phase, at - s.t0);
    }
  }
}

/** The bench phase an event belongs to: the first field of its text. */
const phaseOf = (e: EventEnvelope): string => (e.data as { text: string }).text.split('|', 1)[0]!;

function push(m: Map<string, number[]>, k: string, v: number): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

type RoleName = 'relay' | 'consumer';
const newRole = (name: RoleName): Role => (name === 'relay' ? new RelayRole() : new ConsumerRole());

/** How the main process drives a role: a child process over IPC, or an object in this process. */
interface RoleHandle {
  name: RoleName;
  pid: number;
  call<T>(method: string, arg?: unknown): Promise<T>;
  /** Ends the role's process (no-op in process). */
  kill(): void;
}

function inProcessRole(name: RoleName): RoleHandle {
  const role = newRole(name);
  return { name, pid: process.pid, call: async <T>(method: string, arg?: unknown) => (await role.dispatch(method, arg)) as T, kill: () => undefined };
}

interface RpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

function childRole(name: RoleName): RoleHandle {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, BENCH_ROLE: name },
    // e.g. BENCH_CHILD_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the relay and the consumer.
    execArgv: [...process.execArgv, ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    // The child's stdout must not reach ours (the JSON line is last): both go to our stderr.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  child.stderr?.pipe(process.stderr);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let seq = 0;
  let exited: string | null = null;
  child.on('message', (m: RpcReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.result);
    else w.reject(new Error(`${name}: ${m.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = `${name} process exited (${signal ?? code})`;
    for (const w of waiting.values()) w.reject(new Error(exited));
    waiting.clear();
  });
  return {
    name,
    pid: child.pid ?? -1,
    call<T>(method: string, arg?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(exited));
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, method, arg });
      });
    },
    kill() {
      if (!exited) child.kill('SIGTERM');
    },
  };
}

/** Entry point of a role's process: answers its parent's calls until told to stop. */
async function roleMain(name: RoleName): Promise<void> {
  initTracing({ serviceName: `bench-${name}`, enabled: false });
  const role = newRole(name);
  // Orphaned (the parent died or closed the channel): exit rather than run on unattended.
  process.on('disconnect', () => process.exit(1));
  process.on('SIGINT', () => undefined); // Ctrl-C reaches the whole group: the parent stops us in order
  process.on('message', (m: { id: number; method: string; arg: unknown }) => {
    role.dispatch(m.method, m.arg).then(
      (result) => {
        process.send?.({ id: m.id, ok: true, result });
        // A normal exit (not the parent's SIGTERM), so that exit hooks such as --cpu-prof run.
        if (m.method === 'stop') setTimeout(() => process.exit(0), 200);
      },
      (err: Error) => process.send?.({ id: m.id, ok: false, error: err.stack ?? err.message }),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Per-phase diagnostics

/**
 * CPU by process, each process's event-loop delay, and what the bench's Postgres backends were
 * doing (pg_stat_activity sampled every 100 ms; `idle in transaction · Client:ClientRead` is a
 * backend waiting for its Node process to send the next statement).
 */
class PhaseProbe {
  private readonly cpu0: CpuSnapshot | null;
  private readonly waits = new Map<string, number>();
  private samples = 0;
  private busy = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly pool: Pool,
    private readonly loop: LoopDelay,
    private readonly pids: Record<number, string>,
    private readonly roles: RoleHandle[],
  ) {
    this.cpu0 = cpuSnapshot(pids);
    this.timer = setInterval(() => void this.sample(), 100);
  }

  static async start(pool: Pool, loop: LoopDelay, roles: RoleHandle[]): Promise<PhaseProbe> {
    const pids: Record<number, string> = { [process.pid]: roles.some((r) => r.pid === process.pid) ? 'bench (all roles)' : 'appenders' };
    for (const r of roles) if (r.pid !== process.pid) pids[r.pid] = r.name;
    loop.read();
    for (const r of roles) if (r.pid !== process.pid) await r.call('diag');
    return new PhaseProbe(pool, loop, pids, roles);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const r = await this.pool.query<{ app: string; state: string; wait: string; n: number }>(
        `select regexp_replace(application_name, '^(napominalka-)?bench-', '') as app, state,
                coalesce(wait_event_type || ':' || wait_event, 'on CPU') as wait, count(*)::int as n
           from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
            and (application_name like 'bench-%' or application_name like 'napominalka-bench-%')
          group by 1, 2, 3`,
      );
      this.samples++;
      for (const row of r.rows) {
        const key = `${row.app} · ${row.state === 'active' ? '' : `${row.state} · `}${row.wait}`;
        this.waits.set(key, (this.waits.get(key) ?? 0) + row.n);
      }
    } catch {
      // diagnostics only
    } finally {
      this.busy = false;
    }
  }

  async stop() {
    clearInterval(this.timer);
    const cpu = cpuDelta(this.cpu0, cpuSnapshot(this.pids));
    const eventLoopDelayMs: Record<string, ReturnType<LoopDelay['read']>> = { [this.pids[process.pid]!]: this.loop.read() };
    for (const r of this.roles) if (r.pid !== process.pid) eventLoopDelayMs[r.name] = await r.call('diag');
    return {
      cpu,
      eventLoopDelayMs,
      /** Average number of the bench's backends in each state over the phase (top 8). */
      pgBackends: [...this.waits.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([what, n]) => ({ what, avg: round(n / Math.max(1, this.samples), 2) })),
    };
  }
}
type Diagnostics = Awaited<ReturnType<PhaseProbe['stop']>>;

const diagText = (d: Diagnostics) =>
  `cpu ${cpuText(d.cpu)}; event-loop delay p99 ${Object.entries(d.eventLoopDelayMs)
    .map(([k, v]) => `${k} ${v.p99} ms`)
    .join(', ')}; pg backends (avg): ${d.pgBackends.map((w) => `${w.what} ${w.avg}`).join(', ') || '–'}`;

// ---------------------------------------------------------------------------------------------
// The measured pipeline

interface Bench {
  t: TestContext;
  s: Settings;
  relay: RoleHandle;
  consumer: RoleHandle;
  probePool: Pool;
  loop: LoopDelay;
  effects: string;
}

/** Every append goes through here, so that an interruption can stop them and wait for those in flight. */
const appendGate = {
  stopped: false,
  inflight: new Set<Promise<unknown>>(),
  run(store: EventStore, ...args: Parameters<EventStore['append']>): ReturnType<EventStore['append']> {
    if (this.stopped) return Promise.reject(new Error('interrupted'));
    const p = store.append(...args);
    this.inflight.add(p);
    void p.catch(() => undefined).finally(() => this.inflight.delete(p));
    return p;
  },
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inflight]);
  },
};

/** `text` carries the phase and the append's start time (wall-clock ms). */
function eventFor(phase: string, seq: number, textBytes: number) {
  const head = `${phase}|${now().toFixed(3)}|${seq}|`;
  return {
    type: 'MessageReceived',
    data: { chatId: seq, updateId: seq, messageId: 1, text: head.padEnd(textBytes, 'x'), sentAt: '2026-11-23T10:00:00Z' },
  };
}

async function relayCheckpoint(b: Bench): Promise<number> {
  const r = await b.t.pool.query<{ p: string }>(`select global_position as p from "${b.t.schema}".checkpoints where name = 'bench-relay'`);
  return Number(r.rows[0]?.p ?? 0);
}

/**
 * Waits until `target` events of `phase` are committed by the consumer, logging progress; null
 * when nothing moved for stallMs. Also notes when the relay's checkpoint reached `relayTarget()`.
 */
async function waitHandled(b: Bench, phase: string, target: number, label: string, appended: () => number, relayTarget?: () => number) {
  let last = -1;
  let lastChange = performance.now();
  let lastLog = 0;
  let relayDoneAt: number | null = null;
  for (;;) {
    const p = await b.consumer.call<ConsumerProgress>('progress');
    const done = p.committed[phase] ?? 0;
    const t = performance.now();
    if (relayTarget && relayDoneAt === null) {
      const rt = relayTarget();
      if (rt > 0 && (await relayCheckpoint(b)) >= rt) relayDoneAt = now();
    }
    if (done >= target) return { doneAt: p.lastCommitAt[phase]!, relayDoneAt };
    if (done !== last) {
      last = done;
      lastChange = t;
    } else if (t - lastChange > b.s.stallMs) {
      progress(`${label}: STALLED at ${done}/${target} handled for ${b.s.stallMs / 1000} s`);
      return null;
    }
    if (t - lastLog >= 1000) {
      lastLog = t;
      progress(
        `${label}: appended ${fmt(appended())}/${fmt(target)} · relay checkpoint at global position ${fmt(await relayCheckpoint(b))} · handled ${fmt(done)}`,
      );
    }
    await sleep(relayTarget && relayDoneAt === null ? 50 : 20);
  }
}

async function verifyEffects(b: Bench, phase: string, expected: number) {
  const r = await b.t.pool.query<{ rows: number; distinct_events: number; unknown: number }>(
    `select count(*)::int as rows, count(distinct event_id)::int as distinct_events,
            count(*) filter (where not exists (select 1 from "${b.t.schema}".events e where e.id = x.event_id))::int as unknown
       from ${b.effects} x where phase = $1`,
    [phase],
  );
  const row = r.rows[0]!;
  return {
    expected,
    rows: row.rows,
    distinct: row.distinct_events,
    lost: expected - row.distinct_events,
    duplicated: row.rows - row.distinct_events,
    unknown: row.unknown,
  };
}

/** Batches the relay published (and checkpointed) since `afterId`, with their sizes in events. */
async function relayBatches(b: Bench, afterId: number) {
  const r = await b.t.pool.query<{ id: string; global_position: string }>(
    `select id, global_position from "${b.t.schema}".bench_relay_batches where id > $1 or id = (select max(id) from "${b.t.schema}".bench_relay_batches where id <= $1) order by id`,
    [afterId],
  );
  const rows = r.rows.map((x) => ({ id: Number(x.id), p: Number(x.global_position) }));
  const sizes: number[] = [];
  for (let i = 1; i < rows.length; i++) if (rows[i]!.id > afterId) sizes.push(rows[i]!.p - rows[i - 1]!.p);
  if (rows[0] && rows[0].id > afterId) sizes.unshift(rows[0].p);
  const s = summarise(sizes);
  return { lastId: rows.at(-1)?.id ?? afterId, batches: sizes.length, eventsPerBatch: { mean: s.mean, p50: s.p50, max: s.max } };
}

async function lastRelayBatchId(b: Bench): Promise<number> {
  const r = await b.t.pool.query<{ id: string | null }>(`select max(id) as id from "${b.t.schema}".bench_relay_batches`);
  return Number(r.rows[0]!.id ?? 0);
}

interface Samples {
  commit: number[];
  handler: number[];
  tx: { transactions: number; eventsPerTx: number; msPerTx: number };
}

async function phaseThroughput(b: Bench) {
  const { t, s } = b;
  const { events, writers, eventsPerAppend } = s.throughput;
  const appends = events / eventsPerAppend;
  progress(`throughput: ${fmt(events)} events, ${writers} writers × appends of ${eventsPerAppend} events over ${s.streams} streams`);
  let next = 0;
  let appended = 0;
  let maxGlobal = 0;
  let appendsDoneAt = 0;
  const relay0 = await lastRelayBatchId(b);
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  const started = now();
  const writing = Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < appends; i = next++) {
        const batch = Array.from({ length: eventsPerAppend }, (_, k) => eventFor('tput', i * eventsPerAppend + k, s.textBytes));
        const r = await appendGate.run(t.store, `bench-${i % s.streams}`, batch);
        appended += eventsPerAppend;
        maxGlobal = Math.max(maxGlobal, ...r.globalPositions);
      }
    }),
  ).then(() => void (appendsDoneAt = now()));
  let writeError: unknown = null;
  writing.catch((err: unknown) => void (writeError = err));
  const done = await waitHandled(
    b,
    'tput',
    events,
    'throughput',
    () => appended,
    () => (appended >= events ? maxGlobal : 0),
  );
  await writing.catch(() => undefined);
  if (writeError) throw writeError;
  const diagnostics = await probe.stop();
  const verify = await verifyEffects(b, 'tput', events);
  const samples = await b.consumer.call<Samples>('samples', 'tput');
  const relay = await relayBatches(b, relay0);
  const seconds = done ? (done.doneAt - started) / 1000 : NaN;
  const result = {
    events,
    seconds: round(seconds, 2),
    eventsPerSec: done ? Math.round(events / seconds) : 0,
    appendSeconds: round((appendsDoneAt - started) / 1000, 2),
    appendEventsPerSec: Math.round(events / ((appendsDoneAt - started) / 1000)),
    relayCaughtUpSeconds: done?.relayDoneAt ? round((done.relayDoneAt - started) / 1000, 2) : null,
    stalled: done === null,
    ...verify,
    /** append start → commit, under full load (a backlog measure, not the latency target). */
    commitLatencyMs: summarise(samples.commit),
    consumerTx: samples.tx,
    relayBatches: { batches: relay.batches, eventsPerBatch: relay.eventsPerBatch },
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(
    `throughput: ${fmt(result.eventsPerSec)} events/s end to end in ${result.seconds} s (appends done at ${result.appendSeconds} s = ${fmt(result.appendEventsPerSec)}/s, relay caught up at ${result.relayCaughtUpSeconds} s); ` +
      `rows ${fmt(verify.rows)}, distinct ${fmt(verify.distinct)}, lost ${verify.lost}, duplicated ${verify.duplicated}; relay ${fmt(relay.batches)} batches (${relay.eventsPerBatch.mean} events each); ` +
      `consumer ${fmt(samples.tx.transactions)} transactions (${samples.tx.eventsPerTx} events, ${samples.tx.msPerTx} ms each)`,
  );
  progress(`throughput: ${diagText(diagnostics)}`);
  return result;
}

async function phaseLatency(b: Bench) {
  const { t, s } = b;
  const { rate, seconds } = s.latency;
  const total = rate * seconds;
  const interval = 1000 / rate;
  progress(`latency: ${fmt(total)} single-event appends paced at ${rate}/s for ${seconds} s over ${s.streams} streams`);
  const slips: number[] = [];
  const inflight = new Set<Promise<unknown>>();
  let appended = 0;
  let maxInflight = 0;
  let appendError: unknown = null;
  const relay0 = await lastRelayBatchId(b);
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  const started = performance.now();
  let lastLog = started;
  for (let i = 0; i < total;) {
    const due = started + i * interval;
    if (performance.now() < due) {
      await sleep(Math.max(0, Math.floor(due - performance.now())));
      continue;
    }
    while (i < total && started + i * interval <= performance.now()) {
      slips.push(performance.now() - (started + i * interval));
      const seq = i++;
      const pr = appendGate
        .run(t.store, `bench-${seq % s.streams}`, [eventFor('lat', seq, s.textBytes)])
        .then(() => void appended++)
        .catch((err: unknown) => void (appendError ??= err))
        .finally(() => inflight.delete(pr));
      inflight.add(pr);
      maxInflight = Math.max(maxInflight, inflight.size);
    }
    if (performance.now() - lastLog >= 1000) {
      lastLog = performance.now();
      const p = await b.consumer.call<ConsumerProgress>('progress');
      progress(`latency: appended ${fmt(appended)}/${fmt(total)} · handled ${fmt(p.committed.lat ?? 0)} · appends in flight ${inflight.size}`);
    }
  }
  await Promise.all(inflight);
  if (appendError) throw appendError;
  const appendSeconds = (performance.now() - started) / 1000;
  const done = await waitHandled(b, 'lat', total, 'latency', () => appended);
  const diagnostics = await probe.stop();
  const verify = await verifyEffects(b, 'lat', total);
  const samples = await b.consumer.call<Samples>('samples', 'lat');
  const relay = await relayBatches(b, relay0);
  const commit = summarise(samples.commit);
  const handler = summarise(samples.handler);
  const result = {
    rate,
    seconds,
    events: total,
    achievedRate: Math.round(total / appendSeconds),
    stalled: done === null,
    ...verify,
    /** append call → commit of the consumer's transaction (effect + checkpoint): the gated figure. */
    latencyMs: commit,
    /** append call → the handler ran (before its transaction committed). */
    handlerLatencyMs: handler,
    pacingSlipMs: summarise(slips),
    maxAppendsInFlight: maxInflight,
    consumerTx: samples.tx,
    relayBatches: { batches: relay.batches, eventsPerBatch: relay.eventsPerBatch },
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(
    `latency: append → committed p50 ${commit.p50} ms · p99 ${commit.p99} ms · max ${commit.max} ms (→ handler ran: p99 ${handler.p99} ms); achieved ${fmt(result.achievedRate)}/s, ` +
      `appends in flight ≤ ${maxInflight}, pacing slip p99 ${result.pacingSlipMs.p99} ms; lost ${verify.lost}, duplicated ${verify.duplicated}; ` +
      `relay ${fmt(relay.batches)} batches (${relay.eventsPerBatch.mean} events each); consumer ${fmt(samples.tx.transactions)} transactions (${samples.tx.eventsPerTx} events, ${samples.tx.msPerTx} ms each)`,
  );
  progress(`latency: ${diagText(diagnostics)}`);
  return result;
}

async function phaseIdle(b: Bench) {
  progress('idle: 2 s with nothing to do (background CPU of the services and of other processes)');
  const probe = await PhaseProbe.start(b.probePool, b.loop, [b.relay, b.consumer]);
  await sleep(2000);
  const diagnostics = await probe.stop();
  progress(`idle: ${diagText(diagnostics)}`);
  return { cpu: diagnostics.cpu };
}

/** EventStore.append with nothing else running: what the appenders could do on their own. */
async function referenceAppendOnly(b: Bench) {
  const { t, s } = b;
  const run = async (label: string, events: number, writers: number, perAppend: number) => {
    const appends = events / perAppend;
    let next = 0;
    const probe = await PhaseProbe.start(b.probePool, b.loop, []);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = next++; i < appends; i = next++) {
          await appendGate.run(
            t.store,
            `solo-${i % s.streams}`,
            Array.from({ length: perAppend }, (_, k) => eventFor('solo', i * perAppend + k, s.textBytes)),
          );
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const diagnostics = await probe.stop();
    const result = {
      events,
      writers,
      eventsPerAppend: perAppend,
      seconds: round(seconds, 2),
      eventsPerSec: Math.round(events / seconds),
      appendsPerSec: Math.round(appends / seconds),
      cpu: diagnostics.cpu,
    };
    progress(`append alone (${label}): ${fmt(result.eventsPerSec)} events/s, ${fmt(result.appendsPerSec)} appends/s; ${diagText(diagnostics)}`);
    return result;
  };
  progress('append alone: EventStore.append with the relay and the consumer stopped');
  const batched = await run(
    `${s.throughput.writers} writers × ${s.throughput.eventsPerAppend} events`,
    s.appendOnly.events,
    s.throughput.writers,
    s.throughput.eventsPerAppend,
  );
  const single = await run(`${s.appendOnly.singleWriters} writers × 1 event`, s.appendOnly.singleEvents, s.appendOnly.singleWriters, 1);
  return { batched, single };
}

// ---------------------------------------------------------------------------------------------
// Ceilings (both measured from this process, with the pipeline stopped)

async function ceilingPostgres(b: Bench, sample: { data: string; metadata: string }) {
  const { t, s } = b;
  const { rows, rowsPerInsert, writers } = s.pgCeiling;
  const table = `"${t.schema}".raw_events`;
  await t.pool.query(`create table ${table} (like "${t.schema}".events including all)`);
  progress(
    `ceiling/postgres: ${fmt(rows)} rows as multi-row INSERTs of ${rowsPerInsert} (autocommit) by ${writers} writers into a copy of the events table (same columns, defaults, indexes)`,
  );
  const statements = Math.ceil(rows / rowsPerInsert);
  const streamPos = new Map<string, number>();
  let next = 0;
  let inserted = 0;
  const probe = await PhaseProbe.start(b.probePool, b.loop, []);
  const started = performance.now();
  let lastLog = started;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const client = await t.pool.connect();
      try {
        for (let i = next++; i < statements; i = next++) {
          const n = Math.min(rowsPerInsert, rows - i * rowsPerInsert);
          const params: unknown[] = [];
          const values: string[] = [];
          for (let k = 0; k < n; k++) {
            const stream = `raw-${(i * rowsPerInsert + k) % s.streams}`;
            const pos = (streamPos.get(stream) ?? 0) + 1;
            streamPos.set(stream, pos);
            const p = params.length;
            values.push(`($${p + 1}::uuid, $${p + 2}, $${p + 3}::int, 'MessageReceived', 1, $${p + 4}::jsonb, $${p + 5}::jsonb, $${p + 6}::timestamptz)`);
            params.push(newEventId(), stream, pos, sample.data, sample.metadata, new Date().toISOString());
          }
          await client.query(
            `insert into ${table} (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at) values ${values.join(', ')}`,
            params,
          );
          inserted += n;
          if (performance.now() - lastLog >= 1000) {
            lastLog = performance.now();
            progress(`ceiling/postgres: inserted ${fmt(inserted)}/${fmt(rows)}`);
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const diagnostics = await probe.stop();
  const check = await t.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  await t.pool.query(`drop table ${table}`);
  const result = {
    rows,
    rowsPerInsert,
    writers,
    seconds: round(seconds, 2),
    eventsPerSec: Math.round(rows / seconds),
    stored: check.rows[0]!.n,
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(`ceiling/postgres: ${fmt(result.eventsPerSec)} rows/s (${result.seconds} s); ${diagText(diagnostics)}`);
  return result;
}

async function ceilingAmqp(b: Bench, bodyBytes: number, headers: Record<string, unknown>) {
  const { t, s } = b;
  const { messages, confirmWindow, prefetch } = s.amqpCeiling;
  const queue = `${t.prefix}bench-raw`;
  trackQueues(t.prefix, queue);
  const exchange = names(t.prefix).exchange;
  progress(
    `ceiling/rabbitmq: ${fmt(messages)} persistent ${bodyBytes}-byte messages through the topic exchange into a quorum queue; ` +
      `publisher confirms, ≤ ${confirmWindow} unconfirmed; consumer prefetch ${prefetch}, one ack per message`,
  );
  const connect = async (): Promise<ChannelModel> => {
    const c = await connectWithRetry(TEST_AMQP_URL, t.log, AbortSignal.timeout(10_000));
    if (!c) throw new Error(`RabbitMQ not reachable at ${TEST_AMQP_URL}`);
    return c;
  };
  const pubConn = await connect();
  const subConn = await connect();
  try {
    const sub = await subConn.createChannel();
    await declareExchange(sub, t.prefix);
    await sub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await sub.bindQueue(queue, exchange, 'bench.raw');
    await sub.prefetch(prefetch);
    const seen = new Uint8Array(messages);
    let consumed = 0;
    let duplicated = 0;
    let lastConsumedAt = 0;
    let allConsumed!: () => void;
    const finished = new Promise<void>((r) => (allConsumed = r));
    await sub.consume(
      queue,
      (m) => {
        if (!m) return;
        const i = Number(m.properties.messageId);
        if (seen[i]) duplicated++;
        else {
          seen[i] = 1;
          consumed++;
        }
        sub.ack(m);
        if (consumed === messages) {
          lastConsumedAt = performance.now();
          allConsumed();
        }
      },
      { noAck: false },
    );
    const pub = await pubConn.createConfirmChannel();
    const body = Buffer.alloc(bodyBytes, 'x');
    let inflight = 0;
    let confirmed = 0;
    let nacked = 0;
    let windowOpen: (() => void) | null = null;
    const probe = await PhaseProbe.start(b.probePool, b.loop, []);
    const started = performance.now();
    let lastLog = started;
    for (let i = 0; i < messages; i++) {
      while (inflight >= confirmWindow) await new Promise<void>((r) => (windowOpen = r));
      inflight++;
      const ok = pub.publish(
        exchange,
        'bench.raw',
        body,
        { persistent: true, contentType: 'application/json', messageId: String(i), type: 'bench.raw', headers },
        (err) => {
          inflight--;
          if (err) nacked++;
          else confirmed++;
          const w = windowOpen;
          windowOpen = null;
          w?.();
        },
      );
      if (!ok) await new Promise<void>((r) => pub.once('drain', () => r()));
      if (performance.now() - lastLog >= 1000) {
        lastLog = performance.now();
        progress(`ceiling/rabbitmq: published ${fmt(i + 1)} · confirmed ${fmt(confirmed)} · consumed ${fmt(consumed)}`);
      }
    }
    await pub.waitForConfirms();
    const publishedAt = performance.now();
    const outcome = await Promise.race([finished.then(() => 'done' as const), sleep(s.stallMs + messages).then(() => 'timeout' as const)]);
    const end = outcome === 'done' ? lastConsumedAt : performance.now();
    const seconds = (end - started) / 1000;
    const diagnostics = await probe.stop();
    const result = {
      messages,
      bodyBytes,
      confirmWindow,
      prefetch,
      seconds: round(seconds, 2),
      msgsPerSec: outcome === 'done' ? Math.round(messages / seconds) : 0,
      publishSeconds: round((publishedAt - started) / 1000, 2),
      consumed,
      duplicated,
      nacked,
      cpu: diagnostics.cpu,
      diagnostics,
    };
    progress(
      `ceiling/rabbitmq: ${fmt(result.msgsPerSec)} msgs/s (${result.seconds} s; publishing and confirms took ${result.publishSeconds} s); ${diagText(diagnostics)}`,
    );
    return result;
  } finally {
    await pubConn.close().catch(() => undefined);
    await subConn.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Environment and report

const machine = machineInfo;

async function services(t: TestContext) {
  const pgInfo = await t.pool.query<{ name: string; setting: string; unit: string | null }>(
    `select name, setting, unit from pg_settings where name in ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'wal_sync_method', 'autovacuum')`,
  );
  const postgres = Object.fromEntries(pgInfo.rows.map((r) => [r.name, r.unit === '8kB' ? `${(Number(r.setting) * 8) / 1024}MB` : r.setting]));
  let rabbitmq = 'unknown';
  const conn = await connectWithRetry(TEST_AMQP_URL, t.log, AbortSignal.timeout(5000));
  if (conn) {
    rabbitmq = String((conn as unknown as { connection?: { serverProperties?: { version?: string } } }).connection?.serverProperties?.version ?? 'unknown');
    await conn.close().catch(() => undefined);
  }
  return { postgres, rabbitmq };
}

async function measure(b: Bench, date: string, m: ReturnType<typeof machine>, svc: Awaited<ReturnType<typeof services>>) {
  const { t, s } = b;
  const idle = await phaseIdle(b);
  const throughput = await phaseThroughput(b);
  const latency = await phaseLatency(b);
  const relayStop = await b.relay.call<{ logs: string[] }>('stop');
  const consumerStop = await b.consumer.call<{ stats: ConsumerStats; logs: string[] }>('stop');
  const stats = consumerStop.stats;

  // Ceilings use rows and messages shaped like the pipeline's own.
  const raw = (await t.store.readAllRaw(START, 1))[0]!;
  const stored = await t.pool.query<{ data: string; metadata: string }>(`select data::text, metadata::text from "${t.schema}".events where id = $1`, [raw.id]);
  const bodyBytes = Buffer.byteLength(JSON.stringify(raw));
  const headers = {
    ...eventHeaders(raw),
    traceparent: raw.metadata.traceparent ?? `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`,
  };
  const postgres = await ceilingPostgres(b, stored.rows[0]!);
  const rabbitmq = await ceilingAmqp(b, bodyBytes, headers);
  const appendOnly = await referenceAppendOnly(b);

  const slower = Math.min(postgres.eventsPerSec, rabbitmq.msgsPerSec);
  const ratios = {
    slowerCeiling: postgres.eventsPerSec <= rabbitmq.msgsPerSec ? 'postgres' : 'rabbitmq',
    e2eToSlowerCeiling: round(throughput.eventsPerSec / slower, 3),
    e2eToPostgresCeiling: round(throughput.eventsPerSec / postgres.eventsPerSec, 3),
    e2eToRabbitmqCeiling: round(throughput.eventsPerSec / rabbitmq.msgsPerSec, 3),
    e2eToTarget: round(throughput.eventsPerSec / TARGETS.e2eEventsPerSec, 3),
    latencyP99ToTarget: round(latency.latencyMs.p99 / TARGETS.latencyP99Ms, 3),
  };
  const pass = {
    throughput: throughput.eventsPerSec >= TARGETS.e2eEventsPerSec,
    latency: latency.rate === TARGETS.latencyRate && !latency.stalled && latency.latencyMs.p99 <= TARGETS.latencyP99Ms,
    ceilingRatio: ratios.e2eToSlowerCeiling >= TARGETS.ceilingRatio,
    noLossNoDuplicates: [throughput, latency].every((p) => !p.stalled && p.lost === 0 && p.duplicated === 0 && p.unknown === 0),
    all: false,
  };
  pass.all = pass.throughput && pass.latency && pass.ceilingRatio && pass.noLossNoDuplicates;

  const warnings: string[] = [];
  if (latency.rate !== TARGETS.latencyRate) warnings.push(`latency measured at ${latency.rate}/s; the target is defined at ${TARGETS.latencyRate}/s`);
  if (latency.achievedRate < latency.rate * 0.95)
    warnings.push(`appends reached only ${latency.achievedRate}/s of the ${latency.rate}/s asked in the latency phase`);
  if (stats.retried || stats.parked) warnings.push(`consumer retried ${stats.retried} and parked ${stats.parked} messages`);
  const rolledBack = stats.handlerCalls - throughput.rows - latency.rows;
  if (rolledBack > 0) warnings.push(`the handler ran ${rolledBack} times in transactions that rolled back`);
  if (stats.releasedWithError) warnings.push(`${stats.releasedWithError} handled events were in transactions whose client was discarded`);
  if (rabbitmq.duplicated || rabbitmq.nacked || rabbitmq.consumed !== rabbitmq.messages) {
    warnings.push(`raw RabbitMQ: ${rabbitmq.consumed}/${rabbitmq.messages} consumed, ${rabbitmq.duplicated} duplicated, ${rabbitmq.nacked} nacked`);
  }
  const other = Math.max(...[throughput, latency, postgres, rabbitmq].map((p) => p.cpu?.other ?? 0));
  if (other >= 20) warnings.push(`processes outside the bench used up to ${other}% CPU during a phase: figures are disturbed`);
  const logs = [...relayStop.logs, ...consumerStop.logs, ...t.logs];
  if (logs.length) warnings.push(`${logs.length} warning/error log lines from relay/consumer (first: ${logs[0]!.slice(0, 200)})`);

  return {
    benchmark: 'backbone',
    date,
    mode: s.mode,
    machine: m,
    services: svc,
    settings: s,
    targets: TARGETS,
    throughput,
    latency,
    consumerStats: stats,
    ceilings: { postgres, rabbitmq },
    references: { idle, appendOnly },
    ratios,
    pass,
    warnings,
  };
}
type Result = Awaited<ReturnType<typeof measure>>;

function markdown(r: Result): string {
  const m = r.machine;
  const st = r.settings;
  const pf = (b: boolean) => (b ? '**pass**' : '**FAIL**');
  const tp = r.throughput;
  const lat = r.latency;
  const pg = r.services.postgres;
  return [
    `## ${r.date} — ${st.mode} run, ${m.commit}`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')}`,
    `- Services (same machine): PostgreSQL ${pg.server_version ?? '?'} (synchronous_commit=${pg.synchronous_commit}, fsync=${pg.fsync}, shared_buffers=${pg.shared_buffers}), RabbitMQ ${r.services.rabbitmq}`,
    `- Pipeline: ${st.topology}; Relay batchSize ${st.relay.batchSize}, pollMs ${st.relay.pollMs}, pool ${st.relay.poolMax}; ` +
      `Consumer prefetch ${st.consumer.prefetch}, batchSize ${st.consumer.batchSize}, pool ${st.consumer.poolMax}, ${st.consumer.handler}; appenders' pool ${st.appenderPoolMax}`,
    `- Load: throughput ${fmt(st.throughput.events)} events by ${st.throughput.writers} writers, ${st.throughput.eventsPerAppend} events per append, over ${st.streams} streams; ` +
      `latency ${st.latency.rate} single-event appends/s for ${st.latency.seconds} s; event text ${st.textBytes} B, message body ${r.ceilings.rabbitmq.bodyBytes} B`,
    `- Ceilings: Postgres ${fmt(st.pgCeiling.rows)} rows as multi-row INSERTs of ${st.pgCeiling.rowsPerInsert} by ${st.pgCeiling.writers} writers into a copy of the events table; ` +
      `RabbitMQ ${fmt(st.amqpCeiling.messages)} persistent messages, publisher confirms (≤ ${st.amqpCeiling.confirmWindow} unconfirmed) → quorum queue → consumer (prefetch ${st.amqpCeiling.prefetch}, ack per message)`,
    '',
    '| Measure | Result | Target | |',
    '|---|---:|---:|---|',
    `| End-to-end throughput (append → relay → handled + checkpoint) | ${fmt(tp.eventsPerSec)} events/s | ≥ ${fmt(TARGETS.e2eEventsPerSec)} | ${pf(r.pass.throughput)} |`,
    `| Lost / duplicated effects (both phases) | ${tp.lost + lat.lost} / ${tp.duplicated + lat.duplicated} | 0 / 0 | ${pf(r.pass.noLossNoDuplicates)} |`,
    `| Latency p50 / p99 / max at ${fmt(lat.rate)}/s (append → committed) | ${lat.latencyMs.p50} / ${lat.latencyMs.p99} / ${lat.latencyMs.max} ms | p99 ≤ ${TARGETS.latencyP99Ms} ms | ${pf(r.pass.latency)} |`,
    `| Latency p50 / p99 (append → handler ran, before commit) | ${lat.handlerLatencyMs.p50} / ${lat.handlerLatencyMs.p99} ms | | |`,
    `| Ceiling: Postgres batched INSERT | ${fmt(r.ceilings.postgres.eventsPerSec)} rows/s | | |`,
    `| Ceiling: RabbitMQ confirms → quorum queue → ack | ${fmt(r.ceilings.rabbitmq.msgsPerSec)} msgs/s | | |`,
    `| Reference: EventStore.append alone, ${r.settings.throughput.writers} writers × ${r.settings.throughput.eventsPerAppend} · ${r.settings.appendOnly.singleWriters} writers × 1 | ${fmt(r.references.appendOnly.batched.eventsPerSec)} · ${fmt(r.references.appendOnly.single.eventsPerSec)} events/s | | |`,
    `| End to end ÷ slower ceiling (${r.ratios.slowerCeiling}) | ${fmt(r.ratios.e2eToSlowerCeiling * 100, 1)} % | ≥ ${TARGETS.ceilingRatio * 100} % | ${pf(r.pass.ceilingRatio)} |`,
    `| End to end ÷ Postgres ceiling · ÷ RabbitMQ ceiling | ${fmt(r.ratios.e2eToPostgresCeiling * 100, 1)} % · ${fmt(r.ratios.e2eToRabbitmqCeiling * 100, 1)} % | | |`,
    '',
    `Throughput phase: appends done after ${tp.appendSeconds} s (${fmt(tp.appendEventsPerSec)} events/s), relay caught up after ${tp.relayCaughtUpSeconds ?? '–'} s, ` +
      `last effect committed after ${tp.seconds} s; relay ${fmt(tp.relayBatches.batches)} batches (mean ${tp.relayBatches.eventsPerBatch.mean} events), ` +
      `consumer ${fmt(tp.consumerTx.transactions)} transactions (mean ${tp.consumerTx.eventsPerTx} events, ${tp.consumerTx.msPerTx} ms). CPU in % of one core: ${cpuText(tp.cpu)}.`,
    `Latency phase: ${fmt(lat.achievedRate)} appends/s achieved of ${fmt(lat.rate)}/s asked, ≤ ${fmt(lat.maxAppendsInFlight)} in flight; relay ${fmt(lat.relayBatches.batches)} batches (mean ${lat.relayBatches.eventsPerBatch.mean} events), ` +
      `consumer ${fmt(lat.consumerTx.transactions)} transactions (mean ${lat.consumerTx.eventsPerTx} events). CPU: ${cpuText(lat.cpu)}.`,
    `Bench backends in Postgres, average count by state (throughput · latency phase): ${tp.diagnostics.pgBackends
      .slice(0, 4)
      .map((w) => `${w.what} ${w.avg}`)
      .join(', ')} · ` +
      `${lat.diagnostics.pgBackends
        .slice(0, 4)
        .map((w) => `${w.what} ${w.avg}`)
        .join(', ')}.`,
    `Idle (nothing to do) CPU: ${cpuText(r.references.idle.cpu)}.`,
    `Overall: ${r.pass.all ? 'all targets met' : 'targets missed'}${r.warnings.length ? `. Warnings: ${r.warnings.join('; ')}` : ''}.`,
    '',
  ].join('\n');
}

function appendDocs(r: Result): string {
  return appendBenchmarkSection(markdown(r));
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const s = settingsFor(args);
  const began = performance.now();
  const fail = (err: unknown) => {
    process.stdout.write(`${JSON.stringify({ benchmark: 'backbone', ok: false, error: (err as Error).message ?? String(err) })}\n`);
    return 1;
  };
  initTracing({ serviceName: 'bench-append', enabled: false });
  // The context's pool (the appenders') names itself for the pg_stat_activity probe.
  process.env.PGAPPNAME = 'bench-append';
  let t: TestContext;
  try {
    t = await createTestContext({ poolMax: s.appenderPoolMax });
  } catch (err) {
    progress(`cannot run: ${(err as Error).message}`);
    return fail(err);
  }
  const roles: RoleHandle[] = [];
  let probePool: Pool | null = null;
  let cleaned: Promise<void> | null = null;
  const cleanup = () =>
    (cleaned ??= (async () => {
      await appendGate.stop();
      await Promise.allSettled(roles.map((r) => r.call('stop')));
      for (const r of roles) r.kill();
      await probePool?.end().catch(() => undefined);
      // t.cleanup() swallows a failed drop (e.g. a lock conflict with a session still closing): retry first.
      for (let attempt = 1; attempt <= 5; attempt++) {
        try {
          await t.pool.query(`drop schema if exists "${t.schema}" cascade`);
          break;
        } catch (err) {
          progress(`dropping ${t.schema} failed (${(err as Error).message}); retrying`);
          await sleep(500 * attempt);
        }
      }
      await t.cleanup().catch((err: Error) => void progress(`cleanup failed: ${err.message}`));
    })());
  // Ctrl-C reaches us twice (from the terminal and relayed by the tsx CLI): keep handling it until the
  // clean-up is done, or the second one would kill the process half-way.
  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    progress(`${sig}: stopping; removing ${t.schema} and ${t.prefix}*`);
    void cleanup().finally(() => {
      fail(new Error(`interrupted by ${sig}`));
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let result: Result;
  try {
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const m = machine();
    const svc = await services(t);
    progress(
      `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB; load ${m.loadAverageAtStart.join(' ')}; commit ${m.commit}; ${s.mode} run, ${s.topology}`,
    );
    progress(`schema ${t.schema}, AMQP prefix ${t.prefix}`);
    probePool = newPool(1, 'bench-probe');
    const effects = `"${t.schema}".bench_effects`;
    await t.pool.query(
      `create table ${effects} (phase text not null, event_id uuid not null, stream_id text not null, stream_position int not null,
         global_position bigint not null, handled_at timestamptz not null default clock_timestamp())`,
    );
    // Every checkpoint the relay writes is one published batch: log them to count batches and their sizes.
    const sch = `"${t.schema}"`;
    await t.pool.query(`create table ${sch}.bench_relay_batches (id bigserial primary key, global_position bigint not null)`);
    await t.pool.query(
      `create function ${sch}.bench_log_relay_batch() returns trigger language plpgsql as $$
         begin insert into ${sch}.bench_relay_batches (global_position) values (new.global_position); return null; end $$`,
    );
    await t.pool.query(
      `create trigger bench_log_relay_batch after insert or update on ${sch}.checkpoints for each row
         when (new.name = 'bench-relay') execute function ${sch}.bench_log_relay_batch()`,
    );
    const n = names(t.prefix);
    trackQueues(t.prefix, n.queue('bench'), n.parked('bench'), ...retryDelays(s.consumer.maxAttempts, s.consumer.retryBaseMs).map((d) => n.retry('bench', d)));
    const init: RoleInit = { schema: t.schema, prefix: t.prefix, settings: s };
    const spawn = args.inProcess ? inProcessRole : childRole;
    // The consumer declares its queue and binding first, so nothing the relay publishes is unroutable.
    const consumer = spawn('consumer');
    roles.push(consumer);
    await consumer.call('start', init);
    const relay = spawn('relay');
    roles.push(relay);
    await relay.call('start', init);
    progress(`relay (pid ${relay.pid}) is the leader; consumer (pid ${consumer.pid}) is consuming; appenders pid ${process.pid}`);
    result = await measure({ t, s, relay, consumer, probePool, loop: new LoopDelay(), effects }, date, m, svc);
  } catch (err) {
    if (interrupted) return new Promise<number>(() => undefined); // the signal handler exits
    progress(`benchmark failed: ${(err as Error).stack ?? err}`);
    if (t.logs.length) progress(`log:\n${t.logs.slice(-20).join('\n')}`);
    await cleanup();
    return fail(err);
  }
  await cleanup();
  progress(`done in ${round((performance.now() - began) / 1000, 1)} s; removed ${t.schema} and ${t.prefix}*`);
  const doc = args.docs ? appendDocs(result) : null;
  process.stdout.write(`${markdown(result)}\n`);
  if (doc) process.stdout.write(`(appended to ${doc})\n\n`);
  process.stdout.write(`${JSON.stringify({ ok: true, ...result, docs: doc })}\n`);
  return args.strict && !result.pass.all ? 1 : 0;
}

const role = process.env.BENCH_ROLE;
if (role === 'relay' || role === 'consumer') {
  await roleMain(role);
} else {
  process.exitCode = await main();
  // Sockets of closed clients may linger a moment: the result is out, do not wait for them.
  setTimeout(() => process.exit(), 500).unref();
}
