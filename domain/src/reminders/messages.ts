/** The questions the domain itself asks (inference asks the others). */
const TEXTS = {
  ru: {
    cancel: 'Какое напоминание отменить?',
    'no-match': 'Не нашёл такого напоминания.',
    correction: 'Что исправить? Напишите новое время и/или текст.',
  },
  en: {
    cancel: 'Which reminder should I cancel?',
    'no-match': 'I found no such reminder.',
    correction: 'What should it be? Send the new time and/or text.',
  },
} as const;

export type DomainQuestion = keyof (typeof TEXTS)['ru'];

export const question = (lang: 'ru' | 'en' | null, kind: DomainQuestion): string => TEXTS[lang ?? 'ru'][kind];
