import { TEST_DATABASE_URL } from '../../../core/src/testing/context';
import { EventStore } from '../../../core/src/store/event-store';
import { catalog } from '@napominalka/domain';
import { migrate } from '../../../core/src/store/migrations';
import { PROJECTION_MIGRATIONS } from '../../../projector/src/pg/tables';
import { SCHEDULER_MIGRATIONS } from '../../../projector/src/scheduler/scheduler';
import { fmt, fmtInt, progress, progressBar } from '../common/progress';
import { Services } from '../common/services';
import { percentile, round } from '../common/stats';
import { TARGETS } from './args';
import { summarise, type Section } from './section';

/** scheduler: reminders falling due together, two scheduler processes; ReminderDue lateness. */

/** ReminderDue appends alone, one per chat stream as the scheduler makes them: the write ceiling. */
async function appendCeiling(store: EventStore, n: number): Promise<number> {
  const t0 = performance.now();
  const at = new Date().toISOString();
  const writers = 4;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < n; i += writers) {
        const key = `ceiling:${i}`;
        await store.append(
          `chat-ceiling-${i % 1000}`,
          [{ type: 'ReminderDue', data: { chatId: i % 1000, reminderId: key, occurrence: 0, due: at, firedAt: at } }],
          { idempotencyKey: key },
        );
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

export const schedulerSection: Section = {
  name: 'scheduler',
  async run(ctx) {
    const s = ctx.settings;
    const schema = 'bench_scheduler';
    const { pool } = ctx;
    await pool.query(`drop schema if exists "${schema}" cascade`);
    const store = new EventStore(pool, catalog, schema);
    await store.migrate();
    await migrate(pool, schema, PROJECTION_MIGRATIONS);
    await migrate(pool, schema, SCHEDULER_MIGRATIONS);
    progress(`ceiling: ${fmtInt(Math.min(s.reminders, 5000))} ReminderDue appends by 4 writers`);
    const ceiling = await appendCeiling(store, Math.min(s.reminders, 5000));
    progress(`ceiling: ${fmtInt(ceiling)} appends/s; demand ${fmtInt(s.reminders / s.windowSec)}/s`);
    // The pending reminders as the read model holds them, due evenly over the window.
    const chats = Math.min(20_000, s.reminders);
    const start = Date.now() + 8_000; // time for the scheduler processes to start
    const step = (s.windowSec * 1000) / s.reminders;
    for (let off = 0; off < s.reminders; off += 10_000) {
      const ids: string[] = [];
      const chatIds: number[] = [];
      const dues: Date[] = [];
      for (let i = off; i < Math.min(s.reminders, off + 10_000); i++) {
        ids.push(`bench-${i}`);
        chatIds.push(i % chats);
        dues.push(new Date(start + Math.floor(i * step)));
      }
      await pool.query(
        `insert into "${schema}".reminders (id, chat_id, text, status, due, rrule, timezone, occurrence, fired_occurrence, source_event_id, created_at, updated_at)
         select id, chat, 'bench reminder', 'pending', due, null, 'Europe/Moscow', 0, null, null, now(), now() from unnest($1::text[], $2::bigint[], $3::timestamptz[]) as u(id, chat, due)`,
        [ids, chatIds, dues],
      );
    }
    await pool.query(`analyze "${schema}".reminders`);
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: schema,
      PROJECTOR_COMPONENTS: 'scheduler',
      LOG_LEVEL: 'warn',
      HTTP_PORT: '0',
      AMQP_PREFIX: 'bench_scheduler.',
    };
    const services = new Services();
    const schedulers = Array.from({ length: s.schedulers }, (_, i) => `scheduler ${i + 1}`);
    for (const name of schedulers) services.start({ name, entry: 'projector/src/main.ts', env, echoStderr: true });
    const dueCount = async () =>
      Number(
        (await pool.query<{ n: string }>(`select count(*) as n from "${schema}".events where type = 'ReminderDue' and stream_id not like 'chat-ceiling-%'`))
          .rows[0]!.n,
      );
    try {
      const bar = progressBar('scheduler');
      const deadline = start + s.windowSec * 1000 + 60_000;
      let fired = 0;
      while (fired < s.reminders && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        fired = await dueCount();
        const dueSoFar = Math.max(0, Math.min(s.reminders, Math.floor((Date.now() - start) / step)));
        bar(fired, s.reminders, fired / Math.max(1, (Date.now() - start) / 1000));
        if (dueSoFar - fired > s.reminders / 10) progress(`scheduler: ${fmtInt(dueSoFar - fired)} due and not fired yet`);
      }
    } finally {
      await Promise.all(schedulers.map((name) => services.stop(name)));
    }
    const rows = (
      await pool.query<{ late_fired: number; late_recorded: number; n: string }>(
        `select extract(epoch from ((data->>'firedAt')::timestamptz - (data->>'due')::timestamptz)) * 1000 as late_fired,
                extract(epoch from (recorded_at - (data->>'due')::timestamptz)) * 1000 as late_recorded
         from "${schema}".events where type = 'ReminderDue' and stream_id not like 'chat-ceiling-%'`,
      )
    ).rows;
    const keys = Number(
      (
        await pool.query<{ n: string }>(
          `select count(distinct data->>'reminderId') as n from "${schema}".events where type = 'ReminderDue' and stream_id not like 'chat-ceiling-%'`,
        )
      ).rows[0]!.n,
    );
    const late = summarise(rows.map((r) => Number(r.late_recorded)));
    const lateFired = summarise(rows.map((r) => Number(r.late_fired)));
    const p99 = percentile(
      [...rows.map((r) => Number(r.late_recorded))].sort((a, b) => a - b),
      99,
    );
    const complete = rows.length === s.reminders && keys === s.reminders;
    const pass = complete && p99 <= TARGETS.lateP99Ms;
    await pool.query(`drop schema if exists "${schema}" cascade`);
    progress(`scheduler: ${fmtInt(rows.length)} fired (${fmtInt(keys)} distinct), lateness p50 ${late.p50} ms, p99 ${round(p99, 1)} ms, max ${late.max} ms`);
    return {
      rows: [
        {
          measure: `ReminderDue lateness (recorded − due), ${fmtInt(s.reminders)} reminders due within ${fmtInt(s.windowSec)} s, ${s.schedulers} scheduler processes`,
          result: `p50 ${fmt(late.p50, 0)} · p99 ${fmt(p99, 0)} · max ${fmt(late.max, 0)} ms`,
          target: `p99 ≤ ${fmtInt(TARGETS.lateP99Ms)} ms`,
          ceiling: `ReminderDue appends alone ${fmtInt(ceiling)}/s (demand ${fmtInt(s.reminders / s.windowSec)}/s)`,
          pass,
        },
        {
          measure: 'Fired exactly once (events · distinct reminders)',
          result: `${fmtInt(rows.length)} · ${fmtInt(keys)}`,
          target: fmtInt(s.reminders),
          ceiling: '',
          pass: complete,
        },
      ],
      notes: [
        `Scheduler: pending reminders written straight into the read model of schema ${schema}, due evenly from 8 s after setup; SCHEDULER_POLL_MS 100, batch 500; lateness by the scheduler's clock (firedAt − due) p50 ${fmt(lateFired.p50, 0)} · p95 ${fmt(lateFired.p95, 0)} ms.`,
      ],
      json: {
        reminders: s.reminders,
        windowSec: s.windowSec,
        schedulers: s.schedulers,
        fired: rows.length,
        distinct: keys,
        lateRecordedMs: { ...late, p99: round(p99, 1) },
        lateFiredMs: lateFired,
        ceilingAppendsPerSec: round(ceiling, 0),
        pass,
      },
    };
  },
};
