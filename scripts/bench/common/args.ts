import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The benchmarks' command line on node:util parseArgs: every bench takes --help (-h), --quick,
 * --strict and --no-docs; its own options are declared as flags, positive integers, strings or
 * comma lists and come back camel-cased and typed. A usage error prints the message and the usage on
 * stderr and exits 2 (see `runCli`).
 */
export type OptionKind = 'flag' | 'int' | 'string' | 'list';
export type OptionSpec = Readonly<Record<string, OptionKind>>;

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type ValueOf<K extends OptionKind> = K extends 'flag'
  ? boolean
  : K extends 'int'
    ? number | undefined
    : K extends 'string'
      ? string | undefined
      : string[] | undefined;

export type Options<S extends OptionSpec> = { [K in keyof S & string as Camel<K>]: ValueOf<S[K]> };
export interface CommonOptions {
  quick: boolean;
  strict: boolean;
  /** false with --no-docs: the result is not appended to docs/benchmarks.md. */
  docs: boolean;
}
export type BenchArgs<S extends OptionSpec> = CommonOptions & Options<S>;

export type Parsed<S extends OptionSpec> = { kind: 'run'; args: BenchArgs<S> } | { kind: 'help' } | { kind: 'usage'; message: string };

const COMMON: ParseArgsConfig['options'] = {
  help: { type: 'boolean', short: 'h' },
  quick: { type: 'boolean' },
  strict: { type: 'boolean' },
  'no-docs': { type: 'boolean' },
};

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} needs a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

class UsageError extends Error {}

/** node:util's messages for a wrong command line, made as short as the benches' usage asks. */
function usageMessage(err: Error & { code?: unknown }): string {
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${JSON.stringify(/'([^']+)'/.exec(err.message)?.[1] ?? err.message)}`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${JSON.stringify(/'([^']+)'/.exec(err.message)?.[1] ?? err.message)}`;
  return err.message;
}

export function parseBenchArgs<S extends OptionSpec>(argv: readonly string[], spec: S): Parsed<S> {
  const options: NonNullable<ParseArgsConfig['options']> = { ...COMMON };
  for (const [name, kind] of Object.entries(spec)) options[name] = { type: kind === 'flag' ? 'boolean' : 'string' };
  let values: Record<string, string | boolean | undefined>;
  try {
    // pnpm may pass a bare `--` before the script's arguments: options still follow it.
    ({ values } = parseArgs({ args: argv.filter((a) => a !== '--'), options, strict: true, allowPositionals: false }) as {
      values: Record<string, string | boolean | undefined>;
    });
    if (values.help) return { kind: 'help' };
    const out: Record<string, unknown> = { quick: values.quick === true, strict: values.strict === true, docs: values['no-docs'] !== true };
    for (const [name, kind] of Object.entries(spec)) {
      const v = values[name];
      if (kind === 'flag') out[camel(name)] = v === true;
      else if (kind === 'int') out[camel(name)] = typeof v === 'string' ? positiveInt(name, v) : undefined;
      else if (kind === 'string') out[camel(name)] = typeof v === 'string' ? v : undefined;
      else out[camel(name)] = typeof v === 'string' ? v.split(',').filter(Boolean) : undefined;
    }
    // Built key by key from the spec above: the shape of BenchArgs<S>.
    return { kind: 'run', args: out as BenchArgs<S> };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'usage', message: err.message };
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) return { kind: 'usage', message: usageMessage(err) };
    throw err;
  }
}

/** A usage error found after parsing (e.g. an unknown section name). */
export const usageError = (message: string) => new UsageError(message);

/**
 * The entry of a bench: --help prints `usage` and exits 0; a usage error (from parsing or thrown
 * as `usageError` by `check`) prints it with the usage on stderr and exits 2; else `run`.
 */
export async function runCli<S extends OptionSpec>(o: {
  usage: string;
  spec: S;
  argv?: readonly string[];
  check?: (args: BenchArgs<S>) => void;
  run: (args: BenchArgs<S>) => Promise<number>;
}): Promise<number> {
  const parsed = parseBenchArgs(o.argv ?? process.argv.slice(2), o.spec);
  if (parsed.kind === 'help') {
    process.stdout.write(`${o.usage}\n`);
    return 0;
  }
  let message = parsed.kind === 'usage' ? parsed.message : null;
  if (parsed.kind === 'run' && o.check) {
    try {
      o.check(parsed.args);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      message = err.message;
    }
  }
  if (message !== null || parsed.kind !== 'run') {
    process.stderr.write(`${message}\n\n${o.usage}\n`);
    return 2;
  }
  return o.run(parsed.args);
}
