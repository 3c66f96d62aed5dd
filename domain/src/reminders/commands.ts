import { z } from 'zod';

const instant = z.string().datetime({ offset: true });
const reminderId = z.string().min(1);
/** Every command: the id of the input event it comes from (its causation) and the moment it happened. */
const base = { id: z.string().min(1), now: instant };

export const commandSchema = z
  .discriminatedUnion('type', [
    /** A parse with intent create and a due: one-off or recurring. The reminder id is `id`. */
    z.object({ ...base, type: z.literal('create'), text: z.string(), due: instant, rrule: z.string().nullable() }),
    /** A time-only parse answering the pending "when?" of a create without a time. */
    z.object({ ...base, type: z.literal('provide-time'), due: instant, rrule: z.string().nullable() }),
    /** ❌ on a confirmation, or a candidate picked from a "which one?" question. */
    z.object({ ...base, type: z.literal('cancel'), reminderId, via: z.enum(['button', 'pick']) }),
    /** "отмени про маму": the words are matched against the live reminders' texts. */
    z.object({ ...base, type: z.literal('cancel-by-words'), words: z.string().nullable() }),
    /** 💤 of a delivered reminder (reminderId), or "отложи" of the last fired one (reminderId null). */
    z.object({
      ...base,
      type: z.literal('snooze'),
      reminderId: reminderId.nullable(),
      occurrence: z.number().int().min(0).optional(),
      by: z.enum(['10m', '1h', 'tomorrow', 'until']),
      until: instant.optional(),
    }),
    /** ✅ of a delivered reminder. */
    z.object({ ...base, type: z.literal('complete'), reminderId, occurrence: z.number().int().min(0).optional() }),
    /** ✏️ of a confirmation: the next message corrects the reminder. */
    z.object({ ...base, type: z.literal('start-correction'), reminderId }),
    /** The message after ✏️: a new time and/or text (null: not given). */
    z.object({ ...base, type: z.literal('correct'), due: instant.nullable(), text: z.string().nullable(), rrule: z.string().nullable() }),
    /**
     * The user edited the message that made `reminderId`: its new parse restates the reminder (a
     * null due or text: not given; with a due, rrule is the whole new rule, null for a one-off).
     */
    z.object({ ...base, type: z.literal('edit'), reminderId, due: instant.nullable(), text: z.string().nullable(), rrule: z.string().nullable() }),
    z.object({ ...base, type: z.literal('set-timezone'), timezone: z.string().min(1) }),
    z.object({ ...base, type: z.literal('set-lang'), lang: z.enum(['ru', 'en']) }),
    /** Settings changed by someone else: bring the reminders in line (zone, pause/resume). */
    z.object({ ...base, type: z.literal('reconcile') }),
    /** A reminder's occurrence was delivered (`now` = delivery time). */
    z.object({ ...base, type: z.literal('advance'), reminderId, occurrence: z.number().int().min(0) }),
    /** A delivery failed permanently (the user blocked the bot). */
    z.object({ ...base, type: z.literal('deactivate') }),
    /** The user is back (wrote or pressed a button in an inactive chat). */
    z.object({ ...base, type: z.literal('activate') }),
  ])
  .superRefine((c, ctx) => {
    if (c.type === 'snooze' && c.by === 'until' && c.until === undefined)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'snooze until needs until' });
  });
export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];
/** One command type, narrowed: what the decision of that command takes. */
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Commands a user's action causes: in an inactive chat they first reactivate it. */
export const USER_COMMANDS: ReadonlySet<CommandType> = new Set([
  'create',
  'provide-time',
  'cancel',
  'cancel-by-words',
  'snooze',
  'complete',
  'start-correction',
  'correct',
  'edit',
  'set-timezone',
  'set-lang',
  'activate',
]);
