import { describe, expect, it } from 'vitest';
import { encodeCallbackData } from '../callback-data';
import { commandFor } from '../command-for';
import type { DomainEvent } from '../events';
import { newId, type Input } from '../testing/decider-specification';
import { callback, CHAT, delivered, emptyChat, location, message, parsed, same, types, withReminder } from '../testing/fixtures';

const dataById = (evs: DomainEvent[]) => Object.fromEntries(evs.map((e) => [(e.data as { reminderId: string }).reminderId, e.data]));

describe('time zone', () => {
  it('zone change keeps wall-clock times: ChatSettingsChanged, then each pending reminder rescheduled', () => {
    const one = parsed('2026-03-12T07:00:00Z', { due: '2026-03-13T09:00:00+03:00', text: 'позвонить маме' });
    const weekly = parsed('2026-03-12T07:00:00Z', { due: '2026-03-16T10:00:00+03:00', text: 'отчёт', rrule: 'FREQ=WEEKLY;BYDAY=MO' });
    const soon = parsed('2026-03-12T07:00:00Z', { due: '2026-03-12T10:30:00+03:00', text: 'чайник' });
    // 10:10 in Moscow; moving east to Yekaterinburg (+05): 10:30 there is 08:30 MSK — already past.
    const moved = emptyChat()
      .after(one, weekly, soon)
      .when(parsed('2026-03-12T10:10:00+03:00', { intent: 'timezone', timezone: 'Asia/Yekaterinburg' }))
      .then((out) => {
        expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled', 'ReminderRescheduled', 'ReminderRescheduled']);
        expect(out[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Asia/Yekaterinburg' } });
        const byId = dataById(out.slice(1));
        expect(byId[one.id]).toMatchObject({ reason: 'timezone-change', due: '2026-03-13T09:00:00+05:00', timezone: 'Asia/Yekaterinburg', occurrence: 1 });
        expect(byId[weekly.id]).toMatchObject({ due: '2026-03-16T10:00:00+05:00' });
        same((byId[soon.id] as { due: string }).due, '2026-03-12T10:10:00+03:00');
      });
    expect(moved.reminder(weekly.id)).toMatchObject({ timezone: 'Asia/Yekaterinburg', anchor: '2026-03-16T10:00', wallTime: '10:00' });
    // The series runs in the new zone, across its DST-free weeks.
    expect(moved.after(delivered('2026-03-16T10:00:00+05:00', weekly.id, 1)).reminder(weekly.id).due).toBe('2026-03-23T10:00:00+05:00');
  });

  it('/tz and a tz button are settings commands too; an unknown zone is ignored', () => {
    emptyChat()
      .when(message('2026-03-12T07:00:00Z', '/tz Mars/Olympus'))
      .thenNothing()
      .when(message('2026-03-12T07:00:00Z', '/tz Europe/Berlin'))
      .then([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Europe/Berlin' } }])
      .when(callback('2026-03-12T07:00:00Z', encodeCallbackData({ action: 'timezone', timezone: 'Europe/Berlin' })))
      .thenNothing();
  });

  it('/tz with a city, an offset or a zone name in any case; an unknown city → no command', () => {
    const chat = emptyChat();
    const tz = (text: string) => commandFor(message('2026-03-12T07:00:00Z', text), chat.state);
    expect(tz('/tz Париж')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Paris' });
    expect(tz('/tz paris')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Paris' });
    expect(tz('/tz Москва')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Moscow' });
    expect(tz('/tz new york')).toMatchObject({ type: 'set-timezone', timezone: 'America/New_York' });
    expect(tz('/tz@napominalka_bot  Нью-Йорк ')).toMatchObject({ type: 'set-timezone', timezone: 'America/New_York' });
    expect(tz('/tz UTC+3')).toMatchObject({ type: 'set-timezone', timezone: 'Etc/GMT-3' });
    expect(tz('/tz +03:00')).toMatchObject({ type: 'set-timezone', timezone: 'Etc/GMT-3' });
    expect(tz('/tz europe/berlin')).toMatchObject({ type: 'set-timezone', timezone: 'Europe/Berlin' });
    expect(tz('/tz Атлантида')).toBeNull();
    expect(tz('/tz UTC+5:30')).toBeNull();
    expect(tz('/tz')).toBeNull();
    chat.when(message('2026-03-12T07:00:00Z', '/tz Владивосток')).then([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Asia/Vladivostok' } }]);
  });

  it('a shared location sets the zone there and moves the reminders; no point, or a live location moving on → nothing', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const berlin = chat.when(location('2026-03-12T07:01:00Z', 52.52, 13.405)).then((out) => {
      expect(types(out)).toEqual(['ChatSettingsChanged', 'ReminderRescheduled']);
      expect(out[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Europe/Berlin' } });
    });
    expect(berlin.reminder(id)).toMatchObject({ due: '2026-03-13T09:00:00+01:00', timezone: 'Europe/Berlin' });
    // The same place again, a live location's later position (an edit), coordinates that are no point.
    const still = berlin
      .when(location('2026-03-12T07:02:00Z', 52.5, 13.4))
      .thenNothing()
      .when(location('2026-03-12T07:03:00Z', 55.75, 37.62, true))
      .thenNothing()
      .when(location('2026-03-12T07:04:00Z', 123, 456))
      .thenNothing()
      .when(location('2026-03-12T07:04:00Z', Number.NaN, 0))
      .thenNothing();
    // At sea: the nautical zone, a valid one.
    const atSea = still
      .when(location('2026-03-12T07:05:00Z', 30, -40))
      .then((out) => expect(out[0]).toEqual({ type: 'ChatSettingsChanged', data: { chatId: CHAT, timezone: 'Etc/GMT+3' } }));
    for (const [lat, lon, zone] of [
      [55.75, 37.62, 'Europe/Moscow'],
      [54.71, 20.51, 'Europe/Kaliningrad'],
      [55.03, 82.92, 'Asia/Novosibirsk'],
      [43.12, 131.89, 'Asia/Vladivostok'],
      [40.71, -74.0, 'America/New_York'],
    ] as const) {
      expect(commandFor(location('2026-03-12T07:06:00Z', lat, lon), atSea.state)).toMatchObject({ type: 'set-timezone', timezone: zone });
    }
  });

  it('a zone set by someone else is reconciled: the reminders follow, once', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const external: Input = { id: newId(), type: 'ChatSettingsChanged', occurredAt: '2026-03-12T08:00:00Z', data: { chatId: CHAT, timezone: 'Europe/Berlin' } };
    chat
      .when(external)
      .then([
        {
          type: 'ReminderRescheduled',
          data: { chatId: CHAT, reminderId: id, due: '2026-03-13T09:00:00+01:00', reason: 'timezone-change', occurrence: 1, timezone: 'Europe/Berlin' },
        },
      ])
      .when({ ...external, id: newId() })
      .thenNothing();
  });
});
