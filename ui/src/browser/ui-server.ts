import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { quoteIdent } from '@napominalka/core';
import { BUNDLED_MODELS_DIR, readRegistry, registerVersion, seedRegistry } from '@napominalka/core/model-registry';
import { createReadModelTables } from '../features/history/read-model-fixture';
import { createUiWorld, type UiWorld } from '../testing/ui-world';
import { addUser } from '../store/users';
import { etlEmulator } from './etl-emulator';

export const ADMIN = { username: 'ops-admin', password: 'admin password long enough' };
export const VIEWER = { username: 'ops-viewer', password: 'viewer password long enough' };
/** A message that would run script if any page rendered it as HTML. */
export const XSS_MESSAGE = '<img src=x onerror=alert(1)>';
const CANDIDATE = '2099-01-01.1';
/** The bundled model's version, as the emulated inference reports it. */
let readRegistryVersion: string | null = null;

export interface UiServer {
  url: string;
  world: UiWorld;
  close(): Promise<void>;
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, url: `http://127.0.0.1:${info.port}` }));
  });
}

const closeServer = (s: ServerType) => new Promise<void>((resolve) => s.close(() => resolve()));

/** The inference API as the playground and API docs see it: a realistic parse and the OpenAPI document. */
function inferenceEmulator() {
  const app = new Hono();
  app.post('/v1/parse', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { text?: string };
    return c.json({
      intent: 'create',
      confidence: { intent: 0.97, slots: 0.91 },
      slots: { text: body.text ?? 'позвонить маме', due: '2026-12-03T18:00:00+03:00', rrule: null },
      model_version: readRegistryVersion ?? 'bundled',
      parser: 'model',
      latency_ms: 12.5,
      lang: 'ru',
    });
  });
  app.get('/openapi.json', (c) =>
    c.json({ openapi: '3.1.0', info: { title: 'napominalka inference', version: '1' }, paths: { '/v1/parse': { post: { summary: 'Parse a message' } } } }),
  );
  return app;
}

/** A registry copy: the bundled version plus a candidate (so an admin would see a promote button). */
function seedModels(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ui-browser-models-'));
  seedRegistry(BUNDLED_MODELS_DIR, dir);
  const bundled = readRegistry(dir).current;
  readRegistryVersion = bundled;
  cpSync(path.join(dir, bundled), path.join(dir, CANDIDATE), { recursive: true });
  registerVersion(CANDIDATE, dir);
  return dir;
}

/** A few parses in the read model, one of them the XSS message. */
async function seedParses(w: UiWorld): Promise<void> {
  await createReadModelTables(w.t.pool, w.t.schema);
  const rows: Array<[string, string, number]> = [
    ['напомни позвонить маме завтра в 18', 'create', 0.97],
    [XSS_MESSAGE, 'unknown', 0.31],
    ['remind me to water the plants every monday', 'create', 0.88],
  ];
  for (const [i, [text, intent, conf]] of rows.entries()) {
    await w.t.pool.query(
      `insert into ${quoteIdent(w.t.schema)}.parses (event_id, chat_id, message_event_id, message_text, outcome, intent, confidence_intent,
        confidence_slots, parser, model_version, latency_ms, lang, corrections, occurred_at)
       values ($1, $2, $3, $4, 'parsed', $5, $6, $6, 'model', $7, 11.5, $8, '[]'::jsonb, now() - make_interval(mins => $9))`,
      [randomUUID(), 1000 + i, randomUUID(), text, intent, conf, readRegistryVersion, i === 2 ? 'en' : 'ru', i * 5],
    );
  }
}

/**
 * The real UI on a free port (createUiApp over createUiWorld's Postgres and ClickHouse) with a
 * local inference emulator, two known users and a small history — what the browser test drives.
 */
export async function startUiServer(): Promise<UiServer> {
  const inference = await listen(inferenceEmulator().fetch);
  const etl = await listen(etlEmulator().fetch);
  const modelsDir = seedModels();
  const world = await createUiWorld({ inference: { url: inference.url, token: 'browser-test-token' }, etl: { url: etl.url, token: 'browser-test-etl-token' }, modelsDir });
  await addUser(world.t.pool, world.t.schema, { ...ADMIN, role: 'admin' });
  await addUser(world.t.pool, world.t.schema, { ...VIEWER, role: 'viewer' });
  await seedParses(world);
  const ui = await listen(world.app.fetch);
  return {
    url: ui.url,
    world,
    async close() {
      await closeServer(ui.server);
      await closeServer(inference.server);
      await closeServer(etl.server);
      await world.cleanup();
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}
