import { chatStream, type NewEvent } from '@napominalka/core';
import type { CallbackQuery, Message, Update } from 'node-telegram-bot-api';

/** What one Telegram update becomes: an event for the chat's stream, or nothing and why. */
export type Mapped = { streamId: string; event: NewEvent; idempotencyKey: string } | { ignored: string };

export interface BotIdentity {
  /** The bot's username without "@", to tell messages addressed to it in groups. */
  username: string;
  id: number;
}

/** The update union read field by field (each update carries exactly one of them). */
type AnyUpdate = { update_id: number; message?: Message; edited_message?: Message; callback_query?: CallbackQuery };

/** Telegram message texts are at most 4096 characters; anything longer is not from Telegram. */
const MAX_TEXT = 4096;

/**
 * Maps an update to the event that records it, keyed by the update id so that an update
 * delivered again (after a crash before the offset moved on) appends nothing. Pure.
 *
 * Private chats: every message. Groups: only what is addressed to the bot — a /command (bare or
 * `@bot`), a mention of `@bot`, or a reply to one of its messages; the mention is cut from the
 * text. Voice, stickers, photos and the like are recorded with their kind and an empty text (the
 * bot answers that it cannot read them yet); a shared location is recorded with its coordinates.
 */
export function mapUpdate(u: Update, bot: BotIdentity): Mapped {
  const update = u as AnyUpdate;
  const idempotencyKey = `tg:${update.update_id}`;
  const cq = update.callback_query;
  if (cq) {
    const chatId = cq.message?.chat.id ?? cq.from.id;
    if (!cq.data) return { ignored: 'callback without data' };
    return {
      streamId: chatStream(chatId),
      idempotencyKey,
      event: {
        type: 'CallbackReceived',
        data: {
          chatId,
          updateId: update.update_id,
          callbackQueryId: cq.id,
          userId: cq.from.id,
          data: cq.data,
          ...(cq.message ? { messageId: cq.message.message_id } : {}),
        },
      },
    };
  }
  const m = update.message ?? update.edited_message;
  if (!m) return { ignored: 'update type not handled' };
  if (m.from?.is_bot) return { ignored: 'from a bot' };
  const group = m.chat.type !== 'private';
  const raw = m.text ?? m.caption ?? '';
  let text = raw;
  if (group) {
    const addressed = addressedText(m, raw, bot);
    if (addressed === null) return { ignored: 'group message not addressed to the bot' };
    text = addressed;
  }
  const kind = m.text !== undefined ? 'text' : m.location ? 'location' : m.voice || m.audio ? 'voice' : m.sticker ? 'sticker' : m.photo ? 'photo' : 'other';
  return {
    streamId: chatStream(m.chat.id),
    idempotencyKey,
    event: {
      type: 'MessageReceived',
      occurredAt: new Date(m.date * 1000),
      data: {
        chatId: m.chat.id,
        updateId: update.update_id,
        messageId: m.message_id,
        ...(m.from ? { userId: m.from.id } : {}),
        ...(m.from?.language_code ? { languageCode: m.from.language_code.slice(0, 35) } : {}),
        text: kind === 'text' ? text.slice(0, MAX_TEXT) : '',
        edited: update.edited_message !== undefined,
        sentAt: new Date((update.edited_message?.edit_date ?? m.date) * 1000).toISOString(),
        kind,
        ...(m.location ? { location: { latitude: m.location.latitude, longitude: m.location.longitude } } : {}),
      },
    },
  };
}

/** The text of a group message meant for the bot (mention cut out), or null when it is not. */
function addressedText(m: Message, text: string, bot: BotIdentity): string | null {
  const mention = new RegExp(`@${escapeRegExp(bot.username)}\\b`, 'i');
  if (m.reply_to_message?.from?.id === bot.id) return text;
  const command = /^\/(\w+)(?:@(\w+))?/.exec(text);
  if (command && (!command[2] || command[2].toLowerCase() === bot.username.toLowerCase())) return text.replace(/^\/(\w+)@\w+/, '/$1');
  if (mention.test(text)) return text.replace(mention, '').replace(/\s+/g, ' ').trim();
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
