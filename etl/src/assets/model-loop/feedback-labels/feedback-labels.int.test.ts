import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEventsRaw } from '@napominalka/core/clickhouse-testing';
import { buildGraph, daily, executeRuns, requestRun } from '../../../framework';
import { createEtlWorld, type EtlWorld } from '../../../testing/etl-world';
import { StoryWriter, type Parsed } from '../../../testing/feedback-history';
import { feedbackLabelsAsset } from './asset';
import { feedbackLabelSchema, type FeedbackLabel } from './label';

let world: EtlWorld;
const days = daily({ start: '2026-11-01', timezone: 'UTC' });
const graph = buildGraph({ assets: [feedbackLabelsAsset(days)] });
beforeAll(async () => {
  world = await createEtlWorld();
});
afterAll(async () => world?.cleanup());

const MSK = 'Europe/Moscow';
const parsed = (text: string, time: string, reminder: string, due: string): Parsed => {
  const at = (s: string) => text.indexOf(s);
  return {
    intent: 'create',
    due,
    rrule: null,
    text: reminder,
    lang: 'ru',
    slots: [
      { tag: 'TRIGGER', text: 'напомни', start: 0, end: 7 },
      { tag: 'TIME', text: time, start: at(time), end: at(time) + time.length },
      { tag: 'TEXT', text: reminder, start: at(reminder), end: at(reminder) + reminder.length },
    ],
  };
};

async function labelsOfDay(day: string, key: string): Promise<FeedbackLabel[]> {
  const { history, resources, ctx, tch } = world;
  const { runId } = await history.transaction((w) =>
    requestRun(w, graph, { assets: ['feedback_labels'], partition: day, reason: 'manual', origin: 'test', key }, new Date('2026-12-01T00:00:00Z')),
  );
  const [run] = await executeRuns({ history, graph, resources, log: ctx.log }, [runId]);
  expect(run!.failure).toBeNull();
  const rows = await tch.ch.query<{ label: string }>(`SELECT label FROM ${tch.ch.table('etl_feedback_labels')} WHERE day = {day:Date} ORDER BY id`, { day });
  return rows.map((r) => feedbackLabelSchema.parse(JSON.parse(r.label)));
}

describe('feedback_labels', () => {
  it('turns corrections, edits, ✅ and quick cancels of the day into corpus-format labels with provenance', async () => {
    const w = new StoryWriter('m1');
    const sentAt = new Date('2026-11-10T07:00:00Z'); // 10:00 in Moscow
    // ✏️ with a new time: the parse read "в 10" as TEXT; the user says "завтра в 10".
    const wrongTime = w.story({
      chatId: 1,
      text: 'напомни завтра позвонить маме в 10',
      sentAt,
      timezone: MSK,
      parsed: parsed('напомни завтра позвонить маме в 10', 'завтра', 'позвонить маме в 10', '2026-11-11T09:00:00+03:00'),
      outcome: {
        kind: 'correction',
        message: 'в 10',
        parsed: {
          intent: 'create',
          due: '2026-11-11T10:00:00+03:00',
          rrule: null,
          text: null,
          lang: 'ru',
          slots: [{ tag: 'TIME', text: 'в 10', start: 0, end: 4 }],
        },
        due: '2026-11-11T10:00:00+03:00',
        text: 'позвонить маме',
      },
    });
    const confirmed = w.story({
      chatId: 2,
      text: 'напомни через час купить хлеб',
      sentAt,
      timezone: MSK,
      parsed: parsed('напомни через час купить хлеб', 'через час', 'купить хлеб', '2026-11-10T08:00:00Z'),
      outcome: { kind: 'confirmed' },
    });
    const suspected = w.story({
      chatId: 3,
      text: 'напомни в 5 полить цветы',
      sentAt,
      timezone: MSK,
      parsed: parsed('напомни в 5 полить цветы', 'в 5', 'полить цветы', '2026-11-10T17:00:00+03:00'),
      outcome: { kind: 'quick-cancel' },
    });
    w.story({
      chatId: 4,
      text: 'напомни в 8 зарядка',
      sentAt,
      timezone: MSK,
      parsed: parsed('напомни в 8 зарядка', 'в 8', 'зарядка', '2026-11-10T20:00:00+03:00'),
      outcome: {
        kind: 'edit',
        message: 'напомни завтра в 8 зарядка',
        parsed: parsed('напомни завтра в 8 зарядка', 'завтра в 8', 'зарядка', '2026-11-11T08:00:00+03:00'),
      },
    });
    // A story of another day gives nothing for this one.
    w.story({
      chatId: 5,
      text: 'напомни через час купить хлеб',
      sentAt: new Date('2026-11-12T07:00:00Z'),
      timezone: MSK,
      parsed: parsed('напомни через час купить хлеб', 'через час', 'купить хлеб', '2026-11-12T08:00:00Z'),
      outcome: { kind: 'confirmed' },
    });
    await insertEventsRaw(world.tch.ch, w.events);

    const labels = await labelsOfDay('2026-11-10', 'a');
    expect(labels.map((l) => l.source).sort()).toEqual(['confirmed', 'correction', 'edit', 'suspected']);
    const c = labels.find((l) => l.source === 'correction')!;
    expect(c).toMatchObject({
      id: `correction:${wrongTime}`,
      text: 'напомни завтра позвонить маме в 10',
      tz: MSK,
      now: '2026-11-10T10:00:00+03:00',
      intent: 'create',
      due: '2026-11-11T10:00:00+03:00',
      reminder_text: 'позвонить маме',
      use: 'label',
      fix: { text: 'позвонить маме', time: ['в 10'] },
    });
    // Provenance: the message, its parse, the reminder, both feedbacks, the reschedule, the correction's parse.
    expect(c.event_ids).toHaveLength(7);
    expect(labels.find((l) => l.source === 'confirmed')).toMatchObject({
      id: `confirmed:${confirmed}`,
      due: '2026-11-10T11:00:00+03:00',
      reminder_text: 'купить хлеб',
      use: 'label',
    });
    expect(labels.find((l) => l.source === 'suspected')).toMatchObject({ id: `suspected:${suspected}`, use: 'suspected' });
    expect(labels.find((l) => l.source === 'edit')).toMatchObject({
      text: 'напомни завтра в 8 зарядка',
      due: '2026-11-11T08:00:00+03:00',
      reminder_text: 'зарядка',
    });

    // A re-run replaces the day: the same labels, never twice.
    expect((await labelsOfDay('2026-11-10', 'b')).map((l) => l.id)).toEqual(labels.map((l) => l.id));
    expect(await labelsOfDay('2026-11-11', 'c')).toEqual([]);
  });
});
