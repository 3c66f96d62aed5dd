import type { Channel, ChannelModel, ConfirmChannel, GetMessage, MessageProperties, Options } from 'amqplib';
import { H, names } from './topology';

/**
 * Operator tooling over a consumer's parked queue (`<prefix><consumer>.parked`), behind
 * `pnpm parked`. Reading never removes anything: messages are taken with `basic.get` (noAck=false)
 * and handed back by closing the channel without acknowledging them (a quorum queue counts each
 * return in `x-delivery-count`; the parked queue has no delivery limit, so nothing is lost).
 * A quorum queue (RabbitMQ 3.10) puts returned messages at its *tail*, so reading only the head
 * would rotate the queue: every read therefore takes the whole queue and returns all of it, which
 * leaves the order as it was. Memory and time grow with the queue, which is fine for a queue of
 * failures an operator looks at, not for millions of messages. Moving a message back to the consumer's queue
 * publishes a copy on a confirm channel and acknowledges the parked copy only after the broker's
 * confirm: a crash in between leaves a duplicate, which the consumer's checkpoint turns into a
 * no-op, never a loss.
 */

export interface ParkedMessage {
  /** 1-based position in the parked queue when it was read (stable while nothing is removed). */
  index: number;
  messageId: string | null;
  type: string | null;
  streamId: string | null;
  streamPosition: number | null;
  /** x-parked-reason ('retries-exhausted', 'poison'), or the broker's dead-letter reason ('delivery_limit'). */
  reason: string;
  /** True when the broker dead-lettered it (x-death), not the consumer. */
  deadLettered: boolean;
  /** Handler attempts made (x-attempt; 1 when absent). */
  attempts: number;
  /** ISO time it was parked (x-parked-at, or the x-death time). */
  parkedAt: string | null;
  lastError: string | null;
  /** Properties without headers, values made printable. */
  properties: Record<string, unknown>;
  /** Headers with AMQP typed values (timestamps, byte arrays) made printable. */
  headers: Record<string, unknown>;
  /** The body parsed as JSON, or the raw text when it is not JSON. */
  body: unknown;
}

/** Which parked messages an operation applies to. `id` matches every copy with that message id. */
export type ParkedSelector = { id: string } | { index: number } | { all: true };

export class ParkedError extends Error {
  override name = 'ParkedError';
}

export interface ParkedTarget {
  conn: ChannelModel;
  prefix: string;
  consumer: string;
}

/** Ready messages in the parked queue; throws ParkedError when the queue does not exist. */
export async function countParked({ conn, prefix, consumer }: ParkedTarget): Promise<number> {
  return checkQueue(conn, names(prefix).parked(consumer), `no parked queue for consumer "${consumer}"`);
}

/** The first `limit` parked messages, in queue order. Leaves the queue as it was. */
export async function listParked(target: ParkedTarget, opts: { limit?: number } = {}): Promise<ParkedMessage[]> {
  const limit = opts.limit ?? 100;
  return withChannel(target, async (ch, { queue }) => (await takeAll(ch, queue)).slice(0, limit).map((m, i) => describe(m, i + 1)));
}

/** The parked messages a selector picks (every copy for an id), in queue order. Leaves the queue as it was. */
export async function findParked(target: ParkedTarget, selector: ParkedSelector): Promise<ParkedMessage[]> {
  return withChannel(target, async (ch, { queue }) => select(await takeAll(ch, queue), selector).map((s) => describe(s.msg, s.index)));
}

export interface RequeueResult {
  /** Messages the selector matched (for `all`: the ready messages when the run started). */
  matched: number;
  /** Messages moved to the consumer's queue (0 on a dry run). */
  requeued: number;
}

/**
 * Moves parked messages back to the consumer's queue with a fresh attempt count: x-attempt = 1,
 * the parking and dead-letter headers removed, every other property and header kept. Each batch
 * is published with `mandatory` on a confirm channel and its parked copies are acked only after
 * the confirms, so a failure part-way leaves them parked (and possibly a harmless duplicate in
 * the consumer's queue). `all` moves at most the messages ready when it started, so messages the
 * consumer parks again meanwhile are not chased round in circles.
 */
