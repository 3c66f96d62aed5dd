import { Readable } from 'node:stream';
import type { ChdbConnection } from 'chdb/connection';
import { bindParams } from './gateway-params';
import { GatewayError } from './gateway-errors';
import { isInsert, outputFormat, quoteName, setStatement, type QueryPlan } from './gateway-request';

/**
 * Runs the gateway's statements on the embedded engine, each request on a chdb connection of its
 * own: connections to one data directory share the engine and its data but not their session
 * state, so a request's settings (`SET`) and `database` (`USE`) end with it — as a ClickHouse
 * server's HTTP request without a session — and never reach the owning process's own client,
 * whose connection is another one. Opening one costs about a millisecond.
 */
export interface EngineRequest {
  plan: QueryPlan;
  /** The statement: the `query` parameter, or else the body. */
  sql: string;
  /** The body following a `query` parameter (an INSERT's rows); null when the body is the statement. */
  data: string | null;
  signal: AbortSignal;
}

export interface EngineResult {
  body: Buffer;
  format: string;
  /** ClickHouse's X-ClickHouse-Summary fields (decimal strings). */
  summary: Record<string, string>;
}

type ExecParams = Parameters<ChdbConnection['exec']>[0];

export interface EngineLimits {
  /** Statements running at once; more wait (chdb runs them on the libuv thread pool). */
  maxConcurrent: number;
  /** Statements waiting at most; beyond, TOO_MANY_SIMULTANEOUS_QUERIES. */
  maxQueued: number;
}

/** A counting semaphore whose waiters give up when their request goes away. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limits: EngineLimits) {
    this.free = limits.maxConcurrent;
  }
  async acquire(signal: AbortSignal): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    if (this.waiting.length >= this.limits.maxQueued) {
      throw new GatewayError(
        'TOO_MANY_SIMULTANEOUS_QUERIES',
        `Too many simultaneous queries: ${this.limits.maxConcurrent} running and ${this.limits.maxQueued} waiting`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal.removeEventListener('abort', cancel);
        resolve();
      };
      const cancel = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error('the request was cancelled while waiting for the engine'));
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', cancel, { once: true });
    });
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

const EMPTY_SUMMARY = { read_rows: '0', read_bytes: '0', written_rows: '0', written_bytes: '0', total_rows_to_read: '0', result_rows: '0', result_bytes: '0' };

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

export class GatewayEngine {
  private readonly slots: Slots;
  private readonly running = new Set<Promise<unknown>>();

  private constructor(
    private readonly connect: () => ChdbConnection,
    limits: EngineLimits,
    /** The engine's version and time zone, as a ClickHouse server reports them. */
    readonly version: string,
    readonly timezone: string,
  ) {
    this.slots = new Slots(limits);
  }

  /** The engine bound to `dataDir` (the directory the owning process's ClickHouse has open). */
  static async open(dataDir: string, limits: EngineLimits): Promise<GatewayEngine> {
    const { createChdbConnection } = await import('chdb/connection');
    const connect = () => createChdbConnection({ path: dataDir });
    const probe = connect();
    try {
      const r = await probe.query({ query: 'SELECT version(), timezone()', clickhouse_settings: { default_format: 'TabSeparated' } });
      const [version = 'unknown', timezone = 'UTC'] = (await collect(r.stream)).toString('utf8').trim().split('\t');
      return new GatewayEngine(connect, limits, version, timezone);
    } finally {
      await probe.close();
    }
  }

  /** Runs one request's statement; the result is whole before anything is sent (as chdb gives it). */
  run(req: EngineRequest): Promise<EngineResult> {
    const p = this.runInSlot(req);
    this.running.add(p);
    void p.then(
      () => this.running.delete(p),
      () => this.running.delete(p),
    );
    return p;
  }

  /** Waits for the statements still running (their connections close as they finish). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async runInSlot(req: EngineRequest): Promise<EngineResult> {
    await this.slots.acquire(req.signal);
    try {
      const conn = this.connect();
      try {
        return await this.execute(conn, req);
      } finally {
        await conn.close();
      }
    } finally {
      this.slots.release();
    }
  }

  private async execute(conn: ChdbConnection, { plan, sql, data, signal }: EngineRequest): Promise<EngineResult> {
    const started = process.hrtime.bigint();
    if (plan.database !== null) await conn.command({ query: `USE ${quoteName(plan.database)}`, abort_signal: signal });
    const set = setStatement(plan.settings);
    if (set !== null) await conn.command({ query: set, abort_signal: signal });
    const format = outputFormat(sql, plan.defaultFormat);
    const base = {
      query: sql,
      query_id: plan.queryId,
      query_params: bindParams(sql, plan.params),
      abort_signal: signal,
      // chdb's own default is CSV; ClickHouse's is TabSeparated. Never a SET: an option of the
      // call. Any name the caller sent (the engine answers UNKNOWN_FORMAT to a wrong one).
      clickhouse_settings: { default_format: plan.defaultFormat ?? 'TabSeparated' } as ExecParams['clickhouse_settings'],
    };
    let body: Buffer = Buffer.alloc(0);
    let summary: object | undefined;
    if (data !== null && isInsert(sql)) {
      summary = (await conn.insert({ ...base, values: data })).summary;
    } else {
      const r = await conn.exec({ ...base, ...(data !== null ? { values: Readable.from([data]) } : {}) });
      summary = r.summary;
      body = await collect(r.stream);
    }
    const elapsed_ns = String(process.hrtime.bigint() - started);
    const reported = Object.fromEntries(Object.entries(summary ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { body, format, summary: { ...EMPTY_SUMMARY, ...reported, elapsed_ns } };
  }
}
