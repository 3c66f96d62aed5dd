import type { EventData, EventEnvelope } from '@napominalka/core';

export interface ChatSettings {
  timezone: string;
  lang: 'ru' | 'en' | null;
}

/** The chat's settings as its ChatSettingsChanged events left them (pure; replays give the same). */
export function foldChatSettings(events: EventEnvelope[], defaultTimezone: string): ChatSettings {
  let s: ChatSettings = { timezone: defaultTimezone, lang: null };
  for (const e of events) {
    if (e.type !== 'ChatSettingsChanged') continue;
    const d = e.data as EventData<'ChatSettingsChanged'>;
    s = { timezone: d.timezone ?? s.timezone, lang: d.lang ?? s.lang };
  }
  return s;
}
