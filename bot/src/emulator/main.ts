/**
 * Runs the Telegram Bot API emulator on its own:
 *   tsx bot/src/emulator/main.ts [--host 127.0.0.1] [--port 8443] [--token T]... [--no-rate-limits]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_TOKEN, TOKEN_RE } from './emulator';
import { startTelegramEmulator } from './server';

const HELP = `Usage: tsx bot/src/emulator/main.ts [options]

A local stand-in for https://api.telegram.org: the Bot API methods the bot uses
(getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, editMessageText,
editMessageReplyMarkup, answerCallbackQuery, deleteMessage, sendChatAction, setMyCommands, ...)
at <url>/bot<token>/<method>, and a control API at <url>/_emulator/ to inject user messages
and button presses, read what the bot sent and inject faults. Point the bot at it with
node-telegram-bot-api's apiRoot option: new Bot(token, { apiRoot: '<url>' }).

Tokens: without --token, any token of the form <digits>:<20+ of [A-Za-z0-9_-]> is accepted and
each one is a bot of its own (bot id = the digits). With --token (repeatable), only those.
The control API means the first --token (or ${DEFAULT_TOKEN}) unless ?token= says otherwise.

Options (environment variable in brackets):
  --host H             address to bind [TELEGRAM_EMULATOR_HOST] (default 127.0.0.1)
  --port P             port [TELEGRAM_EMULATOR_PORT] (default 8443; 0 = a free one)
  --token T            accept only this token (repeatable) [TELEGRAM_EMULATOR_TOKENS, comma-separated]
  --no-rate-limits     record flood-limit violations but never answer 429
  --per-chat N         messages per second to one chat (default 1)
  --global N           messages per second overall (default 30)
  --group N            messages per minute to one group (default 20)
  --auto-create-chats  let the bot write to chats no user has written from
  --cors ORIGINS       comma-separated origins allowed to call the control API from a browser
                       [TELEGRAM_EMULATOR_CORS]
  -h, --help           this text`;

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    host: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string', multiple: true },
    'no-rate-limits': { type: 'boolean' },
    'per-chat': { type: 'string' },
    global: { type: 'string' },
    group: { type: 'string' },
    'auto-create-chats': { type: 'boolean' },
    cors: { type: 'string' },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const fail = (msg: string): never => {
  console.error(`telegram emulator: ${msg}\n\n${HELP}`);
  process.exit(2);
};
const num = (name: string, v: string | undefined, dflt: number): number => {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fail(`${name} must be a non-negative number, got ${JSON.stringify(v)}`);
};

const tokens =
  values.token ??
  (process.env.TELEGRAM_EMULATOR_TOKENS
    ? process.env.TELEGRAM_EMULATOR_TOKENS.split(',')
        .map((t) => t.trim())
        .filter(Boolean)
    : undefined);
for (const t of tokens ?? []) if (!TOKEN_RE.test(t)) fail(`not a bot token: ${t} (expected <digits>:<20+ of [A-Za-z0-9_-]>)`);
const port = num('port', values.port ?? process.env.TELEGRAM_EMULATOR_PORT, 8443);
const cors = values.cors ?? process.env.TELEGRAM_EMULATOR_CORS;

const running = await startTelegramEmulator({
  host: values.host ?? (process.env.TELEGRAM_EMULATOR_HOST || '127.0.0.1'),
  port,
  tokens,
  autoCreateChats: values['auto-create-chats'] ?? false,
  corsOrigins: cors ? cors.split(',').map((s) => s.trim()) : undefined,
  rateLimits: {
    enforce: !values['no-rate-limits'],
    perChatPerSecond: num('per-chat', values['per-chat'], 1),
    globalPerSecond: num('global', values.global, 30),
    groupPerMinute: num('group', values.group, 20),
  },
}).catch((err: Error) => fail(`cannot listen: ${err.message}`));

console.log(`Telegram Bot API emulator on ${running.url}`);
console.log(`  Bot API:      ${running.url}/bot<token>/<method>   (apiRoot: '${running.url}')`);
console.log(`  control API:  ${running.url}/_emulator/`);
console.log(tokens ? `  tokens:       ${tokens.join(', ')}` : `  tokens:       any <digits>:<20+ chars>; default ${running.token}`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`telegram emulator: ${signal}, stopping`);
  void running.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
