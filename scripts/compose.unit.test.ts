/**
 * Static checks of the Docker setup, which cannot be run on a machine without a Docker engine:
 * docker-compose.yml, the Dockerfiles it builds, the Prometheus and Grafana configuration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../core/src/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const yamlFile = (path: string) => parse(read(path), { merge: true }) as Record<string, unknown>;

/** Every metric the services export (core/src/observability/metrics.ts). */
const METRICS = [
  'napominalka_events_appended_total',
  'napominalka_events_published_total',
  'napominalka_events_consumed_total',
  'napominalka_relay_lag_events',
  'napominalka_consumer_lag_events',
  'napominalka_relay_leader',
  'napominalka_handler_duration_seconds',
  'napominalka_consumer_retries_total',
  'napominalka_consumer_parked_total',
  'napominalka_reminders_fired_total',
  'napominalka_scheduler_lateness_seconds',
  'napominalka_bot_updates_total',
  'napominalka_bot_messages_total',
  'napominalka_bot_delivery_lateness_seconds',
  'napominalka_bot_outbox_pending',
];
const HISTOGRAMS = ['napominalka_handler_duration_seconds', 'napominalka_scheduler_lateness_seconds', 'napominalka_bot_delivery_lateness_seconds'];

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> };
  profiles?: string[];
  pull_policy?: string;
  restart?: string;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  ports?: (string | number | { target?: number; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean; start_period?: string };
  deploy?: { replicas?: number; resources?: { limits?: { cpus?: string | number; memory?: string } } };
}

const compose = yamlFile('docker-compose.yml') as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const serviceNames = Object.keys(services);
/** The build-only service: it makes the base image the others are FROM, and its container only exits. */
const BASE = 'base';
/** Services built from this repository: they read their settings through core/src/config.ts. */
const ours = Object.entries(services).filter(([name, s]) => s.build !== undefined && name !== BASE);
/** Services that run (all but the build-only base). */
const running = serviceNames.filter((n) => n !== BASE);
/** A variable's name that says it holds a secret. */
const SECRET_NAME = /(KEY|KEYS|PASS|PASSWORD|SECRET|TOKEN)$/;
/** What the tests give a required variable (`${X:?message}`), as a .env would. */
const DUMMY_SECRET = 'dummy-secret-0123456789';

function environment(s: Service): Record<string, string> {
  if (!s.environment) return {};
  if (Array.isArray(s.environment)) {
    return Object.fromEntries(
      s.environment.map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, ''] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

/**
 * Compose interpolation with an environment holding only the required variables (`${X:?message}`,
 * given DUMMY_SECRET): `${X:-default}`, `${X-default}`, `${X}`, `$$`.
 */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, _n, op, def) => {
    if (m === '$$') return '$';
    if (op === ':?' || op === '?') return DUMMY_SECRET;
    return (def as string | undefined) ?? '';
  });
}

/** Every `${NAME…}` reference of a text, with its operator and default. */
function references(text: string): { name: string; op: string; arg: string }[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)].map((m) => ({ name: m[1]!, op: m[2] ?? '', arg: m[3] ?? '' }));
}

function buildOf(s: Service): { context: string; dockerfile: string } {
  const b = typeof s.build === 'string' ? { context: s.build } : (s.build ?? {});
  const context = join(root, b.context ?? '.');
  return { context, dockerfile: join(context, b.dockerfile ?? 'Dockerfile') };
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  const out: { op: string; args: string }[] = [];
  let pending = '';
  for (const raw of readFileSync(dockerfile, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const full = pending + line;
    pending = '';
    const m = /^(\w+)\s+(.*)$/.exec(full);
    if (m) out.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim() });
  }
  return out;
}

/** Sources of a COPY/ADD taken from the build context (not `--from=` another stage). */
function copySources(args: string): string[] | null {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  if (flags.some((f) => f.startsWith('--from='))) return null;
  const rest = args.slice(flags.reduce((n, f) => args.indexOf(f, n) + f.length, 0)).trim();
  const paths = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : rest.split(/\s+/);
  return paths.slice(0, -1);
}

