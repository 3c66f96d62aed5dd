import type { RunStatus } from '../run/state';
import type { EtlHistory } from './history';
import { getRun } from './queries';

/** What asking to cancel a run did: cancelled (queued), asked its executor (running), asked before, or nothing (finished). */
export type CancelOutcome = 'cancelled' | 'cancel-requested' | 'already-requested' | 'finished';

/** Asks to cancel a run as `by` (the CLI and the control API alike); null when there is no such run. */
export async function cancelRun(history: EtlHistory, runId: string, by: string): Promise<{ outcome: CancelOutcome; status: RunStatus } | null> {
  const before = await getRun(history.pool, history.s, runId);
  if (!before) return null;
  const d = await history.decide(runId, { type: 'cancel', by });
  const outcome: CancelOutcome =
    d.events.length > 0
      ? d.state.status === 'cancelled'
        ? 'cancelled'
        : 'cancel-requested'
      : before.status === 'cancelled' || before.cancelRequested
        ? 'already-requested'
        : 'finished';
  return { outcome, status: d.state.status };
}
