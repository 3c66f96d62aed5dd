import { mappingProblem } from '../partitions/mapping';
import type { AssetDefinition } from './asset';
import type { ScheduleDefinition } from './schedule';
import type { SensorDefinition } from './sensor';

export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

/**
 * The validated set of definitions an ETL process runs. Built once at start: an unknown dependency,
 * a cycle, a mapping that cannot join two assets' partitions, or a schedule or sensor naming an
 * unknown asset stops the process with a message naming it.
 */
export interface AssetGraph<R> {
  assets: ReadonlyMap<string, AssetDefinition<R>>;
  /** Every asset key, upstream before downstream (ties by key). */
  order: readonly string[];
  schedules: readonly ScheduleDefinition[];
  sensors: ReadonlyArray<SensorDefinition<R>>;
  get(key: string): AssetDefinition<R>;
  /** The keys, with what they need from each other, in dependency order; unknown keys are refused. */
  selection(keys: readonly string[]): string[];
  /** Assets that depend on `key`, directly. */
  downstream(key: string): string[];
}

export function buildGraph<R>(defs: {
  assets: ReadonlyArray<AssetDefinition<R>>;
  schedules?: readonly ScheduleDefinition[];
  sensors?: ReadonlyArray<SensorDefinition<R>>;
}): AssetGraph<R> {
  const assets = new Map<string, AssetDefinition<R>>();
  for (const a of defs.assets) {
    if (assets.has(a.key)) throw new DefinitionError(`asset ${a.key} is defined twice`);
    assets.set(a.key, a);
  }
  for (const a of assets.values()) {
    for (const d of a.deps) {
      const up = assets.get(d.asset);
      if (!up) throw new DefinitionError(`asset ${a.key} depends on unknown asset ${JSON.stringify(d.asset)}`);
      const problem = mappingProblem(d.mapping, a.partitions, up.partitions);
      if (problem) throw new DefinitionError(`asset ${a.key} → ${d.asset}: ${problem}`);
    }
  }
  const order = topologicalOrder(assets);
  const known = (what: string, keys: readonly string[]) => {
    for (const k of keys) if (!assets.has(k)) throw new DefinitionError(`${what} names unknown asset ${JSON.stringify(k)}`);
  };
  const names = new Set<string>();
  for (const s of defs.schedules ?? []) {
    if (names.has(`schedule:${s.name}`)) throw new DefinitionError(`schedule ${s.name} is defined twice`);
    names.add(`schedule:${s.name}`);
    known(`schedule ${s.name}`, s.assets);
  }
  for (const s of defs.sensors ?? []) {
    if (names.has(`sensor:${s.name}`)) throw new DefinitionError(`sensor ${s.name} is defined twice`);
    names.add(`sensor:${s.name}`);
    known(`sensor ${s.name}`, s.targets);
  }
  const rank = new Map(order.map((k, i) => [k, i]));
  return {
    assets,
    order,
    schedules: defs.schedules ?? [],
    sensors: defs.sensors ?? [],
    get(key) {
      const a = assets.get(key);
      if (!a) throw new DefinitionError(`unknown asset ${JSON.stringify(key)} (known: ${order.join(', ')})`);
      return a;
    },
    selection(keys) {
      for (const k of keys) this.get(k);
      return [...new Set(keys)].sort((x, y) => rank.get(x)! - rank.get(y)!);
    },
    downstream: (key) => order.filter((k) => assets.get(k)!.deps.some((d) => d.asset === key)),
  };
}

/** Depth-first, upstream first; a cycle is reported with the path that closes it. */
function topologicalOrder<R>(assets: ReadonlyMap<string, AssetDefinition<R>>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const out: string[] = [];
  const visit = (key: string, path: string[]) => {
    const s = state.get(key);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(key)), key];
      throw new DefinitionError(`dependency cycle: ${cycle.join(' → ')}`);
    }
    state.set(key, 'visiting');
    for (const d of [...assets.get(key)!.deps].sort((a, b) => a.asset.localeCompare(b.asset))) visit(d.asset, [...path, key]);
    state.set(key, 'done');
    out.push(key);
  };
  for (const key of [...assets.keys()].sort()) visit(key, []);
  return out;
}
