import * as rruleModule from 'rrule';
import { DateTime } from 'luxon';
import { parseLocal, wallClock, type LocalDateTime } from '../zones/wall-clock';

// rrule ships CommonJS to Node (named exports only under bundlers): take either shape.
type RRuleModule = typeof rruleModule;
const { RRule } = (rruleModule as RRuleModule & { default?: RRuleModule }).default ?? rruleModule;

/** A recurring reminder's series: its rule, the wall clock of its first occurrence, its zone. */
export interface Series {
  /** RRULE body as inference writes it (FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, COUNT, UNTIL; no DTSTART). */
  rrule: string;
  /** Local date-time of the series' first occurrence: the time of day and what INTERVAL counts from. */
  anchor: LocalDateTime;
  timezone: string;
  /**
   * Occurrences of a COUNT series already used before `anchor` (a correction of the time re-anchors
   * the series and keeps its remaining count): COUNT counts them too. Absent: none.
   */
  before?: number;
}

const SUB_DAILY = new Set([RRule.HOURLY, RRule.MINUTELY, RRule.SECONDLY]);
const STEP_MS: Record<number, number> = { [RRule.HOURLY]: 3_600_000, [RRule.MINUTELY]: 60_000, [RRule.SECONDLY]: 1000 };
const BY_KEYS = [
  'byweekday',
  'bymonthday',
  'bymonth',
  'byyearday',
  'byweekno',
  'bysetpos',
  'byhour',
  'byminute',
  'bysecond',
  'bynmonthday',
  'bynweekday',
  'byeaster',
] as const;

/** Parses an RRULE body (with or without the "RRULE:" prefix); throws on nonsense. */
export function parseRule(rrule: string): ReturnType<typeof RRule.parseString> {
  const opts = RRule.parseString(rrule.replace(/^RRULE:/i, ''));
  if (opts.freq === undefined || opts.freq === null) throw new Error(`RRULE without FREQ: ${rrule}`);
  return opts;
}

export function isValidRule(rrule: string): boolean {
  try {
    parseRule(rrule);
    return true;
  } catch {
    return false;
  }
}

/**
 * The series' first occurrence strictly after `after`, or null when the rule has ended (COUNT,
 * UNTIL) or can never fire again.
 *
 * Daily and coarser rules run on "floating" wall-clock dates (rrule's UTC fields standing for
 * local values) from the anchor, so INTERVAL counts from the anchor, BYMONTHDAY=31 skips short
 * months (RFC 5545), BYMONTHDAY=-1 is a month's last day, Feb 29 falls only in leap years; each
 * candidate is then placed in the zone by Luxon (`wallClock`), so DST moves the instant and never
 * the wall-clock time (a time skipped by DST moves forward by the gap; a repeated one is its first
 * occurrence).
 *
 * Hourly and finer rules without BY* parts count elapsed time from the anchor's instant ("every 2
 * hours" stays 2 hours apart across a DST change).
 */
export function nextOccurrence(series: Series, after: DateTime | string): DateTime | null {
  const afterDt = typeof after === 'string' ? DateTime.fromISO(after, { setZone: true }) : after;
  if (!afterDt.isValid) throw new Error(`invalid instant: ${String(after)}`);
  const { count: rawCount, until, ...opts } = parseRule(series.rrule);
  // COUNT counts from the series' first occurrence, the ones before a re-anchoring included.
  const count = rawCount == null ? null : rawCount - (series.before ?? 0);
  if (count !== null && count <= 0) return null;
  // UNTIL is an instant (rule 19: the last second of the end date's local day, in UTC): compared as
  // one with each candidate's instant, never with rrule's floating wall-clock dates.
  const next = occurrenceAfter(series, afterDt, { ...opts, count });
  return next && until && next.toMillis() > until.getTime() ? null : next;
}

type RuleOptions = Omit<ReturnType<typeof parseRule>, 'until'>;

/** How a series steps: by elapsed time (hourly and finer, no BY* parts), or on floating wall-clock dates. */
type Stepper = { kind: 'elapsed'; start: DateTime; step: number } | { kind: 'floating'; rule: InstanceType<typeof RRule> };

