import type { EventEnvelope } from '@napominalka/domain';
import type { EventStore, RawEvent } from '../store/event-store';

/** A stored event decoded to its current version, or the reason it cannot be (unknown type/version, bad data). */
export type Decoded = (EventEnvelope & { error: null }) | (RawEvent & { error: string });

export function decodeOrError(store: EventStore, raw: RawEvent): Decoded {
  try {
    return { ...store.decodeRaw(raw), error: null };
  } catch (err) {
    return { ...raw, error: (err as Error).message || String(err) };
  }
}

/** Rows per query: a large limit is read in several bounded ones. */
const PAGE = 500;

/**
 * A chat's events as the timeline shows them (`pnpm replay timeline`, the ui's event explorer):
 * the first `limit` of the stream in order, from `since` if given, each decoded or with its
 * error; `more` when further ones follow.
 */
export async function readTimelineEvents(
  store: EventStore,
  streamId: string,
  opts: { limit: number; since?: Date },
): Promise<{ events: Decoded[]; more: boolean }> {
  const raws: RawEvent[] = [];
  let more = false;
  for (let after = 0; raws.length < opts.limit;) {
    const want = Math.min(PAGE, opts.limit - raws.length);
    const page = await store.readFilteredRaw({ streamId, ...(opts.since ? { occurredFrom: opts.since } : {}) }, { afterPosition: after, limit: want + 1 });
    raws.push(...page.slice(0, want));
    if (page.length <= want) break;
    if (raws.length >= opts.limit) more = true;
    after = page[want - 1]!.globalPosition;
  }
  return { events: raws.map((r) => decodeOrError(store, r)), more };
}
