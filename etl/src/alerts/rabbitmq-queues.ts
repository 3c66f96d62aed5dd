import { z } from 'zod';

/** What the monitors read of RabbitMQ's management API (GET /api/queues). */
const queueSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  messages: z.number().int().default(0),
  messages_ready: z.number().int().default(0),
  messages_unacknowledged: z.number().int().default(0),
  consumers: z.number().int().default(0),
});
export type QueueStats = z.infer<typeof queueSchema>;

/**
 * Queue depths from the management API. Credentials come in the URL (RABBITMQ_MANAGEMENT_URL) and
 * are sent as Basic auth, never logged. Fails with a message naming the URL's host on any error.
 */
export async function listQueues(managementUrl: string, signal?: AbortSignal): Promise<QueueStats[]> {
  const u = new URL(managementUrl);
  const auth = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : undefined;
  const base = `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}`;
  const res = await fetch(`${base}/api/queues?columns=name,vhost,messages,messages_ready,messages_unacknowledged,consumers`, {
    headers: auth ? { authorization: auth } : {},
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`RabbitMQ management API at ${u.host} answered ${res.status}`);
  return z.array(queueSchema).parse(await res.json());
}

/** A consumer's own queue, its retry queues and its parked queue, told apart by the topology's names. */
export type QueueRole = { role: 'consumer'; consumer: string } | { role: 'parked'; consumer: string } | { role: 'retry' } | { role: 'other' };

/** Reads a queue name the topology made (`<prefix><consumer>`, `.retry.<ms>`, `.parked`) under the given prefix. */
export function queueRole(name: string, prefix: string): QueueRole {
  if (!name.startsWith(prefix)) return { role: 'other' };
  const rest = name.slice(prefix.length);
  if (rest.endsWith('.parked')) return { role: 'parked', consumer: rest.slice(0, -'.parked'.length) };
  if (rest.includes('.retry.')) return { role: 'retry' };
  if (rest === 'events' || rest.length === 0 || rest.includes('.')) return { role: 'other' };
  return { role: 'consumer', consumer: rest };
}
