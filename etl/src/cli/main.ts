import { runCli } from './cli';
import { processIo } from './io';

// `pnpm etl …` (README, ETL). Everything is in cli.ts; this only wires the process.
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
// Pools and the ClickHouse client are closed by the commands; should anything still hold the
// event loop (a slow engine shutdown), do not hang the shell.
setTimeout(() => process.exit(code), 5_000).unref();
