/** Time zones: wall-clock arithmetic, the zone at a location and the zone a user names. */
export * from './wall-clock';
export { zoneAt, isFixedOffsetZone } from './zone-at';
export { zoneForName, zoneFromWords } from './zone-names';