function stepper(series: Series, opts: RuleOptions): Stepper {
  const a = parseLocal(series.anchor);
  const freq = opts.freq!;
  const interval = opts.interval && opts.interval > 0 ? opts.interval : 1;
  const hasBy = BY_KEYS.some((k) => {
    const v = (opts as Record<string, unknown>)[k];
    return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
  });
  if (SUB_DAILY.has(freq) && !hasBy) return { kind: 'elapsed', start: wallClock(a, series.timezone), step: interval * STEP_MS[freq]! };
  const rule = new RRule({
    ...opts,
    freq,
    interval,
    dtstart: new Date(Date.UTC(a.year, a.month - 1, a.day, a.hour, a.minute)),
    tzid: null,
    // The time of day is the anchor's (rule 10: no BYHOUR/BYMINUTE), except for sub-daily rules.
    ...(SUB_DAILY.has(freq) ? {} : { byhour: null, byminute: null, bysecond: null }),
  });
  return { kind: 'floating', rule };
}

/** A local date-time as a floating one's milliseconds (its fields read as UTC). */
const floatingOf = (local: DateTime): number => Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);

/** A floating date (UTC fields standing for local ones) placed in the zone. */
const placed = (floating: Date, timezone: string): DateTime =>
  wallClock(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
    },
    timezone,
  );

function occurrenceAfter(series: Series, afterDt: DateTime, opts: RuleOptions): DateTime | null {
  const st = stepper(series, opts);
  if (st.kind === 'elapsed') {
    const elapsed = afterDt.toMillis() - st.start.toMillis();
    const k = elapsed < 0 ? 0 : Math.floor(elapsed / st.step) + 1;
    if (opts.count != null && k >= opts.count) return null;
    return st.start.plus({ milliseconds: k * st.step }).setZone(series.timezone);
  }
  const local = afterDt.setZone(series.timezone);
  // Start a day early: DST can put a wall-clock time just before `after` at an instant after it.
  let floating: Date | null = st.rule.after(new Date(Date.UTC(local.year, local.month - 1, local.day - 1, local.hour, local.minute)), true);
  for (let n = 0; floating && n < 1000; n++) {
    const candidate = placed(floating, series.timezone);
    if (candidate > afterDt) return candidate;
    floating = st.rule.after(floating, false);
  }
  return null;
}

/**
 * The first occurrence of `rrule` at the wall-clock time of `from` on or after it (`from` itself
 * counts when the rule matches it): the anchor of a series started or corrected at `from`.
 */
export function firstOccurrence(rrule: string, from: DateTime, timezone: string): DateTime | null {
  const local = from.setZone(timezone);
  const anchor = local.toFormat("yyyy-MM-dd'T'HH:mm");
  return nextOccurrence({ rrule, anchor, timezone }, local.minus({ minutes: 1 }));
}

/** The rule's COUNT, or null when it has none (or is unreadable). */
export function countOf(rrule: string): number | null {
  try {
    return parseRule(rrule).count ?? null;
  } catch {
    return null;
  }
}

/**
 * How many occurrences of a COUNT series fall before `instant` (`through`: at or before it),
 * counting from its anchor (and the `before` ones), in one pass over the rule. Null for a rule
 * without COUNT: it never runs out.
 */
export function occurrencesBefore(series: Series, instant: DateTime | string, through = false): number | null {
  const { count: total, until, ...opts } = parseRule(series.rrule);
  if (total == null) return null;
  const before = Math.min(series.before ?? 0, total);
  const limit = Math.min(
    (typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : instant).toMillis() - (through ? 0 : 1),
    until ? until.getTime() : Infinity,
  );
  const left = total - before;
  const st = stepper(series, { ...opts, count: left });
  if (st.kind === 'elapsed') {
    const elapsed = limit - st.start.toMillis();
    return before + (elapsed < 0 ? 0 : Math.min(left, Math.floor(elapsed / st.step) + 1));
  }
  // Floating dates a day or more before the limit's own floating date are before it in any zone:
  // only the ones near it are placed in the zone (Luxon is the slow part).
  const near = Number.isFinite(limit) ? floatingOf(DateTime.fromMillis(limit).setZone(series.timezone)) - 86_400_000 : Infinity;
  let used = 0;
  st.rule.all((floating) => {
    if (floating.getTime() >= near && placed(floating, series.timezone).toMillis() > limit) return false;
    used++;
    return true;
  });
  return before + used;
}
