/**
 * Working-time arithmetic on a compiled calendar: add a working duration to an instant, measure
 * the working time between two instants, find the next working instant. Pure functions of
 * their arguments; instants and durations are epoch milliseconds.
 *
 * Intervals are half-open: at 17:00 sharp a 09:00-17:00 day is over, so the next working
 * instant after Friday 17:00 is Monday 09:00, while adding the last hour of Friday to 16:00
 * ends at 17:00 on Friday, not on Monday morning.
 */
import type { Interval } from './calendar-types.js';
import type { WorkingCalendar } from './working-calendar.js';

/** How far ahead to look for working time before giving up: ten years of days. */
export const SEARCH_DAYS = 3660;

/** The calendar has no working time where some was needed (no hours, or all of it off). */
export class NoWorkingTimeError extends RangeError {
  constructor(
    readonly calendarId: string,
    readonly from: number,
  ) {
    super(
      `calendar '${calendarId}' has no working time in the ten years after ${new Date(from).toISOString()}`,
    );
    this.name = 'NoWorkingTimeError';
  }
}

/**
 * The working intervals from `from` on, clipped to start no earlier than `from`, merged where
 * shifts overlap (an overnight shift running into an early one), in order.
 */
export function* workingIntervalsFrom(
  calendar: WorkingCalendar,
  from: number,
  lastDay?: number,
): Generator<Interval> {
  if (!calendar.hasHours) return;
  let cursor = from;
  // The local day of `from` is its UTC day give or take one (offsets stay within ±14 hours),
  // and yesterday's overnight shift may still be running: starting two days early covers both
  // without asking for the zone's offset, which costs more than the rest of a decision.
  const first = utcDay(from) - 2;
  const last = lastDay ?? first + SEARCH_DAYS;
  for (let day = first; day <= last; day++) {
    for (const interval of calendar.intervalsOn(day)) {
      if (interval.end <= cursor) continue;
      const start = Math.max(interval.start, cursor);
      yield { start, end: interval.end };
      cursor = interval.end;
    }
  }
}

/** The instant at which `duration` of working time has passed since `from`. */
export function addWorkingTime(calendar: WorkingCalendar, from: number, duration: number): number {
  if (duration <= 0) return from;
  let left = duration;
  for (const interval of workingIntervalsFrom(calendar, from)) {
    const length = interval.end - interval.start;
    if (length >= left) return interval.start + left;
    left -= length;
  }
  throw new NoWorkingTimeError(calendar.id, from);
}

/** Working time between two instants; negative when `to` is before `from`. */
export function workingTimeBetween(calendar: WorkingCalendar, from: number, to: number): number {
  if (to < from) return -workingTimeBetween(calendar, to, from);
  let total = 0;
  for (const interval of workingIntervalsFrom(calendar, from, utcDay(to) + 1)) {
    if (interval.start >= to) break;
    total += Math.min(interval.end, to) - interval.start;
    if (interval.end >= to) break;
  }
  return total;
}

/** `at` itself when work is going on then, else the start of the next working interval. */
export function nextWorkingInstant(calendar: WorkingCalendar, at: number): number {
  for (const interval of workingIntervalsFrom(calendar, at)) return interval.start;
  throw new NoWorkingTimeError(calendar.id, at);
}

export function isWorkingAt(calendar: WorkingCalendar, at: number): boolean {
  const day = utcDay(at);
  for (let d = day + 1; d >= day - 2; d--) {
    for (const interval of calendar.intervalsOn(d)) {
      if (interval.start <= at && at < interval.end) return true;
    }
  }
  return false;
}

const utcDay = (instant: number): number => Math.floor(instant / 86_400_000);

/** The working intervals inside [from, to), for showing a calendar or checking one. */
export function workingIntervals(calendar: WorkingCalendar, from: number, to: number): Interval[] {
  const result: Interval[] = [];
  if (to <= from) return result;
  for (const interval of workingIntervalsFrom(calendar, from, utcDay(to) + 1)) {
    if (interval.start >= to) break;
    result.push({ start: interval.start, end: Math.min(interval.end, to) });
  }
  return result;
}
