import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStream, newEventId } from '@napominalka/domain';
import { createTestContext, type TestContext } from '../testing/context';
import type { ReplayIo } from './replay-cli';
import { main as timeline } from './replay-timeline';
import { main as events } from './replay-events';

/** `pnpm replay timeline` and `pnpm replay events` against a conversation in a real Postgres schema. */
let t: TestContext;
const ids = { message: newEventId(), parse: newEventId(), scheduled: newEventId(), due: newEventId(), delivered: newEventId() };
let between: Date;

beforeAll(async () => {
  t = await createTestContext();
  const s = chatStream(7);
  const meta = (causationId: string | null) => ({ correlationId: ids.message, causationId });
  await t.store.append(s, [{ type: 'ChatSettingsChanged', data: { chatId: 7, timezone: 'Asia/Tokyo' }, occurredAt: new Date('2026-11-23T00:59:00Z') }]);
  await t.store.append(s, [
    {
      id: ids.message,
      type: 'MessageReceived',
      data: { chatId: 7, updateId: 1, messageId: 1, text: 'remind me in 1 hour to check the oven', sentAt: '2026-11-23T01:00:00Z' },
      occurredAt: new Date('2026-11-23T01:00:00Z'),
      metadata: meta(null),
    },
  ]);
  await t.store.append(s, [
    {
      id: ids.parse,
      type: 'MessageParsed',
      occurredAt: new Date('2026-11-23T01:00:00.040Z'),
      metadata: meta(ids.message),
      data: {
        chatId: 7,
        intent: 'create',
        slots: [],
        due: '2026-11-23T11:00:00+09:00',
        rrule: null,
        text: 'check the oven',
        confidence: { intent: 0.99, slots: 0.9 },
        modelVersion: 'm1',
        parser: 'model',
        latencyMs: 3.2,
        corrections: [],
        lang: 'en',
      },
    },
  ]);
  await t.store.append(s, [
    {
      id: ids.scheduled,
      type: 'ReminderScheduled',
      occurredAt: new Date('2026-11-23T01:00:00.060Z'),
      metadata: meta(ids.parse),
      data: { chatId: 7, reminderId: 'r1', text: 'check the oven', due: '2026-11-23T02:00:00Z', rrule: null, timezone: 'Asia/Tokyo' },
    },
  ]);
  await new Promise((r) => setTimeout(r, 20));
  between = new Date();
  await new Promise((r) => setTimeout(r, 20));
  await t.store.append(s, [
    {
      id: ids.due,
      type: 'ReminderDue',
      occurredAt: new Date('2026-11-23T02:00:00.300Z'),
      metadata: meta(ids.scheduled),
      data: { chatId: 7, reminderId: 'r1', occurrence: 0, due: '2026-11-23T02:00:00Z', firedAt: '2026-11-23T02:00:00.300Z' },
    },
  ]);
  // An event of a version this build does not know (written by a newer build).
  await t.pool.query(
    `insert into "${t.schema}".events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at) values ($1, $2, 6, 'ReminderDue', 9, '{"future":true}', $3, '2026-11-23T02:00:00.400Z')`,
    [newEventId(), s, JSON.stringify(meta(ids.scheduled))],
  );
  await t.store.append(s, [
    {
      id: ids.delivered,
      type: 'ReminderDelivered',
      occurredAt: new Date('2026-11-23T02:00:01Z'),
      metadata: meta(ids.due),
      data: { chatId: 7, reminderId: 'r1', occurrence: 0, latenessMs: 1000, messageId: 5 },
    },
  ]);
  await t.store.append(chatStream(8), [
    {
      type: 'MessageReceived',
      data: { chatId: 8, updateId: 2, messageId: 1, text: 'hi', sentAt: '2026-11-23T03:00:00Z' },
      occurredAt: new Date('2026-11-23T03:00:00Z'),
    },
  ]);
});
afterAll(async () => {
  await t?.cleanup();
});

function io(extraEnv: Record<string, string> = {}, isTTY = false): ReplayIo & { lines: string[]; errs: string[] } {
  const lines: string[] = [];
  const errs: string[] = [];
  return {
    lines,
    errs,
    out: (l) => lines.push(...l.split('\n')),
    err: (l) => errs.push(l),
    env: { ...t.env, DEFAULT_TIMEZONE: 'Europe/Moscow', ...extraEnv },
    isTTY,
  };
}

