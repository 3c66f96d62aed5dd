import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Packages that do I/O: none of them may be imported by the pure domain.
const DOMAIN_FORBIDDEN_IO = [
  'pg',
  'pg/*',
  'pg-*',
  'amqplib',
  'amqplib/*',
  '@opentelemetry/*',
  'hono',
  'hono/*',
  '@hono/*',
  '@clickhouse/*',
  'chdb',
  'chdb/*',
  'pino',
  'pino/*',
  'prom-client',
  'prom-client/*',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'inference/training/**', 'inference/models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The domain is pure: no database, broker, tracing, HTTP, metrics or logging client, and
    // nothing of the runtime (core) or of a service. Checked again by domain/src/boundary.unit.test.ts
    // and scripts/lint-boundaries.unit.test.ts, so this block cannot be dropped silently.
    files: ['domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: DOMAIN_FORBIDDEN_IO,
              message: 'the domain is pure: I/O clients (pg, amqplib, OpenTelemetry, Hono, ClickHouse, pino, prom-client) belong to @napominalka/core',
            },
            {
              group: ['@napominalka/*', '!@napominalka/domain'],
              message: 'the domain imports no other package of the workspace (core is the runtime built on it)',
            },
            { group: ['../../*/src/*', '../../../*/src/*', '../../../../*/src/*'], message: 'the domain imports nothing outside domain/src' },
          ],
        },
      ],
    },
  },
  {
    // A service may import only core and the domain, never another service.
    files: ['bot/**', 'inference/**', 'projector/**', 'etl/**', 'ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@napominalka/bot', '@napominalka/inference', '@napominalka/projector', '@napominalka/etl', '@napominalka/ui'],
              message: 'services import only @napominalka/core and @napominalka/domain',
            },
            { group: ['../../*/src/*', '../../../*/src/*'], message: 'services import only @napominalka/core and @napominalka/domain' },
          ],
        },
      ],
    },
  },
  {
    // Scripts (benches, e2e tests, the CLI) drive services' and core's internals on purpose, so
    // relative imports into core/src and <service>/src stay allowed. What they may not do is reach
    // the domain by a path: the event catalog, the decider and zones come from '@napominalka/domain'
    // (the root package depends on it), never from '../domain/src/…' nor from their old places
    // under core/src/events and core/src/domain.
    files: ['scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/domain/src', '**/domain/src/*', '**/core/src/events', '**/core/src/events/*', '**/core/src/domain', '**/core/src/domain/*'],
              message: "scripts import the domain as '@napominalka/domain'",
            },
          ],
        },
      ],
    },
  },
);
