import { describe, expect, it } from 'vitest';
import { assetList, COMMON_OPTIONS, noMorePositionals, parseCommand, partitionSelection, positiveInt, runIdArg, UsageError } from './args';
import { statusFilter } from './commands/runs';

describe('argument parsing', () => {
  it('parses the common options and turns parseArgs complaints into usage errors', () => {
    const r = parseCommand({
      args: ['x', '--json', '--no-color', '--from', '2026-11-01'],
      options: { ...COMMON_OPTIONS, from: { type: 'string' } },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    expect(r.values).toMatchObject({ json: true, 'no-color': true, from: '2026-11-01' });
    expect(r.positionals).toEqual(['x']);
    expect(() => parseCommand({ args: ['--nope'], options: COMMON_OPTIONS, allowPositionals: true, strict: true })).toThrow(UsageError);
    expect(() => parseCommand({ args: ['--from'], options: { from: { type: 'string' } }, strict: true })).toThrow(/--from/);
  });

  it('positive whole numbers within bounds, with a default', () => {
    expect(positiveInt('--limit', undefined, 20)).toBe(20);
    expect(positiveInt('--limit', '5', 20)).toBe(5);
    for (const bad of ['0', '-1', '1.5', 'x', '', '1e3']) expect(() => positiveInt('--limit', bad, 20)).toThrow(/--limit must be a whole number/);
    expect(() => positiveInt('--concurrency', '65', 2, 64)).toThrow(/from 1 to 64/);
  });

  it('asset lists are comma-separated and not empty', () => {
    expect(assetList('a, b,,c', 'materialize')).toEqual(['a', 'b', 'c']);
    expect(() => assetList(undefined, 'materialize')).toThrow(/materialize needs an asset/);
    expect(() => assetList(' , ', 'backfill')).toThrow(UsageError);
  });

  it('run ids are UUIDs', () => {
    expect(runIdArg(' 01A23582-8A79-750E-9973-CCAA758F9B22 ', 'run')).toBe('01a23582-8a79-750e-9973-ccaa758f9b22');
    expect(() => runIdArg('123', 'run')).toThrow(/a run id is a UUID/);
    expect(() => runIdArg(undefined, 'cancel')).toThrow(/cancel needs a run id/);
  });

  it('extra positionals are named', () => {
    expect(() => noMorePositionals(['a', 'b'], 1)).toThrow(/unexpected argument "b"/);
    expect(() => noMorePositionals(['a'], 1)).not.toThrow();
  });

  it('a partition, a whole range or neither', () => {
    expect(partitionSelection({ partition: '2026-11-01' })).toEqual({ kind: 'one', key: '2026-11-01' });
    expect(partitionSelection({ from: '2026-11-01', to: '2026-11-03' })).toEqual({ kind: 'range', from: '2026-11-01', to: '2026-11-03' });
    expect(partitionSelection({})).toEqual({ kind: 'none' });
    expect(() => partitionSelection({ partition: 'a', from: 'b' })).toThrow(/not both/);
    expect(() => partitionSelection({ from: '2026-11-01' })).toThrow(/both --from and --to/);
  });

  it('runs: --failed or one known --status', () => {
    expect(statusFilter({ failed: true })).toBe('failed');
    expect(statusFilter({ status: 'running' })).toBe('running');
    expect(statusFilter({})).toBeUndefined();
    expect(() => statusFilter({ failed: true, status: 'queued' })).toThrow(/not both/);
    expect(() => statusFilter({ status: 'done' })).toThrow(/one of queued, running, succeeded, failed, cancelled/);
  });
});
