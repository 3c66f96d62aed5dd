/** Where a CLI command writes and what it knows about its terminal (tests give their own). */
export interface CliIo {
  /** A line (or several) to stdout. */
  out(text: string): void;
  /** A line to stderr. */
  err(text: string): void;
  /** Raw text to stderr, no newline added: the progress bar redraws itself with it. */
  progress(raw: string): void;
  env: Record<string, string | undefined>;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  /** Width of the terminal on stderr (the progress bar's), 80 when unknown. */
  columns: number;
}

export const processIo = (): CliIo => ({
  out: (text) => void process.stdout.write(`${text}\n`),
  err: (text) => void process.stderr.write(`${text}\n`),
  progress: (raw) => void process.stderr.write(raw),
  env: process.env,
  stdoutTTY: process.stdout.isTTY === true,
  stderrTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns || 80,
});
