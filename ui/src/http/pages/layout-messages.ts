import { defineMessages } from '../i18n/messages';

export const layoutMessages = defineMessages({
  en: {
    overview: 'Overview',
    playground: 'Playground',
    history: 'Predictions',
    events: 'Events',
    etl: 'ETL',
    drift: 'Drift',
    models: 'Models',
    apiDocs: 'API docs',
    users: 'Users',
    logOut: 'Log out',
    language: 'Language',
  },
  ru: {
    overview: 'Обзор',
    playground: 'Песочница',
    history: 'Предсказания',
    events: 'События',
    etl: 'ETL',
    drift: 'Дрейф',
    models: 'Модели',
    apiDocs: 'API',
    users: 'Пользователи',
    logOut: 'Выйти',
    language: 'Язык',
  },
});
