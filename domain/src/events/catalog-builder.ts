import type { z } from 'zod';

/** One event type: a zod schema per schema version and an upcaster from each old version to the next. */
export interface EventTypeDefinition<S extends z.ZodTypeAny = z.ZodTypeAny> {
  readonly current: number;
  readonly schemas: Readonly<Record<number, z.ZodTypeAny>>;
  readonly upcasters: Readonly<Record<number, (data: unknown) => unknown>>;
  readonly schema: S;
}

export function eventType<S extends z.ZodTypeAny>(
  schema: S,
  history: {
    /** Schemas of earlier versions, keyed by version number. */
    old?: Record<number, z.ZodTypeAny>;
    /** upcasters[v] turns data of version v into data of version v + 1. */
    upcasters?: Record<number, (data: unknown) => unknown>;
  } = {},
): EventTypeDefinition<S> {
  const old = history.old ?? {};
  const current = Object.keys(old).length + 1;
  for (let v = 1; v < current; v++) {
    if (!old[v]) throw new Error(`schema of version ${v} missing`);
    if (!history.upcasters?.[v]) throw new Error(`upcaster from version ${v} missing`);
  }
  return { current, schemas: { ...old, [current]: schema }, upcasters: history.upcasters ?? {}, schema };
}

export type Catalog = Readonly<Record<string, EventTypeDefinition>>;

/** Raised for an event whose type or version this build does not know: consumers park it. */
export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

/** Raised for data that does not match its declared schema: consumers park it. */
export class InvalidEventDataError extends Error {
  override name = 'InvalidEventDataError';
}

/** Validates `data` written at `version` and upcasts it, step by step, to the current version. */
export function upcast(catalog: Catalog, type: string, version: number, data: unknown): unknown {
  const def = Object.hasOwn(catalog, type) ? catalog[type] : undefined;
  if (!def) throw new UnknownEventError(`unknown event type "${type}"`);
  if (!Number.isInteger(version) || version < 1 || version > def.current) {
    throw new UnknownEventError(`unknown version ${version} of event type "${type}" (this build knows 1..${def.current})`);
  }
  let value = data;
  for (let v = version; ; v++) {
    const parsed = def.schemas[v]!.safeParse(value);
    if (!parsed.success) {
      throw new InvalidEventDataError(`invalid ${type} v${v}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    if (v === def.current) return parsed.data;
    value = def.upcasters[v]!(parsed.data);
  }
}
