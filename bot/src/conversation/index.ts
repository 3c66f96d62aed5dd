/** The bot's texts and keyboards, ru and en (pure: no I/O). */
export * from './text';
export * from './recurrence-words';
export * from './format-reminder';
export * from './list-page';
export * from './keyboards';
export * from './replies';
