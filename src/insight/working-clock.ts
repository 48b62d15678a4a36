/**
 * Durations in working time. A working clock maps each instant to the working time that has
 * passed on a calendar since a fixed origin: it runs during working hours and stands still
 * outside them. The working time between two instants is then the difference of their clock
 * readings, so every analysis that subtracts timestamps (case durations, processing and
 * waiting times, step times, bottlenecks, variants) measures working time unchanged when it
 * is given a log whose time column reads the working clock (`onWorkingClock`).
 *
 * The calendar arithmetic is src/work's (`workingIntervals`); this file only lays the
 * intervals of the log's span end to end once and looks each timestamp up by binary search.
 */
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import { workingIntervals } from '../work/calendar/working-time.js';
import type { EventLog } from './event-log.js';

const DAY = 86_400_000;

/** Reads working milliseconds since `from` for any instant; before `from` it reads 0. */
export function workingClock(calendar: WorkingCalendar, from: number, to: number): (at: number) => number {
  const intervals = workingIntervals(calendar, from, to + DAY);
  const starts = new Float64Array(intervals.length);
  const ends = new Float64Array(intervals.length);
  const before = new Float64Array(intervals.length); // working time before each interval
  let total = 0;
  intervals.forEach((interval, i) => {
    starts[i] = interval.start;
    ends[i] = interval.end;
    before[i] = total;
    total += interval.end - interval.start;
  });
  return (at) => {
    if (Number.isNaN(at)) return at;
    // The last interval starting at or before `at`.
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! <= at) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found < 0) return 0;
    return before[found]! + Math.min(at, ends[found]!) - starts[found]!;
  };
}

/** The first and last timestamps of a log; undefined when it has none. */
export function timeSpan(log: EventLog): { from: number; to: number } | undefined {
  let from = Infinity;
  let to = -Infinity;
  for (const t of log.time) {
    if (t < from) from = t;
    if (t > to) to = t;
  }
  return from === Infinity ? undefined : { from, to };
}

/**
 * The log with its time column on the calendar's working clock. Durations computed from it are
 * working time; instants read from it are not instants any more, so periods (throughput, SLA
 * series) must be taken from the original log.
 */
export function onWorkingClock(log: EventLog, calendar: WorkingCalendar): EventLog {
  const span = timeSpan(log);
  if (!span) return { ...log, meta: { ...log.meta, clock: 'working' } };
  const read = workingClock(calendar, span.from, span.to);
  return {
    ...log,
    time: log.time.map((t) => span.from + read(t)),
    meta: { ...log.meta, clock: 'working' },
  };
}
