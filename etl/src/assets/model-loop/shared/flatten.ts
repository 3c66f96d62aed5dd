import type { EtlMetadata } from '@napominalka/core';

/** A report's nested figures as flat metadata (`card_langs_ru: 1234`): numbers, strings and booleans only. */
export function flatten(prefix: string, value: unknown, depth = 3): EtlMetadata {
  const out: EtlMetadata = {};
  if (value === null || value === undefined) return out;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return { [prefix]: value };
  if (typeof value !== 'object' || Array.isArray(value) || depth === 0) return out;
  for (const [k, v] of Object.entries(value)) Object.assign(out, flatten(`${prefix}_${k.replace(/[^a-z0-9_]/gi, '_')}`, v, depth - 1));
  return out;
}
