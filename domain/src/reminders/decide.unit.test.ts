import { describe, expect, it } from 'vitest';
import type { Command } from './commands';
import { newId, type When } from './testing/decider-specification';
import { delivered, parsed, withReminder } from './testing/fixtures';

describe('idempotency: the same command twice → the second yields no events', () => {
  const at = '2026-03-13T09:05:00+03:00';
  const cases: Array<[string, (c: When, id: string) => Command]> = [
    ['create', () => ({ id: newId(), now: at, type: 'create', text: 't', due: '2026-03-14T09:00:00+03:00', rrule: null })],
    ['cancel', (_c, id) => ({ id: newId(), now: at, type: 'cancel', reminderId: id, via: 'button' })],
    ['cancel by words', () => ({ id: newId(), now: at, type: 'cancel-by-words', words: 'маму' })],
    ['snooze 10m', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: '10m' })],
    ['snooze 1h', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: '1h' })],
    ['snooze tomorrow', (_c, id) => ({ id: newId(), now: at, type: 'snooze', reminderId: id, by: 'tomorrow' })],
    ['snooze until (last fired)', () => ({ id: newId(), now: at, type: 'snooze', reminderId: null, by: 'until', until: '2026-03-13T11:00:00+03:00' })],
    ['complete', (_c, id) => ({ id: newId(), now: at, type: 'complete', reminderId: id })],
    ['start correction', (_c, id) => ({ id: newId(), now: at, type: 'start-correction', reminderId: id })],
    ['set timezone', () => ({ id: newId(), now: at, type: 'set-timezone', timezone: 'Europe/Berlin' })],
    ['set lang', () => ({ id: newId(), now: at, type: 'set-lang', lang: 'en' })],
    ['edit', (_c, id) => ({ id: newId(), now: at, type: 'edit', reminderId: id, due: '2026-03-14T09:00:00+03:00', text: 'позвонить папе', rrule: null })],
    ['deactivate', () => ({ id: newId(), now: at, type: 'deactivate' })],
  ];
  const decidedSome = (out: unknown[]) => expect(out.length).toBeGreaterThan(0);

  it.each(cases)('%s', (_w, make) => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'позвонить маме');
    const fired = chat.after(delivered('2026-03-13T09:00:01+03:00', id, 0));
    const cmd = make(fired, id);
    fired.when(cmd).then(decidedSome).when(cmd).thenNothing();
  });

  it('advance, provide-time, correct and activate', () => {
    const { chat, id } = withReminder('2026-03-12T07:00:00Z', '2026-03-13T09:00:00+03:00', 'зарядка', 'FREQ=DAILY');
    const d = delivered('2026-03-13T09:00:01+03:00', id, 0);
    const advanced = chat
      .when(d)
      .then((out) => expect(out).toHaveLength(1))
      .when({ id: d.id, now: d.occurredAt, type: 'advance', reminderId: id, occurrence: 0 })
      .thenNothing();
    const pt: Command = { id: newId(), now: at, type: 'provide-time', due: '2026-03-13T18:00:00+03:00', rrule: null };
    const timed = advanced
      .after(parsed(at, { text: 'купить хлеб' }))
      .when(pt)
      .then((out) => expect(out).toHaveLength(1))
      .when(pt)
      .thenNothing();
    const fix: Command = { id: newId(), now: at, type: 'correct', due: '2026-03-14T08:00:00+03:00', text: null, rrule: null };
    const fixed = timed.after({ id: newId(), now: at, type: 'start-correction', reminderId: id }).when(fix).then(decidedSome).when(fix).thenNothing();
    const act: Command = { id: newId(), now: at, type: 'activate' };
    fixed.after({ id: newId(), now: at, type: 'deactivate' }).when(act).then(decidedSome).when(act).thenNothing();
  });
});
