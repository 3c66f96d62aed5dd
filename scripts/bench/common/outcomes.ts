import { newClient, type PgClient } from './pg';
import { progress, sleep } from './progress';

/**
 * Outcomes of appended messages: MessageParsed / ParseFailed as they commit (LISTEN on the store's
 * channel + a poll), matched to the bench's records by causation id. Used by bench:inference and
 * bench:models; each keeps its own record type, with these fields the tracker fills in.
 */
export interface Tracked {
  /** When this process saw the first outcome committed. */
  seenAt?: number;
  type?: string;
  /** MessageParsed.latencyMs, as the worker recorded it. */
  latencyMs?: number;
  /** MessageParsed.modelVersion: which model answered. */
  version?: string;
  /** Outcomes seen: more than one is a duplicate. */
  outcomes: number;
}

export interface TrackerOptions {
  /** The poll's period; NOTIFY wakes the tracker at once, the poll covers one sent mid-scan. */
  pollMs?: number;
  /** How far behind the highest seen position a scan reads again (seen rows are skipped). */
  window?: number;
  /** application_name of its connection. */
  name?: string;
}

export class OutcomeTracker<T extends Tracked> {
  readonly byId = new Map<string, T>();
  private client: PgClient | null = null;
  private maxSeen = 0;
  private readonly seen = new Set<number>();
  private scanning: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly o: Required<TrackerOptions>;
  unknown = 0;
  lastOutcomeAt = 0;
  outcomes = 0;
  clarifications = 0;

  constructor(
    private readonly schema: string,
    o: TrackerOptions = {},
  ) {
    this.o = { pollMs: 200, window: 200, name: 'bench-inference-tracker', ...o };
  }

  async start(): Promise<void> {
    this.client = newClient(this.o.name);
    this.client.on('error', () => undefined);
    await this.client.connect();
    this.client.on('notification', () => this.scan());
    await this.client.query(`listen "${this.schema}_events"`);
    this.timer = setInterval(() => this.scan(), this.o.pollMs);
    this.timer.unref();
  }

  private scan(): void {
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scanOnce()
      .catch((err: Error) => void progress(`outcome scan failed: ${err.message}`))
      .finally(() => {
        this.scanning = null;
        if (this.again) {
          this.again = false;
          this.scan();
        }
      });
  }

  private async scanOnce(): Promise<void> {
    // Positions are taken at insert and could commit out of order: the window behind the highest
    // seen position guards against that (seen rows are skipped).
    const res = await this.client!.query<{ gp: string; type: string; cause: string; latency: number | null; version: string | null }>(
      `select global_position::text as gp, type, metadata->>'causationId' as cause, (data->>'latencyMs')::float8 as latency, data->>'modelVersion' as version
         from "${this.schema}".events where global_position > $1 and type in ('MessageParsed', 'ParseFailed', 'ClarificationRequested') order by global_position`,
      [Math.max(0, this.maxSeen - this.o.window)],
    );
    const at = performance.now();
    for (const row of res.rows) {
      const gp = Number(row.gp);
      if (this.seen.has(gp)) continue;
      this.seen.add(gp);
      this.maxSeen = Math.max(this.maxSeen, gp);
      if (row.type === 'ClarificationRequested') {
        this.clarifications++;
        continue;
      }
      const s = this.byId.get(row.cause);
      if (!s) {
        this.unknown++;
        continue;
      }
      if (s.outcomes++ > 0) continue;
      s.seenAt = at;
      s.type = row.type;
      s.latencyMs = row.latency ?? undefined;
      s.version = row.version ?? undefined;
      this.outcomes++;
      this.lastOutcomeAt = at;
    }
  }

  /** Resolves when every message of the phase has an outcome; rejects after stallMs without progress. */
  async waitFor(phase: T[], stallMs: number): Promise<void> {
    let last = -1;
    let since = performance.now();
    for (;;) {
      const done = phase.filter((s) => s.outcomes > 0).length;
      if (done === phase.length) return;
      if (done !== last) {
        last = done;
        since = performance.now();
      } else if (performance.now() - since > stallMs) {
        throw new Error(`${phase.length - done} of ${phase.length} messages got no MessageParsed/ParseFailed within ${stallMs / 1000} s of the last one`);
      }
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    await this.client?.end().catch(() => undefined);
  }
}
