/**
 * A seeded history for the dashboards' test, made the way the ETL's own tests make theirs: a
 * month of production-like parses (etl/src/testing/parse-history.ts) written into events_raw (the
 * marts fill through their materialized views), a few events that history has none of (snoozes,
 * failed deliveries, settings, a promotion, operator alerts), then the ETL's parse_quality and
 * drift_report assets materialized through the framework — and the ETL's own history (runs,
 * materializations, checks, in the event store) projected into events_raw by the projector's
 * writer, as the ClickHouse projection does in production.
 */
import { START } from '../../core/src/index';
import { insertEventsRaw, type SeedEvent } from '../../core/src/clickhouse/testing';
import { driftReportAsset } from '../../etl/src/assets/drift-report/asset';
import { parseQualityAsset } from '../../etl/src/assets/parse-quality/asset';
import { buildGraph, daily, executeRuns, requestRun } from '../../etl/src/framework';
import { createEtlWorld, type EtlWorld } from '../../etl/src/testing/etl-world';
import { parseHistory, type DriftShift, type HistoryEvent } from '../../etl/src/testing/parse-history';
import { writeEvents } from '../../projector/src/clickhouse/events-raw';

/** 28 reference days, then the days the ETL materializes; the last one drifts. */
export const FIRST_DAY = '2026-10-01';
export const ETL_DAYS = ['2026-10-29', '2026-10-30', '2026-10-31'] as const;
const DAYS = 31;
/** Above the event store's positions, so the projected ETL events never share one. */
const SEED_POSITION = 1_000_000;

const dayOf = (i: number) => new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);

function history(): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const shift: DriftShift = { lengthFactor: 1.3, confidenceDelta: -0.1, intentOther: 0.1, langEn: 0.15, newVocabulary: 0.2 };
  for (let i = 0; i < DAYS; i++) {
    const last = i === DAYS - 1;
    const messages = i >= DAYS - ETL_DAYS.length ? 900 : 300;
    // Two model versions: m2 takes over for the last days.
    const model = i >= DAYS - 2 ? 'm2' : 'm1';
    for (const s of parseHistory({ seed: 500 + i, day: dayOf(i), messages, chats: 200, model, ...(last ? { shift } : {}) })) out.push(...s);
  }
  return out;
}

/** What the generator never writes, at fixed times of the materialized days. */
function extras(events: readonly HistoryEvent[]): SeedEvent[] {
  const at = (day: string, hhmm: string) => `${day}T${hhmm}:00.000Z`;
  const scheduled = events.filter((e) => e.type === 'ReminderScheduled' && e.occurredAt.startsWith(ETL_DAYS[1])).slice(0, 40);
  const out: SeedEvent[] = scheduled.flatMap((e, i): SeedEvent[] => {
    const { chatId, reminderId } = e.data as { chatId: number; reminderId: string };
    const later = new Date(Date.parse(e.occurredAt) + 3_600_000).toISOString();
    if (i % 4 === 0)
      return [{ type: 'ReminderDeliveryFailed', occurredAt: later, data: { chatId, reminderId, occurrence: 0, error: 'blocked', permanent: true } }];
    if (i % 4 === 1) return [{ type: 'ReminderCompleted', occurredAt: later, data: { chatId, reminderId, scope: 'reminder' } }];
    return [{ type: 'ReminderRescheduled', occurredAt: later, data: { chatId, reminderId, due: later, reason: 'snooze', occurrence: 1 } }];
  });
  out.push(
    { type: 'ChatSettingsChanged', occurredAt: at(ETL_DAYS[0], '08:00'), data: { chatId: 7, timezone: 'Asia/Tokyo', lang: 'en' } },
    {
      type: 'ModelPromoted',
      occurredAt: at(ETL_DAYS[1], '00:30'),
      streamId: 'models',
      data: { version: 'm2', previous: 'm1', metrics: { intent_accuracy: 0.97 }, actor: 'etl:test', reason: 'better', note: 'beats m1' },
    },
    ...(['consumer-lag', 'messages-parked', 'drift-detected'] as const).map((alert, i) => ({
      type: 'AdminAlertRaised',
      occurredAt: at(ETL_DAYS[2], `1${i}:00`),
      streamId: 'alerts',
      data: { alert, severity: 'warning', title: alert, text: 'seeded' },
    })),
  );
  return out;
}

export interface SeededWorld {
  world: EtlWorld;
  /** The range the dashboards are queried for: the whole history and the ETL's runs (now). */
  from: Date;
  to: Date;
}

export async function seedHistory(): Promise<SeededWorld> {
  const world = await createEtlWorld({ ETL_DRIFT_REFERENCE: 'previous-28-days' });
  const { tch, history: etl, resources, ctx } = world;
  const events = history();
  let pos = SEED_POSITION;
  for (let i = 0; i < events.length; i += 20_000) pos = await insertEventsRaw(tch.ch, events.slice(i, i + 20_000), pos);
  await insertEventsRaw(tch.ch, extras(events), pos);

  const partitions = daily({ start: FIRST_DAY, timezone: 'UTC' });
  const graph = buildGraph({ assets: [parseQualityAsset(partitions), driftReportAsset(partitions)] });
  for (const day of ETL_DAYS) {
    const { runId } = await etl.transaction((w) =>
      requestRun(w, graph, { assets: ['parse_quality', 'drift_report'], partition: day, reason: 'manual', origin: 'test', key: day }, new Date()),
    );
    const [run] = await executeRuns({ history: etl, graph, resources, log: ctx.log }, [runId]);
    if (run?.failure) throw new Error(`ETL run of ${day} failed: ${run.failure.message}`);
  }
  const recorded = await ctx.store.readAll(START, 10_000);
  await writeEvents(tch.ch, recorded, { batchSize: 1000 });
  return { world, from: new Date(`${FIRST_DAY}T00:00:00Z`), to: new Date(Date.now() + 3_600_000) };
}
