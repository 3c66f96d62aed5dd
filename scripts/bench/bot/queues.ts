import { TEST_AMQP_URL } from '../../../core/src/testing/context';

/**
 * Deletes the queues of `prefix` the services declared on their own (the tracked ones are gone
 * with the test context); their names. The management API (enabled by scripts/services.sh) lists
 * them; without it nothing is deleted.
 */
export async function deleteLeftoverQueues(prefix: string): Promise<string[]> {
  const u = new URL(TEST_AMQP_URL);
  const auth = `Basic ${Buffer.from(`${decodeURIComponent(u.username || 'guest')}:${decodeURIComponent(u.password || 'guest')}`).toString('base64')}`;
  const base = `http://${u.hostname}:15672/api`;
  try {
    const res = await fetch(`${base}/queues?columns=name,vhost`, { headers: { authorization: auth }, signal: AbortSignal.timeout(5000) });
    if (!res.ok) return [];
    const queues = ((await res.json()) as Array<{ name: string; vhost: string }>).filter((x) => x.name.startsWith(prefix));
    for (const x of queues)
      await fetch(`${base}/queues/${encodeURIComponent(x.vhost)}/${encodeURIComponent(x.name)}`, { method: 'DELETE', headers: { authorization: auth } }).catch(
        () => undefined,
      );
    return queues.map((x) => x.name);
  } catch {
    return [];
  }
}
