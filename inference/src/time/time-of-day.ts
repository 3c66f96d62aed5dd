import type { ClockMeaning, Marker, PartOfDay } from './expression';
import { PART_HOUR } from './vocab';

/** The wall-clock time a message asks for, before a day is chosen. */
export interface TimeOfDay {
  hour: number;
  minute: number;
  /** Rule 4, no day named: the nearest of h:mm and (h+12):mm ahead. */
  ambiguous: boolean;
  /** Midnight "that ends the named day" (rule 2): 00:00 of the day after. */
  endsDay: boolean;
}

/** A part of day said with a clock reads as its marker: "завтра вечером в 8", "at 9 tonight". */
function partMarker(part: PartOfDay | null): Marker | null {
  switch (part) {
    case 'morning':
      return 'am';
    case 'afternoon':
    case 'afterLunch':
    case 'evening':
      return 'pm';
    case 'night':
      return 'ночи';
    default:
      return null;
  }
}

/** Rule 3. */
export function applyMarker(hour: number, marker: Marker): number {
  if (hour > 12) return hour;
  switch (marker) {
    case 'am':
      return hour === 12 ? 0 : hour;
    case 'утра':
      return hour;
    case 'pm':
    case 'дня':
    case 'вечера':
      return hour === 12 ? 12 : hour + 12;
    case 'ночи':
      return hour === 12 ? 0 : hour <= 5 ? hour : hour + 12;
  }
}

/**
 * Rules 2–4: the clock (with its marker, or the part of day as marker), else the part of day.
 * `dayNamed`: a date, weekday, day word, offset in days or recurrence over days is present.
 */
export function timeOfDay(clock: ClockMeaning | null, part: PartOfDay | null, dayNamed: boolean): TimeOfDay | null {
  if (clock) {
    const marker = clock.marker ?? (clock.hour >= 1 && clock.hour <= 12 ? partMarker(part) : null);
    let hour = clock.hour;
    let ambiguous = false;
    if (marker) hour = applyMarker(hour, marker);
    else if (clock.bare && hour >= 1 && hour <= 11) {
      if (dayNamed) hour = hour <= 6 ? hour + 12 : hour;
      else ambiguous = true;
    }
    const endsDay = marker === 'ночи' && clock.hour === 12 && clock.minute === 0;
    return { hour, minute: clock.minute, ambiguous, endsDay };
  }
  if (part) return { hour: PART_HOUR[part], minute: 0, ambiguous: false, endsDay: part === 'midnight' };
  return null;
}

/** Rule 1: a day with no time. */
export const NINE: TimeOfDay = { hour: 9, minute: 0, ambiguous: false, endsDay: false };
