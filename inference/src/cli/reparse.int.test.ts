import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, handlerContext, type EventEnvelope } from '@napominalka/core';
import { createTestContext, type TestContext } from '@napominalka/core/testing';
import { ModelHolder } from '../model/model-holder';
import { MODELS_DIR, readRegistry } from '../model/registry';
import { ParsePipeline } from '../parse/pipeline';
import { parseWorker } from '../worker/parse-worker';
import { main as reparse, type ReparseIo } from './reparse';

/** `pnpm replay reparse` over parses the real worker recorded in a real Postgres schema. */
let t: TestContext;
let scratch: string;
const current = readRegistry().current;
let updateId = 0;

async function say(chatId: number, text: string, sentAt: string): Promise<EventEnvelope> {
  const s = chatStream(chatId);
  const r = await t.store.append(s, [
    { type: 'MessageReceived', data: { chatId, updateId: ++updateId, messageId: updateId, text, sentAt }, occurredAt: new Date(sentAt) },
  ]);
  return (await t.store.readStream(s, { from: r.firstStreamPosition, to: r.firstStreamPosition }))[0]!;
}

/** The worker's own handler, in a transaction as its consumer runs it. */
let work: (e: EventEnvelope) => Promise<void>;

beforeAll(async () => {
  t = await createTestContext();
  const holder = await ModelHolder.load(current);
  const pipeline = new ParsePipeline({ model: () => holder.current, threshold: 0.6 });
  const handler = parseWorker({ parser: () => pipeline, defaultTimezone: 'Europe/Moscow' });
  work = async (e) => {
    const tx = await t.pool.connect();
    try {
      await tx.query('begin');
      await handler([e], handlerContext(t.store, tx, t.log));
      await tx.query('commit');
    } finally {
      tx.release();
    }
  };
  await t.store.append(chatStream(1), [{ type: 'ChatSettingsChanged', data: { chatId: 1, timezone: 'Europe/Berlin', lang: 'ru' } }]);
  for (const [chat, text, at] of [
    [1, 'напомни зафтра в 9 позвонить маме', '2026-03-12T08:15:00+01:00'],
    [1, 'каждый понедельник в 10 отчёт', '2026-03-12T09:00:00+01:00'],
    [2, 'remind me in 45 minutes to check the oven', '2026-03-12T10:15:00Z'],
    [2, 'что у меня на завтра', '2026-03-12T11:00:00Z'],
    [3, 'напомни в 9 вечера полить цветы', '2026-03-12T12:00:00Z'],
  ] as const) {
    await work(await say(chat, text, at));
  }
  // Chat 3 moves to Tokyo after its message: the message was parsed, and must be reparsed, in Moscow time.
  await t.store.append(chatStream(3), [{ type: 'ChatSettingsChanged', data: { chatId: 3, timezone: 'Asia/Tokyo' } }]);

  scratch = mkdtempSync(path.join(tmpdir(), 'reparse-models-'));
  cpSync(path.join(MODELS_DIR, current), path.join(scratch, current), { recursive: true });
  cpSync(path.join(MODELS_DIR, current), path.join(scratch, 'incompatible'), { recursive: true });
  const cardPath = path.join(scratch, 'incompatible', 'card.json');
  const card = JSON.parse(readFileSync(cardPath, 'utf8'));
  writeFileSync(cardPath, JSON.stringify({ ...card, version: 'incompatible', featurisation: { ...card.featurisation, version: 999 } }));
  writeFileSync(path.join(scratch, 'registry.json'), JSON.stringify({ current, versions: [current, 'incompatible'] }));
});
afterAll(async () => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  await t?.cleanup();
});

function io(): ReparseIo & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return { lines, errs, out: (l) => lines.push(...l.split('\n')), err: (l) => errs.push(l), env: { ...t.env, DEFAULT_TIMEZONE: 'Europe/Moscow' } };
}

async function run(argv: string[]) {
  const o = io();
  const code = await reparse([...argv, '--json'], o);
  const rows = o.lines.map((l) => JSON.parse(l) as Record<string, unknown> & { kind: string });
  return { code, changes: rows.filter((r) => r.kind === 'change'), summary: rows.find((r) => r.kind === 'summary') as Record<string, unknown>, errs: o.errs };
}