describe('replay timeline', () => {
  it('holds message → parse → decision → due → delivery in order, indented by causation, and reports what it cannot read', async () => {
    const o = io();
    expect(await timeline(['--chat', '7', '--json'], o)).toBe(0);
    const rows = o.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.type, r.depth, r.kind])).toEqual([
      ['ChatSettingsChanged', 0, 'settings'],
      ['MessageReceived', 0, 'message'],
      ['MessageParsed', 1, 'parse'],
      ['ReminderScheduled', 2, 'decision'],
      ['ReminderDue', 3, 'due'],
      ['ReminderDue', 3, 'error'],
      ['ReminderDelivered', 4, 'delivered'],
    ]);
    expect(rows.map((r) => r.streamPosition)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[4]).toMatchObject({ id: ids.due, causationId: ids.scheduled, timezone: 'Asia/Tokyo', error: null });
    expect(rows[5]).toMatchObject({ schemaVersion: 9, error: expect.stringContaining('unknown version 9'), data: { future: true } });
    expect(rows[2]!.summary).toBe('create · due 2026-11-23 11:00 Mon · text "check the oven" · confidence intent 0.99 slots 0.90 · model m1 · 3.2 ms');
  });

  it('prints readable lines, coloured only on a terminal without NO_COLOR unless told', async () => {
    const plain = io();
    expect(await timeline(['--chat', '7'], plain)).toBe(0);
    expect(plain.lines[0]).toBe('chat-7: 7 event(s), positions 1–7, 1 unreadable');
    expect(plain.lines).toContain('10:00:00  💬 "remind me in 1 hour to check the oven"');
    expect(plain.lines).toContain('11:00:01           └─ ✅ delivered · r1 "check the oven" · occurrence #0 · late 1 s · message 5');
    expect(plain.lines.join('\n')).not.toContain('\u001b[');
    const tty = io({}, true);
    await timeline(['--chat', '7'], tty);
    expect(tty.lines.join('\n')).toContain('\u001b[');
    const noColor = io({ NO_COLOR: '1' }, true);
    await timeline(['--chat', '7'], noColor);
    expect(noColor.lines.join('\n')).not.toContain('\u001b[');
    const forced = io({ NO_COLOR: '1' });
    await timeline(['--chat', '7', '--no-color', '--color'], forced);
    expect(forced.lines.join('\n')).toContain('\u001b[');
  });

  it('filters by --since and --limit', async () => {
    const o = io();
    expect(await timeline(['--chat', '7', '--json', '--since', '2026-11-23T02:00:00Z'], o)).toBe(0);
    expect(o.lines.map((l) => JSON.parse(l).type)).toEqual(['ReminderDue', 'ReminderDue', 'ReminderDelivered']);
    // The cause is before the window: the line is not indented under anything.
    expect(JSON.parse(o.lines[0]!).depth).toBe(0);
    const l = io();
    expect(await timeline(['--chat', '7', '--json', '--limit', '2'], l)).toBe(0);
    expect(l.lines).toHaveLength(2);
    expect(l.errs.join('\n')).toMatch(/first 2 event\(s\); more follow/);
  });

  it('fails clearly: no such chat (1), bad usage (2)', async () => {
    const none = io();
    expect(await timeline(['--chat', '999'], none)).toBe(1);
    expect(none.errs[0]).toMatch(/no events in stream chat-999/);
    for (const argv of [[], ['--chat', 'abc'], ['--chat', '7', '--since', 'yesterday'], ['--chat', '7', '--limit', '0'], ['--chat', '7', '--bogus']]) {
      const o = io();
      expect(await timeline(argv, o)).toBe(2);
      expect(o.errs.join('\n')).toMatch(/--help/);
    }
    const badSchema = io({ PG_SCHEMA: 'no_such_schema' });
    expect(await timeline(['--chat', '7'], badSchema)).toBe(1);
    expect(badSchema.errs[0]).toMatch(/has no event store/);
  });
});

