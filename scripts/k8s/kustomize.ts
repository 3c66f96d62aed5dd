import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The part of kustomize deploy/k8s uses, so the manifests can be rendered and checked where no
 * kustomize binary is installed: `resources` (files and kustomization directories), `namespace`,
 * `labels` (metadata only), `images` (name → newName / newTag) and `patches` given by path
 * (strategic merge for the built-in kinds, JSON merge patch for custom resources, as kustomize
 * does). Any other field is refused, so the rendering never silently differs from kustomize's;
 * the test compares both where `kubectl kustomize` exists.
 */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<
  string,
  unknown
>;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches']);

/** Lists merged item by item in a strategic merge patch, by the key Kubernetes declares for them. */
const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath' };
/** Ports merge by containerPort in a container and by port in a Service. */
const portKey = (items: Json[]) => (items.some((p) => isMap(p) && 'containerPort' in p) ? 'containerPort' : 'port');

/** Kinds whose patches are strategic merges (kustomize knows their schema); others get JSON merge patches. */
const BUILT_IN_GROUPS = new Set(['v1', 'apps/v1', 'policy/v1', 'networking.k8s.io/v1', 'autoscaling/v2', 'batch/v1']);

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

function readYaml(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Json)
    .filter((d) => d !== null);
}

/** RFC 7386: maps merge, null deletes, everything else replaces. */
function jsonMerge(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMerge(out[k] ?? null, v);
  }
  return out;
}

function strategicMerge(target: Json, patch: Json, field = ''): Json {
  if (Array.isArray(patch) && Array.isArray(target)) {
    const key = field === 'ports' ? portKey([...target, ...patch]) : MERGE_KEYS[field];
    if (!key) return patch; // a list without a merge key is replaced, as in kustomize
    const out = [...target];
    for (const item of patch) {
      const at = out.findIndex((t) => isMap(t) && isMap(item) && t[key] === item[key]);
      if (at >= 0) out[at] = strategicMerge(out[at]!, item);
      else out.push(item);
    }
    return out;
  }
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k] ?? null, v, k);
  }
  return out;
}

const idOf = (o: { apiVersion?: unknown; kind?: unknown; metadata?: unknown }) =>
  `${String(o.apiVersion).split('/').slice(0, -1).join('/') || 'core'}/${String(o.kind)}/${String(isMap(o.metadata) ? o.metadata.name : '')}`;

function setImages(obj: JsonMap, images: JsonMap[]): void {
  const spec = obj.spec;
  const pod = isMap(spec) && isMap(spec.template) ? spec.template.spec : undefined;
  if (!isMap(pod)) return;
  for (const list of [pod.containers, pod.initContainers]) {
    for (const c of Array.isArray(list) ? list : []) {
      if (!isMap(c) || typeof c.image !== 'string') continue;
      const name = c.image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
      const rule = images.find((i) => i.name === name);
      if (!rule) continue;
      const tag = typeof rule.newTag === 'string' ? rule.newTag : (/:([^/:]*)$/.exec(c.image.replace(/@.*$/, ''))?.[1] ?? null);
      c.image = `${typeof rule.newName === 'string' ? rule.newName : name}${tag ? `:${tag}` : ''}`;
    }
  }
}

/** Renders the kustomization in `dir` to its objects, in resource order. */
export function renderKustomization(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const k = readYaml(file)[0];
  if (!isMap(k)) throw new Error(`${file}: not a kustomization`);
  const unsupported = Object.keys(k).filter((f) => !SUPPORTED.has(f));
  if (unsupported.length > 0) throw new Error(`${file}: fields this renderer does not implement: ${unsupported.join(', ')}`);

  let objects: JsonMap[] = [];
  for (const r of (k.resources ?? []) as string[]) {
    const at = path.resolve(dir, r);
    objects.push(...(statSync(at).isDirectory() ? (renderKustomization(at) as unknown as JsonMap[]) : (readYaml(at) as JsonMap[])));
  }
  for (const p of (k.patches ?? []) as JsonMap[]) {
    if (typeof p.path !== 'string' || Object.keys(p).length !== 1) throw new Error(`${file}: only patches given by path are implemented`);
    for (const patch of readYaml(path.resolve(dir, p.path)) as JsonMap[]) {
      const at = objects.findIndex((o) => idOf(o) === idOf(patch));
      if (at < 0) throw new Error(`${file}: patch ${p.path} matches no resource (${idOf(patch)})`);
      const merge = BUILT_IN_GROUPS.has(String(patch.apiVersion)) ? strategicMerge : jsonMerge;
      objects[at] = merge(objects[at]!, patch) as JsonMap;
    }
  }
  objects = structuredClone(objects);
  for (const o of objects) {
    const meta = o.metadata as JsonMap;
    if (typeof k.namespace === 'string') meta.namespace = k.namespace;
    for (const l of (k.labels ?? []) as JsonMap[]) {
      if (l.includeSelectors || l.includeTemplates) throw new Error(`${file}: labels with includeSelectors / includeTemplates are not implemented`);
      meta.labels = { ...(isMap(meta.labels) ? meta.labels : {}), ...(l.pairs as JsonMap) };
    }
    setImages(o, (k.images ?? []) as JsonMap[]);
  }
  return objects as unknown as K8sObject[];
}