describe('replay reparse', () => {
  it('reports no change for parses the shipped model made itself (zone and language as of each message)', async () => {
    const r = await run(['--model', current]);
    expect(r.code).toBe(0);
    expect(r.changes).toEqual([]);
    expect(r.summary).toMatchObject({
      model: current,
      read: 5,
      compared: 5,
      changed: 0,
      byField: { intent: 0, due: 0, rrule: 0, text: 0, outcome: 0 },
      withoutRecordedParse: 0,
      recordedByModel: { [current]: 5 },
    });
  });

  it('reports the fields of a recorded parse that the model would change, a recorded failure, and a message never parsed', async () => {
    const m = await say(4, 'напомни завтра в 9 позвонить маме', '2026-03-12T10:15:00+03:00');
    await t.store.append(m.streamId, [
      {
        type: 'MessageParsed',
        metadata: { causationId: m.id, correlationId: m.metadata.correlationId },
        data: {
          chatId: 4,
          intent: 'create',
          slots: [],
          due: '2026-03-13T10:00:00+03:00',
          rrule: null,
          text: 'позвонить папе',
          confidence: { intent: 0.9, slots: 0.9 },
          modelVersion: 'old-1',
          parser: 'model',
          latencyMs: 5,
          corrections: [],
          lang: 'ru',
        },
      },
    ]);
    const f = await say(4, 'remind me tomorrow at 8 to water plants', '2026-03-12T10:20:00+03:00');
    await t.store.append(f.streamId, [
      { type: 'ParseFailed', metadata: { causationId: f.id }, data: { chatId: 4, reason: 'onnx session crashed', modelVersion: 'old-1' } },
    ]);
    await say(4, 'never parsed', '2026-03-12T10:25:00+03:00');

    const r = await run(['--model', current, '--chat', '4']);
    expect(r.code).toBe(0);
    expect(r.summary).toMatchObject({
      read: 3,
      compared: 2,
      changed: 2,
      byField: { intent: 0, due: 1, rrule: 0, text: 1, outcome: 1 },
      withoutRecordedParse: 1,
      recordedByModel: { 'old-1': 2 },
    });
    expect(r.changes[0]).toMatchObject({
      messageEventId: m.id,
      streamId: 'chat-4',
      text: 'напомни завтра в 9 позвонить маме',
      timezone: 'Europe/Moscow',
      recordedModelVersion: 'old-1',
    });
    expect(r.changes[0]!.changes).toEqual([
      { field: 'due', recorded: '2026-03-13T10:00:00+03:00', new: expect.stringMatching(/^2026-03-13T09:00:00/) },
      { field: 'text', recorded: 'позвонить папе', new: 'позвонить маме' },
    ]);
    expect(r.changes[1]!.changes).toEqual([{ field: 'outcome', recorded: 'failed: onnx session crashed', new: 'parsed create' }]);

    // The whole store: the worker's own parses still agree.
    expect((await run(['--model', current])).summary).toMatchObject({ read: 8, compared: 7, changed: 2 });

    // As text: a diff table and the summary.
    const o = io();
    expect(await reparse(['--model', current, '--chat', '4'], o)).toBe(0);
    const text = o.lines.join('\n');
    expect(o.lines[0]).toMatch(/^POS +STREAM +MESSAGE +FIELD +RECORDED +NEW$/);
    expect(text).toMatch(/chat-4 +"напомни завтра в 9 позвонить маме" +due +2026-03-13T10:00:00\+03:00 +→ +2026-03-13T09:00:00/);
    expect(text).toMatch(/\n +text +позвонить папе +→ +позвонить маме/);
    expect(text).toContain(`reparse with model ${current}: 3 message(s) read, 2 compared, 2 would change (100.0%)`);
    expect(text).toContain('changed by field: intent 0 · due 1 · rrule 0 · text 1 · outcome 1');
    expect(text).toContain('nothing was written');
  });

  it('filters by --since and --limit, and writes nothing', async () => {
    const before = await t.store.headPosition();
    expect((await run(['--model', current, '--since', '2026-03-12T10:00:00Z'])).summary).toMatchObject({ read: 3 });
    expect((await run(['--model', current, '--limit', '2'])).summary).toMatchObject({ read: 2 });
    expect(await t.store.headPosition()).toBe(before);
  });

  it('refuses an unknown or incompatible model version and bad usage', async () => {
    const unknown = await run(['--model', 'no-such-version']);
    expect(unknown.code).toBe(1);
    expect(unknown.errs[0]).toMatch(new RegExp(`unknown model version "no-such-version" \\(the registry has: ${current.replaceAll('.', '\\.')}`));
    const bad = await run(['--model', 'incompatible', '--models-dir', scratch]);
    expect(bad.code).toBe(1);
    expect(bad.errs[0]).toMatch(/model incompatible is not compatible with this build: .*featurisation v999/);
    expect((await run(['--model', current, '--models-dir', scratch])).summary).toMatchObject({ compared: 7 });
    for (const argv of [[], ['--model', current, '--chat', 'x'], ['--model', current, '--since', 'soon'], ['--model', current, '--nope']]) {
      expect((await run(argv)).code).toBe(2);
    }
  });
});