/** The Dockerfile of the base image the service Dockerfiles are FROM (`ARG BASE_IMAGE`). */
const baseDockerfile = () => buildOf(services[BASE]!).dockerfile;

/** Paths a service's image holds from the build context: its own COPYs and, FROM the base, the base's. */
function copiedInto(dockerfile: string): string[] {
  const ops = instructions(dockerfile);
  const own = ops.filter((i) => i.op === 'COPY').flatMap((i) => copySources(i.args) ?? []);
  const fromBase = ops.some((i) => i.op === 'FROM' && i.args.startsWith('${BASE_IMAGE}'));
  return fromBase ? [...own, ...copiedInto(baseDockerfile())] : own;
}

function dockerignore(context: string): string[] {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
}

/** Whether a .dockerignore pattern (plain paths and `**`/`*` globs) excludes a context path. */
function ignored(pattern: string, path: string): boolean {
  const p = pattern.replace(/^\/+|\/+$/g, '');
  const rx = new RegExp(
    '^' +
      p
        .split('/')
        .map((seg) =>
          seg === '**'
            ? '(?:.*/)?'
            : seg
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]') + '/',
        )
        .join('')
        .replace(/\/$/, '') +
      '(?:/.*)?$',
  );
  return rx.test(path.replace(/^\.\/|\/+$/g, '').replace(/^\.$/, ''));
}

function workspacePackages(): string[] {
  const ws = yamlFile('pnpm-workspace.yaml') as { packages: string[] };
  return ws.packages;
}

type Volume = NonNullable<Service['volumes']>[number];

function hostPath(volume: Volume): { source: string; target: string } {
  if (typeof volume === 'string') {
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  }
  return { source: volume.source ?? '', target: volume.target ?? '' };
}
const isHostPath = (source: string) => source.startsWith('.') || source.startsWith('/') || source.startsWith('~');

