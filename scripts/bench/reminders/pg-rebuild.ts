import { rebuildPg } from '../../../projector/src/pg/rebuild';
import { fmt, fmtInt, progress, progressBar } from '../common/progress';
import { round } from '../common/stats';
import { TARGETS } from './args';
import type { Section } from './section';
import { storeWithReadCeiling } from './store';

/** pg-rebuild: the Postgres read model rebuilt from the synthetic store, beside the read ceiling. */
export const pgRebuild: Section = {
  name: 'pg-rebuild',
  async run(ctx) {
    const s = ctx.settings;
    const { st, pgCeil } = await storeWithReadCeiling(ctx);
    const bar = progressBar('pg rebuild');
    const t0 = performance.now();
    const r = await rebuildPg({
      store: st.store,
      defaultTimezone: 'Europe/Moscow',
      pageSize: s.pageSize,
      onProgress: (p) => bar(p.done, p.total, p.done / ((performance.now() - t0) / 1000), p.done === p.total),
    });
    const rate = r.events / r.seconds;
    progress(
      `pg rebuild: ${fmtInt(rate)} events/s (${fmt(r.seconds, 1)} s): ${fmtInt(r.chats)} chats, ${fmtInt(r.reminders)} reminders, ${fmtInt(r.parses)} parses`,
    );
    const pass = rate >= TARGETS.rebuildEventsPerSec && r.events === st.events;
    return {
      rows: [
        {
          measure: `Postgres read model rebuilt from the store (${fmtInt(st.events)} events → ${fmtInt(r.chats)} chats, ${fmtInt(r.reminders)} reminders, ${fmtInt(r.parses)} parses)`,
          result: `${fmtInt(rate)} events/s`,
          target: `≥ ${fmtInt(TARGETS.rebuildEventsPerSec)}`,
          ceiling: `Postgres page reads ${fmtInt(pgCeil.eventsPerSec)}/s`,
          pass,
        },
      ],
      notes: [
        `Postgres rebuild: ${fmt(r.seconds, 1)} s in all (gap-safe reads, decode, the decider's evolve per chat, shadow tables, swap with checkpoints); ÷ read ceiling ${fmt((rate / pgCeil.eventsPerSec) * 100, 1)} %.`,
      ],
      json: {
        events: r.events,
        seconds: round(r.seconds, 2),
        eventsPerSec: round(rate, 0),
        chats: r.chats,
        reminders: r.reminders,
        parses: r.parses,
        ceilingPostgresRead: round(pgCeil.eventsPerSec, 0),
        pass,
      },
    };
  },
};
