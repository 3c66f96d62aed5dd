import { catalog } from '@napominalka/domain';
import { ident } from '../../../core/src/clickhouse/index';
import { rebuild } from '../../../projector/src/clickhouse/rebuild';
import { fmt, fmtInt, progress, progressBar } from '../common/progress';
import { round } from '../common/stats';
import { TARGETS } from './args';
import { ceilingInsertSelect } from './raw-rows';
import type { Section } from './section';
import { storeWithReadCeiling } from './store';

/** ch-rebuild: the ClickHouse projection rebuilt from the synthetic store, beside both ceilings. */
export const chRebuild: Section = {
  name: 'ch-rebuild',
  async run(ctx) {
    const s = ctx.settings;
    const { st, pgCeil } = await storeWithReadCeiling(ctx);
    progress(`ceiling: Postgres ${fmtInt(pgCeil.eventsPerSec)} events/s`);
    progress(`ceiling: INSERT … SELECT of ${fmtInt(st.events)} generated rows into events_raw (views attached)`);
    const chCeil = await ceilingInsertSelect(ctx.ch, st.events);
    progress(`ceiling: ClickHouse ${fmtInt(chCeil.rowsPerSec)} rows/s`);
    const target = ctx.ch.withDatabase('bench_rebuild');
    await target.command(`CREATE DATABASE IF NOT EXISTS ${ident(target.database)}`);
    const bar = progressBar('rebuild');
    progress(`rebuild: ${fmtInt(st.events)} events, pages of ${fmtInt(s.pageSize)}`);
    const r = await rebuild({ store: st.store, ch: target, pageSize: s.pageSize, onProgress: (p) => bar(p.done, p.total, p.eventsPerSec, p.done === p.total) });
    const [check] = await target.query<{ n: string }>(`SELECT uniqExact(id) AS n FROM ${target.table('events_raw')}`);
    const written = Number(check!.n);
    progress(`rebuild: ${fmtInt(r.eventsPerSec)} events/s (${fmt(r.seconds, 1)} s); events_raw holds ${fmtInt(written)}`);
    const pass = r.eventsPerSec >= TARGETS.rebuildEventsPerSec && written === st.events;
    return {
      rows: [
        {
          measure: `ClickHouse projection rebuilt from the store (${fmtInt(st.events)} events, pages of ${fmtInt(s.pageSize)})`,
          result: `${fmtInt(r.eventsPerSec)} events/s`,
          target: `≥ ${fmtInt(TARGETS.rebuildEventsPerSec)}`,
          ceiling: `Postgres page reads ${fmtInt(pgCeil.eventsPerSec)}/s · INSERT … SELECT ${fmtInt(chCeil.rowsPerSec)} rows/s`,
          pass,
        },
        { measure: 'Rebuilt events_raw holds every event once', result: fmtInt(written), target: fmtInt(st.events), ceiling: '', pass: written === st.events },
      ],
      notes: [
        `Store: ${fmtInt(st.events)} synthetic events (${Object.keys(catalog).length} types, 20,000 chats, 180 days) in schema ${st.schema}, ${st.reused ? 'reused from an earlier run' : `generated in ${fmt(st.seconds, 1)} s with multi-row INSERTs of ${fmtInt(s.insertRowsPerBatch)}`}.`,
        `Rebuild: ${fmt(r.seconds, 1)} s in all (drop, migrate, read in global position order, decode, insert with presence check); rebuild ÷ Postgres read ceiling ${fmt((r.eventsPerSec / pgCeil.eventsPerSec) * 100, 1)} %.`,
      ],
      json: {
        store: { events: st.events, schema: st.schema, reused: st.reused, generateSeconds: round(st.seconds, 1) },
        rebuild: { ...r, eventsPerSec: round(r.eventsPerSec, 0), seconds: round(r.seconds, 2), written },
        ceilings: {
          postgresRead: { ...pgCeil, eventsPerSec: round(pgCeil.eventsPerSec, 0) },
          clickhouseInsertSelect: { ...chCeil, rowsPerSec: round(chCeil.rowsPerSec, 0) },
        },
        pass,
      },
    };
  },
};
