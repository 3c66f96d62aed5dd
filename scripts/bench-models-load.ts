/**
 * The load of bench:models: open-loop drivers (a fixed arrival rate, whatever the answers do) for
 * POST /v1/parse and for the worker (MessageReceived appended, MessageParsed awaited), and the
 * service's memory from /proc.
 */
import { readFileSync } from 'node:fs';
import type { TestContext } from '../core/src/testing/context';
import { newEventId } from '@napominalka/domain';
import { seededRandom } from '../core/src/random/seeded-random';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Fixed texts: both versions are the same model, so every text must get the same answer throughout. */
export const TEXTS = [
  'напомни завтра в 9 позвонить бабушке',
  'напомни через 15 минут выключить духовку',
  'напомни мне в пятницу в 18:30 забрать посылку на почте',
  'каждый понедельник в 10 напомни про созвон с командой',
  'по будням в 8:00 напомни выпить таблетки',
  'не забыть послезавтра утром оплатить интернет',
  'через 2 часа напомни проверить почту от бухгалтерии',
  'напомни сегодня в 23:15 вынести мусор 🙏',
  'эй, напомни через полчаса полить цветы на балконе',
  'что у меня на завтра',
  'отмени напоминание про стоматолога',
  'отложи на 10 минут',
  'я теперь живу в Новосибирске',
  'привет, как дела?',
  'remind me tomorrow at 9 to call grandma',
  'remind me in 40 minutes to turn off the oven',
  'please remind me to pay the internet bill on friday at 6:30pm',
  'every monday at 10 remind me to sync with the team about the release',
  'remind me on weekdays at 8am to take my pills',
  "don't let me forget to return the library books in 3 days",
  'hey, remind me to water the plants tonight',
  'show my reminders',
  'cancel the reminder about the dentist',
  'snooze 10 minutes',
  "I'm in London now",
  'thanks!',
] as const;
const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Novosibirsk', 'Europe/London', 'America/New_York'] as const;
export const SENT_AT = '2026-03-12T10:15:00+03:00';
export const zoneOf = (chatId: number) => ZONES[chatId % ZONES.length]!;

/**
 * Calls `fire(i, scheduledAt)` at `rate` per second from now until stopped; a late timer fires
 * the missed calls at once, so the arrival rate never adapts to the system under test.
 */
