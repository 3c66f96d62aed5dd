import { defineConfig } from 'vitest/config';

// Unit tests run in parallel; tests against the real Postgres and RabbitMQ run one file at a
// time, because some of them stop and start the broker.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['*/src/**/*.unit.test.ts', 'scripts/**/*.unit.test.ts'] } },
      {
        test: {
          name: 'int',
          include: ['*/src/**/*.int.test.ts', '*/src/**/*.e2e.test.ts', 'scripts/**/*.int.test.ts', 'scripts/**/*.e2e.test.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
