/**
 * Evaluated every `intervalMs`: from the cursor it left last time, says which runs to request and
 * the next cursor. The cursor moves by an idempotent append keyed by the previous cursor, so two
 * ETL processes evaluating at once request each run once.
 */
export interface SensorRequest {
  assets: readonly string[];
  partition: string | null;
}

export interface SensorEvaluation {
  cursor: string | null;
  requests: readonly SensorRequest[];
}

export interface SensorContext<R> {
  resources: R;
  now: Date;
  signal: AbortSignal;
  /** Latest materializations of an asset recorded after a global position, for asset sensors. */
  materializationsAfter(
    asset: string,
    afterPosition: number,
  ): Promise<Array<{ partition: string | null; position: number; metadata: Record<string, unknown> }>>;
  /** Events of the given types stored after a global position: how many, and the newest position. */
  eventsAfter(types: readonly string[], afterPosition: number): Promise<{ count: number; lastPosition: number }>;
}

export interface SensorDefinition<R> {
  name: string;
  intervalMs: number;
  /** Assets it may request (checked against the graph at start). */
  targets: readonly string[];
  evaluate(ctx: SensorContext<R>, cursor: string | null): Promise<SensorEvaluation>;
}

export function defineSensor<R>(def: SensorDefinition<R>): SensorDefinition<R> {
  if (!/^[a-z][a-z0-9_-]{0,62}$/.test(def.name)) throw new Error(`sensor name ${JSON.stringify(def.name)} is not a valid key`);
  if (!(def.intervalMs >= 100)) throw new Error(`sensor ${def.name}: intervalMs must be at least 100`);
  return def;
}

/**
 * A sensor on new events: once `threshold` events of `types` arrived after the cursor (a global
 * position), requests the selection for `partitionFor(now)`.
 */
export function eventCountSensor<R>(def: {
  name: string;
  intervalMs: number;
  types: readonly string[];
  threshold: number;
  assets: readonly string[];
  partitionFor(now: Date): string | null;
}): SensorDefinition<R> {
  return defineSensor<R>({
    name: def.name,
    intervalMs: def.intervalMs,
    targets: def.assets,
    async evaluate(ctx, cursor) {
      const after = cursor === null ? 0 : Number(cursor);
      const seen = await ctx.eventsAfter(def.types, after);
      if (seen.count < def.threshold) return { cursor, requests: [] };
      return { cursor: String(seen.lastPosition), requests: [{ assets: def.assets, partition: def.partitionFor(ctx.now) }] };
    },
  });
}

/**
 * A sensor on another asset: for each new materialization of `asset` after the cursor that
 * `when` accepts, requests `assets` for the partition `partitionFor` gives (null: no request).
 */
export function assetSensor<R>(def: {
  name: string;
  intervalMs: number;
  asset: string;
  assets: readonly string[];
  when(m: { partition: string | null; metadata: Record<string, unknown> }): string | null | undefined;
}): SensorDefinition<R> {
  return defineSensor<R>({
    name: def.name,
    intervalMs: def.intervalMs,
    targets: [...def.assets, def.asset],
    async evaluate(ctx, cursor) {
      const after = cursor === null ? 0 : Number(cursor);
      const found = await ctx.materializationsAfter(def.asset, after);
      if (found.length === 0) return { cursor, requests: [] };
      const requests: SensorRequest[] = [];
      for (const m of found) {
        const partition = def.when(m);
        if (partition !== undefined) requests.push({ assets: def.assets, partition });
      }
      return { cursor: String(found.at(-1)!.position), requests };
    },
  });
}
