import { describe, expect, it } from 'vitest';
import { daily, staticPartitions, unpartitioned, type PartitionsDefinition } from '../partitions/definition';
import { allPartitions, identity, window, type PartitionMapping } from '../partitions/mapping';
import { defineAsset, type AssetDefinition } from './asset';
import { buildGraph, DefinitionError } from './graph';
import { defineSchedule } from './schedule';
import { defineSensor } from './sensor';

const days = daily({ start: '2026-03-01', timezone: 'UTC' });
const asset = (key: string, deps: Array<string | [string, PartitionMapping]> = [], partitions: PartitionsDefinition = days): AssetDefinition<null> =>
  defineAsset<null>({
    key,
    description: key,
    partitions,
    deps: deps.map((d) => (typeof d === 'string' ? { asset: d, mapping: identity() } : { asset: d[0], mapping: d[1] })),
    materialize: async () => ({ metadata: {} }),
  });
const build =
  (assets: Array<AssetDefinition<null>>, more: Omit<Parameters<typeof buildGraph<null>>[0], 'assets'> = {}) =>
  () =>
    buildGraph<null>({ assets, ...more });
const nightly = (assets: string[]) => defineSchedule({ name: 'nightly', cron: '0 3 * * *', timezone: 'UTC', assets });

describe('asset graph: bad definitions stop the start with a message naming them', () => {
  it('a cycle, with the path that closes it', () => {
    expect(build([asset('a', ['b']), asset('b', ['c']), asset('c', ['a'])])).toThrow(new DefinitionError('dependency cycle: a → b → c → a'));
    expect(build([asset('x'), asset('a', ['x', 'b']), asset('b', ['a'])])).toThrow(/dependency cycle: a → b → a/);
    expect(build([asset('a', ['a'])])).toThrow(/dependency cycle: a → a/);
  });

  it('an unknown dependency', () => {
    expect(build([asset('a', ['ghost'])])).toThrow(new DefinitionError('asset a depends on unknown asset "ghost"'));
  });

  it('an identity mapping between differently partitioned assets', () => {
    const regions = staticPartitions(['eu', 'us']);
    expect(build([asset('up', [], regions), asset('down', ['up'])])).toThrow(/asset down → up: identity mapping needs both assets partitioned alike/);
    expect(build([asset('up', [], daily({ start: '2026-03-01', timezone: 'Europe/Berlin' })), asset('down', ['up'])])).toThrow(/down → up: identity mapping/);
    expect(build([asset('up', [], unpartitioned), asset('down', [['up', window(3)]])])).toThrow(/down → up: window mapping needs daily partitions/);
    expect(build([asset('up', [], unpartitioned), asset('down', [['up', allPartitions()]])])).not.toThrow();
  });

  it('a schedule or sensor naming an unknown asset', () => {
    expect(build([asset('a')], { schedules: [nightly(['a', 'ghost'])] })).toThrow(new DefinitionError('schedule nightly names unknown asset "ghost"'));
    const sensor = defineSensor<null>({ name: 'watch', intervalMs: 1_000, targets: ['nope'], evaluate: async () => ({ cursor: null, requests: [] }) });
    expect(build([asset('a')], { sensors: [sensor] })).toThrow(/sensor watch names unknown asset "nope"/);
  });

  it('duplicate keys and names', () => {
    expect(build([asset('a'), asset('b'), asset('a')])).toThrow(new DefinitionError('asset a is defined twice'));
    expect(build([asset('a')], { schedules: [nightly(['a']), nightly(['a'])] })).toThrow(/schedule nightly is defined twice/);
    const sensor = defineSensor<null>({ name: 'watch', intervalMs: 1_000, targets: ['a'], evaluate: async () => ({ cursor: null, requests: [] }) });
    expect(build([asset('a')], { sensors: [sensor, sensor] })).toThrow(/sensor watch is defined twice/);
  });

  it('bad keys, checks, crons and sensors', () => {
    expect(() => asset('Bad-Key')).toThrow(/asset key "Bad-Key"/);
    const check = { name: 'ok', severity: 'warn' as const, description: 'd', evaluate: async () => ({ passed: true }) };
    expect(() =>
      defineAsset<null>({ key: 'a', description: '', partitions: days, materialize: async () => ({ metadata: {} }), checks: [check, check] }),
    ).toThrow(/check ok defined twice/);
    expect(() => defineSchedule({ name: 'n', cron: 'every day', timezone: 'UTC', assets: ['a'] })).toThrow(/schedule n: invalid cron "every day"/);
    expect(() => defineSchedule({ name: 'n', cron: '0 3 * * *', timezone: 'Mars/Olympus', assets: ['a'] })).toThrow(/zone "Mars\/Olympus"/);
    expect(() => defineSensor<null>({ name: 's', intervalMs: 10, targets: [], evaluate: async () => ({ cursor: null, requests: [] }) })).toThrow(
      /at least 100/,
    );
  });
});

describe('asset graph: a valid graph', () => {
  const graph = buildGraph<null>({ assets: [asset('report', ['summary', ['raw', window(28)]]), asset('summary', ['raw']), asset('raw'), asset('other')] });

  it('orders upstream before downstream, ties by key', () => {
    expect(graph.order).toEqual(['other', 'raw', 'summary', 'report']);
  });

  it('selects in dependency order, refusing unknown keys with the known ones', () => {
    expect(graph.selection(['report', 'raw', 'summary', 'raw'])).toEqual(['raw', 'summary', 'report']);
    expect(() => graph.selection(['raw', 'ghost'])).toThrow(/unknown asset "ghost" \(known: other, raw, summary, report\)/);
  });

  it('knows the direct downstream of an asset', () => {
    expect(graph.downstream('raw')).toEqual(['summary', 'report']);
    expect(graph.downstream('report')).toEqual([]);
  });
});
