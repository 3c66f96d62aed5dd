import { describe, expect, it } from 'vitest';
import { catalog } from '@napominalka/core';
import { dedupToken } from './events-raw';
import { syntheticSessions } from '../synthetic-history';

describe('events_raw writes', () => {
  it('names a set of ids by one token, whatever their order', () => {
    expect(dedupToken(['b', 'a', 'c'])).toBe(dedupToken(['c', 'b', 'a']));
    expect(dedupToken(['a', 'b'])).not.toBe(dedupToken(['a', 'b', 'c']));
    expect(dedupToken(['a'])).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('synthetic history', () => {
  it('is seeded, in stream order, and of the size asked', () => {
    const events = [...syntheticSessions(2000, { seed: 7 })].flat();
    expect(events.length).toBeGreaterThanOrEqual(2000);
    expect(events.length).toBeLessThan(2020);
    expect([...syntheticSessions(2000, { seed: 7 })].flat()).toEqual(events);
    const last = new Map<string, number>();
    for (const e of events) {
      expect(e.streamPosition).toBe((last.get(e.streamId) ?? 0) + 1);
      last.set(e.streamId, e.streamPosition);
    }
    for (const e of events) expect(catalog[e.type].schema.safeParse(e.data).success, `${e.type} ${JSON.stringify(e.data)}`).toBe(true);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['MessageReceived', 'MessageParsed', 'ReminderScheduled', 'ReminderDelivered', 'ReminderRescheduled', 'FeedbackGiven', 'ParseFailed'])
      expect(types).toContain(t);
  });
});
