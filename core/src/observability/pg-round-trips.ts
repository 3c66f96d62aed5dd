import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { metrics } from './metrics';

/** The part of a process (a consumer, the relay, the sender, ingress, the scheduler) whose statements are being sent. */
const component = new AsyncLocalStorage<string>();

/** Runs `fn` with the Postgres statements it sends, and those of everything it starts, counted under `name`. */
export const countedAs = <T>(name: string, fn: () => T): T => component.run(name, fn);

let installed = false;

/**
 * Counts every statement a pg client of this process sends (one statement, one round trip:
 * `begin` and `commit` count), by component, in `napominalka_pg_statements_total`. pg has no
 * hook for this, so its one entry point is wrapped, once per process; the count is what the
 * operator and `pnpm bench:bot` read to see how many round trips a message costs per hop.
 */
export function countPgStatements(): void {
  if (installed) return;
  installed = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const counted = function (this: pg.Client, ...args: unknown[]): unknown {
    metrics.pgStatements.inc({ component: component.getStore() ?? 'other' });
    return query.apply(this, args);
  };
  pg.Client.prototype.query = counted as typeof pg.Client.prototype.query;
}
