/** Telegram's bot command syntax: "/list", "/tz@napominalka_bot Europe/Paris". */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/;

/**
 * The bot command a message is (its name in lower case, and what follows it, trimmed), or null.
 * The one reading of commands for the domain, the bot's replies and the parse worker (which
 * leaves commands to them).
 */
export function botCommand(text: string): { name: string; arg: string } | null {
  const m = COMMAND.exec(text.trim());
  return m ? { name: m[1]!.toLowerCase(), arg: (m[2] ?? '').trim() } : null;
}
