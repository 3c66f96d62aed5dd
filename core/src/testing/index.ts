/** Test helpers over the real services, for the tests of every package (`@napominalka/core/testing`). */
export * from './context';
export * from './fixtures';
export * from './child';
export * from './observer';
export * from './free-port';
export * from '../random/seeded-random';
export * from './tcp-relay';
