import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { IContainer } from 'kubernetes-models/v1';
import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { K8sObject } from './kustomize';

/** The models (with the Kubernetes and KEDA JSON schemas compiled in) of every kind deploy/k8s uses. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** The schema errors of one object; a kind without a schema here is an error too. */
export function schemaErrors(o: K8sObject): string | null {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return `no schema for ${o.apiVersion} ${o.kind}`;
  try {
    new Model(o as never).validate();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The objects of one kind, typed as the model of that kind (the schema test checks they fit it). */
export const byKind = <T>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as Array<T & K8sObject>;

export const deployments = (objects: K8sObject[]) => byKind<IDeployment>(objects, 'Deployment');

export function podLabels(d: IDeployment): Record<string, string> {
  return (d.spec?.template.metadata?.labels ?? {}) as Record<string, string>;
}

export const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The placeholder values of deploy/k8s/base/secret.example.yaml (the Secret "napominalka"'s keys). */
export function exampleSecret(file: string): Record<string, string> {
  const s = parse(readFileSync(file, 'utf8')) as { kind: string; metadata: { name: string }; stringData: Record<string, string> };
  if (s.kind !== 'Secret') throw new Error(`${file} is not a Secret`);
  return s.stringData;
}

/**
 * The environment a container starts with: its ConfigMaps (envFrom) under its own variables,
 * secrets taken from the example Secret (an optional key that is missing stays unset).
 */
export function containerEnv(c: IContainer, objects: K8sObject[], secret: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const name = from.configMapRef?.name;
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name) as { data?: Record<string, string> } | undefined;
    if (!cm && !from.configMapRef?.optional) throw new Error(`${c.name}: envFrom names a missing ConfigMap ${name}`);
    Object.assign(env, cm?.data ?? {});
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (ref && ref.key in secret) env[e.name] = secret[ref.key]!;
    else if (!ref?.optional) throw new Error(`${c.name}: ${e.name} has no value here (${JSON.stringify(e.valueFrom)})`);
  }
  return env;
}

/** Every variable a container's configuration sets, from its ConfigMaps and its own env. */
export function containerVariableNames(c: IContainer, objects: K8sObject[]): string[] {
  const names = (c.env ?? []).map((e) => e.name);
  for (const from of c.envFrom ?? []) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name) as { data?: Record<string, string> } | undefined;
    names.push(...Object.keys(cm?.data ?? {}));
  }
  return names;
}
