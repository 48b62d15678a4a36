/**
 * Absences are written as people think of them, whole days or moments ('2025-08-04' to
 * '2025-08-15', or '2025-03-27T12:00+01:00'); arithmetic needs instants. A date is read in the
 * person's calendar zone, so a week off in Tokyo starts at midnight in Tokyo.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Interval } from '../calendar/calendar-types.js';
import type { Absence } from './directory-types.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first instant of an absence bound: a date's midnight, or the instant itself. */
function bound(text: string, zone: string, end: boolean): number | undefined {
  const trimmed = text.trim();
  const time = DateTime.fromISO(trimmed, { zone, setZone: false });
  if (!time.isValid) return undefined;
  // A date as the end bound includes that whole day.
  return DATE.test(trimmed) && end ? time.plus({ days: 1 }).toMillis() : time.toMillis();
}

/** What is wrong with an absence's bounds, or undefined. */
export function absenceProblem(
  absence: Pick<Absence, 'from' | 'to'>,
): { field: 'from' | 'to'; message: string } | undefined {
  const from = bound(absence.from, 'UTC', false);
  if (from === undefined) {
    return {
      field: 'from',
      message: `'${absence.from}' is not a date (2025-08-04) or a date-time (2025-08-04T12:00+02:00)`,
    };
  }
  const to = bound(absence.to, 'UTC', true);
  if (to === undefined) {
    return {
      field: 'to',
      message: `'${absence.to}' is not a date (2025-08-15) or a date-time (2025-08-15T17:00+02:00)`,
    };
  }
  if (to <= from)
    return { field: 'to', message: `the absence ends (${absence.to}) before it starts (${absence.from})` };
  return undefined;
}

/** The absence as an interval in `zone`; the absence must be valid (see absenceProblem). */
export function absenceInterval(absence: Pick<Absence, 'from' | 'to'>, zone: string): Interval {
  const z = IANAZone.isValidZone(zone) ? zone : 'UTC';
  const start = bound(absence.from, z, false);
  const end = bound(absence.to, z, true);
  if (start === undefined || end === undefined) {
    throw new RangeError(
      `absence ${absence.from} to ${absence.to} has a bound that is not a date or date-time`,
    );
  }
  return { start, end };
}
