import { describe, expect, it } from 'vitest';
import { CHAT, callback, dataOf, emptyChat, message, parsed } from '../testing/fixtures';

describe('settings', () => {
  it('language change → ChatSettingsChanged; the same language again → nothing', () => {
    const english = emptyChat()
      .when(message('2026-03-12T07:00:00Z', '/lang en'))
      .then([{ type: 'ChatSettingsChanged', data: { chatId: CHAT, lang: 'en' } }]);
    expect(english.state.settings.lang).toBe('en');
    english
      .when(callback('2026-03-12T07:00:00Z', 'lg:en'))
      .thenNothing()
      // Questions follow the language.
      .when(parsed('2026-03-12T07:00:00Z', { intent: 'cancel', text: 'dog' }))
      .then((out) => expect(dataOf(out, 'ClarificationRequested').question).toBe('I found no such reminder.'));
  });
});
