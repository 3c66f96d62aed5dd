/** The reminders decider of a chat: commands, its events, state, evolve and decide. */
export * from './commands';
export type { DomainEvent, StreamEvent } from './events';
export * from './state';
export { evolve, evolveAll } from './evolve';
export { decide } from './decide';
export { MAX_CANDIDATES } from './decisions/cancel';
