/**
 * The clock an SLA runs on: working time of a calendar or plain elapsed time, minus pauses.
 * Pauses may overlap, arrive unsorted, start before the clock did, or still be open.
 */
import { mergeIntervals, type WorkingCalendar } from '../calendar/working-calendar.js';
import { addWorkingTime, workingTimeBetween } from '../calendar/working-time.js';
import type { Pause } from './sla-types.js';

export interface Clock {
  /** Clock time between two instants. */
  between(from: number, to: number): number;
  /** The instant at which `duration` of clock time has passed since `from`. */
  add(from: number, duration: number): number;
}

export const elapsedClock: Clock = {
  between: (from, to) => to - from,
  add: (from, duration) => from + duration,
};

export const workingClock = (calendar: WorkingCalendar): Clock => ({
  between: (from, to) => workingTimeBetween(calendar, from, to),
  add: (from, duration) => addWorkingTime(calendar, from, duration),
});

/** A stretch in which the clock runs; `end` is Infinity for the last one when no pause is open. */
export interface Run {
  readonly start: number;
  readonly end: number;
}

/** The stretches in which the clock runs from `startedAt` on: everything but the pauses. */
export function runs(startedAt: number, pauses: readonly Pause[]): Run[] {
  const stops = mergeIntervals(
    pauses.map((p) => ({ start: Math.max(p.from, startedAt), end: p.to ?? Number.POSITIVE_INFINITY })),
  );
  const result: Run[] = [];
  let start = startedAt;
  for (const stop of stops) {
    if (stop.start > start) result.push({ start, end: stop.start });
    start = Math.max(start, stop.end);
  }
  if (start !== Number.POSITIVE_INFINITY) result.push({ start, end: Number.POSITIVE_INFINITY });
  return result;
}

/** Clock time used between `startedAt` and `now`. */
export function elapsedUntil(clock: Clock, stretches: readonly Run[], now: number): number {
  let total = 0;
  for (const run of stretches) {
    if (run.start >= now) break;
    total += clock.between(run.start, Math.min(run.end, now));
  }
  return total;
}

/** The instant at which `amount` of clock time has been used, or undefined while a pause holds it. */
export function instantOf(clock: Clock, stretches: readonly Run[], amount: number): number | undefined {
  let used = 0;
  for (const run of stretches) {
    if (run.end === Number.POSITIVE_INFINITY) return clock.add(run.start, amount - used);
    const available = clock.between(run.start, run.end);
    if (used + available >= amount) return clock.add(run.start, amount - used);
    used += available;
  }
  return undefined;
}
