import type { ClickHouse } from '@napominalka/core/clickhouse';
import { chTime } from '../../shared/ch-time';
import type { RawEvent, ReminderHistory } from './derive';

/** Events of a reminder that can make it a label, and the outcome events that bring it into a day. */
const REMINDER_TYPES = ['ReminderScheduled', 'ReminderRescheduled', 'ReminderDelivered', 'ReminderCompleted', 'ReminderCancelled', 'FeedbackGiven'];
/** The events that bring a reminder into a day's labels (and whose arrival re-runs the day). */
export const OUTCOME_TYPES = ['ReminderRescheduled', 'ReminderCompleted', 'ReminderCancelled', 'FeedbackGiven'];

interface Row {
  id: string;
  type: string;
  occurred_at: string;
  causation_id: string;
  reminder_id: string;
  global_position: string;
  data: string;
}

const COLUMNS = 'toString(id) AS id, type, occurred_at, causation_id, reminder_id, toString(global_position) AS global_position, data';

function toEvent(r: Row): RawEvent {
  return {
    id: r.id,
    type: r.type,
    occurredAt: new Date(`${r.occurred_at.replace(' ', 'T')}Z`),
    causationId: r.causation_id,
    position: Number(r.global_position),
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

/** events_raw may hold a duplicate until a merge: one event per id, in store order. */
function unique(rows: readonly Row[]): RawEvent[] {
  const byId = new Map<string, RawEvent>();
  for (const r of rows) if (!byId.has(r.id)) byId.set(r.id, toEvent(r));
  return [...byId.values()].sort((a, b) => a.position - b.position);
}

async function byIds(ch: ClickHouse, type: string, ids: readonly string[]): Promise<Map<string, RawEvent>> {
  if (ids.length === 0) return new Map();
  const rows = await ch.query<Row>(`SELECT ${COLUMNS} FROM ${ch.table('events_raw')} WHERE type = {type:String} AND toString(id) IN {ids:Array(String)}`, {
    type,
    ids: [...new Set(ids)],
  });
  return new Map(unique(rows).map((e) => [e.id, e]));
}

/**
 * The whole history of every reminder that had an outcome (feedback, an edit, ✅, a cancel) in
 * [from, to), with the parses and messages it refers to: the reminder's own parse (its id is the
 * reminder id), and the parses of corrections and edits with their messages. Three reads by key.
 */
export async function reminderHistories(ch: ClickHouse, w: { start: Date; end: Date }): Promise<ReminderHistory[]> {
  const rows = await ch.query<Row>(
    `SELECT ${COLUMNS} FROM ${ch.table('events_raw')}
     WHERE type IN {types:Array(String)} AND reminder_id IN (
       SELECT DISTINCT reminder_id FROM ${ch.table('events_raw')}
       WHERE type IN {outcomes:Array(String)} AND reminder_id != ''
         AND occurred_at >= {from:DateTime64(3, 'UTC')} AND occurred_at < {to:DateTime64(3, 'UTC')})
       AND occurred_at < {to:DateTime64(3, 'UTC')}`,
    { types: REMINDER_TYPES, outcomes: OUTCOME_TYPES, from: chTime(w.start), to: chTime(w.end) },
  );
  const reminderOf = new Map(rows.map((r) => [r.id, r.reminder_id]));
  const byReminder = new Map<string, RawEvent[]>();
  for (const e of unique(rows)) {
    const id = reminderOf.get(e.id)!;
    const list = byReminder.get(id);
    if (list) list.push(e);
    else byReminder.set(id, [e]);
  }
  const parseIds = [
    ...byReminder.keys(),
    ...[...byReminder.values()]
      .flat()
      .map((e) => e.causationId)
      .filter((c) => c !== ''),
  ];
  const parses = await byIds(ch, 'MessageParsed', parseIds);
  const messages = await byIds(
    ch,
    'MessageReceived',
    [...parses.values()].map((p) => p.causationId),
  );
  return [...byReminder.entries()].map(([reminderId, events]) => ({
    reminderId,
    events,
    parse: (id) => parses.get(id),
    message: (id) => messages.get(id),
  }));
}
