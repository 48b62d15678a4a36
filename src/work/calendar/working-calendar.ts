/**
 * A calendar compiled for arithmetic: for any local day it yields the working intervals that
 * start on that day, as instants, with holidays, closed dates and absences taken out. Time
 * zones are handled here and only here: a shift is wall-clock time in the calendar's zone, so
 * 09:00-17:00 is 8 hours on any day, while a night shift over a daylight-saving change is 7 or
 * 9 real hours long. Working time is always real elapsed time.
 *
 * Compiling is the costly part (date-holidays loads its rules); the result memoises its days,
 * so share one per calendar and derive people's calendars from it with `withAbsences`.
 */
import { DateTime, IANAZone } from 'luxon';
import { civilDate, isoWeekday, parseIsoDate } from './civil-days.js';
import { type Interval, type WorkCalendar, type Weekday, weekdays } from './calendar-types.js';
import { type HolidayLookup, holidayLookup, noHolidays } from './holidays.js';
import { minuteOfDay } from './weekly-hours.js';

export interface WorkingCalendar {
  readonly id: string;
  readonly timeZone: string;
  /** False when no weekday has a shift: such a calendar never reaches any working time. */
  readonly hasHours: boolean;
  /** The local day (days since 1970-01-01 in the calendar's zone) an instant falls on. */
  dayOf(instant: number): number;
  /** Working intervals starting on local day `day`, sorted by start, absences removed. */
  intervalsOn(day: number): readonly Interval[];
}

export interface CompileOptions {
  /** Replaces the calendar's own holiday rule (tests, simulations, a company's list). */
  readonly holidays?: HolidayLookup;
  /** Times off, e.g. a person's absences; they may overlap and need not be sorted. */
  readonly absences?: readonly Interval[];
}

const DAY_MS = 86_400_000;
/** Bounds the memo of days; a year of SLA evaluations touches far fewer. */
const MEMO_LIMIT = 4096;

interface MinuteShift {
  readonly from: number;
  readonly to: number; // may exceed 1440: the shift ends on the next day
}

export function workingCalendar(calendar: WorkCalendar, options: CompileOptions = {}): WorkingCalendar {
  if (!IANAZone.isValidZone(calendar.timeZone)) {
    throw new RangeError(`calendar '${calendar.id}': '${calendar.timeZone}' is not an IANA time zone`);
  }
  const zone = IANAZone.create(calendar.timeZone);
  const shifts = compileShifts(calendar);
  const holidays = options.holidays ?? (calendar.holidays ? holidayLookup(calendar.holidays) : noHolidays);
  const closed = new Set((calendar.closedDates ?? []).map(parseIsoDate).filter((d) => d !== undefined));

  const localInstant = (day: number, minute: number): number => {
    const { year, month, day: date } = civilDate(day + Math.floor(minute / 1440));
    const m = minute % 1440;
    return DateTime.fromObject(
      { year, month, day: date, hour: Math.floor(m / 60), minute: m % 60 },
      { zone },
    ).toMillis();
  };

  const memo = new Map<number, readonly Interval[]>();
  const base: WorkingCalendar = {
    id: calendar.id,
    timeZone: calendar.timeZone,
    hasHours: shifts.some((day) => day.length > 0),
    dayOf: (instant) => Math.floor((instant + zone.offset(instant) * 60_000) / DAY_MS),
    intervalsOn(day) {
      let intervals = memo.get(day);
      if (intervals) return intervals;
      const todays = shifts[isoWeekday(day) - 1]!;
      intervals =
        todays.length === 0 || closed.has(day) || holidays(civilDate(day).year).has(day)
          ? []
          : todays
              .map((s) => ({ start: localInstant(day, s.from), end: localInstant(day, s.to) }))
              .filter((i) => i.end > i.start);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(day, intervals);
      return intervals;
    },
  };
  return options.absences && options.absences.length > 0 ? withAbsences(base, options.absences) : base;
}

/** The same calendar with times off taken out: a person on their team's calendar. */
export function withAbsences(calendar: WorkingCalendar, absences: readonly Interval[]): WorkingCalendar {
  const off = mergeIntervals(absences);
  if (off.length === 0) return calendar;
  const memo = new Map<number, readonly Interval[]>();
  return {
    ...calendar,
    intervalsOn(day) {
      let intervals = memo.get(day);
      if (!intervals) {
        intervals = subtract(calendar.intervalsOn(day), off);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(day, intervals);
      }
      return intervals;
    },
  };
}

/** Sorted, non-overlapping, non-empty. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.start <= last.end) {
      merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, interval.end) };
    } else merged.push(interval);
  }
  return merged;
}

/** `intervals` minus the sorted, merged `off`. */
function subtract(intervals: readonly Interval[], off: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  for (const interval of intervals) {
    let start = interval.start;
    for (const gap of off) {
      if (gap.end <= start) continue;
      if (gap.start >= interval.end) break;
      if (gap.start > start) result.push({ start, end: gap.start });
      start = Math.max(start, gap.end);
      if (start >= interval.end) break;
    }
    if (start < interval.end) result.push({ start, end: interval.end });
  }
  return result;
}

function compileShifts(calendar: WorkCalendar): MinuteShift[][] {
  return weekdays.map((day: Weekday) =>
    (calendar.week[day] ?? [])
      .map((shift) => {
        const from = minuteOfDay(shift.from);
        const to = minuteOfDay(shift.to);
        if (from === undefined || to === undefined || from === to || from >= 1440) {
          throw new RangeError(
            `calendar '${calendar.id}': ${day} shift ${shift.from}-${shift.to} is not a valid shift`,
          );
        }
        return { from, to: to > from ? to : to + 1440 };
      })
      .sort((a, b) => a.from - b.from),
  );
}
