import type pg from 'pg';
import type { Config, EventStore, Logger } from '@napominalka/core';
import type { ClickHouse } from '@napominalka/core/clickhouse';

/** What the ETL's assets use: the analytics ClickHouse, the store and its pool, the settings. */
export interface EtlResources {
  ch: ClickHouse;
  store: EventStore;
  pool: pg.Pool;
  config: Config;
  log: Logger;
  /** Where model cards (and their training profiles) live: the inference registry folder. */
  modelsDir: string;
}
