import { trackQueues, TEST_AMQP_URL } from '../../../core/src/testing/context';
import { declareExchange, names } from '../../../core/src/bus/topology';
import { connectWithRetry } from '../../../core/src/bus/connect';
import { fmt, progress, sleep } from '../common/progress';
import { round } from '../common/stats';
import type { Bench } from './pipeline';
import { diagText, PhaseProbe } from './probe';

/** The raw RabbitMQ ceiling, measured from this process with the pipeline stopped. */
type ChannelModel = NonNullable<Awaited<ReturnType<typeof connectWithRetry>>>;

export async function ceilingAmqp(b: Bench, bodyBytes: number, headers: Record<string, unknown>) {
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