describe('docker-compose.yml', () => {
  it('defines the backbone services', () => {
    expect(serviceNames).toEqual(
      expect.arrayContaining([
        'base',
        'rabbitmq',
        'postgres',
        'clickhouse',
        'relay',
        'inference',
        'projector',
        'scheduler',
        'bot',
        'etl',
        'ui',
        'prometheus',
        'grafana',
        'llm',
      ]),
    );
  });

  it.each(running)('%s has a healthcheck', (name) => {
    const hc = services[name]!.healthcheck;
    expect(hc, `${name}: healthcheck`).toBeDefined();
    expect(hc!.disable).not.toBe(true);
    expect(hc!.test?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(serviceNames)('%s waits for healthy dependencies', (name) => {
    const deps = services[name]!.depends_on;
    if (!deps) return;
    expect(Array.isArray(deps), `${name}: depends_on must name a condition`).toBe(false);
    for (const [dep, opts] of Object.entries(deps as Record<string, { condition?: string }>)) {
      expect(serviceNames, `${name} depends on unknown ${dep}`).toContain(dep);
      if (dep === BASE) {
        // The base image is built, its container has exited: the FROM finds the image.
        expect(opts.condition, `${name} -> ${dep}`).toBe('service_completed_successfully');
        continue;
      }
      expect(opts.condition, `${name} -> ${dep}`).toBe('service_healthy');
      expect(services[dep]!.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
      // A service of the default set never waits for one that only a profile starts.
      if (!services[name]!.profiles) expect(services[dep]!.profiles, `${name} -> ${dep}`).toBeUndefined();
    }
  });

  it.each(running)('%s restarts unless stopped, and has resource limits', (name) => {
    const s = services[name]!;
    expect(s.restart, `${name}: restart`).toBe('unless-stopped');
    if (s.build !== undefined || s.profiles) {
      expect(s.deploy?.resources?.limits?.cpus, `${name}: cpus`).toBeDefined();
      expect(s.deploy?.resources?.limits?.memory, `${name}: memory`).toBeDefined();
    }
  });

  it('keeps state in named volumes, one per store', () => {
    const named = (name: string) => services[name]!.volumes!.map(hostPath).filter((v) => !isHostPath(v.source));
    expect(named('postgres').map((v) => v.target)).toContain('/var/lib/postgresql/data');
    expect(named('rabbitmq').map((v) => v.target)).toContain('/var/lib/rabbitmq');
    expect(named('clickhouse').map((v) => v.target)).toContain('/var/lib/clickhouse');
    expect(named('prometheus').map((v) => v.target)).toContain('/prometheus');
    expect(named('llm').map((v) => v.target)).toContain('/models');
  });

  it('builds the base image once; every service image is FROM it and waits for it', () => {
    const base = services[BASE]!;
    expect(buildOf(base).dockerfile).toBe(join(root, 'Dockerfile.base'));
    expect(base.image).toBeDefined();
    expect(base.restart).toBe('no');
    // Images made here are built, never pulled (napominalka/* is on no registry compose knows).
    for (const [name, s] of [[BASE, base] as const, ...ours]) expect(s.pull_policy, name).toBe('build');
    for (const [name, s] of ours) {
      if (typeof s.build === 'string' || !s.build) throw new Error(`${name}: build needs args`);
      expect(s.build.args?.BASE_IMAGE, `${name}: BASE_IMAGE`).toBe(base.image);
      expect(Object.keys(s.depends_on ?? {}), `${name}: depends_on`).toContain(BASE);
      const from = instructions(buildOf(s).dockerfile).filter((i) => i.op === 'FROM');
      expect(
        from.map((i) => i.args),
        `${name}: FROM`,
      ).toEqual(['${BASE_IMAGE}']);
      const arg = instructions(buildOf(s).dockerfile).find((i) => i.op === 'ARG' && i.args.startsWith('BASE_IMAGE='));
      expect(arg?.args, `${name}: ARG BASE_IMAGE default`).toBe(`BASE_IMAGE=${base.image}`);
    }
    // The dependency install runs in the base only.
    for (const [name, s] of ours) {
      expect(
        instructions(buildOf(s).dockerfile).some((i) => i.op === 'RUN' && /pnpm install/.test(i.args)),
        name,
      ).toBe(false);
    }
  });

  it('mounts only existing host paths and declared named volumes', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, s] of Object.entries(services)) {
      for (const v of s.volumes ?? []) {
        const { source, target } = hostPath(v);
        expect(target, `${name}: ${JSON.stringify(v)}`).toMatch(/^\//);
        if (isHostPath(source)) expect(existsSync(join(root, source)), `${name}: ${source} does not exist`).toBe(true);
        else expect(declared, `${name}: volume ${source} is not declared`).toContain(source);
      }
    }
  });

  it('the RabbitMQ plugin file enables the plugins scripts/services.sh enables', () => {
    const plugins = read('compose/rabbitmq/enabled_plugins').trim();
    expect(plugins).toMatch(/^\[[a-z_,\s]*\]\.$/);
    const listed = plugins
      .slice(1, -2)
      .split(',')
      .map((p) => p.trim())
      .sort();
    const native = /^PLUGINS="([^"]+)"/m.exec(read('scripts/services.sh'))![1]!.split(/\s+/).sort();
    expect(listed).toEqual(native);
    expect(services.rabbitmq!.volumes!.map((v) => hostPath(v).target)).toContain('/etc/rabbitmq/enabled_plugins');
  });

  it('keeps no secrets: secrets come from the environment, required ones with no default', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [k, v] of Object.entries(environment(s))) {
        if (SECRET_NAME.test(k)) expect(v, `${name}.${k}`).toMatch(/^\$\{[A-Z_]+(:\?[^}]*|:-)?\}$/);
      }
    }
  });

  it('gives no secret-like variable a default anywhere (`${PASSWORD:-x}` fails)', () => {
    const refs = references(read('docker-compose.yml')).filter((r) => SECRET_NAME.test(r.name));
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) {
      if (r.op === ':-' || r.op === '-') expect(r.arg, `\${${r.name}${r.op}${r.arg}}`).toBe('');
    }
    // The stores' passwords and the API keys are required: compose refuses to start without them.
    const required = new Set(refs.filter((r) => r.op === ':?').map((r) => r.name));
    for (const v of ['POSTGRES_PASSWORD', 'RABBITMQ_PASSWORD', 'CLICKHOUSE_PASSWORD', 'INFERENCE_API_KEYS', 'ETL_API_TOKEN', 'GRAFANA_ADMIN_PASSWORD']) {
      expect(required, v).toContain(v);
    }
  });

  it('runs the LLM under the llm profile, with an API key, CPU/RAM limits and a models volume', () => {
    const llm = services.llm!;
    expect(llm.image).toMatch(/^ghcr\.io\/ggml-org\/llama\.cpp:server/);
    expect(llm.profiles).toEqual(['llm']);
    expect(environment(llm).LLAMA_API_KEY).toBe('${LLM_API_KEY:-}');
    // An empty key would serve without auth: the entrypoint refuses to start instead.
    expect(JSON.stringify(llm)).toContain('[ -n \\"$$LLAMA_API_KEY\\" ] ||');
    expect(llm.deploy?.resources?.limits?.cpus).toBeDefined();
    expect(llm.deploy?.resources?.limits?.memory).toBeDefined();
    const inference = environment(services.inference!);
    const url = new URL(inference.LLM_BASE_URL!);
    expect(url.hostname).toBe('llm');
    expect(JSON.stringify(llm.entrypoint)).toContain(`--port ${url.port}`);
    expect(inference.LLM_API_KEY).toBe(environment(llm).LLAMA_API_KEY);
    expect(inference.LLM_MODEL).toBe(environment(llm).LLM_MODEL);
  });

  describe.each(ours)('service %s (built from this repository)', (name, s) => {
    it('builds from an existing Dockerfile', () => {
      const { context, dockerfile } = buildOf(s);
      expect(statSync(context).isDirectory()).toBe(true);
      expect(existsSync(dockerfile), dockerfile).toBe(true);
    });

    it('sets only variables core/src/config.ts reads, with values it accepts', () => {
      const env = environment(s);
      const known = Object.keys(configSchema.shape);
      for (const key of Object.keys(env)) expect(known, `${name}: unknown setting ${key}`).toContain(key);
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));
      expect(() => loadConfig(resolved)).not.toThrow();
      expect(resolved.SERVICE_NAME, `${name}: SERVICE_NAME`).toBeTruthy();
    });

    it('has resource limits', () => {
      const limits = s.deploy?.resources?.limits;
      expect(limits?.cpus).toBeDefined();
      expect(limits?.memory).toBeDefined();
    });

    it('runs code its image holds', () => {
      const command = Array.isArray(s.command) ? s.command : (s.command ?? '').split(/\s+/);
      const entry = command.find((w) => w.endsWith('.ts'));
      expect(entry, `${name}: command ${JSON.stringify(s.command)}`).toBeDefined();
      expect(existsSync(join(root, entry!)), entry).toBe(true);
      const copied = copiedInto(buildOf(s).dockerfile);
      expect(
        copied.some((src) => entry!.startsWith(`${src.replace(/\/$/, '')}/`)),
        `${name}: ${entry} is not copied into the image`,
      ).toBe(true);
    });
  });

  it('runs two relays (leader and standby) that listen for the healthcheck and Prometheus', () => {
    const relay = services.relay!;
    expect(relay.deploy?.replicas).toBe(2);
    const env = environment(relay);
    expect(env.HTTP_HOST).toBe('0.0.0.0');
    expect(env.HTTP_PORT).toBe('9464');
    expect(JSON.stringify(relay.healthcheck!.test)).toContain(':9464/healthz');
    // Two replicas cannot both publish a fixed host port.
    expect(relay.ports ?? []).toEqual([]);
  });
});

