import type { CliIo } from '../io';

/** One subcommand of `pnpm etl`: parses its own arguments, resolves to the exit status. */
export interface Command {
  name: string;
  /** One line for `pnpm etl --help`. */
  summary: string;
  /** What `pnpm etl <name> --help` prints. */
  help: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Prints and gives exit status 0: `return done(io, text)`. */
export function done(io: CliIo, text: string): number {
  io.out(text);
  return 0;
}
