/** The reminders decider of a chat: commands, its events, state, evolve and decide, and its command mapper. */
export * from './commands';
export type { DomainEvent, StreamEvent } from './events';
export * from './state';
export { evolve, evolveAll } from './evolve';
export { decide } from './decide';
export { MAX_CANDIDATES } from './decisions/cancel';
export * from './recurrence';
export { occurrencesUsed, remainingOccurrences, seriesOf } from './series-end';
export * from './callback-data';
export * from './command-for';
export * from './bot-command';
export * from './fold';
export { bestMatches, tokensMatch } from './match';
export { question, type DomainQuestion } from './messages';
