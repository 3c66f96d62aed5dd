import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { Consumer, consumerSettings, openEventStore, REMINDER_INPUT_TYPES, remindersHandler, runService, subscribeBroadcast, type EventData, type EventStore, type Handler, type Logger } from '@napominalka/core';
import { createApp } from './http/app';
import { ParsePipeline } from './parse/pipeline';
import { ModelHolder } from './model/model-holder';
import { MODELS_DIR, readRegistry } from './model/registry';
import { LlmClient } from './llm/llm-client';
import { parseWorker } from './worker/parse-worker';
import { modelAdmin } from './http/model-admin';

const HELP = `Usage: inference [--help]

The parser service: consumes MessageReceived and appends MessageParsed / ParseFailed; runs the
reminders decider (consumer "reminders": parses, button presses and deliveries become
ReminderScheduled / Rescheduled / Cancelled / Completed, questions and settings); serves
POST /v1/parse, /openapi.json and /docs on INFERENCE_HOST:INFERENCE_PORT (API key required);
swaps model versions without stopping on ModelPromoted. Settings from the environment (README).`;

/** The model version to serve: the last ModelPromoted in the store, else the registry's current. */
async function startingVersion(store: EventStore, log: Logger): Promise<string | null> {
  const promoted = await store.readByType(['ModelPromoted'], { limit: 10_000 });
  const last = promoted.at(-1)?.data as EventData<'ModelPromoted'> | undefined;
  if (last) return last.version;
  if (!existsSync(path.join(MODELS_DIR, 'registry.json'))) {
    log.warn('no model registry: parsing with rules only');
    return null;
  }
  return readRegistry().current;
}

await runService({
  name: 'inference',
  help: HELP,
  async start({ config, log }) {
    const { pool, store } = await openEventStore(config, log);

    const version = await startingVersion(store, log);
    const holder = version ? await ModelHolder.load(version) : null;
    const llm = config.LLM_ENABLED
      ? new LlmClient({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY!, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS })
      : null;
    const pipeline = new ParsePipeline({ model: () => holder?.current ?? null, llm, threshold: config.PARSE_CONFIDENCE_THRESHOLD });

    const consumer = (name: string, types: readonly string[], handle: Handler) =>
      new Consumer({ name, types, handle, store, log, ...consumerSettings(config) });
    const worker = consumer('inference', ['MessageReceived'], parseWorker({ parser: () => pipeline, defaultTimezone: config.DEFAULT_TIMEZONE }));
    // The reminders decider: parses, button presses and deliveries become the chat's decisions.
    const decider = consumer('reminders', REMINDER_INPUT_TYPES, remindersHandler({ defaultTimezone: config.DEFAULT_TIMEZONE }));
    await worker.start();
    await decider.start();

    const models = subscribeBroadcast({
      amqpUrl: config.AMQP_URL,
      prefix: config.AMQP_PREFIX,
      types: ['ModelPromoted'],
      log,
      async onMessage(body) {
        const v = (body as { data?: { version?: unknown } }).data?.version;
        if (typeof v !== 'string' || !holder) return;
        log.info({ version: v }, 'promoting model');
        await holder.promote(v);
        log.info({ version: v }, 'model promoted');
      },
    });
    await models.ready;

    let apiKeys = config.INFERENCE_API_KEYS ?? [];
    if (apiKeys.length === 0) {
      apiKeys = [randomBytes(18).toString('base64url')];
      log.warn({ apiKey: apiKeys[0] }, 'INFERENCE_API_KEYS unset: generated a key for this run');
    }
    const app = createApp({
      parser: () => pipeline,
      apiKeys,
      admin: modelAdmin({
        current: () => holder?.current.version ?? null,
        promote: async (v, actor) => {
          await store.append('models', [{ type: 'ModelPromoted', data: { version: v, previous: holder?.current.version ?? null, metrics: {} } }], {
            metadata: { correlationId: `promote:${v}:${actor}` },
          });
        },
      }),
    });
    const server = serve({ fetch: app.fetch, hostname: config.INFERENCE_HOST, port: config.INFERENCE_PORT });
    log.info({ port: config.INFERENCE_PORT, model: holder?.current.version ?? 'rules' }, 'inference API listening');

    return {
      readiness: {
        postgres: async () => (await pool.query('select 1')).rowCount === 1,
        model: () => holder !== null || version === null,
      },
      async stop() {
        await new Promise<void>((r) => server.close(() => r()));
        await worker.stop();
        await decider.stop();
        await models.stop();
        await pool.end();
      },
    };
  },
});
