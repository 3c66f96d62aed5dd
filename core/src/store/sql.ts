import type pg from 'pg';

/** Quotes a validated identifier. Values always go through bind parameters; only names come here. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** The LISTEN/NOTIFY channel on which the store announces new events. */
export const notifyChannel = (schema: string): string => `${schema}_events`;

/** Runs `fn` in a transaction on a client of its own: commit on success, rollback on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('begin');
    const result = await fn(tx);
    await tx.query('commit');
    return result;
  } catch (err) {
    await tx.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}
