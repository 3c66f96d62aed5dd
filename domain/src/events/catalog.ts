import { z } from 'zod';
import { eventType, type Catalog } from './catalog-builder';
import { etlCatalog } from './etl-catalog';
import { promotionReasonSchema } from './promotion-reason';
import { clarificationReasonSchema } from './clarification-reason';

/**
 * The event catalog of Napominalka: one entry per event type, the current schema first.
 * A change to a schema that old readers cannot accept adds a version with an upcaster;
 * stored events are never rewritten.
 */
const chatId = z.number().int();
const lang = z.enum(['ru', 'en']);
const instant = z.string().datetime({ offset: true });
/** A calendar date (YYYY-MM-DD) in a chat's zone: a day, not an instant. */
const localDate = z.string().date();
const reminderId = z.string().min(1);

export const slotSchema = z.object({
  tag: z.string(),
  text: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});

/** Why a reminder was completed: a typed code, read by the bot to choose (or skip) its answer. */
export const COMPLETION_REASONS = ['user', 'series-ended'] as const;
export const completionReasonSchema = z.enum(COMPLETION_REASONS);
export type CompletionReason = z.infer<typeof completionReasonSchema>;

export const catalog = {
  MessageReceived: eventType(
    z.object({
      chatId,
      updateId: z.number().int(),
      messageId: z.number().int(),
      userId: z.number().int().optional(),
      text: z.string(),
      edited: z.boolean().default(false),
      sentAt: instant,
      /** What the user sent: text, or something the bot cannot read (its text is then empty). */
      kind: z.enum(['text', 'location', 'voice', 'sticker', 'photo', 'other']).default('text'),
      /** A shared location (kind location): the zone is looked up from it. */
      location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
      /** The Telegram user's interface language, a hint before the chat chose one. */
      languageCode: z.string().max(35).optional(),
      /** Past the chat's flood limit: recorded, not parsed (the bot said once that it slows down). */
      throttled: z.boolean().optional(),
    }),
  ),
  CallbackReceived: eventType(
    z.object({
      chatId,
      updateId: z.number().int(),
      callbackQueryId: z.string(),
      messageId: z.number().int().optional(),
      userId: z.number().int().optional(),
      data: z.string(),
    }),
  ),
  ChatSettingsChanged: eventType(
    z.object({
      chatId,
      timezone: z.string().optional(),
      lang: lang.optional(),
      active: z.boolean().optional(),
    }),
  ),
  MessageParsed: eventType(
    z.object({
      chatId,
      intent: z.string(),
      slots: z.array(slotSchema),
      due: instant.nullable(),
      rrule: z.string().nullable(),
      text: z.string().nullable(),
      confidence: z.object({ intent: z.number(), slots: z.number() }),
      modelVersion: z.string(),
      parser: z.enum(['model', 'llm', 'rules']),
      latencyMs: z.number().min(0),
      corrections: z.array(z.object({ from: z.string(), to: z.string() })).default([]),
      lang: z.enum(['ru', 'en', 'mixed']),
      /** For intent timezone: the IANA zone named (absent in events written before it existed). */
      timezone: z.string().nullable().optional(),
      /**
       * For intent list: the period the request names (CONVENTIONS rule 20), local dates in the
       * chat's zone, both inclusive; null when it names none. Absent in events written before it
       * existed: those list everything, as they did.
       */
      listFrom: localDate.nullable().optional(),
      listTo: localDate.nullable().optional(),
    }),
  ),
  ParseFailed: eventType(z.object({ chatId, reason: z.string(), modelVersion: z.string().optional() })),
  ClarificationRequested: eventType(
    z.object({
      chatId,
      question: z.string(),
      options: z.array(z.string()).default([]),
      /**
       * What the question waits for: `time` (a create without a time), `cancel` (which of the
       * candidates to cancel), `no-match` (nothing matched; nothing is awaited), `correction` (the
       * new time and/or text of candidates[0]), `question` (anything else). Absent in older events.
       */
      kind: z.enum(['question', 'time', 'cancel', 'no-match', 'correction']).optional(),
      candidates: z.array(z.object({ reminderId, text: z.string(), due: instant })).default([]),
      /**
       * Why inference asks (its questions only; absent in events written before it existed — see
       * legacyClarificationReason). The bot's reply is chosen by it, never by the question's words.
       */
      reason: clarificationReasonSchema.optional(),
    }),
  ),
  ReminderScheduled: eventType(
    z.object({
      chatId,
      reminderId,
      text: z.string(),
      due: instant,
      rrule: z.string().nullable(),
      timezone: z.string(),
      sourceEventId: z.string().uuid().optional(),
    }),
  ),
  ReminderRescheduled: eventType(
    z.object({
      chatId,
      reminderId,
      due: instant,
      reason: z.enum(['snooze', 'edit', 'next-occurrence', 'timezone-change', 'resume']),
      text: z.string().optional(),
      /**
       * The reminder's occurrence counter after this reschedule. Every reschedule bumps it by one;
       * readers derive it as `occurrence ?? previous + 1` (events written before it existed).
       */
      occurrence: z.number().int().min(0).optional(),
      /** A corrected recurrence rule (reason edit); absent = unchanged. */
      rrule: z.string().nullable().optional(),
      /** The zone the reminder's wall clock is now read in (reason timezone-change). */
      timezone: z.string().optional(),
    }),
  ),
  ReminderCancelled: eventType(z.object({ chatId, reminderId, reason: z.string().optional() })),
  ReminderCompleted: eventType(
    z.object({
      chatId,
      reminderId,
      /**
       * `reminder` (the default, and the meaning of older events): the reminder is done.
       * `occurrence`: only the delivered occurrence `occurrence` of a recurring reminder was
       * acknowledged; the series goes on.
       */
      scope: z.enum(['reminder', 'occurrence']).default('reminder'),
      occurrence: z.number().int().min(0).optional(),
      /**
       * Why: `user` (✅, "готово"; the meaning of events without it) or `series-ended` (a COUNT or
       * UNTIL series past its last occurrence: nobody asked, so the bot does not answer it).
       */
      reason: completionReasonSchema.optional(),
    }),
  ),
  ReminderDue: eventType(z.object({ chatId, reminderId, occurrence: z.number().int().min(0), due: instant, firedAt: instant })),
  ReminderDelivered: eventType(
    z.object({ chatId, reminderId, occurrence: z.number().int().min(0), latenessMs: z.number(), messageId: z.number().int().optional() }),
  ),
  ReminderDeliveryFailed: eventType(z.object({ chatId, reminderId, occurrence: z.number().int().min(0), error: z.string(), permanent: z.boolean() })),
  FeedbackGiven: eventType(
    z.object({ chatId, reminderId: reminderId.optional(), kind: z.enum(['wrong-time', 'wrong-text', 'other']), comment: z.string().optional() }),
  ),
  ModelPromoted: eventType(
    z.object({
      version: z.string(),
      previous: z.string().nullable(),
      metrics: z.record(z.number()).default({}),
      // Who and why (absent in events written before they existed): 'cli:<user>', 'etl:<runId>', 'api'.
      actor: z.string().min(1).max(200).optional(),
      reason: promotionReasonSchema.optional(),
      runId: z.string().min(1).optional(),
      /** Why, in one line. */
      note: z
        .string()
        .max(500)
        .regex(/^[^\r\n]*$/, 'one line')
        .optional(),
    }),
  ),
  /**
   * Something an operator must know (drift, degraded quality, consumer lag, parked messages, a
   * failed ETL run): the bot sends it to ADMIN_CHAT_ID through its outbox. Stream `alerts`; the
   * raiser's idempotency key makes each alert once.
   */
  AdminAlertRaised: eventType(
    z.object({
      alert: z.enum(['drift-detected', 'quality-degraded', 'consumer-lag', 'messages-parked', 'etl-run-failed', 'etl-check-failed']),
      severity: z.enum(['warning', 'critical']),
      /** One line, plain text (the bot escapes it). */
      title: z.string().min(1).max(200),
      /** A few lines of detail, plain text. */
      text: z.string().max(3000),
      /** Where to look (a report, a run), when there is one. */
      link: z.string().max(500).optional(),
    }),
  ),
  ...etlCatalog,
} satisfies Catalog;

export type AppCatalog = typeof catalog;
export type EventTypeName = keyof AppCatalog & string;
export type EventData<T extends EventTypeName> = z.infer<AppCatalog[T]['schema']>;
