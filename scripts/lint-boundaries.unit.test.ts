import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// eslint.config.js's import boundaries, run on fixtures: a config edit that drops or loosens one
// fails here instead of passing silently.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restricted(filePath: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
}

describe('lint boundaries', { timeout: 30_000 }, () => {
  it.each([
    ['domain/src/reminders/x.ts', 'pg'],
    ['domain/src/reminders/x.ts', 'amqplib'],
    ['domain/src/reminders/x.ts', '@opentelemetry/api'],
    ['domain/src/x.ts', 'hono'],
    ['domain/src/x.ts', '@hono/node-server'],
    ['domain/src/x.ts', '@clickhouse/client'],
    ['domain/src/x.ts', 'pino'],
    ['domain/src/x.ts', 'prom-client'],
    ['domain/src/x.ts', '@napominalka/core'],
    ['domain/src/x.ts', '@napominalka/bot'],
    ['domain/src/x.ts', '../../core/src/store/event-store'],
    ['bot/src/x.ts', '@napominalka/inference'],
    ['bot/src/x/y.ts', '../../../domain/src/events/catalog'],
    ['scripts/x.ts', '../core/src/events/catalog'],
    ['scripts/bench/x/y.ts', '../../../core/src/domain/reminders/decide'],
    ['scripts/bench/x/y.ts', '../../../domain/src/zones/wall-clock'],
  ])('%s may not import %s', async (file, specifier) => {
    expect(await restricted(file, specifier)).toBe(true);
  });

  it.each([
    ['domain/src/reminders/decisions/x.ts', '../../events/catalog'],
    ['domain/src/x.ts', 'luxon'],
    ['bot/src/x.ts', '@napominalka/core'],
    ['bot/src/x.ts', '@napominalka/domain'],
    ['scripts/x.ts', '@napominalka/domain'],
    ['scripts/bench/x/y.ts', '../../../core/src/store/event-store'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await restricted(file, specifier)).toBe(false);
  });
});