function openLoop(rate: number, fire: (i: number, scheduledAt: number) => void) {
  let stopped = false;
  const t0 = performance.now();
  const running = (async () => {
    for (let i = 0; !stopped; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      if (stopped) break;
      fire(i, due);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// POST /v1/parse

export interface HttpRecord {
  scheduledAt: number;
  sentAt: number;
  end: number;
  status: number | null;
  error: string | null;
  version: string | null;
  text: string;
  /** intent|due|rrule|text of the answer: compared with the first answer to the same text. */
  answer: string | null;
}

export function httpLoad(o: { url: string; apiKey: string; rate: number; seed: number; timeoutMs: number }) {
  const r = seededRandom(o.seed);
  const records: HttpRecord[] = [];
  const inflight = new Set<Promise<void>>();
  const one = async (scheduledAt: number) => {
    const text = TEXTS[Math.floor(r() * TEXTS.length)]!;
    const rec: HttpRecord = { scheduledAt, sentAt: performance.now(), end: 0, status: null, error: null, version: null, text, answer: null };
    records.push(rec);
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        body: JSON.stringify({ text, timezone: 'Europe/Moscow', now: SENT_AT }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      rec.status = res.status;
      const body = (await res.json().catch(() => null)) as { modelVersion?: string; intent?: string; due?: string; rrule?: string; text?: string } | null;
      if (body) {
        rec.version = body.modelVersion ?? null;
        rec.answer = [body.intent, body.due, body.rrule, body.text].join('|');
      }
    } catch (err) {
      rec.error = (err as Error).name === 'TimeoutError' ? `timeout after ${o.timeoutMs} ms` : (err as Error).message;
    }
    rec.end = performance.now();
  };
  const loop = openLoop(o.rate, (_i, at) => {
    const p = one(at).finally(() => inflight.delete(p));
    inflight.add(p);
  });
  return {
    records,
    get inflight() {
      return inflight.size;
    },
    async stop() {
      await loop.stop();
      await Promise.all(inflight);
      return records;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The worker: MessageReceived appended, outcomes read back from the store as they commit

export interface MessageRecord {
  id: string;
  chatId: number;
  scheduledAt: number;
  appendStart: number;
  appendEnd: number;
  appendError: string | null;
  seenAt: number | null;
  type: 'MessageParsed' | 'ParseFailed' | null;
  version: string | null;
  outcomes: number;
}

/** What the tracker uses of a pg PoolClient (pg is core's dependency, not the root's). */
interface PoolClient {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  on(event: 'notification', cb: () => void): unknown;
  release(): void;
}

/** MessageParsed / ParseFailed by causation id, as they commit: LISTEN on the store's channel plus a 100 ms poll. */
class OutcomeTracker {
  private client: PoolClient | null = null;
  private maxSeen = 0;
  private readonly seen = new Set<string>();
  private scanning: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  unknown = 0;

  constructor(
    private readonly t: TestContext,
    private readonly byId: Map<string, MessageRecord>,
    private readonly say: (l: string) => void,
  ) {}

  async start(): Promise<void> {
    const client: PoolClient = await this.t.pool.connect();
    this.client = client;
    client.on('notification', () => this.scan());
    await client.query(`listen "${this.t.schema}_events"`);
    this.timer = setInterval(() => this.scan(), 100);
    this.timer.unref();
  }

  private scan(): void {
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scanOnce()
      .catch((err: Error) => void this.say(`outcome scan failed: ${err.message}`))
      .finally(() => {
        this.scanning = null;
        if (this.again) {
          this.again = false;
          this.scan();
        }
      });
  }

  private async scanOnce(): Promise<void> {
    // Positions are taken at insert and may commit out of order: re-read a window behind the highest seen.
    const res = await this.client!.query<{ gp: string; type: MessageRecord['type']; cause: string; version: string | null }>(
      `select global_position::text as gp, type, metadata->>'causationId' as cause, data->>'modelVersion' as version
         from "${this.t.schema}".events where global_position > $1 and type in ('MessageParsed', 'ParseFailed') order by global_position`,
      [Math.max(0, this.maxSeen - 1000)],
    );
    const at = performance.now();
    for (const row of res.rows) {
      if (this.seen.has(row.gp)) continue;
      this.seen.add(row.gp);
      this.maxSeen = Math.max(this.maxSeen, Number(row.gp));
      const m = this.byId.get(row.cause);
      if (!m) {
        this.unknown++;
        continue;
      }
      if (m.outcomes++ === 0) Object.assign(m, { seenAt: at, type: row.type, version: row.version });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
    this.client?.release();
  }
}

export async function setZones(t: TestContext, chats: number): Promise<void> {
  const ids = Array.from({ length: chats }, (_, i) => 1_000_000 + i);
  for (let i = 0; i < ids.length; i += 10) {
    await Promise.all(
      ids.slice(i, i + 10).map((c) => t.store.append(`chat-${c}`, [{ type: 'ChatSettingsChanged', data: { chatId: c, timezone: zoneOf(c) } }])),
    );
  }
}

export async function workerLoad(o: { t: TestContext; rate: number; chats: number; seed: number; say: (l: string) => void }) {
  const r = seededRandom(o.seed);
  const byId = new Map<string, MessageRecord>();
  const tracker = new OutcomeTracker(o.t, byId, o.say);
  await tracker.start();
  const inflight = new Set<Promise<void>>();
  let update = 1;
  const one = async (scheduledAt: number) => {
    const chatId = 1_000_000 + Math.floor(r() * o.chats);
    const text = TEXTS[Math.floor(r() * TEXTS.length)]!;
    const id = newEventId();
    const u = update++;
    const m: MessageRecord = {
      id,
      chatId,
      scheduledAt,
      appendStart: performance.now(),
      appendEnd: 0,
      appendError: null,
      seenAt: null,
      type: null,
      version: null,
      outcomes: 0,
    };
    byId.set(id, m);
    try {
      await o.t.store.append(`chat-${chatId}`, [{ id, type: 'MessageReceived', data: { chatId, updateId: u, messageId: u, text, sentAt: SENT_AT } }], {
        idempotencyKey: `tg:${u}`,
      });
    } catch (err) {
      m.appendError = (err as Error).message;
    }
    m.appendEnd = performance.now();
  };
  const loop = openLoop(o.rate, (_i, at) => {
    const p = one(at).finally(() => inflight.delete(p));
    inflight.add(p);
  });
  const records = () => [...byId.values()];
  return {
    records,
    get unknownOutcomes() {
      return tracker.unknown;
    },
    /** Stops appending, waits up to `drainMs` for the last outcomes, stops the tracker. */
    async stop(drainMs: number) {
      await loop.stop();
      await Promise.all(inflight);
      const deadline = performance.now() + drainMs;
      while (performance.now() < deadline && records().some((m) => m.outcomes === 0 && !m.appendError)) await sleep(50);
      await tracker.stop();
      return records();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Memory of the service process

export interface RssSample {
  at: number;
  rssMB: number;
  hwmMB: number;
}

function statusMB(pid: number): { rss: number; hwm: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** VmRSS and VmHWM of `pid` every `everyMs`: the node process itself (runTs starts node, not the tsx CLI). */
export function sampleRss(pid: number, everyMs: number) {
  const samples: RssSample[] = [];
  const take = () => {
    const s = statusMB(pid);
    if (s) samples.push({ at: performance.now(), rssMB: Math.round(s.rss * 10) / 10, hwmMB: Math.round(s.hwm * 10) / 10 });
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    between: (from: number, to: number) => samples.filter((x) => x.at >= from && x.at < to),
    stop: () => clearInterval(timer),
  };
}
