/**
 * The analytics store's contract (`@napominalka/core/clickhouse`): the client, the schema of
 * events_raw and the marts, the typed mart queries and the event → row mapping. A subpath of its
 * own, so that a service without ClickHouse never loads the client; the embedded engine is loaded
 * only when opened (createClickHouse without a URL, or the gateway).
 */
export * from './client';
export * from './migrations';
export * from './marts';
export * from './events-raw';
export { startClickHouseGateway, type ClickHouseGateway, type ClickHouseGatewayOptions } from './gateway';
