import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Consumer, consumerSettings, openEventStore, runService, subscribeBroadcast } from '@napominalka/core';
import { ensureBundledModels } from '@napominalka/core/model-registry';
import { createApp } from './http/app';
import { ParsePipeline } from './parse/pipeline';
import { ActiveModel } from './model/active-model';
import { LlmClient } from './llm/llm-client';
import { parseWorker } from './worker/parse-worker';
import { modelAdmin, storeModelAdmin } from './http/model-admin';

const HELP = `Usage: inference [--help]

The parser service: consumes MessageReceived and appends MessageParsed / ParseFailed (the bot
decides on the parse and answers it); serves
POST /v1/parse, /openapi.json and /docs on INFERENCE_HOST:INFERENCE_PORT (API key required);
serves the active model version of MODEL_REGISTRY_DIR and swaps to another without stopping on
ModelPromoted (a version that is corrupt or does not fit is refused, the served one stays).
Settings from the environment (README).`;

await runService({
  name: 'inference',
  help: HELP,
  async start({ config, log }) {
    const { pool, store } = await openEventStore(config, log);

    const modelsDir = config.MODEL_REGISTRY_DIR;
    const seeded = ensureBundledModels(modelsDir);
    if (seeded?.copied.length) log.info({ dir: modelsDir, copied: seeded.copied }, 'added the bundled model versions to the registry');
    const active = new ActiveModel({ store, dir: modelsDir, log });
    // Subscribed before the first load: a promotion appended while this process starts is heard.
    const models = subscribeBroadcast({
      amqpUrl: config.AMQP_URL,
      prefix: config.AMQP_PREFIX,
      types: ['ModelPromoted'],
      log,
      // The event says a promotion happened; the store says what is active (events can be missed).
      onMessage: () => active.sync('promoted'),
    });
    await models.ready;
    await active.sync('start');
    const llm = config.LLM_ENABLED
      ? new LlmClient({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY!, model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS })
      : null;
    const pipeline = new ParsePipeline({ model: () => active.current, llm, threshold: config.PARSE_CONFIDENCE_THRESHOLD });

    const worker = new Consumer({
      name: 'inference',
      types: ['MessageReceived'],
      handleBatch: parseWorker({ parser: () => pipeline, defaultTimezone: config.DEFAULT_TIMEZONE }),
      store,
      log,
      ...consumerSettings(config),
    });
    await worker.start();

    let apiKeys = config.INFERENCE_API_KEYS ?? [];
    if (apiKeys.length === 0) {
      // A random key nobody knows: the API refuses every call until keys are configured. It is
      // never logged: logs are shipped and kept, a key in them would be a leaked secret.
      apiKeys = [randomBytes(18).toString('base64url')];
      log.warn('INFERENCE_API_KEYS unset: /v1/parse refuses every call (401) until it is set');
    }
    const app = createApp({
      parser: () => pipeline,
      apiKeys,
      // Promote and rollback (with the caller's actor and note): the same path as `pnpm models`.
      admin: modelAdmin(storeModelAdmin(store, modelsDir, () => active.current?.version ?? null)),
    });
    const server = serve({ fetch: app.fetch, hostname: config.INFERENCE_HOST, port: config.INFERENCE_PORT });
    log.info({ port: config.INFERENCE_PORT, model: active.current?.version ?? 'rules', modelsDir }, 'inference API listening');

    return {
      readiness: {
        postgres: async () => (await pool.query('select 1')).rowCount === 1,
        model: () => active.current !== null || active.wanted === null,
      },
      async stop() {
        await new Promise<void>((r) => server.close(() => r()));
        await worker.stop();
        await models.stop();
        await pool.end();
      },
    };
  },
});
