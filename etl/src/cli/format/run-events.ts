import type { EtlEvent } from '../../framework/history/etl-event';
import { formatDuration, formatInstant } from './time';

/** One line saying what an event of a run's stream records (data not yet cleaned for the terminal). */
export function describeRunEvent(e: EtlEvent, zone: string): string {
  switch (e.type) {
    case 'EtlRunRequested': {
      const d = e.data;
      return `requested (${d.reason}) by ${d.origin}: ${d.assets.join(', ')}${d.partition === null ? '' : ` @ ${d.partition}`}, at most ${d.maxAttempts} attempt${d.maxAttempts === 1 ? '' : 's'}${d.force ? ', forced' : ''}`;
    }
    case 'EtlRunStarted':
      return `attempt ${e.data.attempt} started on ${e.data.executor}`;
    case 'EtlStepStarted':
      return `${e.data.asset} started (data version ${e.data.dataVersion || '-'})`;
    case 'EtlStepSucceeded':
      return `${e.data.asset} succeeded in ${formatDuration(e.data.durationMs)}`;
    case 'EtlStepSkipped':
      return `${e.data.asset} skipped (${e.data.reason}): ${e.data.detail}`;
    case 'EtlStepFailed':
      return `${e.data.asset} failed (${e.data.failure.code}) after ${formatDuration(e.data.durationMs)}: ${e.data.failure.message}`;
    case 'EtlRunLogged':
      return `${e.data.level}${e.data.asset ? ` ${e.data.asset}` : ''}: ${e.data.message}`;
    case 'EtlRunRetryScheduled':
      return `attempt ${e.data.nextAttempt} scheduled for ${formatInstant(e.data.notBefore, zone)} after ${e.data.failure.code}: ${e.data.failure.message}`;
    case 'EtlRunSucceeded':
      return `succeeded (attempt ${e.data.attempt}) in ${formatDuration(e.data.durationMs)}`;
    case 'EtlRunFailed':
      return `failed (${e.data.failure.code}, attempt ${e.data.attempt}): ${e.data.failure.message}`;
    case 'EtlRunCancelRequested':
      return `cancel requested by ${e.data.by}`;
    case 'EtlRunCancelled':
      return `cancelled (attempt ${e.data.attempt})`;
    default:
      // Asset, schedule, sensor and backfill events live in other streams.
      return e.type;
  }
}
