import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { IContainer, IService } from 'kubernetes-models/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { configSchema, loadConfig, type Config } from '../../core/src/config';
import { names } from '../../core/src/bus/topology';
import { createOpsApp } from '../../core/src/observability/ops-server';
import { renderKustomization, type K8sObject } from './kustomize';
import { unknownFieldErrors } from './strict-fields';
import { byKind, containerEnv, containerVariableNames, deployments, exampleSecret, podLabels, schemaErrors, selects } from './objects';

const ROOT = path.resolve(import.meta.dirname, '../..');
const K8S = path.join(ROOT, 'deploy/k8s');
const BASE = path.join(K8S, 'base');
const PRODUCTION = path.join(K8S, 'overlays/production');
const SECRET = exampleSecret(path.join(BASE, 'secret.example.yaml'));

/** The port each service's own HTTP API listens on, by the variable that sets it (core/src/config.ts). */
const API_PORT: Record<string, { port: string; setting: keyof Config }> = {
  inference: { port: 'http', setting: 'INFERENCE_PORT' },
  etl: { port: 'http', setting: 'ETL_API_PORT' },
  ui: { port: 'http', setting: 'UI_PORT' },
  bot: { port: 'webhook', setting: 'BOT_WEBHOOK_PORT' },
};

const SERVICES = ['relay', 'inference', 'projector', 'scheduler', 'bot', 'etl', 'ui'];

const rendered = { base: renderKustomization(BASE), production: renderKustomization(PRODUCTION) };

const containersOf = (objects: K8sObject[]) =>
  deployments(objects).flatMap((d) => d.spec!.template.spec!.containers.map((c) => ({ deployment: d.metadata.name, container: c as IContainer })));

function portNumber(c: IContainer, port: string | number): number | undefined {
  return typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;
}

