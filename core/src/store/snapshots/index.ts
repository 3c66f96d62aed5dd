export * from './migrations';
export * from './snapshot-kind';
export * from './read-snapshot-tail';
export * from './save-snapshot';
export * from './read-state';