describe('RabbitMQ', () => {
  const rabbit = services.rabbitmq!;
  const env = environment(rabbit);
  const mounts = rabbit.volumes!.map(hostPath);
  const definitions = JSON.parse(read('compose/rabbitmq/definitions.json')) as {
    users: { name: string; password?: string; password_hash?: string }[];
    vhosts: { name: string; default_queue_type?: string }[];
    permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  };
  const conf = Object.fromEntries(
    read('compose/rabbitmq/napominalka.conf')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split('=').map((x) => x.trim()) as [string, string]),
  );
  const entrypoint = read('compose/rabbitmq/entrypoint.sh');

  it('makes quorum the default queue type, globally and for the vhost', () => {
    expect(conf.default_queue_type).toBe('quorum');
    expect(definitions.vhosts).toContainEqual(expect.objectContaining({ name: '/', default_queue_type: 'quorum' }));
    expect(mounts).toContainEqual({ source: './compose/rabbitmq/napominalka.conf', target: '/etc/rabbitmq/conf.d/20-napominalka.conf' });
  });

  it("loads definitions of the services' user, with full permissions on the vhost and no password in git", () => {
    const user = interpolate(env.RABBITMQ_DEFAULT_USER!);
    expect(definitions.users.map((u) => u.name)).toEqual([user]);
    expect(definitions.users[0]!.password).toBe('@RABBITMQ_PASSWORD@');
    expect(definitions.users[0]!.password_hash).toBeUndefined();
    expect(definitions.permissions).toEqual([{ user, vhost: '/', configure: '.*', write: '.*', read: '.*' }]);
    // The services log in as that user.
    expect(new URL(interpolate(environment(services.relay!).AMQP_URL!)).username).toBe(user);
  });

  it('renders the definitions where the broker loads them, from the mounted template, before the image entrypoint', () => {
    expect(rabbit.entrypoint).toEqual(['/bin/sh', '/etc/rabbitmq/napominalka/entrypoint.sh']);
    expect(rabbit.command).toEqual(['rabbitmq-server']);
    expect(mounts).toContainEqual({ source: './compose/rabbitmq/entrypoint.sh', target: '/etc/rabbitmq/napominalka/entrypoint.sh' });
    expect(mounts).toContainEqual({ source: './compose/rabbitmq/definitions.json', target: '/etc/rabbitmq/napominalka/definitions.json' });
    expect(entrypoint).toContain(`out=\${DEFINITIONS_OUT:-${conf.load_definitions}}`);
    expect(entrypoint).toContain('template=${DEFINITIONS_TEMPLATE:-/etc/rabbitmq/napominalka/definitions.json}');
    // Rendered onto the data volume, which only the broker reads.
    expect(conf.load_definitions!.startsWith('/var/lib/rabbitmq/')).toBe(true);
  });
});

