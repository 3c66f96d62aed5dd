import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';

const SPEC = { rate: 'int', only: 'list', 'in-process': 'flag', 'relay-poll-ms': 'int', profile: 'string' } as const;

describe('parseBenchArgs', () => {
  it('reads the common flags and the declared options, camel-cased', () => {
    const p = parseBenchArgs(['--', '--quick', '--no-docs', '--rate', '50', '--only=a,b', '--in-process', '--relay-poll-ms=20', '--profile', 'dir'], SPEC);
    expect(p).toEqual({
      kind: 'run',
      args: { quick: true, strict: false, docs: false, rate: 50, only: ['a', 'b'], inProcess: true, relayPollMs: 20, profile: 'dir' },
    });
  });

  it('leaves options not given undefined (flags false)', () => {
    expect(parseBenchArgs([], SPEC)).toEqual({
      kind: 'run',
      args: { quick: false, strict: false, docs: true, rate: undefined, only: undefined, inProcess: false, relayPollMs: undefined, profile: undefined },
    });
  });

  it('answers --help and -h', () => {
    expect(parseBenchArgs(['--help'], SPEC)).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['-h', '--quick'], SPEC)).toEqual({ kind: 'help' });
  });

  it('names what is wrong: unknown options, positionals, bad integers', () => {
    expect(parseBenchArgs(['--bogus'], SPEC)).toEqual({ kind: 'usage', message: 'unknown option "--bogus"' });
    expect(parseBenchArgs(['stray'], SPEC)).toEqual({ kind: 'usage', message: 'unexpected argument "stray"' });
    expect(parseBenchArgs(['--rate', '0'], SPEC)).toEqual({ kind: 'usage', message: '--rate needs a positive integer, got "0"' });
    expect(parseBenchArgs(['--rate=1.5'], SPEC)).toEqual({ kind: 'usage', message: '--rate needs a positive integer, got "1.5"' });
    expect(parseBenchArgs(['--rate'], SPEC).kind).toBe('usage');
    expect(parseBenchArgs(['--profile'], SPEC).kind).toBe('usage');
  });
});
