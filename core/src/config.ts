import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Every setting of every service, read from the environment through one schema. */
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const urlWithScheme = (...schemes: string[]) =>
  z.string().refine((u) => URL.canParse(u) && schemes.includes(new URL(u).protocol.replace(/:$/, '')), `must be a ${schemes.join(' or ')} URL`);

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier');

/** The repository root, from this file's place in it (core/src/config.ts). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PROJECTOR_PARTS = ['postgres', 'scheduler', 'clickhouse'] as const;

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  SERVICE_NAME: z.string().min(1).default('napominalka'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: urlWithScheme('postgres', 'postgresql').default('postgres://postgres@127.0.0.1:5432/postgres'),
  PG_SCHEMA: identifier.default('napominalka'),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  AMQP_URL: urlWithScheme('amqp', 'amqps').default('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of every exchange and queue name; lets tests and tenants share one vhost. */
  AMQP_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]*$/, 'letters, digits, "_", "-" and "." only')
    .default(''),
  /** Unacknowledged deliveries a consumer may hold: at least two batches, so one fills while one commits. */
  CONSUMER_PREFETCH: z.coerce.number().int().min(1).max(5000).default(500),
  /** Deliveries applied in one Postgres transaction at most. */
  CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(2000).default(200),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Delay before the first retry; each further retry waits twice as long. */
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  RELAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  RELAY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  RELAY_LEADER_RETRY_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** The inference HTTP API (/v1/parse, /docs); keys are comma-separated; none → /v1/parse refuses every call (401) until they are set. */
  INFERENCE_HOST: z.string().default('127.0.0.1'),
  INFERENCE_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  INFERENCE_API_KEYS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    )
    .refine((ks) => ks.every((k) => k.length >= 16), 'each key needs at least 16 characters')
    .optional(),
  /** Zone of a chat that has not set one yet. */
  DEFAULT_TIMEZONE: z.string().min(1).default('Europe/Moscow'),
  /** The optional LLM fallback of the parser: an OpenAI-compatible server (llama.cpp in compose). */
  LLM_ENABLED: bool.default('false'),
  LLM_BASE_URL: urlWithScheme('http', 'https').default('http://127.0.0.1:8080'),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).default('local'),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(2000).default(1500),
  /** Below this model confidence the parser asks the LLM (if enabled), then the user. */
  PARSE_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  /**
   * ClickHouse of the analytics projection: unset → embedded (chdb) in CLICKHOUSE_DATA_DIR;
   * set → that server over HTTP. Same client API and SQL either way.
   */
  CLICKHOUSE_URL: urlWithScheme('http', 'https').optional(),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: identifier.default('napominalka'),
  /** Data directory of the embedded engine; relative paths are under the repository root. */
  CLICKHOUSE_DATA_DIR: z.string().min(1).default('.data/clickhouse'),
  /** Events the ClickHouse projection inserts in one batch at most (its consumer's batch size). */
  CLICKHOUSE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** How long the ClickHouse projection waits for a batch to fill before inserting a smaller one. */
  CLICKHOUSE_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /**
   * The projector's HTTP gateway to its embedded ClickHouse (0 = off): the one way another process
   * reaches an engine that binds its data directory to one process. Others then set
   * CLICKHOUSE_URL=http://<host>:<port>; it checks CLICKHOUSE_USER / CLICKHOUSE_PASSWORD.
   */
  CLICKHOUSE_GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  CLICKHOUSE_GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  /** The bot's Telegram token; unset → the local Bot API emulator (pnpm start runs one). */
  BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/, 'must look like <bot id>:<secret> (from @BotFather)')
    .optional(),
  /** Where the Bot API is: Telegram itself, or the emulator when no token is set. */
  TELEGRAM_API_ROOT: urlWithScheme('http', 'https').default('https://api.telegram.org'),
  /**
   * Webhook mode: the public HTTPS URL Telegram posts updates to (unset → long polling). The bot
   * listens on BOT_WEBHOOK_HOST:BOT_WEBHOOK_PORT behind it and checks BOT_WEBHOOK_SECRET, which
   * Telegram sends as X-Telegram-Bot-Api-Secret-Token.
   */
  BOT_WEBHOOK_URL: urlWithScheme('http', 'https').optional(),
  BOT_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z, a-z, 0-9, _ and - (Telegram's secret_token alphabet)")
    .optional(),
  BOT_WEBHOOK_HOST: z.string().default('0.0.0.0'),
  BOT_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8444),
  /** Messages a chat may send in a minute before the bot stops parsing them and says so once. */
  BOT_FLOOD_LIMIT: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * Messages per second the bot sends in all: Telegram's 30, or up to 1000 for a bot with paid
   * broadcasts enabled.
   */
  TELEGRAM_GLOBAL_RATE: z.coerce.number().int().min(1).max(1000).default(30),
  /** What a projector process runs (comma-separated): scale or isolate them by running several with different sets. */
  PROJECTOR_COMPONENTS: z
    .string()
    .default('postgres,scheduler,clickhouse')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine(
      (xs) => xs.length > 0 && xs.every((x) => (PROJECTOR_PARTS as readonly string[]).includes(x)),
      `a comma-separated subset of ${PROJECTOR_PARTS.join(', ')}`,
    )
    .transform((xs) => xs as Array<(typeof PROJECTOR_PARTS)[number]>),
  /** How often the scheduler looks for due reminders when the last scan found fewer than a batch. */
  SCHEDULER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  /** Reminders the scheduler fires in one transaction at most. */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
  /** The ETL (etl/): runs it executes at once, how often it looks for work and ticks its schedules. */
  ETL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  ETL_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  ETL_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
  /** Missed schedule ticks made up for after a stop, up to this many hours back. */
  ETL_CATCHUP_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 31)
    .default(48),
  /** Finished runs' events are deleted after this many days (materializations and checks stay). */
  ETL_RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Zone of the ETL's daily partitions, and their first day. */
  ETL_TIMEZONE: z.string().min(1).default('UTC'),
  ETL_START_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
    .default('2026-01-01'),
  /**
   * The model registry (<dir>/<version>/{model.onnx,card.json}, registry.json): inference loads
   * from it, training and the ETL register candidates in it. Relative paths are under the repository
   * root; pnpm start uses .data/models, seeded from the committed inference/models.
   */
  MODEL_REGISTRY_DIR: z
    .string()
    .min(1)
    .default(path.join(REPO_ROOT, 'inference/models'))
    .transform((p) => path.resolve(REPO_ROOT, p)),
  /** The operators' web UI (ui/): where it listens, how long a session lasts, whether cookies are Secure (TLS in front). */
  UI_HOST: z.string().default('127.0.0.1'),
  UI_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  UI_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  UI_SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The first admin, created at start when the UI has none (there is no default password). */
  UI_ADMIN_USER: z.string().optional(),
  UI_ADMIN_PASSWORD: z.string().optional(),
  /** Where the UI reaches the inference API (playground, API docs, model promotion) and with which key (default: the first of INFERENCE_API_KEYS). */
  UI_INFERENCE_URL: z.string().url().default('http://127.0.0.1:8081'),
  UI_INFERENCE_API_KEY: z.string().min(16).optional(),
  /** Where the UI reaches the ETL's control API (asset graph, runs, materialize, backfill, cancel). */
  UI_ETL_URL: z.string().url().default('http://127.0.0.1:8092'),
  /** The ETL's control API: where it listens and the bearer token its callers (the UI) send; no token → the API is off. */
  ETL_API_HOST: z.string().default('127.0.0.1'),
  ETL_API_PORT: z.coerce.number().int().min(0).max(65535).default(8092),
  ETL_API_TOKEN: z.string().min(16).optional(),
  /** What drift reports compare a day with: the active model's training profile, or the previous 28 days. */
  ETL_DRIFT_REFERENCE: z.enum(['training', 'previous-28-days']).default('training'),
  /** When the model loop retrains on its own (cron in ETL_TIMEZONE; \`off\`: only the sensor and by hand). */
  MODEL_RETRAINING_CRON: z.string().min(1).default('0 3 * * 1'),
  /** The model loop's training set: the synthetic generator's seed and size (plus every feedback label). */
  MODEL_LOOP_SEED: z.coerce.number().int().min(0).default(7),
  MODEL_LOOP_SYNTHETIC_N: z.coerce.number().int().min(100).default(80_000),
  /** candidate_model's limit for one training (2 CPU cores, no GPU: 7 min 40 s measured with the defaults). */
  MODEL_TRAIN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(45 * 60_000),
  /** Extra options for train.sh (space-separated), e.g. "--epochs 2 --dim 32" for a smaller model. */
  MODEL_TRAIN_ARGS: z
    .string()
    .default('')
    .transform((s) => s.split(/\s+/).filter((x) => x !== '')),
  /** Telegram chat that gets operators' alerts (drift, quality, lag, parked, failed runs); unset → alerts are only logged. */
  ADMIN_CHAT_ID: z.coerce.number().int().optional(),
  /** RabbitMQ's management API, where the ETL's monitors read queue depths (parked, backlog). */
  RABBITMQ_MANAGEMENT_URL: urlWithScheme('http', 'https').default('http://guest:guest@127.0.0.1:15672'),
  OTEL_ENABLED: bool.default('false'),
  OTEL_EXPORTER_OTLP_ENDPOINT: urlWithScheme('http', 'https').optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Rules across variables, checked after each variable is valid on its own. */
