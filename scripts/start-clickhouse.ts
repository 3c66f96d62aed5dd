import type { Config } from '../core/src/config';

/** The gateway's port under `pnpm start` when CLICKHOUSE_GATEWAY_PORT is not set: ClickHouse's own HTTP port. */
export const DEFAULT_GATEWAY_PORT = 8123;

/**
 * How `pnpm start` connects the ETL to ClickHouse. With a ClickHouse server (CLICKHOUSE_URL set)
 * every service uses it as it is. Without one the engine is embedded in the projector and binds
 * its data directory to that process, so the projector opens its gateway and the ETL goes through
 * it; the projector itself never gets CLICKHOUSE_URL (it would stop embedding the engine).
 */
export type ClickHouseWiring =
  | { mode: 'server' }
  | {
      mode: 'gateway';
      url: string;
      /** Extra environment of the projector and of the ETL. */
      projector: Record<string, string>;
      etl: Record<string, string>;
      /** Whether the password was made for this run (none was set). */
      generatedPassword: boolean;
      user: string;
    };

/** A host the ETL can dial for a gateway bound to `host` (a wildcard means this machine). */
function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The wiring for this environment. An empty or unset CLICKHOUSE_PASSWORD gets `newPassword()`:
 * the gateway would otherwise let in anyone on the machine as `default` with no password.
 */
export function clickHouseWiring(
  env: Readonly<Record<string, string | undefined>>,
  config: Pick<Config, 'CLICKHOUSE_URL' | 'CLICKHOUSE_GATEWAY_HOST' | 'CLICKHOUSE_USER'>,
  newPassword: () => string,
): ClickHouseWiring {
  if (config.CLICKHOUSE_URL) return { mode: 'server' };
  const port = env.CLICKHOUSE_GATEWAY_PORT ? Number(env.CLICKHOUSE_GATEWAY_PORT) : DEFAULT_GATEWAY_PORT;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(
      `CLICKHOUSE_GATEWAY_PORT=${env.CLICKHOUSE_GATEWAY_PORT}: pnpm start needs the projector's ClickHouse gateway for the ETL; set a port (default ${DEFAULT_GATEWAY_PORT}) or CLICKHOUSE_URL`,
    );
  }
  const generatedPassword = !env.CLICKHOUSE_PASSWORD;
  const password = env.CLICKHOUSE_PASSWORD || newPassword();
  const url = `http://${dialHost(config.CLICKHOUSE_GATEWAY_HOST)}:${port}`;
  return {
    mode: 'gateway',
    url,
    projector: { CLICKHOUSE_GATEWAY_PORT: String(port), CLICKHOUSE_PASSWORD: password },
    etl: { CLICKHOUSE_URL: url, CLICKHOUSE_PASSWORD: password },
    generatedPassword,
    user: config.CLICKHOUSE_USER,
  };
}

const shellQuoted = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** What a shell sources (`set -a; . .data/start.env`) to reach the gateway too, e.g. for `pnpm etl`. */
export function gatewayEnvFile(wiring: Extract<ClickHouseWiring, { mode: 'gateway' }>): string {
  const vars = { ...wiring.etl, CLICKHOUSE_USER: wiring.user };
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${shellQuoted(v)}`);
  return `# Written by pnpm start while it runs: how to reach its ClickHouse gateway.\n${lines.join('\n')}\n`;
}
