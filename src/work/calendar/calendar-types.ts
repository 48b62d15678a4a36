/**
 * Calendars as data. A calendar says when work happens: a time zone, the hours of each day of
 * the week, public holidays by country and region, and extra closed dates. People add their
 * absences on top (see working-calendar.ts). Everything here is JSON-safe so it can be stored,
 * imported and shipped to the web app unchanged.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/**
 * One stretch of work on a day, in local wall-clock time 'HH:MM'. `to` may be '24:00'. A shift
 * whose `to` is not after its `from` runs overnight and ends on the next day; it belongs to the
 * day it starts on, so a holiday on that day cancels the whole shift.
 */
export interface Shift {
  readonly from: string;
  readonly to: string;
}

/** Shifts per weekday; a day that is left out has no working hours. */
export type WeeklyHours = Partial<Readonly<Record<Weekday, readonly Shift[]>>>;

/** The kinds of day date-holidays knows; only `public` closes a calendar unless told otherwise. */
export const holidayTypes = ['public', 'bank', 'school', 'optional', 'observance'] as const;
export type HolidayType = (typeof holidayTypes)[number];

export interface HolidayRule {
  /** ISO 3166-1 alpha-2 country code, e.g. 'DE'. */
  readonly country: string;
  /** The country's subdivision code as date-holidays names it, e.g. 'BY' for Bavaria, 'NY'. */
  readonly region?: string;
  /** Which holiday types close the calendar; default ['public']. */
  readonly types?: readonly HolidayType[];
}

export interface WorkCalendar {
  readonly id: string;
  readonly name?: string;
  /** IANA time zone in which the weekly hours and the dates are read, e.g. 'Europe/Berlin'. */
  readonly timeZone: string;
  readonly week: WeeklyHours;
  readonly holidays?: HolidayRule;
  /** Further whole days without work, 'YYYY-MM-DD' (company holidays, a team's offsite). */
  readonly closedDates?: readonly string[];
}

/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** Monday to Friday, 09:00 to 17:00: the week a calendar gets when nothing else is said. */
export const officeHours: WeeklyHours = Object.freeze(
  Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ from: '09:00', to: '17:00' }]]),
  ),
);

/** Every hour of every day in UTC: the clock that SLAs in calendar time run on. */
export const continuousCalendar: WorkCalendar = Object.freeze({
  id: 'continuous',
  name: 'Calendar time (24/7)',
  timeZone: 'UTC',
  week: Object.fromEntries(weekdays.map((d) => [d, [{ from: '00:00', to: '24:00' }]])),
});
