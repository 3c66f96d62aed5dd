import type { AssetGraph } from '../framework';

/** The asset graph as JSON: assets with deps and partitions, the schedules and sensors (pure). */
export function graphView(graph: AssetGraph<unknown>) {
  return {
    assets: graph.order.map((key) => {
      const a = graph.get(key);
      return {
        key,
        description: a.description,
        deps: a.deps.map((d) => ({ asset: d.asset, mapping: d.mapping })),
        partitions: a.partitions,
        checks: a.checks.map((c) => ({ name: c.name, severity: c.severity, description: c.description })),
        codeVersion: a.codeVersion,
      };
    }),
    schedules: graph.schedules.map((s) => ({ name: s.name, cron: s.cron, timezone: s.timezone, assets: s.assets })),
    sensors: graph.sensors.map((s) => ({ name: s.name })),
  };
}
