import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_AMQP_URL, createTestContext, eventually, trackQueues, type TestContext } from '../testing/context';
import { runTs } from '../testing/child';
import { H, declareConsumer, names, retryDelays, type ConsumerTopology } from './topology';
import { countParked, deleteParked, findParked, listParked, requeueHeaders, requeueParked, type ParkedTarget } from './parked';
import { main, type CliIo } from '../cli/parked';

const topo: ConsumerTopology = { name: 'proj', bindings: ['#'], maxAttempts: 2, retryBaseMs: 100, deliveryLimit: 3 };

let t: TestContext;
let conn: ChannelModel;
let ch: Channel;
let n: ReturnType<typeof names>;
let target: ParkedTarget;

beforeAll(async () => {
  t = await createTestContext();
  n = names(t.prefix);
  trackQueues(t.prefix, n.queue(topo.name), n.parked(topo.name), ...retryDelays(topo.maxAttempts, topo.retryBaseMs).map((d) => n.retry(topo.name, d)));
  conn = await amqp.connect(TEST_AMQP_URL);
  ch = await conn.createChannel();
  await declareConsumer(ch, t.prefix, topo);
  target = { conn, prefix: t.prefix, consumer: topo.name };
});
afterAll(async () => {
  await conn?.close().catch(() => undefined);
  await t?.cleanup();
});

/** An event as the relay publishes it: JSON envelope body, the relay's properties and headers. */
function relayed(streamId: string, streamPosition: number) {
  const id = randomUUID();
  const envelope = {
    id,
    type: 'MessageReceived',
    schemaVersion: 1,
    streamId,
    streamPosition,
    globalPosition: streamPosition,
    transactionId: '1000',
    occurredAt: '2026-11-23T10:00:00.000Z',
    recordedAt: '2026-11-23T10:00:00.000Z',
    metadata: { correlationId: `corr-${id}`, causationId: null },
    data: { chatId: 1, updateId: 1, messageId: 1, text: 'hello', sentAt: '2026-11-23T10:00:00Z' },
  };
  return {
    id,
    content: Buffer.from(JSON.stringify(envelope)),
    options: {
      persistent: true,
      contentType: 'application/json',
      messageId: id,
      type: envelope.type,
      correlationId: envelope.metadata.correlationId,
      timestamp: 1795000000,
      headers: {
        [H.streamId]: streamId,
        [H.streamPosition]: streamPosition,
        [H.globalPosition]: streamPosition,
        [H.transactionId]: envelope.transactionId,
        [H.schemaVersion]: 1,
        [H.correlationId]: envelope.metadata.correlationId,
      },
    },
  };
}

/** What consumer.ts `park()` does: a copy with the parking headers, into `<prefix><consumer>.parked`. */
async function park(m: ReturnType<typeof relayed>, reason: string, attempt: number, error: string): Promise<void> {
  ch.sendToQueue(n.parked(topo.name), m.content, {
    ...m.options,
    headers: {
      ...m.options.headers,
      [H.attempt]: attempt,
      [H.parkedReason]: reason,
      [H.lastError]: error,
      [H.parkedAt]: new Date().toISOString(),
      [H.consumer]: topo.name,
    },
  });
  await ch.checkQueue(n.parked(topo.name));
}

/** The broker's own path: a message that keeps coming back is dead-lettered at its delivery limit. */
async function crashUntilDeadLettered(m: ReturnType<typeof relayed>): Promise<void> {
  ch.sendToQueue(n.queue(topo.name), m.content, m.options);
  const parkedBefore = await countParked(target);
  for (let i = 0; i < 20 && (await countParked(target)) === parkedBefore; i++) {
    const got = await ch.get(n.queue(topo.name), { noAck: false });
    if (got) ch.nack(got, false, true);
    else await new Promise((r) => setTimeout(r, 50));
  }
  await eventually(async () => (await countParked(target)) === parkedBefore + 1, 10_000, 'message was not dead-lettered into the parked queue');
}

async function drain(queue: string): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  for (let m = await ch.get(queue, { noAck: true }); m; m = await ch.get(queue, { noAck: true })) out.push(m);
  return out;
}

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), env: t.env };
}

/** Runs the CLI as its own process; resolves once it exited and its output is all read. */
async function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = runTs('core/src/cli/parked.ts', t.env, args);
  const code = await new Promise<number | null>((r) => child.proc.once('close', (c) => r(c)));
  return { code, output: child.lines.join('\n') };
}

