import type { Api } from 'node-telegram-bot-api';
import type { Config, EventStore, Logger } from '@napominalka/core';
import type { BotIdentity } from './map-update';
import { CallbackAnswerer } from './callback-answers';
import { FloodGuard } from './flood';
import { UpdatePoller } from './poller';
import { UpdateRecorder } from './record-update';
import { WebhookIngress } from './webhook';

export interface Ingress {
  mode: 'webhook' | 'polling';
  start(): Promise<void>;
  /** Stops taking updates, finishes the ones in progress, then the pending button answers. */
  stop(): Promise<void>;
}

export type IngressConfig = Pick<Config, 'BOT_WEBHOOK_URL' | 'BOT_WEBHOOK_SECRET' | 'BOT_WEBHOOK_HOST' | 'BOT_WEBHOOK_PORT' | 'BOT_FLOOD_LIMIT'>;

/**
 * The bot's ingress as configured: a webhook when BOT_WEBHOOK_URL is set, long polling
 * otherwise. Both record through the same UpdateRecorder (flood limit, button answers).
 */
export function createIngress(deps: { config: IngressConfig; api: Api; store: EventStore; log: Logger; bot: BotIdentity }): Ingress {
  const { config, api, store, bot } = deps;
  const log = deps.log.child({ component: 'ingress' });
  const answers = new CallbackAnswerer({ api, log });
  const recorder = new UpdateRecorder({ store, log, bot, answers, flood: new FloodGuard({ limit: config.BOT_FLOOD_LIMIT }) });
  const stopThen = (stop: () => Promise<void>) => async () => {
    await stop();
    await answers.drain();
  };
  if (config.BOT_WEBHOOK_URL) {
    // The config schema already refuses a URL without a secret; this keeps the type honest.
    if (!config.BOT_WEBHOOK_SECRET) throw new Error('BOT_WEBHOOK_SECRET is required with BOT_WEBHOOK_URL');
    const hook = new WebhookIngress({
      api,
      recorder,
      log,
      url: config.BOT_WEBHOOK_URL,
      secret: config.BOT_WEBHOOK_SECRET,
      host: config.BOT_WEBHOOK_HOST,
      port: config.BOT_WEBHOOK_PORT,
    });
    return {
      mode: 'webhook',
      start: async () => void (await hook.start()),
      stop: stopThen(() => hook.stop()),
    };
  }
  const poller = new UpdatePoller({ api, recorder, log });
  return {
    mode: 'polling',
    start: async () => poller.start(),
    stop: stopThen(() => poller.stop()),
  };
}
