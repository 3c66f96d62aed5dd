import { daily, defineAsset, identity, type AssetDefinition } from '../index';

/** A small graph for the framework's tests: a source-like daily asset, a dependant, a slow one. */
export interface ToyWorld {
  /** Rows the "source" has per day: the fingerprint and the figure raw_counts records. */
  rows: Map<string, number>;
  /** Order in which materializations ran: `asset@partition`. */
  calls: string[];
  /** Per-partition hook for the slow asset (resolve to let it finish). */
  gate: Promise<void>;
  releaseGate(): void;
}

export function toyWorld(): ToyWorld {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  return { rows: new Map(), calls: [], gate, releaseGate: () => release() };
}

const days = daily({ start: '2026-10-01', timezone: 'UTC' });

export function toyAssets(
  w: ToyWorld,
  opts: { slowTimeoutMs?: number; retry?: { maxAttempts: number; backoffMs: number } } = {},
): Array<AssetDefinition<ToyWorld>> {
  const retry = opts.retry ?? { maxAttempts: 2, backoffMs: 50 };
  return [
    defineAsset<ToyWorld>({
      key: 'raw_counts',
      description: 'rows of the day in the source',
      partitions: days,
      retry,
      observe: async (ctx) => String(ctx.resources.rows.get(ctx.partition!) ?? 0),
      materialize: async (ctx) => {
        ctx.resources.calls.push(`raw_counts@${ctx.partition}`);
        return { metadata: { rows: ctx.resources.rows.get(ctx.partition!) ?? 0 } };
      },
      checks: [
        {
          name: 'has_rows',
          severity: 'error',
          description: 'the day has rows',
          evaluate: async (_ctx, m) => ({ passed: Number(m.metadata.rows) > 0, metadata: { rows: m.metadata.rows ?? 0 } }),
        },
        { name: 'many_rows', severity: 'warn', description: 'at least 10 rows', evaluate: async (_ctx, m) => ({ passed: Number(m.metadata.rows) >= 10 }) },
      ],
    }),
    defineAsset<ToyWorld>({
      key: 'daily_summary',
      description: 'summary of raw_counts',
      partitions: days,
      deps: [{ asset: 'raw_counts', mapping: identity() }],
      retry,
      materialize: async (ctx) => {
        ctx.resources.calls.push(`daily_summary@${ctx.partition}`);
        return { metadata: { rows: ctx.upstream.raw_counts?.[0]?.metadata.rows ?? null } };
      },
    }),
    defineAsset<ToyWorld>({
      key: 'chatty',
      description: 'logs a lot while it works',
      partitions: days,
      retry,
      materialize: async (ctx) => {
        for (let i = 0; i < 30; i++) {
          ctx.log('info', `line ${i}`);
          if (i % 7 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        return { metadata: { lines: 30 } };
      },
    }),
    defineAsset<ToyWorld>({
      key: 'slow',
      description: 'waits for the gate',
      partitions: days,
      retry,
      timeoutMs: opts.slowTimeoutMs ?? 60_000,
      materialize: async (ctx) => {
        ctx.resources.calls.push(`slow@${ctx.partition}`);
        await ctx.resources.gate;
        return { metadata: { done: true } };
      },
    }),
  ];
}
