import { describe, expect, it } from 'vitest';
import { buildTimeline, duration, eventSummary, formatTimeline, localTime, timelineJson, type TimelineEvent } from './replay-timeline-format';

let pos = 0;
const ev = (type: string, data: unknown, at: string, id: string, cause: string | null = null, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id,
  type,
  schemaVersion: 1,
  streamId: 'chat-42',
  streamPosition: ++pos,
  globalPosition: 100 + pos,
  occurredAt: at,
  recordedAt: at,
  metadata: { correlationId: 'c1', causationId: cause },
  data,
  error: null,
  ...extra,
});

/** A conversation: zone set, a message, its parse and decision, the due firing and delivery, buttons, a question, failures. */
const events: TimelineEvent[] = [
  ev('ChatSettingsChanged', { chatId: 42, timezone: 'Europe/Berlin', lang: 'ru' }, '2026-11-23T08:59:00.000Z', 's1'),
  ev(
    'MessageReceived',
    { chatId: 42, updateId: 1, messageId: 1, text: 'напомни зафтра в 9 позвонить маме', edited: false, sentAt: '2026-11-23T09:00:00Z' },
    '2026-11-23T09:00:00.000Z',
    'm1',
  ),
  ev(
    'MessageParsed',
    {
      chatId: 42,
      intent: 'create',
      slots: [],
      due: '2026-11-24T09:00:00+01:00',
      rrule: null,
      text: 'позвонить маме',
      confidence: { intent: 0.97, slots: 0.884 },
      modelVersion: '2026-11-23.1',
      parser: 'model',
      latencyMs: 12.34,
      corrections: [{ from: 'зафтра', to: 'завтра' }],
      lang: 'ru',
    },
    '2026-11-23T09:00:00.050Z',
    'p1',
    'm1',
  ),
  ev(
    'ReminderScheduled',
    { chatId: 42, reminderId: 'r1', text: 'позвонить маме', due: '2026-11-24T08:00:00Z', rrule: null, timezone: 'Europe/Berlin' },
    '2026-11-23T09:00:00.080Z',
    'd1',
    'p1',
  ),
  ev(
    'ReminderDue',
    { chatId: 42, reminderId: 'r1', occurrence: 0, due: '2026-11-24T08:00:00Z', firedAt: '2026-11-24T08:00:00.400Z' },
    '2026-11-24T08:00:00.400Z',
    'f1',
    'd1',
  ),
  ev('ReminderDelivered', { chatId: 42, reminderId: 'r1', occurrence: 0, latenessMs: 1250, messageId: 77 }, '2026-11-24T08:00:01.250Z', 'l1', 'f1'),
  ev('CallbackReceived', { chatId: 42, updateId: 2, callbackQueryId: 'q', messageId: 77, data: 's:1h:r1:0' }, '2026-11-24T08:01:00Z', 'b1'),
  ev(
    'ReminderRescheduled',
    { chatId: 42, reminderId: 'r1', due: '2026-11-24T09:01:00Z', reason: 'snooze', occurrence: 1 },
    '2026-11-24T08:01:00.030Z',
    'd2',
    'b1',
  ),
  ev('CallbackReceived', { chatId: 42, updateId: 3, callbackQueryId: 'q2', data: 'zz:nope' }, '2026-11-24T08:02:00Z', 'b2'),
  ev(
    'ClarificationRequested',
    {
      chatId: 42,
      question: 'which one?',
      options: [],
      kind: 'cancel',
      candidates: [{ reminderId: 'r1', text: 'позвонить маме', due: '2026-11-24T09:01:00Z' }],
    },
    '2026-11-24T08:03:00Z',
    'q1',
  ),
  ev(
    'ReminderDeliveryFailed',
    { chatId: 42, reminderId: 'r1', occurrence: 1, error: '403 Forbidden: bot was blocked', permanent: true },
    '2026-11-24T09:01:01Z',
    'x1',
  ),
  ev('FeedbackGiven', { chatId: 42, reminderId: 'r1', kind: 'wrong-time' }, '2026-11-24T09:02:00Z', 'fb'),
  ev('ReminderCancelled', { chatId: 42, reminderId: 'r1', reason: 'user' }, '2026-11-24T09:03:00Z', 'k1'),
  ev('MessageParsed', { weird: true }, '2026-11-24T09:04:00Z', 'e1', null, {
    schemaVersion: 7,
    error: 'unknown version 7 of event type "MessageParsed" (this build knows 1..1)',
  }),
  ev('ChatSettingsChanged', { chatId: 42, timezone: 'Asia/Tokyo' }, '2026-11-24T09:05:00Z', 's2'),
  ev('ReminderCompleted', { chatId: 42, reminderId: 'r1', scope: 'reminder' }, '2026-11-24T09:06:00Z', 'c9'),
];

