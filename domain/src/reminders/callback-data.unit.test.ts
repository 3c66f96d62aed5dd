import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX_BYTES, CallbackDataError, decodeCallbackData, encodeCallbackData, type CallbackAction } from './callback-data';

const uuid = '0195a3f0-7c1e-7b2a-9d3e-1234567890ab';

describe('callback data', () => {
  const actions: Array<[string, CallbackAction]> = [
    ['done', { action: 'done', reminderId: uuid }],
    ['done of an occurrence', { action: 'done', reminderId: uuid, occurrence: 12 }],
    ['snooze 10 min', { action: 'snooze', by: '10m', reminderId: uuid, occurrence: 0 }],
    ['snooze 1 h', { action: 'snooze', by: '1h', reminderId: uuid }],
    ['snooze tomorrow', { action: 'snooze', by: 'tomorrow', reminderId: uuid, occurrence: 999_999_999 }],
    ['cancel', { action: 'cancel', reminderId: uuid }],
    ['wrong', { action: 'wrong', reminderId: uuid }],
    ['pick a candidate', { action: 'pick', reminderId: uuid }],
    ['time zone', { action: 'timezone', timezone: 'America/Argentina/ComodRivadavia' }],
    ['language', { action: 'lang', lang: 'en' }],
  ];
  it.each(actions)('%s round-trips within 64 bytes', (_w, action) => {
    const data = encodeCallbackData(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    const back = decodeCallbackData(data);
    expect(back).toEqual({ ok: true, value: JSON.parse(JSON.stringify(action)) });
  });

  it.each([
    ['empty', ''],
    ['unknown verb', `x:${uuid}`],
    ['unknown snooze', `s:2h:${uuid}`],
    ['too many parts', `c:${uuid}:1`],
    ['bad occurrence', `d:${uuid}:-1`],
    ['bad id', 'd:<script>'],
    ['missing id', 's:10m'],
    ['bad language', 'lg:de'],
    ['over 64 bytes', `d:${'a'.repeat(70)}`],
    ['legacy free text', 'hello'],
  ])('%s → a typed error, no throw', (_w, data) => {
    const r = decodeCallbackData(data);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(CallbackDataError);
      expect(r.error.data).toBe(data);
    }
  });

  it('encoding an invalid action throws its typed error', () => {
    expect(() => encodeCallbackData({ action: 'done', reminderId: 'has:colon' })).toThrow(CallbackDataError);
  });
});
