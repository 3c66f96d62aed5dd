import tzLookup from '@photostructure/tz-lookup';
import { isValidZone } from './wall-clock';

/**
 * The IANA zone at a point on Earth (a shared location), looked up offline from a coarse
 * built-in map (@photostructure/tz-lookup, ~100 KB): exact enough for a city, approximate within
 * a few kilometres of a border. At sea it answers a nautical zone (`Etc/GMT+3` is UTC−3): a real
 * zone, kept, since a user on a ship lives by it. Null for coordinates that are no point (out of
 * range, not finite) and for an answer the zone database of this runtime does not know. Pure; the
 * one place the lookup library is named, so it can be swapped.
 */
export function zoneAt(latitude: number, longitude: number): string | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  let zone: string;
  try {
    zone = tzLookup(latitude, longitude);
  } catch {
    return null;
  }
  return isValidZone(zone) ? zone : null;
}

/** A nautical (fixed-offset) zone such as `Etc/GMT-3`: no city's rules, only an offset. */
export const isFixedOffsetZone = (zone: string): boolean => /^Etc\/(?:GMT|UTC)(?:[+-]\d{1,2})?$/i.test(zone) || zone === 'UTC';