describe('the etl service', () => {
  const etl = services.etl!;
  const env = environment(etl);
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));

  it('starts once Postgres, ClickHouse and RabbitMQ are healthy, and is healthy when ready', () => {
    expect(Object.keys(etl.depends_on ?? {}).sort()).toEqual(['base', 'clickhouse', 'postgres', 'rabbitmq']);
    expect(env.HTTP_HOST).toBe('0.0.0.0');
    expect(env.HTTP_PORT).toBe('9464');
    expect(JSON.stringify(etl.healthcheck!.test)).toContain(':9464/readyz');
    expect(etl.ports ?? []).toEqual([]);
  });

  it('reads the ClickHouse server with the credentials the server is given', () => {
    const server = environment(services.clickhouse!);
    expect(new URL(resolved.CLICKHOUSE_URL!).host).toBe('clickhouse:8123');
    expect(env.CLICKHOUSE_USER).toBe(server.CLICKHOUSE_USER);
    expect(env.CLICKHOUSE_PASSWORD).toBe(server.CLICKHOUSE_PASSWORD);
    expect(env.CLICKHOUSE_DATABASE).toBe(server.CLICKHOUSE_DB);
    // The projector writes where the ETL reads.
    const projector = environment(services.projector!);
    for (const k of ['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_DATABASE']) expect(env[k], k).toBe(projector[k]);
  });

  it("reads queue depths from RabbitMQ's management API as the broker's user", () => {
    const rabbit = environment(services.rabbitmq!);
    const url = new URL(resolved.RABBITMQ_MANAGEMENT_URL!);
    expect(url.host).toBe('rabbitmq:15672');
    expect(url.username).toBe(interpolate(rabbit.RABBITMQ_DEFAULT_USER!));
    expect(url.password).toBe(interpolate(rabbit.RABBITMQ_DEFAULT_PASS!));
    // The password comes from the same variable as the broker's own.
    expect(env.RABBITMQ_MANAGEMENT_URL).toContain(rabbit.RABBITMQ_DEFAULT_PASS!);
  });

  it('passes ADMIN_CHAT_ID through, as the bot that sends the alerts does', () => {
    expect(env.ADMIN_CHAT_ID).toMatch(/^\$\{ADMIN_CHAT_ID(:-)?\}$/);
    expect(environment(services.bot!).ADMIN_CHAT_ID).toBe(env.ADMIN_CHAT_ID);
  });

  it('has the training profiles its drift reports compare with in its image', () => {
    const copied = copiedInto(buildOf(etl).dockerfile);
    expect(copied).toContain('inference/models');
    expect(copied).toContain('etl/src');
  });
});

