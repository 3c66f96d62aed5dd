import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { names, retryDelays, type Relay } from '@napominalka/core';
import { createTestContext, eventually, freePort, runTs, startRelay, stopChild, trackQueues, type Child, type TestContext } from '@napominalka/core/testing';
import { MODELS_STREAM, promoteModel, readPromotions } from '@napominalka/core/model-registry';
import { main as models } from '../cli/models';
import { addVersion, COMMITTED_VERSION, scratchRegistry } from './test-registry';

/**
 * Rollout through the real service path: inference processes (inference/src/main.ts) on one
 * store and one AMQP prefix, the relay, and `pnpm models`. Every instance follows the promotions
 * and rollbacks, one started later loads the active version, and a corrupt version announced
 * anyway is refused with the served model kept — with zero failed /v1/parse requests throughout.
 */
const KEY = 'rollout-test-key-0123456789';
let t: TestContext;
let relay: Relay;
let reg: ReturnType<typeof scratchRegistry>;
const instances: Array<{ name: string; child: Child; port: number }> = [];

beforeAll(async () => {
  t = await createTestContext();
  relay = startRelay(t);
  reg = scratchRegistry('rollout-');
  addVersion(reg.dir, 'v2');
  addVersion(reg.dir, 'v3');
  addVersion(reg.dir, 'corrupt', { corrupt: 'flip' });
  const n = names(t.prefix);
  for (const c of ['inference']) trackQueues(t.prefix, n.queue(c), n.parked(c), ...retryDelays(5, 1000).map((d) => n.retry(c, d)));
});
afterAll(async () => {
  stopLoad = true;
  await Promise.all(instances.map((i) => stopChild(i.child, i.name, () => undefined)));
  await relay?.stop();
  await t?.cleanup();
  reg?.cleanup();
});

async function startInstance(name: string): Promise<{ name: string; child: Child; port: number }> {
  const port = await freePort();
  const child = runTs('inference/src/main.ts', {
    ...t.env,
    MODEL_REGISTRY_DIR: reg.dir,
    INFERENCE_PORT: String(port),
    INFERENCE_API_KEYS: KEY,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    SERVICE_NAME: name,
  });
  await child.waitFor(/inference API listening/, 60_000);
  const i = { name, child, port };
  instances.push(i);
  return i;
}

const BODY = JSON.stringify({ text: 'напомни завтра в 9 позвонить маме', timezone: 'Europe/Moscow', now: '2026-03-12T10:15:00+03:00' });
async function parse(port: number): Promise<{ ok: boolean; modelVersion?: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1/parse`, {
      method: 'POST',
      body: BODY,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    });
    if (res.status !== 200) return { ok: false };
    const r = (await res.json()) as { modelVersion: string; due: string };
    return { ok: Date.parse(r.due) === Date.parse('2026-03-13T09:00:00+03:00'), modelVersion: r.modelVersion };
  } catch {
    return { ok: false };
  }
}

/** A steady trickle of parses on every running instance, counting failures. */
let stopLoad = false;
let requests = 0;
let failures = 0;
function load(ports: () => number[]): Promise<void> {
  return (async () => {
    while (!stopLoad) {
      const rs = await Promise.all(ports().map((p) => parse(p)));
      requests += rs.length;
      failures += rs.filter((r) => !r.ok).length;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
}

async function allServe(version: string, of = instances): Promise<void> {
  await eventually(
    async () => (await Promise.all(of.map((i) => parse(i.port)))).every((r) => r.modelVersion === version),
    30_000,
    `not every instance serves ${version}: ${instances
      .map((i) =>
        i.child.lines
          .filter((l) => /model/.test(l))
          .slice(-3)
          .join('\n'),
      )
      .join('\n')}`,
  );
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await models(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...t.env, MODEL_REGISTRY_DIR: reg.dir, USER: 'tester' } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('model rollout to every instance', () => {
  it('two instances follow promotions and rollbacks, one started later loads the active version, with zero failed parses', async () => {
    const a = await startInstance('inference-a');
    const b = await startInstance('inference-b');
    await allServe(COMMITTED_VERSION);
    const running = load(() => instances.filter((i) => i.child.proc.exitCode === null).map((i) => i.port));

    expect(await cli('promote', 'v2', '--note', 'first candidate')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/promoted v2 \(was .+; cli:tester\)/),
    });
    await allServe('v2', [a, b]);

    // Started after the promotion: the active version, not the registry's current.
    const c = await startInstance('inference-c');
    expect((await parse(c.port)).modelVersion).toBe('v2');
    expect(c.child.lines.some((l) => /"version":"v2".*model loaded/.test(l))).toBe(true);

    expect((await cli('promote', 'v3')).code).toBe(0);
    await allServe('v3');
    expect(await cli('rollback', '--note', 'v3 misreads dates')).toMatchObject({ code: 0, out: expect.stringMatching(/rolled back v2 \(was v3/) });
    await allServe('v2');
    // A second rollback goes one further back; a third has nowhere to go.
    expect((await cli('rollback')).code).toBe(0);
    await allServe(COMMITTED_VERSION);
    expect(await cli('rollback')).toMatchObject({ code: 1, err: expect.stringMatching(/nothing to roll back/) });

    const ps = await readPromotions(t.store);
    expect(ps.map((p) => [p.version, p.previous, p.reason, p.actor])).toEqual([
      ['v2', COMMITTED_VERSION, 'manual', 'cli:tester'],
      ['v3', 'v2', 'manual', 'cli:tester'],
      ['v2', 'v3', 'rollback', 'cli:tester'],
      [COMMITTED_VERSION, 'v2', 'rollback', 'cli:tester'],
    ]);
    expect(ps[0]!.note).toBe('first candidate');

    stopLoad = true;
    await running;
    expect(requests).toBeGreaterThan(50);
    expect(failures).toBe(0);
  });

  it('a corrupt version is refused by the CLI, and when announced anyway every instance keeps its model', async () => {
    const before = await t.store.streamVersion(MODELS_STREAM);
    expect(await cli('promote', 'corrupt')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/cannot promote corrupt: model corrupt refused \(checksum\)/),
    });
    expect(await t.store.streamVersion(MODELS_STREAM)).toBe(before);

    // As a buggy writer could: straight to the store, no checks.
    await promoteModel(t.store, { version: 'corrupt', actor: 'test', reason: 'manual' });
    for (const i of instances) await i.child.waitFor(/"version":"corrupt".*model promotion refused/, 30_000);
    for (const i of instances) expect((await parse(i.port)).modelVersion).toBe(COMMITTED_VERSION);
    expect(instances[0]!.child.lines.find((l) => /model promotion refused/.test(l))).toMatch(/"failure":"checksum"/);

    // A worker started now: the active version is refused, the one active before it serves.
    const d = await startInstance('inference-d');
    expect((await parse(d.port)).modelVersion).toBe(COMMITTED_VERSION);
    expect(d.child.lines.some((l) => /serving an earlier model/.test(l))).toBe(true);
  });
});
