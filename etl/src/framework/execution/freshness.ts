import type { AssetGraph } from '../definitions/graph';
import type { EtlHistory } from '../history/history';
import { partitionsOf } from '../history/queries';
import { previousDay, timeWindow } from '../partitions/definition';
import { etlMetrics } from './metrics';

/**
 * Per daily asset: seconds since the end of the newest day that should be materialized but is not
 * (0 when it is). The alert on it says a nightly asset is late.
 */
export async function updateFreshness<R>(history: EtlHistory, graph: AssetGraph<R>, now: Date): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const key of graph.order) {
    const def = graph.get(key);
    const newest = previousDay(def.partitions, now);
    if (newest === null) continue;
    const [row] = await partitionsOf(history.pool, history.s, key, [newest]);
    const lag = row ? 0 : Math.max(0, (now.getTime() - timeWindow(def.partitions, newest)!.end.getTime()) / 1000);
    etlMetrics.freshnessLag.set({ asset: key }, lag);
    out[key] = lag;
  }
  return out;
}
