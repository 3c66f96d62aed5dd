import { ETL_EVENT_TYPES } from '@napominalka/core';
import type { EtlHistory } from './history';
import { asEtlEvent } from './etl-event';
import { projectEtlEvent } from './project';
import { ETL_TABLES } from './tables';

/**
 * Rebuilds every ETL read model from the events, in one transaction (readers see the old tables
 * until it commits). Returns the events folded.
 */
export async function rebuildEtlTables(history: EtlHistory, onProgress?: (done: number) => void): Promise<number> {
  return history.transaction(async (w) => {
    await w.tx.query(`lock table ${ETL_TABLES.map((t) => `${history.s}.${t}`).join(', ')} in exclusive mode`);
    for (const t of ETL_TABLES) await w.tx.query(`delete from ${history.s}.${t}`);
    let after = 0;
    let done = 0;
    for (;;) {
      const page = await history.store.readByType(ETL_EVENT_TYPES, { afterPosition: after, limit: 2000 });
      for (const e of page) {
        const etl = asEtlEvent(e);
        if (etl) await projectEtlEvent(w.tx, history.s, etl);
      }
      done += page.length;
      onProgress?.(done);
      if (page.length < 2000) return done;
      after = page.at(-1)!.globalPosition;
    }
  });
}
