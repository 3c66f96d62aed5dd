import { catalog, EventStore } from '@napominalka/core';
import { hasRegistry, modelStatuses, readCard, readPromotions, readRegistry, rollbackTarget, type ModelStatusRow } from '@napominalka/core/model-registry';
import type { UiDeps } from '../../http/env';
import { metricTable, type MetricRow } from './metric-table';

export interface VersionRow extends ModelStatusRow {
  created: string | null;
  /** Why the card could not be read, when it could not. */
  cardError?: string;
}

export interface RegistryView {
  dir: string;
  versions: VersionRow[];
  active: string | null;
  /** Where a rollback would go now (null: nothing to roll back). */
  rollbackTo: string | null;
  metrics: MetricRow[];
}

/** The store the promotions are read from: the UI's pool and schema (the event store's tables). */
export function modelsStore(deps: Pick<UiDeps, 'pool' | 'schema'>): EventStore {
  return new EventStore(deps.pool, catalog, deps.schema);
}

/** The registry as the CLI's `models list` sees it: statuses from the promotions, cards from the folder. */
export async function loadRegistryView(deps: Pick<UiDeps, 'pool' | 'schema' | 'modelsDir'>): Promise<RegistryView> {
  const dir = deps.modelsDir;
  const registry = hasRegistry(dir) ? readRegistry(dir) : null;
  const promotions = await readPromotions(modelsStore(deps));
  const metricsOf: (Record<string, unknown> | null)[] = [];
  const versions = modelStatuses(registry, promotions).map((s): VersionRow => {
    try {
      const card = readCard(s.version, dir);
      metricsOf.push(card.metrics);
      return { ...s, created: card.created };
    } catch (err) {
      metricsOf.push(null);
      return { ...s, created: null, cardError: (err as Error).message };
    }
  });
  return {
    dir,
    versions,
    active: versions.find((v) => v.status === 'active')?.version ?? null,
    rollbackTo: rollbackTarget(promotions, registry?.current ?? null),
    metrics: metricTable(metricsOf),
  };
}
