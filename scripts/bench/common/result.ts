import { appendBenchmarkSection } from '../../../core/src/bench/report';

/**
 * How a bench ends: the markdown summary on stdout (and appended to docs/benchmarks.md unless
 * --no-docs), then, as the very last line, one JSON object; on failure a JSON line with ok: false.
 */

/** The run's date as the report headers show it (seconds, UTC). */
export const runDate = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Prints the summary, appends it to the docs when asked, and ends with the JSON line (given the docs path). */
export function publishResult(markdown: string, docs: boolean, json: (doc: string | null) => Record<string, unknown>): string | null {
  const doc = docs ? appendBenchmarkSection(markdown) : null;
  process.stdout.write(`${markdown.trimEnd()}\n\n`);
  if (doc) process.stdout.write(`(appended to ${doc})\n\n`);
  process.stdout.write(`${JSON.stringify(json(doc))}\n`);
  return doc;
}

/** The JSON line of a run that failed (it passes nothing); returns the exit status 1. */
export function failResult(benchmark: string, err: unknown): number {
  process.stdout.write(`${JSON.stringify({ benchmark, ok: false, pass: false, error: (err as Error).message ?? String(err) })}\n`);
  return 1;
}

/** Sets the exit status; sockets of closed clients may linger a moment: the result is out, do not wait for them. */
export function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(), 500).unref();
}
