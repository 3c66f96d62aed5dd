export * from './logger';
export * from './metrics';
export * from './tracing';
export * from './ops-server';
export * from './pg-round-trips';
