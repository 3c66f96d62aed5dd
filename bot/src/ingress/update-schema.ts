import { z } from 'zod';
import type { Update } from 'node-telegram-bot-api';

/**
 * The part of a Telegram Update that ingress reads, checked where it comes in (a webhook body, a
 * getUpdates answer) so that mapUpdate never meets a shape it would throw on. Everything else
 * passes through untouched: Telegram adds fields over time.
 */
const id = z.number().int();
const user = z.object({ id, is_bot: z.boolean().optional(), language_code: z.string().optional() }).passthrough();
const chat = z.object({ id, type: z.string() }).passthrough();
const message = z
  .object({
    message_id: id,
    date: id,
    edit_date: id.optional(),
    chat,
    from: user.optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }).passthrough().optional(),
    reply_to_message: z.object({ from: user.optional() }).passthrough().optional(),
  })
  .passthrough();
const callbackQuery = z
  .object({
    id: z.string().min(1),
    from: user,
    data: z.string().optional(),
    message: z.object({ message_id: id, chat }).passthrough().optional(),
  })
  .passthrough();

/** Just enough to be an update at all: an object with its id. */
export const updateEnvelopeSchema = z.object({ update_id: z.number().int().nonnegative() }).passthrough();

export const updateSchema = updateEnvelopeSchema.extend({
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
});

/** The update, or why it cannot be read (a short, loggable description). */
export function parseUpdate(body: unknown): { update: Update } | { error: string } {
  const r = updateSchema.safeParse(body);
  if (r.success) return { update: r.data as unknown as Update };
  return {
    error: r.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; '),
  };
}
