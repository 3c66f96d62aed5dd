export * from './config';
// The pure domain (event catalog, reminders decider, zones) is its own package; core re-exports it
// so services keep importing one package.
export * from '@napominalka/domain';
export * from './store/event-store';
export { openEventStore } from './store/open-store';
export { lockStreams } from './store/stream-locks';
export { waitForLeadership } from './store/leader-lock';
export {
  readSnapshotTail,
  readSnapshotTails,
  readState,
  saveSnapshot,
  SNAPSHOT_MIGRATIONS,
  type SnapshotKind,
  type SnapshotTail,
  type StreamState,
  type TailEvent,
  type TailRequest,
} from './store/snapshots/index';
export * from './bus/topology';
export * from './bus/consumer';
export * from './relay';
export * from './observability/index';
export * from './bus/broadcast';
export * from './bin/run-service';
export { migrate, type Migration, type MigrationSet } from './store/migrations';
export { quoteIdent, withTransaction } from './store/sql';
export * from './reminders-runtime/reminders-handler';
export * from './reminders-runtime/chat-state-kind';
export * from './bus/handler-context';
