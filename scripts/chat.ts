/**
 * `pnpm chat`: talk to the bot in the terminal through the local Bot API emulator that
 * `pnpm start` runs when no BOT_TOKEN is set. Lines you type are messages; the bot's answers are
 * printed with their buttons, numbered; `/press N` presses button N of the bot's last message
 * that has buttons.
 */
import readline from 'node:readline';
import { EmulatorControl } from '../bot/src/emulator/control-client';
import type { Message } from '../bot/src/emulator/types';

const HELP = `Usage: pnpm chat [--url http://127.0.0.1:8443] [--user 1] [--lang ru|en]

Chat with the bot through the Telegram Bot API emulator (run \`pnpm start\` without BOT_TOKEN
first). Type a message and press Enter; the bot's replies appear with their buttons numbered
[1], [2], …; type /press N to press one. /quit or Ctrl-D leaves.
Environment: TELEGRAM_EMULATOR_URL (default http://127.0.0.1:8443).`;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}

const url = arg('url') ?? process.env.TELEGRAM_EMULATOR_URL ?? 'http://127.0.0.1:8443';
const userId = Number(arg('user') ?? 1);
const lang = arg('lang') ?? 'ru';
if (!Number.isSafeInteger(userId) || userId <= 0) {
  console.error('chat: --user must be a positive integer');
  process.exit(2);
}
const tg = new EmulatorControl(url);
try {
  await tg.state();
} catch (err) {
  console.error(`chat: no Bot API emulator at ${url} (${(err as Error).message}); run \`pnpm start\` without BOT_TOKEN first`);
  process.exit(1);
}

let last: Message | null = null;
let after = 0;
const buttonsOf = (m: Message) => m.reply_markup?.inline_keyboard.flat() ?? [];

function show(m: Message): void {
  if (buttonsOf(m).length > 0) last = m;
  const text = (m.text ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  console.log(`\n🤖 ${text.split('\n').join('\n   ')}`);
  const buttons = buttonsOf(m);
  if (buttons.length) console.log(`   ${buttons.map((b, i) => `[${i + 1}] ${b.text}`).join('  ')}`);
  rl.prompt(true);
}

const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '🙂 ' });
console.log(`Chatting as user ${userId} with the bot at ${url}. /press N presses a button, /quit leaves.`);
rl.prompt();

let stopped = false;
// The bot's messages as they come (edits of earlier ones are shown again).
void (async () => {
  while (!stopped) {
    try {
      const a = await tg.waitForAction({ chat_id: userId, after, methods: ['sendMessage', 'editMessageText'], timeoutMs: 20_000 });
      if (!a) continue;
      after = a.seq;
      if (a.message) show(a.message);
    } catch (err) {
      if (!stopped) console.error(`\n(chat: ${(err as Error).message}; retrying)`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
})();

rl.on('line', async (line) => {
  const text = line.trim();
  try {
    if (text === '/quit') return rl.close();
    const press = /^\/press\s+(\d+)$/.exec(text);
    if (press) {
      const b = last ? buttonsOf(last)[Number(press[1]) - 1] : undefined;
      if (!last || !b || !('callback_data' in b) || !b.callback_data) console.log('(no such button)');
      else await tg.press(last.chat.id, last.message_id, { callback_data: b.callback_data });
    } else if (text) {
      await tg.sendText(userId, text, { user: { language_code: lang } });
    }
  } catch (err) {
    console.error(`(chat: ${(err as Error).message})`);
  }
  rl.prompt();
});

rl.on('close', () => {
  stopped = true;
  process.exit(0);
});