describe.each(Object.entries(rendered))('deploy/k8s %s', (_name, objects) => {
  it('renders like kubectl kustomize, where kubectl is installed', () => {
    let out: string;
    try {
      out = execFileSync('kubectl', ['kustomize', _name === 'base' ? BASE : PRODUCTION], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no kubectl: the renderer alone
      throw err;
    }
    const theirs = parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
    const key = (o: K8sObject) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
    expect(theirs.map(key).sort()).toEqual(objects.map(key).sort());
    for (const t of theirs)
      expect(
        isDeepStrictEqual(
          t,
          objects.find((o) => key(o) === key(t)),
        ),
        key(t),
      ).toBe(true);
  });

  it('every object is valid against the Kubernetes (and KEDA) JSON schemas', () => {
    const errors = objects.map((o) => [`${o.kind}/${o.metadata.name}`, schemaErrors(o)]).filter(([, e]) => e !== null);
    expect(errors).toEqual([]);
  });

  it("has no field the Kubernetes API does not know (the models' exact types, like kubectl --validate=strict)", () => {
    expect(unknownFieldErrors(objects, ROOT)).toEqual([]);
  }, 60_000);

  it('runs every service, each with a PodDisruptionBudget', () => {
    expect(
      deployments(objects)
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual([...SERVICES].sort());
    for (const d of deployments(objects)) {
      const pdbs = byKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((p) =>
        selects((p.spec?.selector?.matchLabels ?? {}) as Record<string, string>, podLabels(d)),
      );
      expect(pdbs.length, `PodDisruptionBudgets of ${d.metadata.name}`).toBe(1);
      expect(selects(d.spec!.selector.matchLabels as Record<string, string>, podLabels(d)), d.metadata.name).toBe(true);
    }
  });

  it('gives every container CPU and memory requests and limits, a non-root user and a read-only root filesystem', () => {
    for (const d of deployments(objects)) {
      const pod = d.spec!.template.spec!;
      expect(pod.securityContext?.runAsNonRoot, d.metadata.name).toBe(true);
      for (const c of pod.containers) {
        for (const kind of ['requests', 'limits'] as const)
          expect(Object.keys(c.resources?.[kind] ?? {}).sort(), `${c.name} ${kind}`).toEqual(['cpu', 'memory']);
        expect(c.securityContext, c.name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        // tsx compiles into the temporary directory: it must be writable.
        expect(
          c.volumeMounts?.map((m) => m.mountPath),
          c.name,
        ).toContain('/tmp');
      }
    }
  });

  it('sets only variables of the configuration schema, and each service starts with the configuration it is given', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const { deployment, container } of containersOf(objects)) {
      expect(
        containerVariableNames(container, objects).filter((n) => !known.has(n)),
        deployment,
      ).toEqual([]);
      const config = loadConfig(containerEnv(container, objects, SECRET));
      expect(config.SERVICE_NAME).toBe(deployment);
      // Every secretKeyRef names a key of the one documented Secret.
      for (const e of container.env ?? [])
        if (e.valueFrom?.secretKeyRef) expect(Object.keys(SECRET), `${deployment} ${e.name}`).toContain(e.valueFrom.secretKeyRef.key);
    }
  });

  it('probes the ops endpoints on the port the ops server listens on, and the APIs are on the ports the services read', async () => {
    const ops = createOpsApp({ service: 'probe' });
    for (const { deployment, container } of containersOf(objects)) {
      const config = loadConfig(containerEnv(container, objects, SECRET));
      expect(config.HTTP_HOST, deployment).toBe('0.0.0.0');
      const probes = { startup: container.startupProbe, liveness: container.livenessProbe, readiness: container.readinessProbe };
      for (const [kind, probe] of Object.entries(probes)) {
        const get = probe?.httpGet;
        expect(get, `${deployment} ${kind}`).toBeDefined();
        expect(portNumber(container, get!.port), `${deployment} ${kind} port`).toBe(config.HTTP_PORT);
        expect(get!.path).toBe(kind === 'readiness' ? '/readyz' : '/healthz');
        expect((await ops.request(get!.path!)).status, `${deployment} ${kind} ${get!.path}`).toBe(200);
      }
      const api = API_PORT[deployment];
      if (api) expect(portNumber(container, api.port), `${deployment} ${api.port}`).toBe(config[api.setting]);
      // The program the container runs is in the repository.
      expect(container.command?.[0]).toBe('node_modules/.bin/tsx');
      expect(existsSync(path.join(ROOT, container.command?.[1] ?? '')), `${deployment} ${container.command?.[1]}`).toBe(true);
    }
  });

  it('routes every Service to named ports of the pods it selects', () => {
    for (const s of objects.filter((o) => o.kind === 'Service') as unknown as Array<{
      metadata: { name: string };
      spec: { selector: Record<string, string>; ports: Array<{ targetPort: string }> };
    }>) {
      const pods = deployments(objects).filter((d) => selects(s.spec.selector, podLabels(d)));
      expect(pods.length, s.metadata.name).toBe(1);
      const ports = pods[0]!.spec!.template.spec!.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name));
      for (const p of s.spec.ports) expect(ports, `${s.metadata.name} → ${p.targetPort}`).toContain(p.targetPort);
    }
  });

  it('points the UI at the inference and ETL Services, on ports they expose', () => {
    const ui = containersOf(objects).find((c) => c.deployment === 'ui')!;
    const config = loadConfig(containerEnv(ui.container, objects, SECRET));
    const services = byKind<IService>(objects, 'Service');
    for (const [setting, target] of [
      ['UI_INFERENCE_URL', 'inference'],
      ['UI_ETL_URL', 'etl'],
    ] as const) {
      const url = new URL(config[setting]);
      const service = services.find((s) => s.metadata.name === url.hostname);
      expect(service?.metadata.name, setting).toBe(target);
      expect(
        service?.spec?.ports?.map((p) => p.port),
        setting,
      ).toContain(Number(url.port));
    }
  });

  it("scales inference on the depth of its consumer's queue, and no replicas are set beside the autoscaler", () => {
    const so = objects.find((o) => o.kind === 'ScaledObject') as unknown as {
      spec: {
        scaleTargetRef: { name: string };
        minReplicaCount: number;
        maxReplicaCount: number;
        triggers: Array<{ type: string; metadata: Record<string, string>; authenticationRef: { name: string } }>;
      };
    };
    expect(so.spec.scaleTargetRef.name).toBe('inference');
    const inference = deployments(objects).find((d) => d.metadata.name === 'inference')!;
    expect(inference.spec!.replicas).toBeUndefined();
    const consumer = /new Consumer\(\{\s*name: '([^']+)'/.exec(readFileSync(path.join(ROOT, 'inference/src/main.ts'), 'utf8'))?.[1];
    const config = loadConfig(containerEnv(inference.spec!.template.spec!.containers[0]!, objects, SECRET));
    const [trigger] = so.spec.triggers;
    expect(trigger?.type).toBe('rabbitmq');
    expect(trigger?.metadata.queueName).toBe(names(config.AMQP_PREFIX).queue(consumer!));
    expect(so.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(so.spec.maxReplicaCount).toBeGreaterThan(so.spec.minReplicaCount);
    const auth = objects.find((o) => o.kind === 'TriggerAuthentication' && o.metadata.name === trigger?.authenticationRef.name) as unknown as {
      spec: { secretTargetRef: Array<{ parameter: string; key: string }> };
    };
    expect(auth.spec.secretTargetRef.find((r) => r.parameter === 'host')?.key).toBe('rabbitmq-management-url');
  });

  it('holds no secret: the Secret is documented by an example outside the kustomization', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(readFileSync(path.join(BASE, 'kustomization.yaml'), 'utf8')).not.toContain('secret.example.yaml');
  });
});

describe('deploy/k8s production overlay', () => {
  const objects = rendered.production;

  it('pins every image to a registry and a release tag', () => {
    for (const { deployment, container } of containersOf(objects))
      expect(container.image, deployment).toMatch(/^ghcr\.io\/[^/]+\/napominalka-[a-z]+:\d+\.\d+\.\d+$/);
  });

  it('serves the UI over TLS, with Secure cookies', () => {
    const ingress = objects.find((o) => o.kind === 'Ingress') as unknown as {
      spec: {
        tls: Array<{ hosts: string[]; secretName: string }>;
        rules: Array<{ host: string; http: { paths: Array<{ backend: { service: { name: string } } }> } }>;
      };
    };
    const hosts = ingress.spec.rules.map((r) => r.host);
    expect(ingress.spec.tls.flatMap((t) => t.hosts)).toEqual(hosts);
    expect(ingress.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service.name))).toEqual(['ui']);
    const ui = containersOf(objects).find((c) => c.deployment === 'ui')!;
    expect(loadConfig(containerEnv(ui.container, objects, SECRET)).UI_SECURE_COOKIES).toBe(true);
  });

  it('keeps a standby relay and a single polling bot', () => {
    const replicas = Object.fromEntries(deployments(objects).map((d) => [d.metadata.name, d.spec!.replicas]));
    expect(replicas).toMatchObject({ relay: 2, bot: 1, scheduler: 2 });
    expect(deployments(objects).find((d) => d.metadata.name === 'bot')!.spec!.strategy?.type).toBe('Recreate');
  });
});
