import { z } from 'zod';

/**
 * Telegram callback_data of the bot's buttons: at most 64 bytes, so short verbs.
 *
 *   d:<reminderId>[:<occurrence>]        ✅ done
 *   s:<10m|1h|tm>:<reminderId>[:<occ>]   💤 10 min / 1 h / tomorrow 09:00
 *   c:<reminderId>                       ❌ cancel
 *   w:<reminderId>                       ✏️ wrong (the next message corrects it)
 *   p:<reminderId>                       pick a candidate of a "which one?" question (cancel it)
 *   tz:<IANA zone>                       set the chat's zone
 *   lg:<ru|en>                           set the chat's language
 *
 * The occurrence (optional) makes a button of an old delivery harmless once the reminder moved on.
 */
export const CALLBACK_DATA_MAX_BYTES = 64;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, 'reminder id of letters, digits, _ and -');
const occurrence = z.number().int().min(0).optional();

export const callbackActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('done'), reminderId: id, occurrence }),
  z.object({ action: z.literal('snooze'), by: z.enum(['10m', '1h', 'tomorrow']), reminderId: id, occurrence }),
  z.object({ action: z.literal('cancel'), reminderId: id }),
  z.object({ action: z.literal('wrong'), reminderId: id }),
  z.object({ action: z.literal('pick'), reminderId: id }),
  z.object({ action: z.literal('timezone'), timezone: z.string().regex(/^[A-Za-z0-9_+\-/]{1,60}$/) }),
  z.object({ action: z.literal('lang'), lang: z.enum(['ru', 'en']) }),
]);
export type CallbackAction = z.infer<typeof callbackActionSchema>;

export class CallbackDataError extends Error {
  override name = 'CallbackDataError';
  constructor(
    message: string,
    readonly data: string,
  ) {
    super(message);
  }
}

export type DecodeResult = { ok: true; value: CallbackAction } | { ok: false; error: CallbackDataError };

const SNOOZE_CODE = { '10m': '10m', '1h': '1h', tomorrow: 'tm' } as const;
const SNOOZE_BY = { '10m': '10m', '1h': '1h', tm: 'tomorrow' } as const;

/** Encodes a button's action; throws CallbackDataError for an invalid action or one over 64 bytes. */
export function encodeCallbackData(action: CallbackAction): string {
  const parsed = callbackActionSchema.safeParse(action);
  if (!parsed.success) throw new CallbackDataError(`invalid callback action: ${parsed.error.issues[0]?.message ?? ''}`, JSON.stringify(action));
  const a = parsed.data;
  const occ = (o: number | undefined) => (o === undefined ? '' : `:${o}`);
  let s: string;
  switch (a.action) {
    case 'done':
      s = `d:${a.reminderId}${occ(a.occurrence)}`;
      break;
    case 'snooze':
      s = `s:${SNOOZE_CODE[a.by]}:${a.reminderId}${occ(a.occurrence)}`;
      break;
    case 'cancel':
      s = `c:${a.reminderId}`;
      break;
    case 'wrong':
      s = `w:${a.reminderId}`;
      break;
    case 'pick':
      s = `p:${a.reminderId}`;
      break;
    case 'timezone':
      s = `tz:${a.timezone}`;
      break;
    case 'lang':
      s = `lg:${a.lang}`;
      break;
  }
  if (Buffer.byteLength(s) > CALLBACK_DATA_MAX_BYTES) throw new CallbackDataError(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes`, s);
  return s;
}

/** Decodes callback_data; anything this build does not know is an error value, never a throw. */
export function decodeCallbackData(data: string): DecodeResult {
  const fail = (why: string): DecodeResult => ({ ok: false, error: new CallbackDataError(why, data) });
  if (typeof data !== 'string' || data.length === 0) return fail('empty callback data');
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) return fail(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes`);
  const [verb, ...rest] = data.split(':');
  const num = (s: string | undefined) => (s === undefined ? undefined : /^\d{1,9}$/.test(s) ? Number(s) : NaN);
  let candidate: unknown;
  switch (verb) {
    case 'd':
      if (rest.length < 1 || rest.length > 2) return fail('malformed done');
      candidate = { action: 'done', reminderId: rest[0], occurrence: num(rest[1]) };
      break;
    case 's': {
      if (rest.length < 2 || rest.length > 3) return fail('malformed snooze');
      const by = Object.hasOwn(SNOOZE_BY, rest[0]!) ? SNOOZE_BY[rest[0] as keyof typeof SNOOZE_BY] : undefined;
      if (!by) return fail(`unknown snooze "${rest[0]}"`);
      candidate = { action: 'snooze', by, reminderId: rest[1], occurrence: num(rest[2]) };
      break;
    }
    case 'c':
    case 'w':
    case 'p':
      if (rest.length !== 1) return fail('malformed callback data');
      candidate = { action: verb === 'c' ? 'cancel' : verb === 'w' ? 'wrong' : 'pick', reminderId: rest[0] };
      break;
    case 'tz':
      candidate = { action: 'timezone', timezone: rest.join(':') };
      break;
    case 'lg':
      candidate = { action: 'lang', lang: rest.join(':') };
      break;
    default:
      return fail(`unknown callback verb "${verb}"`);
  }
  const parsed = callbackActionSchema.safeParse(candidate);
  if (!parsed.success) return fail(`invalid callback data: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { ok: true, value: parsed.data };
}
