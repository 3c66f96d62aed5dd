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
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
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
/** Services built from this repository: they read their settings through core/src/config.ts. */
const ours = Object.entries(services).filter(([, s]) => s.build !== undefined);

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

/** Compose interpolation with an empty shell environment: `${X:-default}`, `${X-default}`, `${X}`, `$$`. */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, _n, def) =>
    m === '$$' ? '$' : ((def as string | undefined) ?? ''),
  );
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
      expect.arrayContaining(['rabbitmq', 'postgres', 'clickhouse', 'relay', 'inference', 'projector', 'scheduler', 'bot', 'etl', 'prometheus', 'grafana']),
    );
  });

  it.each(serviceNames)('%s has a healthcheck', (name) => {
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
      expect(opts.condition, `${name} -> ${dep}`).toBe('service_healthy');
      expect(services[dep]!.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
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

  it('keeps no secrets: passwords come from the environment', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [k, v] of Object.entries(environment(s))) {
        if (/PASS(WORD)?$/.test(k)) expect(v, `${name}.${k}`).toMatch(/^\$\{[A-Z_]+:-[^}]*\}$/);
      }
    }
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
      const copied = instructions(buildOf(s).dockerfile)
        .filter((i) => i.op === 'COPY')
        .flatMap((i) => copySources(i.args) ?? []);
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

describe('the etl service', () => {
  const etl = services.etl!;
  const env = environment(etl);
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, interpolate(v)]));

  it('starts once Postgres, ClickHouse and RabbitMQ are healthy, and is healthy when ready', () => {
    expect(Object.keys(etl.depends_on ?? {}).sort()).toEqual(['clickhouse', 'postgres', 'rabbitmq']);
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
    const copied = instructions(buildOf(etl).dockerfile)
      .filter((i) => i.op === 'COPY')
      .flatMap((i) => copySources(i.args) ?? []);
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
    expect(env.INFERENCE_API_KEYS).toMatch(/^\$\{INFERENCE_API_KEYS(:-[^}]*)?\}$/);
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

describe.each([...new Set(ours.map(([, s]) => buildOf(s).dockerfile))])('Dockerfile %s', (dockerfile) => {
  const context = resolve(dirname(dockerfile), '..');
  const ops = instructions(dockerfile);

  it('copies only paths that exist in the build context and are not ignored', () => {
    const ignore = dockerignore(context);
    const copies = ops.filter((i) => i.op === 'COPY' || i.op === 'ADD');
    expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      for (const src of copySources(args) ?? []) {
        expect(src, 'no globs: list files explicitly').not.toMatch(/[*?[]/);
        expect(existsSync(join(context, src)), `COPY ${src}: not in the repository`).toBe(true);
        for (const p of ignore) expect(ignored(p, src), `COPY ${src} is excluded by .dockerignore "${p}"`).toBe(false);
      }
    }
  });

  it('copies every workspace manifest before the frozen install', () => {
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
    expect(ops.filter((i) => i.op === 'FROM').length).toBeGreaterThan(1);
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
