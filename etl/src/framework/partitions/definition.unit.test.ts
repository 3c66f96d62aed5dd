import { describe, expect, it } from 'vitest';
import { assertPartition, daily, partitionKeys, partitionRange, PartitionError, previousDay, staticPartitions, timeWindow, unpartitioned } from './definition';

const berlin = daily({ start: '2026-03-27', timezone: 'Europe/Berlin' });
const hours = (w: { start: Date; end: Date } | null) => (w!.end.getTime() - w!.start.getTime()) / 3_600_000;

describe('daily partitions in Europe/Berlin across DST', () => {
  it('the spring-forward day is 23 hours, the fall-back day 25, the others 24 — each from local midnight', () => {
    const spring = timeWindow(berlin, '2026-03-29');
    expect(spring).toEqual({ start: new Date('2026-03-28T23:00:00Z'), end: new Date('2026-03-29T22:00:00Z') });
    expect(hours(spring)).toBe(23);
    const fall = timeWindow(berlin, '2026-10-25');
    expect(fall).toEqual({ start: new Date('2026-10-24T22:00:00Z'), end: new Date('2026-10-25T23:00:00Z') });
    expect(hours(fall)).toBe(25);
    expect(hours(timeWindow(berlin, '2026-03-28'))).toBe(24);
    expect(hours(timeWindow(berlin, '2026-03-30'))).toBe(24);
  });

  it('windows of consecutive days tile time: no gap, no overlap, through both changes', () => {
    const keys = partitionRange(berlin, '2026-03-27', '2026-10-30', new Date('2026-11-01T00:00:00Z'));
    expect(keys).toHaveLength(218);
    for (let i = 1; i < keys.length; i++) expect(timeWindow(berlin, keys[i]!)!.start).toEqual(timeWindow(berlin, keys[i - 1]!)!.end);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a day exists once it has ended at local midnight, not at UTC midnight', () => {
    // 2026-03-30 00:00 in Berlin (summer time) is 2026-03-29 22:00 UTC.
    expect(previousDay(berlin, new Date('2026-03-29T21:59:59.999Z'))).toBe('2026-03-28');
    expect(previousDay(berlin, new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-29');
    expect(partitionKeys(berlin, new Date('2026-03-29T22:00:00Z'))).toEqual(['2026-03-27', '2026-03-28', '2026-03-29']);
    // 2026-10-26 00:00 in Berlin (winter time again) is 2026-10-25 23:00 UTC.
    expect(previousDay(berlin, new Date('2026-10-25T22:59:59Z'))).toBe('2026-10-24');
    expect(previousDay(berlin, new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-25');
  });

  it('has no partition before the first day has ended', () => {
    expect(partitionKeys(berlin, new Date('2026-03-27T12:00:00Z'))).toEqual([]);
    expect(previousDay(berlin, new Date('2026-03-27T12:00:00Z'))).toBeNull();
    expect(() => assertPartition(berlin, '2026-03-27', new Date('2026-03-27T12:00:00Z'))).toThrow(/none yet \(the first is 2026-03-27\)/);
  });
});

describe('partition range checks', () => {
  const now = new Date('2026-04-10T12:00:00Z');

  it('accepts a day in the range and names the range when refusing one', () => {
    expect(assertPartition(berlin, '2026-04-09', now)).toBe('2026-04-09');
    expect(() => assertPartition(berlin, '2026-04-10', now)).toThrow(/partition 2026-04-10 is outside the range 2026-03-27\.\.2026-04-09/);
    expect(() => assertPartition(berlin, '2026-03-26', now)).toThrow(/outside the range 2026-03-27\.\.2026-04-09/);
  });

  it('refuses what is not a date', () => {
    for (const bad of [null, 'yesterday', '2026-4-1', '2026-02-30']) {
      expect(() => assertPartition(berlin, bad, now)).toThrow(PartitionError);
    }
    expect(() => assertPartition(berlin, '2026-02-30', now)).toThrow(/a daily partition is a date YYYY-MM-DD; got "2026-02-30"/);
  });

  it('ranges: inclusive, checked at both ends, in order', () => {
    expect(partitionRange(berlin, '2026-03-28', '2026-03-31', now)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(partitionRange(berlin, '2026-04-01', '2026-04-01', now)).toEqual(['2026-04-01']);
    expect(() => partitionRange(berlin, '2026-04-02', '2026-04-01', now)).toThrow(/--from 2026-04-02 comes after --to 2026-04-01/);
    expect(() => partitionRange(berlin, '2026-04-01', '2026-04-10', now)).toThrow(/outside the range/);
    expect(() => partitionRange(unpartitioned, 'a', 'b', now)).toThrow(/needs a partitioned asset/);
  });

  it('static partitions: the listed keys only, ranges by their order', () => {
    const regions = staticPartitions(['eu', 'us', 'asia']);
    expect(partitionKeys(regions, now)).toEqual(['eu', 'us', 'asia']);
    expect(() => assertPartition(regions, 'mars', now)).toThrow(/unknown partition "mars"; valid: eu, us, asia/);
    expect(partitionRange(regions, 'us', 'asia', now)).toEqual(['us', 'asia']);
    expect(() => partitionRange(regions, 'asia', 'eu', now)).toThrow(/comes after/);
    expect(timeWindow(regions, 'eu')).toBeNull();
  });

  it('unpartitioned: the one key null', () => {
    expect(partitionKeys(unpartitioned, now)).toEqual([null]);
    expect(assertPartition(unpartitioned, null, now)).toBeNull();
    expect(() => assertPartition(unpartitioned, '2026-04-01', now)).toThrow(/not partitioned/);
  });

  it('refuses bad definitions', () => {
    expect(() => daily({ start: '2026-13-01', timezone: 'UTC' })).toThrow(PartitionError);
    expect(() => daily({ start: '2026-03-01', timezone: 'Europe/Atlantis' })).toThrow(/invalid start "2026-03-01" or zone "Europe\/Atlantis"/);
    expect(() => staticPartitions([])).toThrow(/distinct and not empty/);
    expect(() => staticPartitions(['a', 'a'])).toThrow(/distinct and not empty/);
  });
});
