import { describe, expect, it } from 'vitest';
import type { Update } from 'node-telegram-bot-api';
import { mapUpdate } from './map-update';

const BOT = { username: 'napominalka_bot', id: 777 };
const user = { id: 42, is_bot: false, first_name: 'Аня', language_code: 'ru' };
const privateChat = { id: 42, type: 'private' as const, first_name: 'Аня' };
const group = { id: -1001, type: 'group' as const, title: 'Семья' };
const message = (over: Record<string, unknown>, chat: object = privateChat) =>
  ({ update_id: 10, message: { message_id: 5, date: 1_800_000_000, chat, from: user, ...over } }) as unknown as Update;

describe('an update becomes the event that records it', () => {
  it('a private text message → MessageReceived keyed by the update id', () => {
    expect(mapUpdate(message({ text: 'напомни завтра в 9 позвонить маме' }), BOT)).toEqual({
      streamId: 'chat-42',
      idempotencyKey: 'tg:10',
      event: {
        type: 'MessageReceived',
        occurredAt: new Date(1_800_000_000_000),
        data: {
          chatId: 42,
          updateId: 10,
          messageId: 5,
          userId: 42,
          languageCode: 'ru',
          text: 'напомни завтра в 9 позвонить маме',
          edited: false,
          sentAt: new Date(1_800_000_000_000).toISOString(),
          kind: 'text',
        },
      },
    });
  });

  it('an edited message is marked edited, with the edit time as when it was sent', () => {
    const u = {
      update_id: 11,
      edited_message: { message_id: 5, date: 1_800_000_000, edit_date: 1_800_000_060, chat: privateChat, from: user, text: 'в 10' },
    } as unknown as Update;
    const m = mapUpdate(u, BOT);
    expect('event' in m && m.event.data).toMatchObject({ edited: true, text: 'в 10', sentAt: new Date(1_800_000_060_000).toISOString() });
  });

  it('a button press → CallbackReceived in the chat of the message it was on', () => {
    const u = {
      update_id: 12,
      callback_query: { id: 'cq1', from: user, chat_instance: 'x', data: 'd:r1:0', message: { message_id: 9, date: 1, chat: privateChat } },
    } as unknown as Update;
    expect(mapUpdate(u, BOT)).toEqual({
      streamId: 'chat-42',
      idempotencyKey: 'tg:12',
      event: { type: 'CallbackReceived', data: { chatId: 42, updateId: 12, callbackQueryId: 'cq1', userId: 42, data: 'd:r1:0', messageId: 9 } },
    });
  });

  it.each([
    ['voice', { voice: { file_id: 'v', file_unique_id: 'v', duration: 3 } }],
    ['sticker', { sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }],
    ['photo', { photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }], caption: 'смотри' }],
  ])('a %s is recorded with its kind and no text', (kind, body) => {
    const m = mapUpdate(message(body), BOT);
    expect('event' in m && m.event.data).toMatchObject({ kind, text: '' });
  });

  it('a shared location is recorded with its coordinates', () => {
    const m = mapUpdate(message({ location: { latitude: 52.52, longitude: 13.405 } }), BOT);
    expect('event' in m && m.event.data).toMatchObject({ kind: 'location', location: { latitude: 52.52, longitude: 13.405 } });
  });

  it('in groups takes only what is addressed to the bot, without the mention', () => {
    const text = (m: ReturnType<typeof mapUpdate>) => ('event' in m ? (m.event.data as { text: string }).text : m.ignored);
    expect(text(mapUpdate(message({ text: 'всем привет' }, group), BOT))).toBe('group message not addressed to the bot');
    expect(text(mapUpdate(message({ text: '@napominalka_bot напомни в 9 созвон' }, group), BOT))).toBe('напомни в 9 созвон');
    expect(text(mapUpdate(message({ text: '/list@napominalka_bot' }, group), BOT))).toBe('/list');
    expect(text(mapUpdate(message({ text: '/list@other_bot' }, group), BOT))).toBe('group message not addressed to the bot');
    expect(
      text(
        mapUpdate(
          message({ text: 'в 10', reply_to_message: { message_id: 3, date: 1, chat: group, from: { id: 777, is_bot: true, first_name: 'bot' } } }, group),
          BOT,
        ),
      ),
    ).toBe('в 10');
  });

  it('ignores other bots and update kinds it does not handle, saying why', () => {
    expect(mapUpdate(message({ text: 'hi', from: { id: 5, is_bot: true, first_name: 'b' } }), BOT)).toEqual({ ignored: 'from a bot' });
    expect(mapUpdate({ update_id: 13, poll: { id: 'p' } } as unknown as Update, BOT)).toEqual({ ignored: 'update type not handled' });
  });

  it('caps a text at Telegram’s 4096 characters', () => {
    const m = mapUpdate(message({ text: 'x'.repeat(10_000) }), BOT);
    expect('event' in m && (m.event.data as { text: string }).text).toHaveLength(4096);
  });
});
