import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; every line names its service, child loggers add correlation and event ids. */
export function createLogger(opts: { service: string; level?: string }, destination?: { write(line: string): void }): Logger {
  const options = {
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
