import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../testing/context';
import { withTransaction } from '../store/sql';
import { metrics } from './metrics';
import { countedAs, countPgStatements } from './pg-round-trips';

const count = async (component: string) => (await metrics.pgStatements.get()).values.find((v) => v.labels.component === component)?.value ?? 0;

describe('Postgres statements per component', () => {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  afterAll(() => pool.end());
  countPgStatements();
  countPgStatements(); // a second install must not count twice

  it('counts each statement once, under the component whose work sent it, through pools, transactions and awaits', async () => {
    const before = await count('test-hop');
    const other = await count('other');
    await countedAs('test-hop', async () => {
      await pool.query('select 1');
      await new Promise((r) => setTimeout(r, 5));
      await withTransaction(pool, async (tx) => {
        await tx.query('select $1::int', [2]);
      });
    });
    // select 1; begin, select, commit
    expect((await count('test-hop')) - before).toBe(4);
    expect(await count('other')).toBe(other);
    await pool.query('select 1');
    expect((await count('other')) - other).toBe(1);
  });
});
