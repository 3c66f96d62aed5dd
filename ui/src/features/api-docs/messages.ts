import { defineMessages } from '../../http/i18n/messages';

export const apiDocsMessages = defineMessages({
  en: {
    title: 'API docs',
    security: 'Security',
    requestBody: 'Request body',
    responses: 'Responses',
    schemas: 'Schemas',
    none: 'none',
    unreachable: 'The inference API is unreachable: {reason}',
  },
  ru: {
    title: 'Документация API',
    security: 'Доступ',
    requestBody: 'Тело запроса',
    responses: 'Ответы',
    schemas: 'Схемы',
    none: 'нет',
    unreachable: 'API распознавания недоступен: {reason}',
  },
});