describe('parked queue tooling', () => {
  const a = relayed('chat-1', 3);
  const b = relayed('chat-2', 1);
  const c = relayed('chat-3', 7);

  beforeAll(async () => {
    await park(a, 'retries-exhausted', 2, 'boom: handler failed\nwith a second line');
    await park(b, 'poison', 1, 'unknown event type MessageReceived v9');
    await crashUntilDeadLettered(c);
    expect(await countParked(target)).toBe(3);
  });

  it('lists every parked message with its reason, and leaves the queue as it was', async () => {
    const listed = await listParked(target);
    expect(listed.map((m) => [m.index, m.messageId, m.reason, m.attempts])).toEqual([
      [1, a.id, 'retries-exhausted', 2],
      [2, b.id, 'poison', 1],
      [3, c.id, 'delivery_limit', 1],
    ]);
    expect(listed[0]).toMatchObject({
      type: 'MessageReceived',
      streamId: 'chat-1',
      streamPosition: 3,
      lastError: 'boom: handler failed\nwith a second line',
      deadLettered: false,
    });
    expect(listed[2]).toMatchObject({ streamId: 'chat-3', streamPosition: 7, lastError: null, deadLettered: true });
    expect(listed[2]!.parkedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await countParked(target)).toBe(3);
    // A limit reads only the head; nothing moves either way.
    expect((await listParked(target, { limit: 2 })).map((m) => m.messageId)).toEqual([a.id, b.id]);
    expect((await listParked(target)).map((m) => m.messageId)).toEqual([a.id, b.id, c.id]);
    expect(await countParked(target)).toBe(3);
  });

  it('prints the list as a table and as JSON', async () => {
    const io = captureIo();
    expect(await main(['list', '--consumer', topo.name], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(`${n.parked(topo.name)}: 3 parked`);
    expect(text).toMatch(
      new RegExp(`1\\s+${a.id}\\s+MessageReceived\\s+chat-1@3\\s+retries-exhausted\\s+2\\s+\\S+\\s+boom: handler failed with a second line`),
    );
    expect(text).toContain('delivery_limit');
    const json = captureIo();
    expect(await main(['list', '--consumer', topo.name, '--json', '--limit', '2'], json)).toBe(0);
    expect((JSON.parse(json.stdout.join('\n')) as Array<{ messageId: string }>).map((m) => m.messageId)).toEqual([a.id, b.id]);
    expect(await countParked(target)).toBe(3);
  });

  it('shows one message with every header and the pretty-printed body', async () => {
    const [m] = await findParked(target, { id: c.id });
    expect(m!.headers['x-death']).toEqual([expect.objectContaining({ reason: 'delivery_limit', queue: n.queue(topo.name) })]);
    const io = captureIo();
    expect(await main(['show', '--consumer', topo.name, '--id', a.id], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain(`message ${a.id}`);
    expect(text).toContain(`${H.parkedReason}: retries-exhausted`);
    expect(text).toContain(`${H.streamId}: chat-1`);
    expect(text).toContain(JSON.stringify(JSON.parse(a.content.toString()), null, 2));
    const json = captureIo();
    expect(await main(['show', '--consumer', topo.name, '--index', '2', '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout.join('\n'))).toMatchObject({ messageId: b.id, reason: 'poison', body: { id: b.id, streamId: 'chat-2' } });
    const missing = captureIo();
    expect(await main(['show', '--consumer', topo.name, '--id', 'nope'], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toContain('no parked message with id nope');
    expect(await countParked(target)).toBe(3);
  });

  it('requeue --dry-run moves nothing', async () => {
    expect(await requeueParked(target, { id: b.id }, { dryRun: true })).toEqual({ matched: 1, requeued: 0 });
    expect(await requeueParked(target, { all: true }, { dryRun: true })).toEqual({ matched: 3, requeued: 0 });
    const io = captureIo();
    expect(await main(['requeue', '--consumer', topo.name, '--all', '--dry-run'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('would requeue 3 message(s)');
    expect(await countParked(target)).toBe(3);
    expect((await ch.checkQueue(n.queue(topo.name))).messageCount).toBe(0);
  });

  it('requeue --id moves exactly that message back, with a fresh attempt count and no parking trail', async () => {
    const io = captureIo();
    expect(await main(['requeue', '--consumer', topo.name, '--id', b.id], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('requeued 1 message(s)');
    expect(await countParked(target)).toBe(2);
    expect((await listParked(target)).map((m) => m.messageId)).toEqual([a.id, c.id]);
    const moved = await drain(n.queue(topo.name));
    expect(moved).toHaveLength(1);
    const m = moved[0]!;
    expect(m.content.equals(b.content)).toBe(true);
    expect(m.properties).toMatchObject({
      messageId: b.id,
      type: 'MessageReceived',
      contentType: 'application/json',
      correlationId: b.options.correlationId,
      timestamp: b.options.timestamp,
      deliveryMode: 2,
    });
    const h = m.properties.headers!;
    expect(h[H.attempt]).toBe(1);
    expect(h).toMatchObject(b.options.headers);
    for (const k of [H.parkedReason, H.parkedAt, H.lastError, H.consumer, 'x-death', 'x-first-death-reason']) expect(h).not.toHaveProperty(k);
  });

  it('requeue --all moves the rest, dead-lettered ones included, reporting progress', async () => {
    const progress: string[] = [];
    const r = await requeueParked(target, { all: true }, { batchSize: 1, onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(r).toEqual({ matched: 2, requeued: 2 });
    expect(progress).toEqual(['1/2', '2/2']);
    expect(await countParked(target)).toBe(0);
    const moved = await drain(n.queue(topo.name));
    expect(moved.map((m) => m.properties.messageId)).toEqual([a.id, c.id]);
    for (const m of moved) {
      expect(m.properties.headers![H.attempt]).toBe(1);
      expect(
        Object.keys(m.properties.headers!).filter(
          (k) => k.startsWith('x-parked') || k.startsWith('x-death') || k.startsWith('x-first-death') || k === H.lastError,
        ),
      ).toEqual([]);
    }
  });

  it('purge refuses without --yes, deletes with it', async () => {
    const d = relayed('chat-4', 1);
    await park(d, 'poison', 1, 'not an event envelope');
    const refused = captureIo();
    expect(await main(['purge', '--consumer', topo.name, '--id', d.id], refused)).not.toBe(0);
    expect(refused.stderr.join('\n')).toContain('--yes');
    expect(await countParked(target)).toBe(1);
    expect(await deleteParked(target, { id: 'nope' })).toEqual({ deleted: 0 });
    expect(await countParked(target)).toBe(1);
    const io = captureIo();
    expect(await main(['purge', '--consumer', topo.name, '--id', d.id, '--yes'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain('deleted 1 message(s)');
    expect(await countParked(target)).toBe(0);
  });

  it('requeueHeaders keeps the event headers and drops the parking trail', () => {
    expect(
      requeueHeaders({
        [H.streamId]: 's',
        [H.attempt]: 5,
        [H.parkedReason]: 'poison',
        [H.parkedAt]: 'x',
        [H.lastError]: 'e',
        [H.consumer]: 'c',
        'x-death': [],
        'x-first-death-queue': 'q',
        'x-delivery-count': 4,
        traceparent: 'tp',
      }),
    ).toEqual({ [H.streamId]: 's', [H.attempt]: 1, traceparent: 'tp' });
  });

  it('fails clearly on a consumer without a parked queue and on bad usage', async () => {
    const unknown = captureIo();
    expect(await main(['list', '--consumer', 'nosuch'], unknown)).toBe(1);
    expect(unknown.stderr.join('\n')).toContain('no parked queue for consumer "nosuch"');
    const short = captureIo();
    expect(await main(['-h'], short)).toBe(0);
    expect(short.stdout.join('\n')).toContain('Usage: pnpm parked');
    const none = captureIo();
    expect(await main([], none)).toBe(2);
    expect(none.stderr.join('\n')).toContain('Usage: pnpm parked');
    const badFlag = captureIo();
    expect(await main(['list', '--consumer', topo.name, '--frob'], badFlag)).toBe(2);
    expect(badFlag.stderr.join('\n')).toContain("Unknown option '--frob'");
    const noConsumer = captureIo();
    expect(await main(['list'], noConsumer)).toBe(2);
    expect(noConsumer.stderr.join('\n')).toContain('needs --consumer');
    const noSelector = captureIo();
    expect(await main(['requeue', '--consumer', topo.name], noSelector)).toBe(2);
    expect(noSelector.stderr.join('\n')).toContain('exactly one of --id');
    const down = captureIo();
    expect(await main(['list', '--consumer', topo.name], { ...down, env: { ...t.env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' } })).toBe(1);
    expect(down.stderr.join('\n')).toMatch(/cannot connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/);
  });

  it('runs as a process: --help prints usage, a bad command exits non-zero', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('Usage: pnpm parked <command>');
    const bad = await runCli(['frobnicate', '--consumer', topo.name]);
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('unknown command "frobnicate"');
    const list = await runCli(['list', '--consumer', topo.name]);
    expect(list.code).toBe(0);
    expect(list.output).toContain(`${n.parked(topo.name)}: empty`);
  });
});
