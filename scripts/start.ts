import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../core/src/config';
import { migrateFromEnv } from '../core/src/bin/migrate';

const HELP = `Usage: pnpm start [--help]

Runs the whole system natively against the local PostgreSQL and RabbitMQ (scripts/services.sh
starts them and enables the RabbitMQ plugins first): applies migrations, then starts every
service as a child process with its output prefixed by its name. Ctrl-C stops them gracefully.
Settings come from the environment (see README, Configuration).

Services: `;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each deployable and the port of its /healthz /readyz /metrics. Grows with each service. */
const services = [
  { name: 'relay', entry: 'core/src/bin/relay.ts', opsPort: 9464 },
  { name: 'inference', entry: 'inference/src/main.ts', opsPort: 9465 },
  { name: 'projector', entry: 'projector/src/main.ts', opsPort: 9466 },
  { name: 'bot', entry: 'bot/src/main.ts', opsPort: 9467 },
];

/** Without a Telegram token the bot talks to the local Bot API emulator, started here too. */
const EMULATOR_PORT = 8443;
if (!process.env.BOT_TOKEN) {
  services.unshift({ name: 'telegram-emulator', entry: 'bot/src/emulator/main.ts', opsPort: 0 });
  process.env.TELEGRAM_API_ROOT ??= `http://127.0.0.1:${EMULATOR_PORT}`;
  process.env.TELEGRAM_EMULATOR_PORT ??= String(EMULATOR_PORT);
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP + services.map((s) => `${s.name} (ops on :${s.opsPort})`).join(', '));
  process.exit(0);
}

try {
  const config = loadConfig();
  const applied = await migrateFromEnv();
  console.log(`migrations: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'} (schema ${config.PG_SCHEMA})`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `cannot migrate: ${(err as Error).message}`);
  process.exit(1);
}

const children: ChildProcess[] = [];
let stopping = false;
for (const s of services) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, s.entry)], {
    cwd: root,
    env: { ...process.env, SERVICE_NAME: s.name, HTTP_PORT: String(s.opsPort) },
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
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
