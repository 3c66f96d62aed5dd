import { Api } from 'node-telegram-bot-api';
import { Consumer, consumerSettings, migrate, openEventStore, REMINDER_INPUT_TYPES, runService } from '@napominalka/core';
import { createIngress } from './ingress/ingress';
import { BOT_MIGRATIONS } from './notifier/outbox';
import { NOTIFIER_CONSUMER, NOTIFIER_TYPES, notifierHandler } from './notifier/notifier-handler';
import { Sender } from './notifier/sender';
import { CONVERSATION_CONSUMER, conversationHandler } from './replies/conversation-handler';
import { ALERTS_CONSUMER, ALERT_TYPES, alertsHandler } from './alerts/alerts-handler';
import { DEFAULT_TOKEN } from './emulator/emulator';

const HELP = `Usage: bot [--help]

The Telegram side of Napominalka:
  - ingress: long polling, or a webhook when BOT_WEBHOOK_URL is set; every update becomes
    MessageReceived / CallbackReceived (key tg:<update_id>), confirmed to Telegram only after it
    is committed; past BOT_FLOOD_LIMIT messages a minute a chat's texts are recorded as
    throttled; every button press is answered (the spinner stops) once recorded;
  - the conversation (consumer "reminders"): each message, parse, button press and delivery is
    decided by the reminders domain and answered — the confirmation of what was understood with
    ✏️/❌, clarification questions, acknowledgements, /start, /help — in one transaction;
  - notifier: ReminderDue → the reminder message with ✅/💤 buttons (consumer "bot-notifier",
    outbox in Postgres), sent within Telegram's limits by one active sender, recorded as
    ReminderDelivered (with lateness) or ReminderDeliveryFailed;
  - operators' alerts (consumer "bot-alerts"): AdminAlertRaised → a message to ADMIN_CHAT_ID
    through the same outbox and sender (unset: the alert is only logged).
BOT_TOKEN unset: talks to the Bot API emulator at TELEGRAM_API_ROOT (pnpm start runs one).
Settings from the environment (README, Configuration).`;

await runService({
  name: 'bot',
  help: HELP,
  async start({ config, log }) {
    const { pool, store } = await openEventStore(config, log);
    await migrate(pool, config.PG_SCHEMA, BOT_MIGRATIONS);

    if (!config.BOT_TOKEN && config.TELEGRAM_API_ROOT.startsWith('https://api.telegram.org')) {
      throw new Error('BOT_TOKEN is unset: set it, or point TELEGRAM_API_ROOT at the Bot API emulator (pnpm start does)');
    }
    const token = config.BOT_TOKEN ?? DEFAULT_TOKEN;
    // No client retries: the pacer and the poller decide when to try again.
    const api = new Api(token, { apiRoot: config.TELEGRAM_API_ROOT, maxRetries: 0 });
    // The Bot API may come up after us (the emulator under pnpm start, a network blip): wait for it.
    let me: Awaited<ReturnType<Api['getMe']>> | undefined;
    for (let attempt = 1; !me; attempt++) {
      try {
        me = await api.getMe();
      } catch (err) {
        if (attempt >= 30) throw new Error(`the Bot API at ${config.TELEGRAM_API_ROOT} does not answer: ${(err as Error).message}`);
        log.warn({ err: (err as Error).message, attempt }, 'Bot API not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * attempt)));
      }
    }
    log.info({ bot: me.username, apiRoot: config.TELEGRAM_API_ROOT }, 'connected to the Bot API');

    const ingress = createIngress({ config, api, store, log, bot: { username: me.username ?? '', id: me.id } });
    const sender = new Sender({ pool, store, api, log, databaseUrl: config.DATABASE_URL, pacer: { globalLimit: config.TELEGRAM_GLOBAL_RATE } });
    const notifier = new Consumer({
      name: NOTIFIER_CONSUMER,
      types: NOTIFIER_TYPES,
      handle: notifierHandler({ schema: config.PG_SCHEMA, defaultTimezone: config.DEFAULT_TIMEZONE }),
      store,
      log,
      ...consumerSettings(config),
    });
    // Decisions and their replies (confirmations, questions, acknowledgements), through the same outbox and sender.
    const replies = new Consumer({
      name: CONVERSATION_CONSUMER,
      types: REMINDER_INPUT_TYPES,
      handleBatch: conversationHandler({ schema: config.PG_SCHEMA, defaultTimezone: config.DEFAULT_TIMEZONE }),
      store,
      log,
      ...consumerSettings(config),
    });
    // Operators' alerts (drift, lag, failed ETL runs) to ADMIN_CHAT_ID, paced with the rest.
    const alerts = new Consumer({
      name: ALERTS_CONSUMER,
      types: ALERT_TYPES,
      handle: alertsHandler({ schema: config.PG_SCHEMA, adminChatId: config.ADMIN_CHAT_ID }),
      store,
      log,
      ...consumerSettings(config),
    });
    if (config.ADMIN_CHAT_ID === undefined) log.warn('ADMIN_CHAT_ID is unset: operators’ alerts are only logged');
    await notifier.start();
    await replies.start();
    await alerts.start();
    sender.start();
    await ingress.start();
    log.info({ mode: ingress.mode }, 'ingress started');
    return {
      readiness: {
        postgres: async () => (await pool.query('select 1')).rowCount === 1,
      },
      async stop() {
        await ingress.stop();
        await notifier.stop();
        await replies.stop();
        await alerts.stop();
        await sender.stop();
        await pool.end();
      },
    };
  },
});
