import type { ClickHouse } from '../../../core/src/clickhouse/index';
import type { Pool } from '../common/pg';

/**
 * The time queries were in flight during one request: the union of their intervals, so two
 * queries run at once count once (the page cannot be faster than that).
 */
export class QueryClock {
  private intervals: Array<[number, number]> = [];
  private open = 0;
  reset(): void {
    this.intervals = [];
  }
  async time<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    this.open++;
    try {
      return await run();
    } finally {
      this.open--;
      this.intervals.push([start, performance.now()]);
    }
  }
  count(): number {
    return this.intervals.length;
  }
  busyMs(): number {
    const xs = [...this.intervals].sort((a, b) => a[0] - b[0]);
    let total = 0;
    let cur: [number, number] | null = null;
    for (const [s, e] of xs) {
      if (!cur || s > cur[1]) {
        if (cur) total += cur[1] - cur[0];
        cur = [s, e];
      } else cur[1] = Math.max(cur[1], e);
    }
    if (cur) total += cur[1] - cur[0];
    return total;
  }
}

/** Wraps every query of the pool (and of its clients) in the clock. */
export function timedPool(pool: Pool, clock: QueryClock): Pool {
  const wrapClient = <C extends { query: unknown }>(client: C) =>
    new Proxy(client, {
      get: (t, k, r) =>
        k === 'query' ? (...a: unknown[]) => clock.time(() => (t.query as (...x: unknown[]) => Promise<unknown>)(...a)) : Reflect.get(t, k, r),
    });
  return new Proxy(pool, {
    get(t, k, r) {
      if (k === 'query') return (...a: unknown[]) => clock.time(() => (t.query as (...x: unknown[]) => Promise<unknown>).apply(t, a));
      if (k === 'connect') return async () => wrapClient(await (t.connect as () => Promise<{ query: unknown }>).call(t));
      const v = Reflect.get(t, k, r);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

/** Wraps every query and command of ClickHouse (and of its other databases) in the clock. */
export function timedClickHouse(ch: ClickHouse, clock: QueryClock): ClickHouse {
  return new Proxy(ch, {
    get(t, k, r) {
      const v = Reflect.get(t, k, r);
      if ((k === 'query' || k === 'command') && typeof v === 'function')
        return (...a: unknown[]) => clock.time(() => (v as (...x: unknown[]) => Promise<unknown>).apply(t, a));
      if (k === 'withDatabase' && typeof v === 'function')
        return (...a: unknown[]) => timedClickHouse((v as (...x: unknown[]) => ClickHouse).apply(t, a), clock);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}