describe('timeline formatter', () => {
  const entries = buildTimeline(events, { defaultTimezone: 'Europe/Moscow' });

  it('prints one line per event in the chat zone, follow-ups indented under their cause', () => {
    expect(formatTimeline(entries, { color: false })).toEqual([
      '── 2026-11-23 Mon (Europe/Berlin) ──',
      '09:59:00  ⚙️ settings · zone Europe/Berlin · lang ru',
      '10:00:00  💬 "напомни зафтра в 9 позвонить маме"',
      '10:00:00  └─ 🧠 create · due 2026-11-24 09:00 Tue · text "позвонить маме" · confidence intent 0.97 slots 0.88 · model 2026-11-23.1 · 12.3 ms · corrected зафтра→завтра',
      '10:00:00     └─ ⏰ scheduled · r1 "позвонить маме" · due 2026-11-24 09:00 Tue',
      '── 2026-11-24 Tue (Europe/Berlin) ──',
      '09:00:00        └─ 🔔 due fired · r1 "позвонить маме" · occurrence #0 · due 2026-11-24 09:00 Tue · late 400 ms',
      '09:00:01           └─ ✅ delivered · r1 "позвонить маме" · occurrence #0 · late 1.3 s · message 77',
      '09:01:00  🔘 💤 snooze 1h #0 · r1 "позвонить маме" · s:1h:r1:0',
      '09:01:00  └─ ⏰ rescheduled (snooze) · r1 "позвонить маме" · due 2026-11-24 09:00 Tue → 2026-11-24 10:01 Tue · occurrence #1',
      '09:02:00  🔘 unreadable button · "zz:nope" · unknown callback verb "zz"',
      '09:03:00  ❓ cancel · "which one?" · candidates r1 "позвонить маме" 2026-11-24 10:01 Tue',
      '10:01:01  ❌ delivery failed (permanent) · r1 "позвонить маме" · occurrence #1 · "403 Forbidden: bot was blocked"',
      '10:02:00  📝 feedback wrong-time · r1 "позвонить маме"',
      '10:03:00  ⏰ cancelled · r1 "позвонить маме" due 2026-11-24 10:01 Tue · reason user',
      '10:04:00  ⚠️ MessageParsed v7 not readable: unknown version 7 of event type "MessageParsed" (this build knows 1..1)',
      '── 2026-11-24 Tue (Asia/Tokyo) ──',
      '18:05:00  ⚙️ settings · zone Asia/Tokyo',
      '18:06:00  ⏰ completed · r1 "позвонить маме" due 2026-11-24 18:01 Tue',
    ]);
  });

  it('colours with ANSI only when asked', () => {
    const plain = formatTimeline(entries, { color: false });
    expect(plain.join('\n')).not.toContain('\u001b[');
    const coloured = formatTimeline(entries, { color: true });
    expect(coloured.slice(0, 3)).toEqual([
      '\u001b[1m── 2026-11-23 Mon (Europe/Berlin) ──\u001b[22m',
      '\u001b[2m09:59:00\u001b[22m  ⚙️ \u001b[34msettings\u001b[39m\u001b[2m · \u001b[22m\u001b[2mzone \u001b[22m\u001b[1mEurope/Berlin\u001b[22m\u001b[2m · \u001b[22m\u001b[2mlang \u001b[22m\u001b[1mru\u001b[22m',
      '\u001b[2m10:00:00\u001b[22m  💬 \u001b[36m"напомни зафтра в 9 позвонить маме"\u001b[39m',
    ]);
    // Without the escape sequences the coloured lines are the plain ones.
    expect(coloured.map((l) => l.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), ''))).toEqual(plain);
  });

  it('gives stable JSON per event, the unreadable one with its error', () => {
    const json = entries.map(timelineJson);
    expect(json.map((j) => [j.type, j.depth, j.kind])).toEqual([
      ['ChatSettingsChanged', 0, 'settings'],
      ['MessageReceived', 0, 'message'],
      ['MessageParsed', 1, 'parse'],
      ['ReminderScheduled', 2, 'decision'],
      ['ReminderDue', 3, 'due'],
      ['ReminderDelivered', 4, 'delivered'],
      ['CallbackReceived', 0, 'button'],
      ['ReminderRescheduled', 1, 'decision'],
      ['CallbackReceived', 0, 'button'],
      ['ClarificationRequested', 0, 'clarification'],
      ['ReminderDeliveryFailed', 0, 'delivery-failed'],
      ['FeedbackGiven', 0, 'feedback'],
      ['ReminderCancelled', 0, 'decision'],
      ['MessageParsed', 0, 'error'],
      ['ChatSettingsChanged', 0, 'settings'],
      ['ReminderCompleted', 0, 'decision'],
    ]);
    expect(Object.keys(json[2]!)).toEqual([
      'globalPosition',
      'streamId',
      'streamPosition',
      'id',
      'type',
      'schemaVersion',
      'occurredAt',
      'recordedAt',
      'correlationId',
      'causationId',
      'depth',
      'timezone',
      'kind',
      'summary',
      'data',
      'error',
    ]);
    expect(json[2]).toMatchObject({
      causationId: 'm1',
      timezone: 'Europe/Berlin',
      error: null,
      summary: expect.stringContaining('create · due 2026-11-24 09:00 Tue'),
    });
    expect(json[13]).toMatchObject({ schemaVersion: 7, data: { weird: true }, error: expect.stringContaining('unknown version 7') });
    expect(json[15]).toMatchObject({ timezone: 'Asia/Tokyo' });
  });

  it('starts from DEFAULT_TIMEZONE and caps drawn indentation', () => {
    const chain = Array.from({ length: 10 }, (_, i) =>
      ev(
        'ReminderRescheduled',
        { chatId: 1, reminderId: 'r', due: '2026-03-29T07:00:00Z', reason: 'next-occurrence' },
        '2026-03-29T00:30:00Z',
        `n${i}`,
        i ? `n${i - 1}` : null,
      ),
    );
    const es = buildTimeline(chain, { defaultTimezone: 'Europe/Moscow' });
    expect(es.map((e) => e.depth)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const lines = formatTimeline(es, { color: false });
    expect(lines[0]).toBe('── 2026-03-29 Sun (Europe/Moscow) ──');
    expect(lines[10]).toBe(lines[8]); // depths 7 and 9 are both drawn at the cap (6)
    expect(lines[10]!.indexOf('└─')).toBe(lines[7]!.indexOf('└─'));
  });

  it('formats times, durations and lone summaries', () => {
    expect(localTime('2026-03-29T01:30:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:30 Sun');
    expect(localTime('2026-03-29T01:30:05Z', 'Europe/Berlin')).toBe('2026-03-29 03:30:05 Sun');
    expect([350, 1250, 60_000, 185_000, 7_800_000, -2000].map(duration)).toEqual(['350 ms', '1.3 s', '1 min', '3 min 5 s', '2 h 10 min', '-2 s']);
    expect(eventSummary(events[1]!)).toBe('💬 "напомни зафтра в 9 позвонить маме"');
    expect(eventSummary(events[13]!)).toMatch(/^not readable: unknown version 7/);
    expect(eventSummary(ev('SomethingNew', { a: 1 }, '2026-01-01T00:00:00Z', 'z'))).toBe('• SomethingNew {"a":1}');
  });
});
