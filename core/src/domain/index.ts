/** The reminders domain of a chat: a pure decider, its command mapper, and its consumer handler. */
export * from './wall-clock';
export * from './recurrence';
export * from './callback-data';
export * from './reminders';
export * from './command-for';
export * from './bot-command';
export * from './fold';
export * from './chat-state-kind';
export { bestMatches, tokensMatch } from './match';
export { question, type DomainQuestion } from './messages';
export { zoneAt, isFixedOffsetZone } from './zone-at';
export { zoneForName, zoneFromWords } from './zone-names';
