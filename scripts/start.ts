import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../core/src/config';
import { migrateFromEnv } from '../core/src/bin/migrate';
import { seedRegistry } from '../core/src/models/seed';
import { clickHouseWiring, gatewayEnvFile, DEFAULT_GATEWAY_PORT, type ClickHouseWiring } from './start-clickhouse';

const HELP = `Usage: pnpm start [--help]

Runs the whole system natively against the local PostgreSQL and RabbitMQ (scripts/services.sh
starts them and enables the RabbitMQ plugins first): applies migrations, then starts every
service as a child process with its output prefixed by its name. Ctrl-C stops them gracefully.
Settings come from the environment (see README, Configuration).

ClickHouse: without CLICKHOUSE_URL it is embedded in the projector, which then serves it on
127.0.0.1:CLICKHOUSE_GATEWAY_PORT (default ${DEFAULT_GATEWAY_PORT}) for the etl; with no CLICKHOUSE_PASSWORD set, a
random one is made for the run. .data/start.env holds how to reach it from a shell while it runs
(\`set -a; . .data/start.env; set +a\` before \`pnpm etl ...\`).

Services: `;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Each deployable and the port of its /healthz /readyz /metrics (0: none). The etl comes after
 * the projector, whose ClickHouse gateway it uses (and waits for at start-up).
 */
const services = [
  { name: 'relay', entry: 'core/src/bin/relay.ts', opsPort: 9464 },
  { name: 'inference', entry: 'inference/src/main.ts', opsPort: 9465 },
  { name: 'projector', entry: 'projector/src/main.ts', opsPort: 9466 },
  { name: 'bot', entry: 'bot/src/main.ts', opsPort: 9467 },
  { name: 'etl', entry: 'etl/src/main.ts', opsPort: 9468 },
  { name: 'ui', entry: 'ui/src/main.ts', opsPort: 9469 },
];

/** Without a Telegram token the bot talks to the local Bot API emulator, started here too. */
const EMULATOR_PORT = 8443;
if (!process.env.BOT_TOKEN) {
  services.unshift({ name: 'telegram-emulator', entry: 'bot/src/emulator/main.ts', opsPort: 0 });
  process.env.TELEGRAM_API_ROOT ??= `http://127.0.0.1:${EMULATOR_PORT}`;
  process.env.TELEGRAM_EMULATOR_PORT ??= String(EMULATOR_PORT);
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP + services.map((s) => (s.opsPort ? `${s.name} (ops on :${s.opsPort})` : s.name)).join(', '));
  process.exit(0);
}

let clickhouse: ClickHouseWiring;
try {
  const config = loadConfig();
  clickhouse = clickHouseWiring(process.env, config, () => randomBytes(24).toString('hex'));
  // Models trained or registered locally go to .data/models (seeded from the committed ones),
  // never into the git tree; an explicit MODEL_REGISTRY_DIR is used as it is.
  if (!process.env.MODEL_REGISTRY_DIR) {
    process.env.MODEL_REGISTRY_DIR = path.join(root, '.data/models');
    const seeded = seedRegistry(path.join(root, 'inference/models'), process.env.MODEL_REGISTRY_DIR);
    const rel = path.relative(root, process.env.MODEL_REGISTRY_DIR);
    console.log(
      `models: registry ${rel}${seeded.copied.length ? ` (seeded ${seeded.copied.join(', ')})` : ''}; from a shell: MODEL_REGISTRY_DIR=${rel} pnpm models list`,
    );
  }
  // The UI's first admin for a local run: a random password kept in .data (mode 600), the same
  // on every start; an explicit UI_ADMIN_USER/UI_ADMIN_PASSWORD is used as it is.
  if (!process.env.UI_ADMIN_USER) {
    const file = path.join(root, '.data/ui-admin-password');
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
    process.env.UI_ADMIN_USER = 'admin';
    process.env.UI_ADMIN_PASSWORD = readFileSync(file, 'utf8').trim();
    console.log(`ui: http://${config.UI_HOST}:${config.UI_PORT}/ — user admin, password in ${path.relative(root, file)} (set when the UI had no admin)`);
  }
  const applied = await migrateFromEnv();
  console.log(`migrations: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'} (schema ${config.PG_SCHEMA})`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `cannot start: ${(err as Error).message}`);
  process.exit(1);
}

const ENV_FILE = path.join(root, '.data/start.env');
/** What a service gets beyond this environment. */
// The UI reads the marts as the etl does (through the gateway), and reaches the inference and
// ETL APIs with keys made for this run unless set.
const serviceKeys = {
  INFERENCE_API_KEYS: process.env.INFERENCE_API_KEYS ?? randomBytes(24).toString('hex'),
  ETL_API_TOKEN: process.env.ETL_API_TOKEN ?? randomBytes(24).toString('hex'),
};
const uiKeys = {
  UI_INFERENCE_API_KEY: process.env.UI_INFERENCE_API_KEY ?? serviceKeys.INFERENCE_API_KEYS.split(',')[0]!.trim(),
  ETL_API_TOKEN: serviceKeys.ETL_API_TOKEN,
};
const extraEnv: Partial<Record<string, Record<string, string>>> =
  clickhouse.mode === 'gateway'
    ? { projector: clickhouse.projector, etl: { ...clickhouse.etl, ...serviceKeys }, inference: serviceKeys, ui: { ...clickhouse.etl, ...uiKeys } }
    : { etl: serviceKeys, inference: serviceKeys, ui: uiKeys };
if (clickhouse.mode === 'gateway') {
  mkdirSync(path.dirname(ENV_FILE), { recursive: true });
  writeFileSync(ENV_FILE, gatewayEnvFile(clickhouse), { mode: 0o600 });
  const password = clickhouse.generatedPassword ? 'a random password for this run' : 'CLICKHOUSE_PASSWORD';
  console.log(`clickhouse: embedded in the projector, gateway ${clickhouse.url} (user ${clickhouse.user}, ${password}; see ${path.relative(root, ENV_FILE)})`);
}

const children: ChildProcess[] = [];
let stopping = false;
for (const s of services) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, s.entry)], {
    cwd: root,
    env: { ...process.env, ...extraEnv[s.name], SERVICE_NAME: s.name, HTTP_PORT: String(s.opsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${s.name}] `;
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on('data', (buf: Buffer) => process.stdout.write(buf.toString().replace(/^(?=.)/gm, prefix)));
  }
  child.on('exit', (code, signal) => {
    console.log(`${prefix}exited (${signal ?? code})`);
    if (!stopping) shutdown(1);
  });
  children.push(child);
  console.log(s.opsPort ? `${prefix}started: ops http://127.0.0.1:${s.opsPort}/healthz` : `${prefix}started`);
}

function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
    rmSync(ENV_FILE, { force: true });
    process.exit(code);
  });
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