/** A compose memory size ("384M", "1g", "512MB") in MiB. */
function mebibytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(size.trim());
  if (!m) throw new Error(`not a memory size: ${size}`);
  const unit = { '': 1 / 2 ** 20, b: 1 / 2 ** 20, k: 1 / 1024, m: 1, g: 1024 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

describe('the inference service', () => {
  /** What bench:inference (scripts/bench/inference/) holds the process to (VmHWM, docs/benchmarks.md). */
  const RSS_TARGET_MB = 300;
  const inference = services.inference!;
  const env = environment(inference);

  it('is ready only when its model and Postgres are: the healthcheck asks /readyz on the ops port', () => {
    expect(env.HTTP_HOST).toBe('0.0.0.0');
    expect(env.HTTP_PORT).toBe('9464');
    expect(JSON.stringify(inference.healthcheck!.test)).toContain(':9464/readyz');
    // Loading and warming up the model takes seconds: failures then do not count.
    expect(inference.healthcheck!.start_period).toMatch(/^\d+s$/);
    expect(Number.parseInt(inference.healthcheck!.start_period!, 10)).toBeGreaterThanOrEqual(20);
  });

  it('serves /v1/parse on its published port', () => {
    expect(env.INFERENCE_HOST).toBe('0.0.0.0');
    expect(env.INFERENCE_PORT).toBe('8081');
    expect((inference.ports ?? []).map(String)).toContain('8081:8081');
    expect(env.INFERENCE_API_KEYS).toMatch(/^\$\{INFERENCE_API_KEYS:\?[^}]*\}$/);
  });

  it(`has a memory limit of the ${RSS_TARGET_MB} MB RSS target plus headroom, and a CPU limit`, () => {
    const limits = inference.deploy!.resources!.limits!;
    const mb = mebibytes(String(limits.memory));
    // Headroom over the target for the page cache and tsx's esbuild helper, counted in the container...
    expect(mb).toBeGreaterThanOrEqual(RSS_TARGET_MB * 1.2);
    // ...but not so much that a process far over its target would go unnoticed until the host runs out.
    expect(mb).toBeLessThanOrEqual(RSS_TARGET_MB * 2);
    // One core: the event loop plus onnxruntime's single intra-op thread.
    expect(Number(limits.cpus)).toBeGreaterThanOrEqual(1);
    expect(Number(limits.cpus)).toBeLessThanOrEqual(2);
  });
});

