/** The event catalog: envelope, the app's and the ETL's event types, their upcasters and ids. */
export * from './envelope';
export * from './catalog';
export * from './clarification-reason';
export * from './etl-catalog';
export * from './catalog-builder';
export * from './uuid';
export * from './promotion-reason';