describe('replay events', () => {
  const list = async (argv: string[]) => {
    const o = io();
    const code = await events([...argv, '--json'], o);
    return { code, rows: o.lines.map((l) => JSON.parse(l) as Record<string, unknown>), errs: o.errs };
  };

  it('lists everything in global position order, with a summary and the unreadable one reported', async () => {
    const { code, rows } = await list([]);
    expect(code).toBe(0);
    expect(rows).toHaveLength(8);
    const positions = rows.map((r) => r.globalPosition as number);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(rows.find((r) => r.schemaVersion === 9)).toMatchObject({ error: expect.stringContaining('unknown version 9') });
    expect(rows[0]).toMatchObject({ type: 'ChatSettingsChanged', streamId: 'chat-7', summary: '⚙️ settings · zone Asia/Tokyo', error: null });
  });

  it('combines type, stream and recorded-time filters', async () => {
    expect((await list(['--type', 'MessageReceived'])).rows.map((r) => r.streamId)).toEqual(['chat-7', 'chat-8']);
    expect((await list(['--type', 'MessageReceived', '--stream', 'chat-8'])).rows.map((r) => r.streamId)).toEqual(['chat-8']);
    expect((await list(['--type', 'ReminderDue,ReminderDelivered', '--type', 'MessageParsed'])).rows.map((r) => r.type)).toEqual([
      'MessageParsed',
      'ReminderDue',
      'ReminderDue',
      'ReminderDelivered',
    ]);
    expect((await list(['--from', between.toISOString()])).rows.map((r) => r.type)).toEqual([
      'ReminderDue',
      'ReminderDue',
      'ReminderDelivered',
      'MessageReceived',
    ]);
    expect((await list(['--to', between.toISOString(), '--stream', 'chat-7'])).rows.map((r) => r.type)).toEqual([
      'ChatSettingsChanged',
      'MessageReceived',
      'MessageParsed',
      'ReminderScheduled',
    ]);
    expect((await list(['--from', between.toISOString(), '--type', 'MessageReceived', '--stream', 'chat-7'])).rows).toEqual([]);
    expect((await list(['--stream', 'chat-nope'])).rows).toEqual([]);
  });

  it('pages with --limit and --after', async () => {
    const all = (await list([])).rows.map((r) => r.globalPosition as number);
    const first = await list(['--limit', '3']);
    expect(first.rows.map((r) => r.globalPosition)).toEqual(all.slice(0, 3));
    expect(first.errs.join('\n')).toContain(`--after ${all[2]}`);
    const next = await list(['--limit', '3', '--after', String(all[2])]);
    expect(next.rows.map((r) => r.globalPosition)).toEqual(all.slice(3, 6));
  });

  it('prints an aligned table, and refuses bad filters', async () => {
    const o = io();
    expect(await events(['--stream', 'chat-8'], o)).toBe(0);
    expect(o.lines[0]).toMatch(/^POSITION +RECORDED AT \(UTC\) +STREAM@POS +TYPE +SUMMARY$/);
    expect(o.lines[1]).toMatch(/^\d+ +\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} +chat-8@1 +MessageReceived +💬 "hi"$/);
    const warn = io();
    expect(await events(['--type', 'NoSuchType'], warn)).toBe(0);
    expect(warn.errs[0]).toMatch(/not an event type this build knows/);
    for (const argv of [
      ['--from', 'x'],
      ['--from', '2026-02-01', '--to', '2026-01-01'],
      ['--type', ','],
      ['--limit', '-1'],
      ['--after', 'x'],
    ]) {
      const b = io();
      expect(await events(argv, b)).toBe(2);
    }
  });
});

describe('pnpm replay', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/replay.ts'), ...args], {
      cwd: root,
      env: { ...process.env, ...t.env, NO_COLOR: '' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('dispatches to the subcommands as a user runs them', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const s of ['timeline', 'events', 'reparse', 'rebuild', 'verify']) expect(help.stdout).toContain(`  ${s} `);
    const tl = await run(['timeline', '--chat', '7']);
    expect(tl).toMatchObject({ code: 0 });
    expect(tl.stdout).toContain('💬 "remind me in 1 hour to check the oven"');
    expect(tl.stdout).not.toContain('\u001b['); // not a terminal
    expect((await run(['timeline', '--help'])).stdout).toMatch(/^Usage: pnpm replay timeline/);
    expect((await run(['events', '--stream', 'chat-8', '--json'])).stdout).toContain('"type":"MessageReceived"');
    expect(await run(['nope'])).toMatchObject({ code: 2 });
    expect(await run([])).toMatchObject({ code: 2 });
  });
});
