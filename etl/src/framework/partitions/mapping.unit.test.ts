import { describe, expect, it } from 'vitest';
import { daily, PartitionError, staticPartitions, unpartitioned } from './definition';
import { allPartitions, identity, mappingProblem, upstreamKeys, window } from './mapping';

const days = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

describe('window mapping', () => {
  const existing = days('2026-03-01', 40);

  it('reads the N days before, and the day itself with includeSelf', () => {
    expect(upstreamKeys(window(3), '2026-03-10', existing)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(upstreamKeys(window(2, { includeSelf: true }), '2026-03-10', existing)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('counts calendar days across a DST change (Berlin springs forward on 2026-03-29)', () => {
    expect(upstreamKeys(window(3), '2026-03-31', existing)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('crosses month and year ends', () => {
    expect(upstreamKeys(window(3), '2026-01-02', days('2025-12-20', 20))).toEqual(['2025-12-30', '2025-12-31', '2026-01-01']);
    expect(upstreamKeys(window(2), '2028-03-01', days('2028-02-25', 10))).toEqual(['2028-02-28', '2028-02-29']);
  });

  it('is cut to what exists before the upstream start', () => {
    expect(upstreamKeys(window(28), '2026-03-03', existing)).toEqual(['2026-03-01', '2026-03-02']);
    expect(upstreamKeys(window(28), '2026-03-01', existing)).toEqual([]);
  });

  it('refuses a bad size and an unpartitioned downstream', () => {
    for (const n of [0, -1, 1.5]) expect(() => window(n)).toThrow(/previous must be a positive whole number/);
    expect(() => upstreamKeys(window(1), null, existing)).toThrow(PartitionError);
  });
});

describe('identity and all mappings', () => {
  it('identity reads the same key, all reads every existing one', () => {
    expect(upstreamKeys(identity(), '2026-03-10', ['2026-03-09', '2026-03-10'])).toEqual(['2026-03-10']);
    expect(upstreamKeys(identity(), null, [null])).toEqual([null]);
    expect(upstreamKeys(allPartitions(), '2026-03-10', ['a', 'b'])).toEqual(['a', 'b']);
    expect(upstreamKeys(allPartitions(), '2026-03-10', [null])).toEqual([null]);
  });
});

describe('which mappings can join two definitions', () => {
  const utc = daily({ start: '2026-03-01', timezone: 'UTC' });
  const berlin = daily({ start: '2026-03-01', timezone: 'Europe/Berlin' });
  const regions = staticPartitions(['eu', 'us']);

  it('identity only between definitions partitioned alike', () => {
    expect(mappingProblem(identity(), utc, daily({ start: '2026-03-01', timezone: 'UTC' }))).toBeNull();
    expect(mappingProblem(identity(), utc, berlin)).toMatch(/identity mapping needs both assets partitioned alike/);
    expect(mappingProblem(identity(), utc, daily({ start: '2026-03-02', timezone: 'UTC' }))).toMatch(/partitioned alike/);
    expect(mappingProblem(identity(), utc, regions)).toMatch(/partitioned alike/);
    expect(mappingProblem(identity(), utc, unpartitioned)).toMatch(/partitioned alike/);
  });

  it('window only between daily definitions; all between any', () => {
    expect(mappingProblem(window(7), utc, berlin)).toBeNull();
    expect(mappingProblem(window(7), utc, regions)).toMatch(/window mapping needs daily partitions on both sides/);
    expect(mappingProblem(window(7), unpartitioned, utc)).toMatch(/daily partitions on both sides/);
    expect(mappingProblem(allPartitions(), unpartitioned, utc)).toBeNull();
    expect(mappingProblem(allPartitions(), regions, unpartitioned)).toBeNull();
  });
});
