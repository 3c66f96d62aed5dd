import type { EventData, PromotionReason } from '@napominalka/domain';
import type { EventStore } from '../store/event-store';
import { hasRegistry, readRegistry, type Registry } from './files';

/** The stream every ModelPromoted is appended to: its order is the order of promotions. */
export const MODELS_STREAM = 'models';

/** One ModelPromoted as read back, with where and when it was recorded. */
export type Promotion = EventData<'ModelPromoted'> & {
  eventId: string;
  streamPosition: number;
  recordedAt: string;
};

/** Every promotion, oldest first (events written before actor/reason existed read without them). */
export async function readPromotions(store: EventStore): Promise<Promotion[]> {
  const events = await store.readStream(MODELS_STREAM, { types: ['ModelPromoted'] });
  return events.map((e) => ({ ...(e.data as EventData<'ModelPromoted'>), eventId: e.id, streamPosition: e.streamPosition, recordedAt: e.recordedAt }));
}

/** The version production serves: the last promotion, else the registry's current, else none. */
export async function activeVersion(store: EventStore, dir: string): Promise<string | null> {
  const last = (await readPromotions(store)).at(-1);
  if (last) return last.version;
  return hasRegistry(dir) ? readRegistry(dir).current : null;
}

/**
 * The versions that were active, oldest at the bottom: a promotion pushes its version (unless it is
 * already on top), a rollback pops. The first promotion's `previous` (or the registry's current)
 * is the bottom, so the very first rollback has somewhere to go.
 */
export function activeStack(promotions: readonly Pick<Promotion, 'version' | 'previous' | 'reason'>[], registryCurrent: string | null): string[] {
  const base = promotions[0]?.previous ?? registryCurrent;
  const stack = base ? [base] : [];
  for (const p of promotions) {
    if (p.reason === 'rollback') {
      stack.pop();
      // A rollback to somewhere else than the top (written by hand): go back to where it went,
      // or, for a version never active, take it as the new top.
      const at = stack.lastIndexOf(p.version);
      if (at >= 0) stack.length = at + 1;
      else stack.push(p.version);
    } else if (stack.at(-1) !== p.version) stack.push(p.version);
  }
  return stack;
}

/** Where `models rollback` goes: the version active before the current one; null when none. */
export function rollbackTarget(promotions: readonly Pick<Promotion, 'version' | 'previous' | 'reason'>[], registryCurrent: string | null): string | null {
  const stack = activeStack(promotions, registryCurrent);
  return stack.length >= 2 ? stack[stack.length - 2]! : null;
}

export type ModelStatus = 'active' | 'candidate' | 'retired';

export interface ModelStatusRow {
  version: string;
  status: ModelStatus;
  /** The last time it was promoted (absent: never promoted by an event). */
  promotedAt?: string;
  promotedBy?: string;
  reason?: PromotionReason;
  note?: string;
}

/**
 * Each registered version's standing: active = serving now; retired = was active once; candidate =
 * registered and never active. Versions promoted but missing from registry.json are listed too.
 */
export function modelStatuses(registry: Pick<Registry, 'current' | 'versions'> | null, promotions: readonly Promotion[]): ModelStatusRow[] {
  const active = promotions.at(-1)?.version ?? registry?.current ?? null;
  const wasActive = new Set<string>();
  for (const p of promotions) {
    wasActive.add(p.version);
    if (p.previous) wasActive.add(p.previous);
  }
  const lastPromotion = new Map<string, Promotion>();
  for (const p of promotions) lastPromotion.set(p.version, p);
  const versions = [...new Set([...(registry?.versions ?? []), ...promotions.map((p) => p.version)])];
  return versions.map((version) => {
    const p = lastPromotion.get(version);
    const status: ModelStatus = version === active ? 'active' : wasActive.has(version) ? 'retired' : 'candidate';
    return {
      version,
      status,
      ...(p
        ? {
            promotedAt: p.recordedAt,
            ...(p.actor ? { promotedBy: p.actor } : {}),
            ...(p.reason ? { reason: p.reason } : {}),
            ...(p.note ? { note: p.note } : {}),
          }
        : {}),
    };
  });
}