describe.each([...new Set([services[BASE]!, ...ours.map(([, s]) => s)].map((s) => buildOf(s).dockerfile))])('Dockerfile %s', (dockerfile) => {
  const context = root;
  const ops = instructions(dockerfile);
  const isBase = dockerfile === baseDockerfile();

  it('copies only paths that exist in the build context and are not ignored', () => {
    const ignore = dockerignore(context);
    const copies = ops.filter((i) => i.op === 'COPY' || i.op === 'ADD');
    if (isBase) expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      for (const src of copySources(args) ?? []) {
        expect(src, 'no globs: list files explicitly').not.toMatch(/[*?[]/);
        expect(existsSync(join(context, src)), `COPY ${src}: not in the repository`).toBe(true);
        for (const p of ignore) expect(ignored(p, src), `COPY ${src} is excluded by .dockerignore "${p}"`).toBe(false);
      }
    }
  });

  // Only the base image installs dependencies: defined for it alone (not reported as skipped for the others).
  if (isBase)
    it('copies every workspace manifest before the frozen production install', () => {
      expect(ops.some((i) => i.op === 'RUN' && /pnpm install --frozen-lockfile --prod\b/.test(i.args))).toBe(true);
      const install = ops.findIndex((i) => i.op === 'RUN' && /pnpm install .*--frozen-lockfile/.test(i.args));
      expect(install).toBeGreaterThan(0);
      const copied = ops
        .slice(0, install)
        .filter((i) => i.op === 'COPY')
        .flatMap((i) => copySources(i.args) ?? []);
      const target = (i: { args: string }) => i.args.split(/\s+/).at(-1)!;
      const before = ops.slice(0, install).filter((i) => i.op === 'COPY');
      for (const f of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']) expect(copied).toContain(f);
      for (const pkg of workspacePackages()) {
        const i = before.find((c) => (copySources(c.args) ?? []).includes(`${pkg}/package.json`));
        expect(i, `${pkg}/package.json is not copied`).toBeDefined();
        expect(target(i!).replace(/\/$/, '')).toBe(pkg);
      }
    });

  it('runs as the node user and has a healthcheck', () => {
    const users = ops.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    expect(ops.some((i) => i.op === 'HEALTHCHECK')).toBe(true);
    // Multi-stage: the base installs in one stage and ships from another (no pnpm, no store).
    if (isBase) expect(ops.filter((i) => i.op === 'FROM').length).toBeGreaterThan(1);
  });
});

describe('Prometheus', () => {
  const prom = yamlFile('compose/prometheus/prometheus.yml') as {
    scrape_configs: {
      job_name: string;
      static_configs?: { targets: string[] }[];
      dns_sd_configs?: { names: string[]; port: number }[];
    }[];
  };

  /** Ports a service listens on inside the network: its published container ports and HTTP_PORT. */
  const listens = (name: string): number[] => {
    const s = services[name]!;
    const ports = (s.ports ?? []).map((p) => {
      if (typeof p === 'object') return Number(p.target);
      const container = String(p).split(':').at(-1)!;
      return Number(container.split('/')[0]);
    });
    const http = environment(s).HTTP_PORT;
    return http ? [...ports, Number(http)] : ports;
  };

  it('scrapes the relay and RabbitMQ', () => {
    const jobs = prom.scrape_configs.map((c) => c.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['relay', 'rabbitmq']));
  });

  it('targets only services of docker-compose.yml, on ports they listen on', () => {
    const targets: [string, number][] = [];
    for (const c of prom.scrape_configs) {
      for (const sc of c.static_configs ?? []) {
        for (const t of sc.targets) {
          const [host, port] = t.split(':');
          targets.push([host!, Number(port)]);
        }
      }
      for (const dns of c.dns_sd_configs ?? []) for (const n of dns.names) targets.push([n, dns.port]);
    }
    expect(targets.length).toBeGreaterThan(0);
    for (const [host, port] of targets) {
      expect(serviceNames, `target ${host}`).toContain(host);
      expect(listens(host), `${host}:${port}`).toContain(port);
    }
  });

  it('is mounted into the prometheus service', () => {
    const mounts = services.prometheus!.volumes!.map(hostPath);
    expect(mounts).toContainEqual({ source: './compose/prometheus/prometheus.yml', target: '/etc/prometheus/prometheus.yml' });
    // prometheus.yml names its rule files relative to itself (/etc/prometheus).
    expect(mounts).toContainEqual({ source: './compose/prometheus/alerts.yml', target: '/etc/prometheus/alerts.yml' });
  });
});

