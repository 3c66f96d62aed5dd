import { defineMessages } from '../../http/i18n/messages';

export const playgroundMessages = defineMessages({
  en: {
    title: 'Playground', text: 'Text', zone: 'Time zone', now: 'Reference time (optional)', lang: 'Language hint', auto: 'auto', parse: 'Parse',
    intent: 'Intent', confidence: 'confidence', slots: 'Slots', slotConfidence: 'Slot confidence', corrections: 'Corrections', dueZone: 'Due (user zone)',
    dueUtc: 'Due (UTC)', rrule: 'RRULE', next: 'Next occurrences', reminder: 'Reminder text', language: 'Language', model: 'Model version',
    parser: 'Parser', latency: 'Latency, ms', clarification: 'Clarification', none: '—', tooLong: 'The text is over {max} bytes: not sent.',
    unreachable: 'The inference API is unreachable: {reason}', refused: 'The inference API refused ({status}): {message}', tokens: 'Tokens', steps: 'Resolver steps',
  },
  ru: {
    title: 'Песочница', text: 'Текст', zone: 'Часовой пояс', now: 'Момент отсчёта (необязательно)', lang: 'Язык', auto: 'авто', parse: 'Разобрать',
    intent: 'Намерение', confidence: 'уверенность', slots: 'Слоты', slotConfidence: 'Уверенность слотов', corrections: 'Исправления', dueZone: 'Срок (пояс пользователя)',
    dueUtc: 'Срок (UTC)', rrule: 'RRULE', next: 'Ближайшие повторы', reminder: 'Текст напоминания', language: 'Язык', model: 'Версия модели',
    parser: 'Парсер', latency: 'Задержка, мс', clarification: 'Уточнение', none: '—', tooLong: 'Текст длиннее {max} байт: не отправлен.',
    unreachable: 'API распознавания недоступен: {reason}', refused: 'API распознавания отказал ({status}): {message}', tokens: 'Токены', steps: 'Шаги резолвера',
  },
});
