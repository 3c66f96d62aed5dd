import { catalog, chatStateKind, chatStream, type NewEvent, type SnapshotKind } from '../../../core/src/index';
import { loadConfig } from '../../../core/src/config';
import { saveSnapshot } from '../../../core/src/store/snapshots/save-snapshot';
import { repliesStateKind } from '../../../bot/src/replies/replies-state';
import { progressBar } from '../common/progress';
import { dailyHistory } from '../common/chat-histories';
import { q, type Ctx } from './section';

/** The consumers that read chat streams: each one's checkpoint of a seeded chat is its end. */
const CHAT_CONSUMERS = ['inference', 'reminders', 'projector-pg', 'bot-notifier'];
/** Chats per insert statement. */
const CHUNK = 50;

/** The template history as insertable columns: validated against the catalog, as an append would. */
function columns(events: NewEvent[]) {
  return {
    types: events.map((e) => e.type),
    versions: events.map((e) => catalog[e.type as keyof typeof catalog].current),
    data: events.map((e) => JSON.stringify(catalog[e.type as keyof typeof catalog].schema.parse(e.data))),
  };
}

/**
 * Gives each chat `events` events of one daily reminder's life (dailyHistory), and the snapshots
 * the services keep of it, as history that was processed long ago: the events carry transaction id 1, below the relay's checkpoint, so the
 * relay never publishes them, and every chat consumer's checkpoint of the stream is its last
 * event, so no consumer reads them as skipped. That is the state of a chat after years of use;
 * pushing 3,000 events a chat through the pipeline would take hours. Then VACUUM (ANALYZE), as
 * autovacuum would over such growth. The template's chatId is replaced per chat in SQL.
 */
export async function seedHistories(ctx: Ctx, chatIds: readonly number[], events: number): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  const relay = await ctx.t.pool.query<{ below: boolean }>(`select transaction_id > '1'::xid8 as below from ${q(ctx.t)}.checkpoints where name = 'relay'`);
  if (!relay.rows[0]?.below) throw new Error('seeding histories: the relay has published nothing yet, so no checkpoint lies above the seeded events');
  const template = columns(dailyHistory(0, events));
  // About three events a day, as the history's own dates run.
  const occurred = template.types.map((_, i) => new Date(Date.UTC(2025, 0, 1) + i * 8 * 3_600_000).toISOString());
  const bar = progressBar('seeding histories');
  for (let i = 0; i < chatIds.length; i += CHUNK) {
    const chats = chatIds.slice(i, i + CHUNK);
    await ctx.t.pool.query(
      `with tpl as (select * from unnest($1::text[], $2::int[], $3::jsonb[], $4::timestamptz[]) with ordinality as t(type, version, data, occurred_at, pos)),
       chats as (select * from unnest($5::bigint[], $6::text[]) as c(chat_id, stream_id)),
       rows as (select gen_random_uuid() as id, c.chat_id, c.stream_id, t.* from chats c cross join tpl t),
       ins as (
         insert into ${q(ctx.t)}.events (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at, transaction_id)
         select r.id, r.stream_id, r.pos, r.type, r.version, jsonb_set(r.data, '{chatId}', to_jsonb(r.chat_id)),
           jsonb_build_object('correlationId', r.id, 'causationId', null), r.occurred_at, '1'::xid8
         from rows r order by r.chat_id, r.pos
         returning stream_id, stream_position, global_position)
       insert into ${q(ctx.t)}.consumer_streams (consumer, stream_id, stream_position, global_position)
       select k.consumer, i.stream_id, max(i.stream_position), max(i.global_position)
       from ins i cross join unnest($7::text[]) as k(consumer) group by k.consumer, i.stream_id`,
      [template.types, template.versions, template.data, occurred, chats, chats.map(chatStream), CHAT_CONSUMERS],
    );
    bar(Math.min(i + CHUNK, chatIds.length), chatIds.length, 0);
  }
  await seedSnapshots(ctx, chatIds);
  // What autovacuum would do over the years, done now: else its pass over the new rows (minutes
  // of a core) lands in the measured loads.
  for (const table of ['events', 'consumer_streams', 'stream_snapshots']) await ctx.t.pool.query(`vacuum (analyze) ${q(ctx.t)}.${table}`);
  // And the checkpoint the seed's gigabytes of WAL call for, now: else it writes them out during
  // the next load (its commits wait on WALSync), whichever kind of chat that load is for.
  await ctx.t.pool.query('checkpoint');
  return { rows: chatIds.length * events, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The snapshots such a chat has after years of use (the parse worker's and the conversation's
 * kinds, at the services' default zone): the first chat's stream folded by the real kinds once,
 * the same state written for every chat with its own chatId.
 */
async function seedSnapshots(ctx: Ctx, chatIds: readonly number[]): Promise<void> {
  const zone = loadConfig({}).DEFAULT_TIMEZONE;
  const kinds: Array<SnapshotKind<unknown>> = [chatStateKind(zone) as SnapshotKind<unknown>, repliesStateKind(zone) as SnapshotKind<unknown>];
  const first = chatIds[0]!;
  const events = await ctx.t.store.readStream(chatStream(first));
  for (const kind of kinds) {
    const state = JSON.stringify(events.reduce((st, e) => kind.evolve(st, e), kind.initial(chatStream(first))));
    const own = `"chatId":${first}`;
    if (!state.includes(own)) throw new Error(`seeding snapshots: the ${kind.name} state names no chatId`);
    const client = await ctx.t.pool.connect();
    try {
      await client.query('begin');
      for (const id of chatIds)
        await saveSnapshot(client, ctx.t.schema, kind, chatStream(id), events.length, JSON.parse(state.replaceAll(own, `"chatId":${id}`)));
      await client.query('commit');
    } finally {
      client.release();
    }
  }
}
