/**
 * The reminders state lives in ./reminders now. This path stays only for the one import outside
 * this change (core/src/store/snapshots/snapshots.int.test.ts): point it at '../../domain/reminders'
 * and delete this file.
 */
export { evolveAll } from './reminders/evolve';
export { initialState, type ChatState } from './reminders/state';
