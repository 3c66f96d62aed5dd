import type { CommandOf } from '../commands';
import type { DomainEvent } from '../events';
import type { ChatState } from '../state';

/** /lang or a language button: the chat's language, when it changes. */
export function setLang(cmd: CommandOf<'set-lang'>, s: ChatState): DomainEvent[] {
  return cmd.lang === s.settings.lang ? [] : [{ type: 'ChatSettingsChanged', data: { chatId: s.chatId, lang: cmd.lang } }];
}
