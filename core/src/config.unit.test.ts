import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from './config';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('loads the defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      SERVICE_NAME: 'napominalka',
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      PG_SCHEMA: 'napominalka',
      PG_POOL_MAX: 10,
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      AMQP_PREFIX: '',
      CONSUMER_PREFETCH: 500,
      CONSUMER_BATCH_SIZE: 200,
      CONSUMER_MAX_ATTEMPTS: 5,
      CONSUMER_RETRY_BASE_MS: 1000,
      RELAY_BATCH_SIZE: 500,
      RELAY_POLL_MS: 500,
      RELAY_LEADER_RETRY_MS: 1000,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 0,
      OTEL_ENABLED: false,
      CLICKHOUSE_USER: 'default',
      CLICKHOUSE_PASSWORD: '',
      CLICKHOUSE_DATABASE: 'napominalka',
      CLICKHOUSE_DATA_DIR: '.data/clickhouse',
      CLICKHOUSE_BATCH_SIZE: 1000,
    });
    expect(c.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(c.CLICKHOUSE_URL).toBeUndefined();
  });

  it('reads the ClickHouse settings and rejects bad ones', () => {
    const c = loadConfig({
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_USER: 'projector',
      CLICKHOUSE_PASSWORD: 's3cret',
      CLICKHOUSE_DATABASE: 'analytics_1',
      CLICKHOUSE_DATA_DIR: '/var/lib/napominalka/clickhouse',
      CLICKHOUSE_BATCH_SIZE: '5000',
    });
    expect(c).toMatchObject({
      CLICKHOUSE_URL: 'http://clickhouse:8123',
      CLICKHOUSE_USER: 'projector',
      CLICKHOUSE_PASSWORD: 's3cret',
      CLICKHOUSE_DATABASE: 'analytics_1',
      CLICKHOUSE_DATA_DIR: '/var/lib/napominalka/clickhouse',
      CLICKHOUSE_BATCH_SIZE: 5000,
    });
    const err = configError({ CLICKHOUSE_URL: 'tcp://clickhouse:9000', CLICKHOUSE_DATABASE: 'drop table; --', CLICKHOUSE_BATCH_SIZE: '0' });
    expect(err.issues.map((i) => i.split('=')[0]).sort()).toEqual(['CLICKHOUSE_BATCH_SIZE', 'CLICKHOUSE_DATABASE', 'CLICKHOUSE_URL']);
  });

  it('reads the gateway to the embedded ClickHouse: off unless a port is set, local by default', () => {
    expect(loadConfig({})).toMatchObject({ CLICKHOUSE_GATEWAY_PORT: 0, CLICKHOUSE_GATEWAY_HOST: '127.0.0.1' });
    expect(loadConfig({ CLICKHOUSE_GATEWAY_PORT: '8123', CLICKHOUSE_GATEWAY_HOST: '0.0.0.0' })).toMatchObject({
      CLICKHOUSE_GATEWAY_PORT: 8123,
      CLICKHOUSE_GATEWAY_HOST: '0.0.0.0',
    });
    expect(configError({ CLICKHOUSE_GATEWAY_PORT: '70000' }).issues[0]).toMatch(/^CLICKHOUSE_GATEWAY_PORT=/);
  });

  it('reads what a projector process runs and how its scheduler scans', () => {
    expect(loadConfig({}).PROJECTOR_COMPONENTS).toEqual(['postgres', 'scheduler', 'clickhouse']);
    expect(loadConfig({ PROJECTOR_COMPONENTS: ' scheduler ,postgres' }).PROJECTOR_COMPONENTS).toEqual(['scheduler', 'postgres']);
    expect(loadConfig({ SCHEDULER_POLL_MS: '100', SCHEDULER_BATCH_SIZE: '50' })).toMatchObject({ SCHEDULER_POLL_MS: 100, SCHEDULER_BATCH_SIZE: 50 });
    const err = configError({ PROJECTOR_COMPONENTS: 'postgres,relay', SCHEDULER_POLL_MS: '0' });
    expect(err.issues.map((i) => i.split('=')[0]).sort()).toEqual(['PROJECTOR_COMPONENTS', 'SCHEDULER_POLL_MS']);
  });

  it('reads the bot token and refuses one that is not a Telegram token', () => {
    expect(loadConfig({ BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwx' }).BOT_TOKEN).toBe('123456:ABCdefGHIjklMNOpqrSTUvwx');
    expect(loadConfig({}).TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    const err = configError({ BOT_TOKEN: 'not-a-token-but-secret', TELEGRAM_API_ROOT: 'ftp://x' });
    expect(err.issues.map((i) => i.split('=')[0]).sort()).toEqual(['BOT_TOKEN', 'TELEGRAM_API_ROOT']);
    // Secrets are named, never printed.
    expect(err.message).not.toContain('not-a-token-but-secret');
  });

  it('requires a secret for webhook mode and never prints it', () => {
    expect(loadConfig({}).BOT_WEBHOOK_URL).toBeUndefined();
    expect(() => loadConfig({ BOT_WEBHOOK_URL: 'https://bot.example.org/tg' })).toThrow(/BOT_WEBHOOK_SECRET=undefined: required when BOT_WEBHOOK_URL is set/);
    expect(loadConfig({ BOT_WEBHOOK_URL: 'https://bot.example.org/tg', BOT_WEBHOOK_SECRET: 's3cret-s3cret-s3cret' }).BOT_WEBHOOK_PORT).toBe(8444);
    const err = configError({ BOT_WEBHOOK_SECRET: 'bad secret with spaces' });
    expect(err.issues.map((i) => i.split('=')[0])).toEqual(['BOT_WEBHOOK_SECRET']);
    expect(err.message).not.toContain('bad secret');
    expect(loadConfig({ TELEGRAM_GLOBAL_RATE: '1000', BOT_FLOOD_LIMIT: '5' })).toMatchObject({ TELEGRAM_GLOBAL_RATE: 1000, BOT_FLOOD_LIMIT: 5 });
  });

  it('requires an LLM API key only when the LLM fallback is enabled', () => {
    expect(loadConfig({ LLM_ENABLED: 'false' }).LLM_ENABLED).toBe(false);
    expect(loadConfig({ LLM_ENABLED: 'true', LLM_API_KEY: 'k' }).LLM_API_KEY).toBe('k');
    expect(() => loadConfig({ LLM_ENABLED: 'true' })).toThrow(/LLM_API_KEY=undefined: required when LLM_ENABLED is true/);
    expect(() => loadConfig({ LLM_TIMEOUT_MS: '5000' })).toThrow(/LLM_TIMEOUT_MS/);
  });

  it('gives every key of the schema a value or an explicit optional', () => {
    const c = loadConfig({});
    const missing = Object.keys(configSchema.shape).filter((k) => !(k in c) || c[k as keyof typeof c] === undefined);
    expect(missing.sort()).toEqual([
      'ADMIN_CHAT_ID',
      'BOT_TOKEN',
      'BOT_WEBHOOK_SECRET',
      'BOT_WEBHOOK_URL',
      'CLICKHOUSE_URL',
      'ETL_API_TOKEN',
      'INFERENCE_API_KEYS',
      'LLM_API_KEY',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'UI_ADMIN_PASSWORD',
      'UI_ADMIN_USER',
      'UI_INFERENCE_API_KEY',
    ]);
  });

  it('parses and coerces provided values', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      PG_POOL_MAX: '25',
      PG_SCHEMA: 'napominalka_test_1',
      HTTP_PORT: '9464',
      OTEL_ENABLED: '1',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      AMQP_PREFIX: 'test-1.a_b',
    });
    expect(c).toMatchObject({
      NODE_ENV: 'production',
      PG_POOL_MAX: 25,
      PG_SCHEMA: 'napominalka_test_1',
      HTTP_PORT: 9464,
      OTEL_ENABLED: true,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
      AMQP_PREFIX: 'test-1.a_b',
    });
    expect(loadConfig({ OTEL_ENABLED: 'true' }).OTEL_ENABLED).toBe(true);
    expect(loadConfig({ OTEL_ENABLED: 'false' }).OTEL_ENABLED).toBe(false);
    expect(loadConfig({ OTEL_ENABLED: '0' }).OTEL_ENABLED).toBe(false);
  });

  it('treats an empty string as unset, so the default applies', () => {
    const c = loadConfig({
      PG_POOL_MAX: '',
      DATABASE_URL: '',
      PG_SCHEMA: '',
      OTEL_ENABLED: '',
      HTTP_PORT: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      LOG_LEVEL: '',
    });
    expect(c).toMatchObject({
      PG_POOL_MAX: 10,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      PG_SCHEMA: 'napominalka',
      OTEL_ENABLED: false,
      HTTP_PORT: 0,
      LOG_LEVEL: 'info',
    });
    expect(c.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  it('ignores variables outside the schema', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', SOMETHING_ELSE: '???' })).not.toThrow();
  });

  it('throws one ConfigError naming every bad variable', () => {
    const err = configError({
      PG_POOL_MAX: 'abc',
      DATABASE_URL: 'notaurl',
      PG_SCHEMA: 'Bad-Name',
      OTEL_ENABLED: 'yes',
      HTTP_PORT: '70000',
      LOG_LEVEL: 'verbose',
      AMQP_PREFIX: 'has space',
      CONSUMER_PREFETCH: '0',
      SERVICE_NAME: 'ok-service',
    });
    const bad = ['PG_POOL_MAX', 'DATABASE_URL', 'PG_SCHEMA', 'OTEL_ENABLED', 'HTTP_PORT', 'LOG_LEVEL', 'AMQP_PREFIX', 'CONSUMER_PREFETCH'];
    for (const name of bad) expect(err.message).toContain(`${name}=`);
    expect(err.issues).toHaveLength(bad.length);
    expect(err.issues.map((i) => i.split('=')[0]).sort()).toEqual([...bad].sort());
    expect(err.message).not.toContain('SERVICE_NAME');
    // the offending value is quoted so the operator can see what was read
    expect(err.message).toContain('PG_POOL_MAX="abc"');
    expect(err.message).toContain('PG_SCHEMA="Bad-Name"');
    expect(err.message).toContain('lower-case SQL identifier');
    expect(err.name).toBe('ConfigError');
  });

  it('rejects a non-integer or out-of-range number', () => {
    expect(configError({ PG_POOL_MAX: '2.5' }).issues[0]).toMatch(/^PG_POOL_MAX=/);
    expect(configError({ PG_POOL_MAX: '0' }).issues[0]).toMatch(/^PG_POOL_MAX=/);
    expect(configError({ PG_POOL_MAX: '201' }).issues[0]).toMatch(/^PG_POOL_MAX=/);
    expect(configError({ OTEL_EXPORTER_OTLP_ENDPOINT: '//collector:4318' }).issues[0]).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=/);
  });
});
