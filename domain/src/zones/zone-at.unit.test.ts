import { describe, expect, it } from 'vitest';
import { isValidZone } from './wall-clock';
import { isFixedOffsetZone, zoneAt } from './zone-at';

describe('zoneAt: the zone at a shared location', () => {
  it.each([
    ['Moscow', 55.75, 37.62, 'Europe/Moscow'],
    ['Berlin', 52.52, 13.405, 'Europe/Berlin'],
    ['New York', 40.71, -74.0, 'America/New_York'],
    ['Vladivostok', 43.12, 131.89, 'Asia/Vladivostok'],
    ['Kaliningrad', 54.71, 20.51, 'Europe/Kaliningrad'],
    ['Novosibirsk', 55.03, 82.92, 'Asia/Novosibirsk'],
    ['Samara', 53.2, 50.15, 'Europe/Samara'],
    ['Yekaterinburg', 56.84, 60.6, 'Asia/Yekaterinburg'],
    ['Kyiv (the current name)', 50.45, 30.52, 'Europe/Kyiv'],
  ])('%s', (_city, lat, lon, zone) => {
    expect(zoneAt(lat, lon)).toBe(zone);
  });

  it('at sea: a nautical fixed-offset zone (Etc/GMT+3 is UTC−3), a zone Luxon knows', () => {
    const zone = zoneAt(30, -40)!;
    expect(zone).toBe('Etc/GMT+3');
    expect(isValidZone(zone)).toBe(true);
    expect(isFixedOffsetZone(zone)).toBe(true);
    expect(isFixedOffsetZone('Europe/Moscow')).toBe(false);
  });

  it.each([
    [91, 0],
    [-90.5, 10],
    [0, 181],
    [0, -180.01],
    [Number.NaN, 0],
    [0, Number.POSITIVE_INFINITY],
  ])('no point (%s, %s) → null, no throw', (lat, lon) => {
    expect(zoneAt(lat, lon)).toBeNull();
  });

  it('the poles and the date line are points: some valid zone', () => {
    for (const [lat, lon] of [
      [90, 0],
      [-90, 0],
      [0, 180],
      [0, -180],
    ] as const)
      expect(isValidZone(zoneAt(lat, lon)!)).toBe(true);
  });
});
