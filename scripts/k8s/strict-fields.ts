import path from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './kustomize';

/**
 * The JSON schemas accept fields they do not know (a misspelt `readinessprobe` would pass and be
 * dropped by the API server). The models' TypeScript interfaces are exact: each object is written
 * as an object literal of its interface and type-checked, so an unknown field anywhere in it is
 * an excess-property error, as `kubectl apply --validate=strict` would refuse it.
 */
const INTERFACES: Record<string, [module: string, type: string]> = {
  'apps/v1/Deployment': ['kubernetes-models/apps/v1', 'IDeployment'],
  'v1/ConfigMap': ['kubernetes-models/v1', 'IConfigMap'],
  'v1/Service': ['kubernetes-models/v1', 'IService'],
  'v1/PersistentVolumeClaim': ['kubernetes-models/v1', 'IPersistentVolumeClaim'],
  'networking.k8s.io/v1/Ingress': ['kubernetes-models/networking.k8s.io/v1', 'IIngress'],
  'policy/v1/PodDisruptionBudget': ['kubernetes-models/policy/v1', 'IPodDisruptionBudget'],
  'keda.sh/v1alpha1/ScaledObject': ['@kubernetes-models/keda/keda.sh/v1alpha1', 'IScaledObject'],
  'keda.sh/v1alpha1/TriggerAuthentication': ['@kubernetes-models/keda/keda.sh/v1alpha1', 'ITriggerAuthentication'],
};

/** Type errors of the objects against their interfaces, as "Kind/name: message". */
export function unknownFieldErrors(objects: K8sObject[], repoRoot: string): string[] {
  const file = path.join(repoRoot, 'scripts/k8s/__rendered_objects__.ts');
  const lines: string[] = [];
  const owners: Array<{ line: number; id: string }> = [];
  objects.forEach((o, i) => {
    const entry = INTERFACES[`${o.apiVersion}/${o.kind}`];
    if (!entry) throw new Error(`no interface for ${o.apiVersion} ${o.kind}`);
    lines.push(`import type { ${entry[1]} as T${i} } from '${entry[0]}';`);
  });
  objects.forEach((o, i) => {
    owners.push({ line: lines.length, id: `${o.kind}/${o.metadata.name}` });
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(o, null, 1)};`.replace(/\n/g, ' '));
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (path.resolve(name) === file ? ts.createSourceFile(name, source, lang) : read(name, lang, ...rest));
  const base = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === file || base(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const owner = owners.find((o) => o.line === line)?.id ?? 'imports';
    return `${owner}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
