import amqp, { type ChannelModel, type ConsumeMessage } from 'amqplib';
import { TEST_AMQP_URL, trackQueues } from './context';
import { declareExchange, H } from '../bus/topology';

export interface Observed {
  id: string;
  type: string;
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  transactionId: string;
  msg: ConsumeMessage;
}

/** Records everything the relay publishes, through a durable queue bound to the whole exchange. */
export async function observeExchange(prefix: string, queue = `${prefix}observer`): Promise<{ seen: Observed[]; close(): Promise<void> }> {
  const conn: ChannelModel = await amqp.connect(TEST_AMQP_URL);
  const ch = await conn.createChannel();
  await declareExchange(ch, prefix);
  await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  trackQueues(prefix, queue);
  await ch.bindQueue(queue, `${prefix}events`, '#');
  const seen: Observed[] = [];
  await ch.consume(
    queue,
    (m) => {
      if (!m) return;
      const h = m.properties.headers ?? {};
      seen.push({
        id: String(m.properties.messageId),
        type: String(m.properties.type),
        streamId: String(h[H.streamId]),
        streamPosition: Number(h[H.streamPosition]),
        globalPosition: Number(h[H.globalPosition]),
        transactionId: String(h[H.transactionId]),
        msg: m,
      });
    },
    { noAck: true },
  );
  return { seen, close: () => conn.close().catch(() => undefined) };
}
