import { describe, expect, it } from 'vitest';
import { clickHouseWiring, gatewayEnvFile } from './start-clickhouse';

const config = { CLICKHOUSE_URL: undefined, CLICKHOUSE_GATEWAY_HOST: '127.0.0.1', CLICKHOUSE_USER: 'default' };
const fresh = () => 'f'.repeat(48);

describe('pnpm start: ClickHouse for the ETL', () => {
  it('uses a ClickHouse server as it is: no gateway, nothing added', () => {
    expect(clickHouseWiring({ CLICKHOUSE_URL: 'http://ch:8123' }, { ...config, CLICKHOUSE_URL: 'http://ch:8123' }, fresh)).toEqual({ mode: 'server' });
  });

  it('embedded: the projector opens its gateway on 8123 and the ETL dials it with the same password; the projector gets no URL', () => {
    const w = clickHouseWiring({}, config, fresh);
    expect(w).toEqual({
      mode: 'gateway',
      url: 'http://127.0.0.1:8123',
      projector: { CLICKHOUSE_GATEWAY_PORT: '8123', CLICKHOUSE_PASSWORD: fresh() },
      etl: { CLICKHOUSE_URL: 'http://127.0.0.1:8123', CLICKHOUSE_PASSWORD: fresh() },
      generatedPassword: true,
      user: 'default',
    });
  });

  it('keeps a password and port that are set, and dials this machine for a wildcard host', () => {
    const w = clickHouseWiring({ CLICKHOUSE_GATEWAY_PORT: '18123', CLICKHOUSE_PASSWORD: 's3cret' }, { ...config, CLICKHOUSE_GATEWAY_HOST: '0.0.0.0' }, fresh);
    expect(w).toMatchObject({
      url: 'http://127.0.0.1:18123',
      generatedPassword: false,
      etl: { CLICKHOUSE_PASSWORD: 's3cret' },
      projector: { CLICKHOUSE_GATEWAY_PORT: '18123' },
    });
    expect(clickHouseWiring({}, { ...config, CLICKHOUSE_GATEWAY_HOST: '::1' }, fresh)).toMatchObject({ url: 'http://[::1]:8123' });
  });

  it('an empty password counts as none', () => {
    expect(clickHouseWiring({ CLICKHOUSE_PASSWORD: '' }, config, fresh)).toMatchObject({ generatedPassword: true, etl: { CLICKHOUSE_PASSWORD: fresh() } });
  });

  it('refuses a gateway switched off (port 0): the ETL could not reach ClickHouse', () => {
    expect(() => clickHouseWiring({ CLICKHOUSE_GATEWAY_PORT: '0' }, config, fresh)).toThrow(/CLICKHOUSE_GATEWAY_PORT=0: pnpm start needs/);
  });

  it('writes an env file with every value single-quoted for a POSIX shell', () => {
    const w = clickHouseWiring({ CLICKHOUSE_PASSWORD: `it's $HOME` }, config, fresh);
    if (w.mode !== 'gateway') throw new Error('expected the gateway');
    expect(gatewayEnvFile(w).split('\n').slice(1)).toEqual([
      "CLICKHOUSE_URL='http://127.0.0.1:8123'",
      "CLICKHOUSE_PASSWORD='it'\\''s $HOME'",
      "CLICKHOUSE_USER='default'",
      '',
    ]);
  });
});