describe('Grafana', () => {
  const datasources = yamlFile('grafana/provisioning/datasources/prometheus.yml') as {
    datasources: { uid: string; type: string; url: string }[];
  };
  const providers = yamlFile('grafana/provisioning/dashboards/dashboards.yml') as {
    providers: { type: string; options: { path: string } }[];
  };
  const dashboard = JSON.parse(read('grafana/dashboards/backbone.json')) as Record<string, unknown>;

  const collect = (node: unknown, key: string, out: unknown[] = []): unknown[] => {
    if (Array.isArray(node)) node.forEach((n) => collect(n, key, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key) out.push(v);
        collect(v, key, out);
      }
    }
    return out;
  };

  it('provisions a Prometheus datasource pointing at the prometheus service', () => {
    const prom = datasources.datasources.find((d) => d.type === 'prometheus');
    expect(prom).toBeDefined();
    const host = new URL(prom!.url).hostname;
    expect(serviceNames).toContain(host);
  });

  it('loads dashboards from a directory mounted into the grafana service', () => {
    const mounts = services.grafana!.volumes!.map(hostPath);
    for (const p of providers.providers) {
      const mount = mounts.find((m) => m.target === p.options.path);
      expect(mount, `provider path ${p.options.path} is not mounted`).toBeDefined();
      expect(existsSync(join(root, mount!.source, 'backbone.json'))).toBe(true);
    }
    expect(mounts.map((m) => m.target)).toContain('/etc/grafana/provisioning');
  });

  it('the backbone dashboard uses the provisioned datasource', () => {
    const uids = new Set(datasources.datasources.map((d) => d.uid));
    const used = collect(dashboard, 'datasource') as { uid?: string }[];
    expect(used.length).toBeGreaterThan(0);
    for (const d of used) expect(uids, JSON.stringify(d)).toContain(d.uid);
  });

  it('the backbone dashboard queries only metrics the services export, and all of them', () => {
    const exprs = collect(dashboard, 'expr') as string[];
    expect(exprs.length).toBeGreaterThanOrEqual(8);
    const used = new Set<string>();
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/\bnapominalka_[a-z0-9_]+/g)) {
        const base = HISTOGRAMS.find((h) => name === `${h}_bucket` || name === `${h}_sum` || name === `${h}_count`) ?? name;
        expect(METRICS, `${expr}`).toContain(base);
        used.add(base);
      }
    }
    expect([...used].sort()).toEqual([...METRICS].sort());
  });

  it('has unique panel ids and a stable uid', () => {
    const panels = dashboard.panels as { id: number; title: string }[];
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    expect(dashboard.uid).toBe('napominalka-backbone');
  });
});

describe('.env.example', () => {
  const lines = read('.env.example').split('\n');
  /** KEY → value of each `KEY=value` or commented `# KEY=value` line. */
  const listed = new Map(
    lines.flatMap((l) => {
      const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(l.trim());
      return m ? [[m[2]!, { value: m[3]!, commented: Boolean(m[1]) }] as const] : [];
    }),
  );

  it('lists every variable of the config schema', () => {
    const missing = Object.keys(configSchema.shape).filter((k) => !listed.has(k));
    expect(missing).toEqual([]);
  });

  it('lists every variable docker-compose.yml reads from the environment', () => {
    const used = new Set(references(read('docker-compose.yml')).map((r) => r.name));
    expect([...used].filter((k) => !listed.has(k))).toEqual([]);
  });

  it('holds no secret: every secret-like variable is empty', () => {
    const secrets = [...listed].filter(([k]) => SECRET_NAME.test(k));
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const [k, { value }] of secrets) expect(value, k).toBe('');
  });

  it('sets, uncommented, every variable compose requires (`${X:?…}`), so a filled-in copy starts', () => {
    const required = new Set(
      references(read('docker-compose.yml'))
        .filter((r) => r.op === ':?')
        .map((r) => r.name),
    );
    for (const k of required) expect(listed.get(k)?.commented, k).toBe(false);
  });
});