export async function requeueParked(
  target: ParkedTarget,
  selector: ParkedSelector,
  opts: { dryRun?: boolean; batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RequeueResult> {
  const { conn, prefix, consumer } = target;
  const main = names(prefix).queue(consumer);
  const ready = await countParked(target);
  await checkQueue(conn, main, `the queue of consumer "${consumer}" does not exist (start the consumer once to declare it)`);
  const batchSize = Math.max(1, opts.batchSize ?? 100);
  if ('all' in selector && opts.dryRun) return { matched: ready, requeued: 0 };

  return withChannel(target, async (ch, { queue, returned, ack }) => {
    const move = async (batch: GetMessage[]) => {
      const returnsBefore = returned.count;
      for (const m of batch) ch.sendToQueue(main, m.content, requeueOptions(m.properties));
      await ch.waitForConfirms();
      // An unroutable message comes back (basic.return) before its confirm.
      if (returned.count > returnsBefore) {
        throw new ParkedError(`queue "${main}" refused ${returned.count - returnsBefore} message(s) as unroutable; the batch stays parked`);
      }
      for (const m of batch) ack(m);
    };
    let done = 0;
    try {
      if ('all' in selector) {
        while (done < ready) {
          const batch = await take(ch, queue, Math.min(batchSize, ready - done));
          if (batch.length === 0) break;
          await move(batch);
          done += batch.length;
          opts.onProgress?.(done, ready);
        }
        return { matched: ready, requeued: done };
      }
      const picked = select(await takeAll(ch, queue), selector).map((s) => s.msg);
      if (opts.dryRun) return { matched: picked.length, requeued: 0 };
      for (let i = 0; i < picked.length; i += batchSize) {
        const batch = picked.slice(i, i + batchSize);
        await move(batch);
        done += batch.length;
        opts.onProgress?.(done, picked.length);
      }
      return { matched: picked.length, requeued: done };
    } catch (err) {
      if (done === 0) throw err;
      throw new ParkedError(`${(err as Error).message} (${done} message(s) were requeued before the failure)`);
    }
  });
}

/** Deletes (acks) the parked messages a selector picks (every copy for an id); there is no "all". */
export async function deleteParked(target: ParkedTarget, selector: { id: string } | { index: number }): Promise<{ deleted: number }> {
  return withChannel(target, async (ch, { queue, ack }) => {
    const picked = select(await takeAll(ch, queue), selector).map((s) => s.msg);
    for (const m of picked) ack(m);
    return { deleted: picked.length };
  });
}

/** Headers for a message going back to its consumer: a fresh first attempt, no parking trail. */
export function requeueHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (DROPPED_ON_REQUEUE.has(k) || k.startsWith('x-parked-') || k.startsWith('x-first-death-')) continue;
    out[k] = v;
  }
  out[H.attempt] = 1;
  return out;
}

const DROPPED_ON_REQUEUE = new Set<string>([H.lastError, H.parkedReason, H.parkedAt, H.consumer, 'x-death', 'x-delivery-count']);

// ---------------------------------------------------------------------------------------------

async function checkQueue(conn: ChannelModel, queue: string, missing: string): Promise<number> {
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  try {
    return (await ch.checkQueue(queue)).messageCount;
  } catch (err) {
    if (/NOT_FOUND|404/.test((err as Error).message)) throw new ParkedError(`${missing}: queue "${queue}" not found`);
    throw err;
  } finally {
    await ch.close().catch(() => undefined);
  }
}

/**
 * Runs `fn` on a channel of its own and closes it: deliveries `fn` did not ack go back to the
 * queue. The queue takes such returns asynchronously, so wait (best effort, a few seconds) until
 * its ready count is back to what it was less what was acked, so the next command sees them.
 */
async function withChannel<T>(
  target: ParkedTarget,
  fn: (ch: ConfirmChannel, io: { queue: string; returned: { count: number }; ack(m: GetMessage): void }) => Promise<T>,
): Promise<T> {
  const queue = names(target.prefix).parked(target.consumer);
  const before = await countParked(target);
  const ch = await target.conn.createConfirmChannel();
  let channelError: Error | null = null;
  ch.on('error', (err: Error) => (channelError = err));
  const returned = { count: 0 };
  ch.on('return', () => returned.count++);
  let acked = 0;
  const ack = (m: GetMessage) => {
    ch.ack(m);
    acked++;
  };
  try {
    const result = await fn(ch, { queue, returned, ack });
    // Acks are asynchronous: a round trip on the channel makes sure the broker has them.
    if (acked > 0) await ch.checkQueue(queue);
    return result;
  } catch (err) {
    throw channelError ?? err;
  } finally {
    await ch.close().catch(() => undefined);
    await waitForCount(target, before - acked);
  }
}

