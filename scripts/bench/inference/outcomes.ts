import { newClient, type PgClient } from '../common/pg';
import { progress, sleep } from '../common/progress';

/** Outcomes: MessageParsed / ParseFailed as they commit (LISTEN on the store's channel + a poll). */
export interface Sent {
  id: string;
  text: string;
  chatId: number;
  phase: string;
  appendStart: number;
  appendEnd: number;
  /** When this process saw the outcome committed. */
  seenAt?: number;
  type?: string;
  latencyMs?: number;
  outcomes: number;
}

const WINDOW = 200;

export class OutcomeTracker {
  readonly byId = new Map<string, Sent>();
  private client: PgClient | null = null;
  private maxSeen = 0;
  private scanning: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  unknown = 0;
  lastOutcomeAt = 0;
  outcomes = 0;
  clarifications = 0;

  constructor(private readonly schema: string) {}

  async start(): Promise<void> {
    this.client = newClient('bench-inference-tracker');
    this.client.on('error', () => undefined);
    await this.client.connect();
    this.client.on('notification', () => this.scan());
    await this.client.query(`listen "${this.schema}_events"`);
    // NOTIFY wakes it at once; the poll covers a notification sent while a scan was running.
    this.timer = setInterval(() => this.scan(), 200);
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
    // The worker commits one batch at a time, so outcomes commit in position order; the window
    // behind the highest seen position only guards against that ever changing (seen rows are skipped).
    const res = await this.client!.query<{ gp: string; type: string; cause: string; latency: number | null }>(
      `select global_position::text as gp, type, metadata->>'causationId' as cause, (data->>'latencyMs')::float8 as latency
         from "${this.schema}".events where global_position > $1 and type in ('MessageParsed', 'ParseFailed', 'ClarificationRequested') order by global_position`,
      [Math.max(0, this.maxSeen - WINDOW)],
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
      s.outcomes++;
      if (s.outcomes === 1) {
        s.seenAt = at;
        s.type = row.type;
        s.latencyMs = row.latency ?? undefined;
        this.outcomes++;
        this.lastOutcomeAt = at;
      }
    }
  }
  private readonly seen = new Set<number>();

  /** Resolves when every message of the phase has an outcome; rejects after stallMs without progress. */
  async waitFor(phase: Sent[], stallMs: number): Promise<void> {
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
