import { describe, expect, it } from 'vitest';
import { ignored, parseFilters } from './filters';
import { zonedMidnight } from './zone-time';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('overview filters', () => {
  it('defaults to the 14 days ending today and treats empty fields as unset', () => {
    expect(parseFilters({ lang: '', zone: '' }, NOW)).toEqual({ ok: true, filters: { from: '2026-11-07', to: '2026-11-20' } });
    expect(parseFilters({ from: '2026-01-01' }, NOW)).toEqual({ ok: true, filters: { from: '2026-01-01', to: '2026-01-14' } });
  });

  it('names the field of a bad value, and a reversed or too long range', () => {
    expect(parseFilters({ from: '2026-02-30' }, NOW)).toEqual({ ok: false, problem: { field: 'from', reason: 'invalid' } });
    expect(parseFilters({ intent: "x' OR 1=1" }, NOW)).toEqual({ ok: false, problem: { field: 'intent', reason: 'invalid' } });
    expect(parseFilters({ zone: 'Nowhere/City' }, NOW)).toEqual({ ok: false, problem: { field: 'zone', reason: 'invalid' } });
    expect(parseFilters({ from: '2026-11-20', to: '2026-11-01' }, NOW)).toEqual({ ok: false, problem: { field: 'range', reason: 'reversed' } });
    expect(parseFilters({ from: '2024-01-01', to: '2026-01-01' }, NOW)).toEqual({ ok: false, problem: { field: 'range', reason: 'too_long' } });
  });

  it('lists the set filters a group of figures ignores', () => {
    const f = { from: '2026-11-01', to: '2026-11-02', lang: 'ru' as const, model: 'v1' };
    expect(ignored(f, 'messages')).toEqual(['model']);
    expect(ignored(f, 'daily')).toEqual(['lang', 'model']);
  });

  it('finds midnight in a zone, across a change of offset', () => {
    expect(zonedMidnight('2026-11-20', 'Europe/Moscow').toISOString()).toBe('2026-11-19T21:00:00.000Z');
    expect(zonedMidnight('2026-11-20', 'UTC').toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(zonedMidnight('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(zonedMidnight('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(zonedMidnight('2026-07-01', 'America/Los_Angeles').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });
});
