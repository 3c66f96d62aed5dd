/**
 * docker-compose.yml as Compose itself reads it, without a Docker engine: Debian's docker-compose
 * (1.29, `apt-get install docker-compose`; .ci/run installs it) validates the file against its
 * schema and interpolates it (`docker-compose config`), with a .env made from .env.example.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'dummy-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'compose-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function requireBinary(): void {
  const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('docker-compose is missing: `apt-get install -y docker-compose` (Debian), as .ci/run does');
  }
}

/** .env.example with every empty variable (the secrets) given a dummy value. */
function envFile(name: string, fill: boolean): string {
  const text = readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .map((l) => (fill && /^[A-Z][A-Z0-9_]*=$/.test(l) ? `${l}${l.startsWith('BOT_TOKEN=') ? '' : SECRET}` : l))
    .join('\n');
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** `docker-compose config` with only PATH and HOME from this shell: no secret leaks in from it. */
function config(env: string, ...extra: string[]) {
  return spawnSync('docker-compose', ['--env-file', env, '-f', 'docker-compose.yml', ...extra, 'config'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
  });
}

interface Resolved {
  services: Record<string, { environment?: Record<string, string | null>; profiles?: string[] }>;
  volumes: Record<string, unknown>;
}

describe('docker-compose config (Debian docker-compose)', () => {
  requireBinary();
  const filled = envFile('filled.env', true);

  it('accepts the file with a filled-in .env, and interpolates every secret from it', () => {
    const r = config(filled);
    expect(r.status, r.stderr).toBe(0);
    const out = parse(r.stdout) as Resolved;
    expect(Object.keys(out.services)).toEqual(
      expect.arrayContaining([
        'base',
        'relay',
        'inference',
        'projector',
        'scheduler',
        'bot',
        'etl',
        'ui',
        'rabbitmq',
        'postgres',
        'clickhouse',
        'prometheus',
        'grafana',
      ]),
    );
    // Only its profile starts the LLM (1.29 lists profiled services, with their profiles).
    expect(out.services.llm?.profiles).toEqual(['llm']);
    const env = (s: string) => out.services[s]!.environment ?? {};
    expect(env('inference').INFERENCE_API_KEYS).toBe(SECRET);
    expect(env('postgres').POSTGRES_PASSWORD).toBe(SECRET);
    expect(new URL(env('relay').DATABASE_URL!).password).toBe(SECRET);
    expect(new URL(env('relay').AMQP_URL!).password).toBe(SECRET);
    expect(env('grafana').GF_SECURITY_ADMIN_PASSWORD).toBe(SECRET);
    expect(Object.keys(out.volumes)).toEqual(expect.arrayContaining(['models', 'postgres-data', 'rabbitmq-data', 'clickhouse-data']));
  });

  it('adds the LLM with --profile llm, its key from the .env', () => {
    const r = config(filled, '--profile', 'llm');
    expect(r.status, r.stderr).toBe(0);
    const out = parse(r.stdout) as Resolved;
    expect(out.services.llm?.environment?.LLAMA_API_KEY).toBe(SECRET);
    expect(out.services.inference?.environment?.LLM_API_KEY).toBe(SECRET);
  });

  it('refuses to run with the secrets of .env.example left empty: no secret has a default', () => {
    const r = config(envFile('example.env', false));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/set [A-Z_]+ in \.env/);
  });

  it("renders RabbitMQ's definitions with the password, and refuses a missing or URL-unsafe one", () => {
    const out = join(dir, 'definitions.json');
    const run = (password: string | undefined) =>
      spawnSync('sh', [join(root, 'compose/rabbitmq/entrypoint.sh'), 'rabbitmq-server'], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          DEFINITIONS_TEMPLATE: join(root, 'compose/rabbitmq/definitions.json'),
          DEFINITIONS_OUT: out,
          RABBITMQ_IMAGE_ENTRYPOINT: 'true',
          ...(password === undefined ? {} : { RABBITMQ_DEFAULT_PASS: password }),
        },
      });
    const ok = run(SECRET);
    expect(ok.status, ok.stderr).toBe(0);
    const defs = JSON.parse(readFileSync(out, 'utf8')) as { users: { password: string }[] };
    expect(defs.users[0]!.password).toBe(SECRET);
    for (const bad of [undefined, '', 'with"quote', 'with space', 'a&b|c']) {
      const r = run(bad);
      expect(r.status, String(bad)).not.toBe(0);
      expect(r.stderr).toMatch(/RABBITMQ_PASSWORD/);
    }
  });

  it('is the version CI has', () => {
    expect(execFileSync('docker-compose', ['version', '--short'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+/);
  });
});
