import { newEventId } from '@napominalka/domain';
import { fmt, progress } from '../common/progress';
import { round } from '../common/stats';
import type { Bench } from './pipeline';
import { diagText, PhaseProbe } from './probe';

/** The raw Postgres ceiling, measured from this process with the pipeline stopped. */

export async function ceilingPostgres(b: Bench, sample: { data: string; metadata: string }) {
  const { t, s } = b;
  const { rows, rowsPerInsert, writers } = s.pgCeiling;
  const table = `"${t.schema}".raw_events`;
  await t.pool.query(`create table ${table} (like "${t.schema}".events including all)`);
  progress(
    `ceiling/postgres: ${fmt(rows)} rows as multi-row INSERTs of ${rowsPerInsert} (autocommit) by ${writers} writers into a copy of the events table (same columns, defaults, indexes)`,
  );
  const statements = Math.ceil(rows / rowsPerInsert);
  const streamPos = new Map<string, number>();
  let next = 0;
  let inserted = 0;
  const probe = await PhaseProbe.start(b.probePool, b.loop, []);
  const started = performance.now();
  let lastLog = started;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const client = await t.pool.connect();
      try {
        for (let i = next++; i < statements; i = next++) {
          const n = Math.min(rowsPerInsert, rows - i * rowsPerInsert);
          const params: unknown[] = [];
          const values: string[] = [];
          for (let k = 0; k < n; k++) {
            const stream = `raw-${(i * rowsPerInsert + k) % s.streams}`;
            const pos = (streamPos.get(stream) ?? 0) + 1;
            streamPos.set(stream, pos);
            const p = params.length;
            values.push(`($${p + 1}::uuid, $${p + 2}, $${p + 3}::int, 'MessageReceived', 1, $${p + 4}::jsonb, $${p + 5}::jsonb, $${p + 6}::timestamptz)`);
            params.push(newEventId(), stream, pos, sample.data, sample.metadata, new Date().toISOString());
          }
          await client.query(
            `insert into ${table} (id, stream_id, stream_position, type, schema_version, data, metadata, occurred_at) values ${values.join(', ')}`,
            params,
          );
          inserted += n;
          if (performance.now() - lastLog >= 1000) {
            lastLog = performance.now();
            progress(`ceiling/postgres: inserted ${fmt(inserted)}/${fmt(rows)}`);
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const diagnostics = await probe.stop();
  const check = await t.pool.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  await t.pool.query(`drop table ${table}`);
  const result = {
    rows,
    rowsPerInsert,
    writers,
    seconds: round(seconds, 2),
    eventsPerSec: Math.round(rows / seconds),
    stored: check.rows[0]!.n,
    cpu: diagnostics.cpu,
    diagnostics,
  };
  progress(`ceiling/postgres: ${fmt(result.eventsPerSec)} rows/s (${result.seconds} s); ${diagText(diagnostics)}`);
  return result;
}
