/** The UTC instant of 00:00 on `day` (YYYY-MM-DD) in `zone` (an IANA name). */
export function zonedMidnight(day: string, zone: string): Date {
  const utc = Date.parse(`${day}T00:00:00Z`);
  // The zone's offset at that instant, corrected once more for a change of offset in between (DST).
  let t = utc - offsetMs(new Date(utc), zone);
  t = utc - offsetMs(new Date(t), zone);
  return new Date(t);
}

/** How far the zone's wall clock is ahead of UTC at `at`. */
function offsetMs(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