async function waitForCount(target: ParkedTarget, atLeast: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = await countParked(target).catch(() => atLeast);
    if (now >= atLeast) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** basic.get with noAck=false until `limit` messages are held or the queue has no more ready. */
async function take(ch: Channel, queue: string, limit: number): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  while (out.length < limit) {
    const m = await ch.get(queue, { noAck: false });
    if (!m) break;
    out.push(m);
  }
  return out;
}

/** Holds every ready message: returning all of them keeps the queue's order (see the top). */
const takeAll = (ch: Channel, queue: string) => take(ch, queue, Number.POSITIVE_INFINITY);

function select(msgs: GetMessage[], s: ParkedSelector): Array<{ msg: GetMessage; index: number }> {
  const indexed = msgs.map((msg, i) => ({ msg, index: i + 1 }));
  if ('all' in s) return indexed;
  if ('index' in s) return indexed.filter((m) => m.index === s.index);
  return indexed.filter((m) => m.msg.properties.messageId === s.id);
}

function requeueOptions(p: MessageProperties): Options.Publish {
  const o: Options.Publish = { persistent: true, mandatory: true, headers: requeueHeaders(p.headers) };
  // Every other property travels unchanged; userId is left out, as the broker rejects a
  // user-id that is not the publishing connection's user.
  if (p.contentType !== undefined) o.contentType = p.contentType;
  if (p.contentEncoding !== undefined) o.contentEncoding = p.contentEncoding;
  if (p.priority !== undefined) o.priority = p.priority;
  if (p.correlationId !== undefined) o.correlationId = p.correlationId;
  if (p.replyTo !== undefined) o.replyTo = p.replyTo;
  if (p.expiration !== undefined) o.expiration = p.expiration;
  if (p.messageId !== undefined) o.messageId = p.messageId;
  if (p.timestamp !== undefined) o.timestamp = p.timestamp;
  if (p.type !== undefined) o.type = p.type;
  if (p.appId !== undefined) o.appId = p.appId;
  return o;
}

function describe(m: GetMessage, index: number): ParkedMessage {
  const raw = m.properties.headers ?? {};
  const headers = printable(raw) as Record<string, unknown>;
  const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as Array<Record<string, unknown>>) : [];
  const death = deaths[0];
  const text = m.content.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a poison message): show the text.
  }
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const { headers: _h, ...props } = m.properties;
  const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
  const num = (v: unknown): number | null => (v === undefined || v === null || Number.isNaN(Number(v)) ? null : Number(v));
  return {
    index,
    messageId: str(m.properties.messageId) ?? str(b.id),
    type: str(m.properties.type) ?? str(b.type),
    streamId: str(headers[H.streamId]) ?? str(b.streamId),
    streamPosition: num(headers[H.streamPosition]) ?? num(b.streamPosition),
    reason: str(headers[H.parkedReason]) ?? str(death?.reason) ?? str(headers['x-first-death-reason']) ?? 'unknown',
    deadLettered: death !== undefined,
    attempts: num(headers[H.attempt]) ?? 1,
    parkedAt: str(headers[H.parkedAt]) ?? str(death?.time),
    lastError: str(headers[H.lastError]),
    properties: Object.fromEntries(Object.entries(printable(props) as Record<string, unknown>).filter(([, v]) => v !== undefined)),
    headers,
    body,
  };
}

/** AMQP field values as plain JSON: timestamps → ISO strings, byte arrays → text, typed values unwrapped. */
function printable(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (Array.isArray(v)) return v.map(printable);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('!' in o && 'value' in o) return o['!'] === 'timestamp' ? new Date(Number(o.value) * 1000).toISOString() : printable(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, printable(x)]));
  }
  if (typeof v === 'bigint') return v.toString();
  return v;
}
