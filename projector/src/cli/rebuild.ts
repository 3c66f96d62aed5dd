import { parseArgs } from 'node:util';
import pg from 'pg';
import { catalog, ConfigError, EventStore, loadConfig, type Config } from '@napominalka/core';
import { clickHouseFromConfig } from '@napominalka/core/clickhouse';
import { rebuild as rebuildCh, verifyProjection } from '../clickhouse/rebuild';
import { rebuildPg, verifyPg, type Progress } from '../pg/rebuild';
import { progressLine } from './progress';

export const USAGE = `Usage: pnpm replay rebuild <projection> [--json]
       pnpm replay verify  <projection> [--json] [--max-differences N]

  projection   postgres    chats, reminders, parses (consumer projector-pg)
               clickhouse  events_raw and the marts (consumer projector-ch)

rebuild  drops the projection and builds it again from the event log, with a progress bar and
         ETA on stderr. postgres: built in shadow tables while the live projection keeps
         running, then swapped in under a lock together with the consumer's checkpoints.
         clickhouse: stop the projector's ClickHouse consumer first (an embedded chdb data
         directory can be opened by one process only).
verify   rebuilds the projection aside (in memory for postgres, in a scratch database for
         clickhouse), compares it with the live one and prints every difference. Writes nothing
         to the live projection. Exit status 3 when they differ.

Settings from the environment (DATABASE_URL, PG_SCHEMA, DEFAULT_TIMEZONE, CLICKHOUSE_*; README).
Exit status: 0 done (and equal), 1 failed, 2 bad usage, 3 verify found differences.`;

type Projection = 'postgres' | 'clickhouse';

export async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, 'max-differences': { type: 'string' } },
    });
  } catch (err) {
    console.error(`replay: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, projection, ...extra] = args.positionals;
  if ((command !== 'rebuild' && command !== 'verify') || (projection !== 'postgres' && projection !== 'clickhouse') || extra.length) {
    console.error(`replay: expected "rebuild|verify postgres|clickhouse", got "${args.positionals.join(' ')}"\n\n${USAGE}`);
    return 2;
  }
  const maxDiff = Number(args.values['max-differences'] ?? 20);
  if (!Number.isInteger(maxDiff) || maxDiff < 0) {
    console.error('replay: --max-differences must be a non-negative integer');
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    return 1;
  }
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4, application_name: `pnpm replay ${command}` });
  pool.on('error', () => undefined);
  const store = new EventStore(pool, catalog, config.PG_SCHEMA);
  const bar = progressBar(process.stderr);
  try {
    const result = command === 'rebuild' ? await runRebuild(projection, store, config, bar) : await runVerify(projection, store, config, bar);
    bar.done();
    const { code, lines, json } = result;
    if (args.values.json) console.log(JSON.stringify(json));
    else for (const l of lines.slice(0, maxDiff + 2)) console.log(l);
    return code;
  } catch (err) {
    bar.done();
    console.error(`replay ${command} ${projection}: ${(err as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}

interface Outcome {
  code: number;
  lines: string[];
  json: Record<string, unknown>;
}

async function runRebuild(projection: Projection, store: EventStore, config: Config, bar: Bar): Promise<Outcome> {
  if (projection === 'postgres') {
    const r = await rebuildPg({ store, defaultTimezone: config.DEFAULT_TIMEZONE, onProgress: bar.update });
    const rate = Math.round(r.events / Math.max(r.seconds, 1e-3));
    return {
      code: 0,
      lines: [
        `rebuilt postgres: ${r.events} events → ${r.chats} chats, ${r.reminders} reminders, ${r.parses} parses in ${r.seconds.toFixed(1)} s (${rate} events/s)`,
      ],
      json: { projection, ...r, eventsPerSec: rate },
    };
  }
  const ch = await clickHouseFromConfig(config);
  try {
    const r = await rebuildCh({ store, ch, onProgress: (p) => bar.update(p) });
    return {
      code: 0,
      lines: [`rebuilt clickhouse: ${r.events} events in ${r.seconds.toFixed(1)} s (${Math.round(r.eventsPerSec)} events/s)`],
      json: { projection, ...r },
    };
  } finally {
    await ch.close();
  }
}

async function runVerify(projection: Projection, store: EventStore, config: Config, bar: Bar): Promise<Outcome> {
  if (projection === 'postgres') {
    const v = await verifyPg({ store, defaultTimezone: config.DEFAULT_TIMEZONE, onProgress: bar.update });
    const counts = Object.entries(v.rows)
      .map(([t, c]) => `${t} ${c.live}${c.live === c.rebuilt ? '' : `≠${c.rebuilt}`}`)
      .join(', ');
    const lines = [
      v.equal
        ? `postgres projection equals its rebuild (${v.events} events; ${counts})`
        : `postgres projection differs from its rebuild in ${v.differences.length} row(s) (${counts}):`,
      ...v.differences.map((d) =>
        d.kind === 'changed'
          ? `  ${d.table} ${d.key}: ${d.columns!.map((c) => `${c.column} live ${clip(c.live)} ≠ rebuilt ${clip(c.rebuilt)}`).join('; ')}`
          : `  ${d.table} ${d.key}: ${d.kind === 'missing' ? 'only in the live projection' : 'only in the rebuild'}`,
      ),
    ];
    return { code: v.equal ? 0 : 3, lines, json: { projection, ...v } };
  }
  const live = await clickHouseFromConfig(config);
  try {
    const v = await verifyProjection({ store, live, onProgress: (p) => bar.update(p) });
    const lines = [
      v.equal ? `clickhouse projection equals its rebuild (${v.rebuild.events} events)` : `clickhouse projection differs from its rebuild:`,
      ...v.differences.map((d) => `  ${d}`),
    ];
    return { code: v.equal ? 0 : 3, lines, json: { projection, ...v } };
  } finally {
    await live.close();
  }
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

interface Bar {
  update(p: Progress): void;
  done(): void;
}

/** A progress bar with rate and ETA on a terminal; a line every 2 s otherwise (CI logs). */
function progressBar(stream: NodeJS.WriteStream): Bar {
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < (stream.isTTY ? 100 : 2000) && p.done < p.total) return;
      last = now;
      const line = progressLine(p, now - started);
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
      } else stream.write(`${line}\n`);
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
