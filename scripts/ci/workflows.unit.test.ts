import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderKustomization } from '../k8s/kustomize';
import { deployments } from '../k8s/objects';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  steps: Step[];
  needs?: string | string[];
  defaults?: { run?: { shell?: string } };
  container?: string;
  services?: Record<string, { image: string; env?: Record<string, string> }>;
  strategy?: { matrix: Record<string, string[]> };
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };

const source = (name: string) => readFileSync(path.join(WORKFLOWS, name), 'utf8');
const workflow = (name: string) => parse(source(name)) as Workflow;
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const runs = (w: Workflow) => steps(w).map((s) => s.run ?? '');

describe('.github/workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));

  it('holds ci, images and model', () => {
    expect(files.sort()).toEqual(['ci.yml', 'images.yml', 'model.yml']);
  });

  it.each(files)("%s is valid against GitHub's workflow schema (SchemaStore's, checked offline by action-validator)", (file) => {
    expect(validateWorkflow(source(file)).errors).toEqual([]);
  });

  it('the validator refuses a broken workflow (it is not vacuous)', () => {
    const broken = source('ci.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });
});

describe('ci.yml', () => {
  const w = workflow('ci.yml');
  const job = Object.values(w.jobs)[0]!;

  it('tests against Postgres 15 and RabbitMQ with the plugins the project enables', () => {
    expect(job.services?.postgres?.image).toBe('postgres:15');
    expect(job.services?.rabbitmq?.image).toMatch(/^rabbitmq:3\.\d+-management$/);
    const plugins = /^PLUGINS="([^"]+)"/m.exec(readFileSync(path.join(ROOT, 'scripts/services.sh'), 'utf8'))?.[1]?.split(' ');
    expect(job.services?.rabbitmq?.env?.RABBITMQ_ENABLED_PLUGINS?.split(',').sort()).toEqual(plugins?.sort());
  });

  it('installs, lints, typechecks and runs the unit and integration tests', () => {
    const all = runs(w).join('\n');
    for (const cmd of ['pnpm install --frozen-lockfile', 'pnpm run lint', 'pnpm run typecheck', 'vitest run --project unit', 'vitest run --project int'])
      expect(all).toContain(cmd);
    // Debian's packages the tests use (training, promtool, the browser test).
    for (const pkg of ['python3-torch', 'python3-onnx', 'prometheus', 'chromium']) expect(all).toContain(pkg);
  });
});

describe('images.yml', () => {
  const w = workflow('images.yml');
  const job = w.jobs.image!;
  const services = job.strategy!.matrix.service!;

  it('builds on version tags every image a Dockerfile of the repository makes', () => {
    expect(w.on.push).toEqual({ tags: ['v*'] });
    const withDockerfile = readdirSync(ROOT).filter((d) => existsSync(path.join(ROOT, d, 'Dockerfile')));
    expect([...services].sort()).toEqual(withDockerfile.sort());
  });

  it('pushes the images the production overlay deploys, with a layer cache per image', () => {
    const images = deployments(renderKustomization(path.join(ROOT, 'deploy/k8s/overlays/production'))).flatMap((d) =>
      d.spec!.template.spec!.containers.map((c) => /napominalka-([a-z]+):/.exec(c.image ?? '')?.[1]),
    );
    expect(new Set(images)).toEqual(new Set(services));
    const build = job.steps!.find((s) => s.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with).toMatchObject({ push: true, file: '${{ matrix.service }}/Dockerfile', 'build-args': 'BASE_IMAGE=${{ needs.base.outputs.image }}' });
    expect(String(build.with?.['cache-from'])).toContain('type=gha');
    expect(String(build.with?.['cache-to'])).toContain('mode=max');
    expect(source('images.yml')).toContain('ghcr.io/${{ github.repository_owner }}/napominalka-${{ matrix.service }}');
  });

  it('builds the shared base image once, first, and every service image FROM it', () => {
    expect(job.needs).toBe('base');
    const base = w.jobs.base!.steps!.find((s) => s.uses?.startsWith('docker/build-push-action'))!;
    expect(base.with).toMatchObject({ push: true, file: 'Dockerfile.base' });
    for (const svc of services) expect(readFileSync(path.join(ROOT, svc, 'Dockerfile'), 'utf8')).toMatch(/^FROM \$\{BASE_IMAGE\}/m);
  });
});

describe('model.yml', () => {
  const w = workflow('model.yml');

  it('fails a step when a command before a pipe fails (bash -eo pipefail)', () => {
    for (const file of ['ci.yml', 'model.yml']) for (const job of Object.values(workflow(file).jobs)) expect(job.defaults?.run?.shell, file).toBe('bash');
  });

  it('runs by hand only', () => {
    expect(Object.keys(w.on)).toEqual(['workflow_dispatch']);
  });

  it('trains with Debian PyTorch, evaluates, refuses a worse model and attaches the card', () => {
    const all = runs(w).join('\n');
    for (const cmd of ['python3-torch', 'python3-onnx', 'pnpm train', 'inference/src/eval/evaluate-model.ts', 'scripts/ci/model-gate.ts', 'eval:parse'])
      expect(all).toContain(cmd);
    expect(existsSync(path.join(ROOT, 'inference/src/eval/evaluate-model.ts'))).toBe(true);
    const gate = steps(w).findIndex((s) => s.run?.includes('model-gate.ts'));
    const upload = steps(w).findIndex((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload).toBeGreaterThan(gate); // a refused model fails the job before anything is attached
    expect(String(steps(w)[upload]!.with?.path)).toContain('inference/models/${{ steps.train.outputs.version }}/');
  });
});