function crossChecks(c: Config): string[] {
  const issues: string[] = [];
  if (c.LLM_ENABLED && !c.LLM_API_KEY) issues.push('LLM_API_KEY=undefined: required when LLM_ENABLED is true');
  if (c.BOT_WEBHOOK_URL && !c.BOT_WEBHOOK_SECRET)
    issues.push('BOT_WEBHOOK_SECRET=undefined: required when BOT_WEBHOOK_URL is set (anyone could post updates otherwise)');
  return issues;
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = configSchema.safeParse(input);
  if (parsed.success) {
    const issues = crossChecks(parsed.data);
    if (issues.length > 0) throw new ConfigError(issues);
    return parsed.data;
  }
  throw new ConfigError(
    parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const value = env[name];
      // A bad secret is named, never printed: error messages end up in logs.
      const shown = SECRETS.has(name) && value !== undefined ? '"***"' : JSON.stringify(value);
      return `${i.path.join('.')}=${shown}: ${i.message}`;
    }),
  );
}

const SECRETS = new Set([
  'BOT_TOKEN',
  'BOT_WEBHOOK_SECRET',
  'LLM_API_KEY',
  'INFERENCE_API_KEYS',
  'CLICKHOUSE_PASSWORD',
  'RABBITMQ_MANAGEMENT_URL',
  'UI_ADMIN_PASSWORD',
  'UI_INFERENCE_API_KEY',
  'ETL_API_TOKEN',
]);
