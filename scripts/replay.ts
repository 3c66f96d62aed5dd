import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `pnpm replay <subcommand> ...`: the operator's replay tools. Each subcommand lives with the code
 * it runs (core, inference, projector) and exports `main(argv): Promise<number>` (the exit status);
 * this only picks one and loads it on demand, so `--help` and `timeline` never load the model.
 */
const root = fileURLToPath(new URL('../', import.meta.url));

interface Subcommand {
  /** Module path from the repository root. */
  module: string;
  summary: string;
  /** Arguments put before the user's (one module serving several subcommands). */
  prefix?: string[];
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  timeline: { module: 'core/src/cli/replay-timeline.ts', summary: "one chat's conversation as a timeline: message → parse → decision → due → delivery" },
  events: { module: 'core/src/cli/replay-events.ts', summary: 'stored events filtered by type, recorded time and stream, in position order' },
  reparse: { module: 'inference/src/cli/reparse.ts', summary: 'parse past messages again with a model version and show what would change (writes nothing)' },
  rebuild: { module: 'projector/src/cli/rebuild.ts', summary: 'rebuild a projection from the event log (projector)', prefix: ['rebuild'] },
  verify: {
    module: 'projector/src/cli/rebuild.ts',
    summary: 'check that a projection rebuilt from the log equals the live one (projector)',
    prefix: ['verify'],
  },
};

export const USAGE = `Usage: pnpm replay <subcommand> [options]

Replay the event log for debugging a conversation, a parse or a projection.

Subcommands:
${Object.entries(SUBCOMMANDS)
  .map(([name, s]) => `  ${name.padEnd(9)} ${s.summary}`)
  .join('\n')}

Run "pnpm replay <subcommand> --help" for a subcommand's options.
Settings come from the environment (DATABASE_URL, PG_SCHEMA, ...; see README).
Exit status: 0 done, 1 failed or not available, 2 bad usage.`;

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name]! : undefined;
  if (!sub) {
    console.error(`replay: unknown subcommand "${name}" (expected one of: ${Object.keys(SUBCOMMANDS).join(', ')})\nRun "pnpm replay --help" for usage.`);
    return 2;
  }
  const file = `${root}${sub.module}`;
  if (!existsSync(file)) {
    console.error(`replay ${name}: not available in this build (${sub.module} does not exist yet)`);
    return 1;
  }
  let mod: { main?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { main?: unknown };
  } catch (err) {
    console.error(`replay ${name}: cannot load ${sub.module}: ${(err as Error).message || String(err)}`);
    return 1;
  }
  if (typeof mod.main !== 'function') {
    console.error(`replay ${name}: not available in this build (${sub.module} exports no main(argv))`);
    return 1;
  }
  return (await (mod.main as (argv: string[]) => Promise<number>)([...(sub.prefix ?? []), ...rest])) ?? 0;
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
