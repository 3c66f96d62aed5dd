import type { EventData, PromotionReason } from '@napominalka/domain';
import { WrongExpectedVersionError, type EventStore } from '../store/event-store';
import { hasRegistry, readRegistry } from './files';
import { MODELS_STREAM, readPromotions } from './promotions';

export interface PromoteInput {
  version: string;
  /** Who: 'cli:<user>', 'etl:<runId>', 'api'. */
  actor: string;
  reason: PromotionReason;
  runId?: string;
  /** Why, in one line. */
  note?: string;
  metrics?: Record<string, number>;
}

export interface PromoteOptions {
  idempotencyKey?: string;
  correlationId?: string;
  /** Where `previous` comes from before the first promotion (the registry's current); without it, null. */
  registryDir?: string;
}

export interface PromoteResult {
  version: string;
  previous: string | null;
  /** The idempotency key had been used: nothing was appended; version/previous are the first append's. */
  duplicate: boolean;
}

/**
 * Appends ModelPromoted to the models stream with `previous` = the version active now. The append
 * expects the stream version it read, so of two concurrent promotions only one can claim that
 * `previous`; the other re-reads and retries once (then it fails rather than guess).
 */
export async function promoteModel(store: EventStore, input: PromoteInput, opts: PromoteOptions = {}): Promise<PromoteResult> {
  for (let attempt = 0; ; attempt++) {
    // The version first: a promotion appended between the two reads then fails the append
    // (expected version) instead of leaving this one a stale `previous`.
    const streamVersion = await store.streamVersion(MODELS_STREAM);
    const promotions = await readPromotions(store);
    const previous = promotions.at(-1)?.version ?? (opts.registryDir && hasRegistry(opts.registryDir) ? readRegistry(opts.registryDir).current : null);
    const data: EventData<'ModelPromoted'> = {
      version: input.version,
      previous,
      metrics: input.metrics ?? {},
      actor: input.actor,
      reason: input.reason,
      ...(input.runId ? { runId: input.runId } : {}),
      ...(input.note ? { note: input.note } : {}),
    };
    try {
      const r = await store.append(MODELS_STREAM, [{ type: 'ModelPromoted', data }], {
        expectedVersion: streamVersion,
        ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
        ...(opts.correlationId ? { metadata: { correlationId: opts.correlationId } } : {}),
      });
      if (!r.duplicate) return { version: input.version, previous, duplicate: false };
      const [first] = await store.readStream(r.streamId, { from: r.firstStreamPosition, limit: 1 });
      const d = first?.data as EventData<'ModelPromoted'> | undefined;
      return { version: d?.version ?? input.version, previous: d?.previous ?? null, duplicate: true };
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && attempt === 0) continue;
      throw err;
    }
  }
}
