/**
 * The level of a service's pino log line. The services write it as a label ("level":"warn",
 * core's logger); pino's default is the number ("level":40): both are read, so no filter of the
 * benches' logs silently matches nothing.
 */
const RANK = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevel = keyof typeof RANK;

const LEVEL = /"level":(?:(\d+)|"([a-z]+)")/;

export function logLevelOf(line: string): number | null {
  const m = LEVEL.exec(line);
  if (!m) return null;
  if (m[1] !== undefined) return Number(m[1]);
  return Object.hasOwn(RANK, m[2]!) ? RANK[m[2] as LogLevel] : null;
}

/** True when the line is a log line at `level` or above. */
export const loggedAtLeast = (line: string, level: LogLevel): boolean => (logLevelOf(line) ?? 0) >= RANK[level];
