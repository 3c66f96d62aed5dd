import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; every line names its service, child loggers add correlation and event ids. */
export function createLogger(opts: { service: string; level?: string }): Logger {
  return pino({
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: opts.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
