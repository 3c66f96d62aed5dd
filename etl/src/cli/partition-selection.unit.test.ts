import { describe, expect, it } from 'vitest';
import { buildGraph, daily, defineAsset, staticPartitions, unpartitioned, window } from '../framework';
import { describeMapping, partitionsToRequest, selectedKeys } from './partition-selection';

const now = new Date('2026-12-02T10:00:00Z');
const days = daily({ start: '2026-11-20', timezone: 'UTC' });
const asset = (key: string, partitions = days) => defineAsset<null>({ key, description: key, partitions, materialize: async () => ({ metadata: {} }) });
const graph = buildGraph<null>({ assets: [asset('a'), asset('one', unpartitioned), asset('langs', staticPartitions(['ru', 'en', 'de']))] });

describe('partition selection', () => {
  it('status: the last 31 days up to --to by default, cut at the first partition', () => {
    expect(selectedKeys(graph.get('a'), undefined, undefined, now)).toHaveLength(12);
    expect(selectedKeys(graph.get('a'), undefined, undefined, now).at(-1)).toBe('2026-12-01');
    const long = asset('long', daily({ start: '2026-01-01', timezone: 'UTC' }));
    const keys = selectedKeys(long, undefined, '2026-11-30', now);
    expect([keys.length, keys[0], keys.at(-1)]).toEqual([31, '2026-10-31', '2026-11-30']);
    expect(selectedKeys(graph.get('a'), '2026-11-29', undefined, now)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01']);
    expect(() => selectedKeys(graph.get('a'), '2026-11-01', undefined, now)).toThrow(/outside the range 2026-11-20\.\.2026-12-01/);
    expect(selectedKeys(graph.get('one'), undefined, undefined, now)).toEqual([null]);
    expect(() => selectedKeys(graph.get('one'), 'x', undefined, now)).toThrow(/not partitioned/);
    expect(selectedKeys(graph.get('langs'), 'en', undefined, now)).toEqual(['en', 'de']);
  });

  it('materialize: one partition, a range, or the unpartitioned one; a partitioned asset needs one', () => {
    expect(partitionsToRequest(graph, ['a'], { kind: 'one', key: '2026-11-25' }, now)).toEqual(['2026-11-25']);
    expect(partitionsToRequest(graph, ['a'], { kind: 'range', from: '2026-11-25', to: '2026-11-27' }, now)).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(partitionsToRequest(graph, ['one'], { kind: 'none' }, now)).toEqual([null]);
    expect(() => partitionsToRequest(graph, ['a'], { kind: 'one', key: '2026-12-02' }, now)).toThrow(
      'partition 2026-12-02 is outside the range 2026-11-20..2026-12-01',
    );
    expect(() => partitionsToRequest(graph, ['a'], { kind: 'none' }, now)).toThrow(
      /give --partition <key> or --from <key> --to <key> \(valid: 2026-11-20\.\.2026-12-01\)/,
    );
  });

  it('mappings described in words', () => {
    expect(describeMapping(window(28, { includeSelf: true }))).toBe('window of 28 days before and itself');
    expect(describeMapping({ kind: 'identity' })).toBe('identity');
  });
});
