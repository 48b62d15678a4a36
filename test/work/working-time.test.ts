import { describe, expect, it } from 'vitest';
import {
  type WorkCalendar,
  continuousCalendar,
  officeHours,
} from '../../src/work/calendar/calendar-types.js';
import { workingCalendar } from '../../src/work/calendar/working-calendar.js';
import {
  addWorkingTime,
  isWorkingAt,
  NoWorkingTimeError,
  nextWorkingInstant,
  workingIntervals,
  workingTimeBetween,
} from '../../src/work/calendar/working-time.js';
import { parseWeeklyHours } from '../../src/work/calendar/weekly-hours.js';
import { at, hour, local, minute } from './time-helpers.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

const berlinOffice: WorkCalendar = { id: 'berlin', timeZone: BERLIN, week: officeHours };
const bavaria: WorkCalendar = { ...berlinOffice, id: 'munich', holidays: { country: 'DE', region: 'BY' } };
const newYork: WorkCalendar = {
  id: 'nyc',
  timeZone: NEW_YORK,
  week: officeHours,
  holidays: { country: 'US', region: 'NY' },
};
const nights: WorkCalendar = {
  id: 'night-shift',
  timeZone: BERLIN,
  week: parseWeeklyHours('mon-sun 22:00-06:00').week,
};

describe('adding working time on a Berlin office calendar', () => {
  const cal = workingCalendar(berlinOffice);

  it('ends within the day when the day has enough hours left', () => {
    expect(local(addWorkingTime(cal, at('2025-03-26T10:00', BERLIN), 4 * hour), BERLIN)).toBe(
      '2025-03-26 14:00 +01:00',
    );
  });

  it('ends at 17:00 on Friday, not on Monday morning, when the hour fits exactly', () => {
    expect(local(addWorkingTime(cal, at('2025-03-28T16:00', BERLIN), hour), BERLIN)).toBe(
      '2025-03-28 17:00 +01:00',
    );
  });

  it('carries over the weekend on which the clocks go forward, in local hours', () => {
    const end = addWorkingTime(cal, at('2025-03-28T16:00', BERLIN), 2 * hour);
    expect(local(end, BERLIN)).toBe('2025-03-31 10:00 +02:00');
    // 66 hours of wall clock, but only 65 real hours passed: the night of 30 March was short.
    expect(end - at('2025-03-28T16:00', BERLIN)).toBe(65 * hour);
  });

  it('carries over the weekend on which the clocks go back, in local hours', () => {
    const end = addWorkingTime(cal, at('2025-10-24T16:00', BERLIN), 2 * hour);
    expect(local(end, BERLIN)).toBe('2025-10-27 10:00 +01:00');
    expect(end - at('2025-10-24T16:00', BERLIN)).toBe(67 * hour);
  });

  it('starts counting at the next morning when asked in the evening', () => {
    expect(local(addWorkingTime(cal, at('2025-03-25T20:00', BERLIN), 30 * minute), BERLIN)).toBe(
      '2025-03-26 09:30 +01:00',
    );
  });

  it('adds a working week of 40 hours from Monday 09:00 to Friday 17:00', () => {
    expect(local(addWorkingTime(cal, at('2025-03-24T09:00', BERLIN), 40 * hour), BERLIN)).toBe(
      '2025-03-28 17:00 +01:00',
    );
  });

  it('returns the instant itself when nothing is to be added', () => {
    const sunday = at('2025-03-30T12:00', BERLIN);
    expect(addWorkingTime(cal, sunday, 0)).toBe(sunday);
  });
});

describe('measuring working time', () => {
  const cal = workingCalendar(berlinOffice);

  it('counts 16 hours from Friday morning to Monday evening across the spring change', () => {
    expect(workingTimeBetween(cal, at('2025-03-28T09:00', BERLIN), at('2025-03-31T17:00', BERLIN))).toBe(
      16 * hour,
    );
  });

  it('counts only the working part of a partly working span', () => {
    expect(workingTimeBetween(cal, at('2025-10-24T15:30', BERLIN), at('2025-10-27T09:15', BERLIN))).toBe(
      105 * minute,
    );
  });

  it('is negative when the span runs backwards, and zero over a weekend', () => {
    const friday = at('2025-03-28T12:00', BERLIN);
    expect(workingTimeBetween(cal, friday + 2 * hour, friday)).toBe(-2 * hour);
    expect(workingTimeBetween(cal, at('2025-03-29T08:00', BERLIN), at('2025-03-30T20:00', BERLIN))).toBe(0);
  });

  it('undoes addition: the working time up to (start + d) is d, for many starts and lengths', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const base = at('2025-01-01T00:00', BERLIN);
    for (let i = 0; i < 300; i++) {
      const from = base + Math.floor(next() * 360) * 86_400_000 + Math.floor(next() * 1440) * minute;
      const duration = Math.floor(next() * 120) * 15 * minute;
      const end = addWorkingTime(cal, from, duration);
      expect(workingTimeBetween(cal, from, end)).toBe(duration);
    }
  });
});

describe('the next working instant', () => {
  const cal = workingCalendar(berlinOffice);

  it('is the instant itself during working hours', () => {
    const tuesday = at('2025-03-25T11:11', BERLIN);
    expect(nextWorkingInstant(cal, tuesday)).toBe(tuesday);
    expect(isWorkingAt(cal, tuesday)).toBe(true);
  });

  it('is Monday 09:00 at 17:00 sharp on Friday, when the working day is over', () => {
    const fridayEnd = at('2025-03-28T17:00', BERLIN);
    expect(isWorkingAt(cal, fridayEnd)).toBe(false);
    expect(local(nextWorkingInstant(cal, fridayEnd), BERLIN)).toBe('2025-03-31 09:00 +02:00');
  });
});

describe('public holidays', () => {
  it('close Good Friday and Easter Monday in Bavaria', () => {
    const cal = workingCalendar(bavaria);
    expect(local(addWorkingTime(cal, at('2025-04-17T16:30', BERLIN), hour), BERLIN)).toBe(
      '2025-04-22 09:30 +02:00',
    );
    expect(isWorkingAt(cal, at('2025-04-18T10:00', BERLIN))).toBe(false);
  });

  it('differ by region: Epiphany is off in Bavaria but a working day in Berlin', () => {
    const epiphany = at('2025-01-06T10:00', BERLIN);
    expect(isWorkingAt(workingCalendar(bavaria), epiphany)).toBe(false);
    expect(
      isWorkingAt(workingCalendar({ ...berlinOffice, holidays: { country: 'DE', region: 'BE' } }), epiphany),
    ).toBe(true);
  });

  it('close Thanksgiving in New York, and observances do not close anything', () => {
    const cal = workingCalendar(newYork);
    expect(isWorkingAt(cal, at('2025-11-27T10:00', NEW_YORK))).toBe(false);
    // The day after Thanksgiving is an observance, not a public holiday.
    expect(isWorkingAt(cal, at('2025-11-28T10:00', NEW_YORK))).toBe(true);
  });

  it('close extra dates a company gives', () => {
    const cal = workingCalendar({ ...berlinOffice, closedDates: ['2025-12-29', '2025-12-30'] });
    expect(local(nextWorkingInstant(cal, at('2025-12-29T08:00', BERLIN)), BERLIN)).toBe(
      '2025-12-31 09:00 +01:00',
    );
  });

  it("can come from a list of one's own instead of date-holidays", () => {
    const cal = workingCalendar(bavaria, { holidays: () => new Set() });
    expect(isWorkingAt(cal, at('2025-04-18T10:00', BERLIN))).toBe(true);
  });
});

describe('New York across its own daylight-saving changes', () => {
  const cal = workingCalendar(newYork);

  it('adds over the March weekend when New York springs forward (two weeks before Berlin)', () => {
    const end = addWorkingTime(cal, at('2025-03-07T16:00', NEW_YORK), 2 * hour);
    expect(local(end, NEW_YORK)).toBe('2025-03-10 10:00 -04:00');
    expect(new Date(end).toISOString()).toBe('2025-03-10T14:00:00.000Z');
  });

  it('adds over the November weekend when New York falls back', () => {
    const end = addWorkingTime(cal, at('2025-10-31T16:00', NEW_YORK), 2 * hour);
    expect(local(end, NEW_YORK)).toBe('2025-11-03 10:00 -05:00');
  });
});

describe('time zones', () => {
  it("judge the same instant by each calendar's own local hours", () => {
    const berlin = workingCalendar(berlinOffice);
    const nyc = workingCalendar(newYork);
    const afternoonInBerlin = Date.parse('2025-06-02T14:00:00Z'); // 16:00 Berlin, 10:00 New York
    const eveningInBerlin = Date.parse('2025-06-02T20:00:00Z'); // 22:00 Berlin, 16:00 New York
    expect([isWorkingAt(berlin, afternoonInBerlin), isWorkingAt(nyc, afternoonInBerlin)]).toEqual([
      true,
      true,
    ]);
    expect([isWorkingAt(berlin, eveningInBerlin), isWorkingAt(nyc, eveningInBerlin)]).toEqual([false, true]);
  });

  it('work in the weeks when only one of the two zones has changed its clocks', () => {
    // 10 to 28 March 2025: New York is on summer time, Berlin not yet; the gap is 5 hours.
    const nyc = workingCalendar(newYork);
    const berlinFive = at('2025-03-17T14:00', BERLIN); // 09:00 in New York
    expect(local(berlinFive, NEW_YORK)).toBe('2025-03-17 09:00 -04:00');
    expect(nextWorkingInstant(nyc, berlinFive - minute)).toBe(berlinFive);
  });
});

describe('overnight shifts', () => {
  const cal = workingCalendar(nights);

  it('belong to the evening they start on and run past midnight', () => {
    expect(isWorkingAt(cal, at('2025-03-26T23:30', BERLIN))).toBe(true);
    expect(isWorkingAt(cal, at('2025-03-27T05:59', BERLIN))).toBe(true);
    expect(isWorkingAt(cal, at('2025-03-27T06:00', BERLIN))).toBe(false);
  });

  it('last 7 real hours on the night the clocks go forward and 9 on the night they go back', () => {
    const spring = workingIntervals(cal, at('2025-03-29T21:00', BERLIN), at('2025-03-30T07:00', BERLIN));
    const autumn = workingIntervals(cal, at('2025-10-25T21:00', BERLIN), at('2025-10-26T07:00', BERLIN));
    expect(spring.map((i) => (i.end - i.start) / hour)).toEqual([7]);
    expect(autumn.map((i) => (i.end - i.start) / hour)).toEqual([9]);
  });

  it('carry an addition into the next night', () => {
    const end = addWorkingTime(cal, at('2025-03-29T22:00', BERLIN), 8 * hour);
    expect(local(end, BERLIN)).toBe('2025-03-30 23:00 +02:00');
  });

  it('merge with a day shift that starts before the night shift ends', () => {
    const overlapping = workingCalendar({
      id: 'overlap',
      timeZone: BERLIN,
      week: parseWeeklyHours('mon-sun 22:00-06:00, 05:00-09:00').week,
    });
    expect(
      workingTimeBetween(overlapping, at('2025-06-02T12:00', BERLIN), at('2025-06-03T12:00', BERLIN)),
    ).toBe(11 * hour);
  });
});

describe('shifts touching the hour that does not exist', () => {
  it('start when the clock jumps: a 02:00-04:00 shift on 30 March 2025 is one hour long', () => {
    const cal = workingCalendar({
      id: 'early',
      timeZone: BERLIN,
      week: { sun: [{ from: '02:00', to: '04:00' }] },
    });
    const [shift] = workingIntervals(cal, at('2025-03-30T00:00', BERLIN), at('2025-03-30T12:00', BERLIN));
    expect(shift && (shift.end - shift.start) / hour).toBe(1);
  });
});

describe('calendar time', () => {
  it('is real time, a day of 23 hours included', () => {
    const cal = workingCalendar(continuousCalendar);
    const from = at('2025-03-29T12:00', BERLIN);
    expect(addWorkingTime(cal, from, 30 * hour)).toBe(from + 30 * hour);
    expect(workingTimeBetween(cal, from, from + 47 * hour)).toBe(47 * hour);
  });
});

describe('absences', () => {
  const team = workingCalendar(berlinOffice);
  const absent = workingCalendar(berlinOffice, {
    absences: [
      { start: at('2025-03-25T00:00', BERLIN), end: at('2025-03-27T00:00', BERLIN) }, // Tue and Wed
      { start: at('2025-03-27T12:00', BERLIN), end: at('2025-03-27T13:00', BERLIN) }, // a dentist
    ],
  });

  it("take days and hours out of a person's working time", () => {
    const monday = at('2025-03-24T16:00', BERLIN);
    expect(local(addWorkingTime(team, monday, 2 * hour), BERLIN)).toBe('2025-03-25 10:00 +01:00');
    expect(local(addWorkingTime(absent, monday, 2 * hour), BERLIN)).toBe('2025-03-27 10:00 +01:00');
    expect(local(addWorkingTime(absent, monday, 5 * hour), BERLIN)).toBe('2025-03-27 14:00 +01:00');
  });
});

describe('calendars without working time', () => {
  it('refuse to add time but measure zero', () => {
    const cal = workingCalendar({ id: 'never', timeZone: BERLIN, week: {} });
    const from = at('2025-03-24T10:00', BERLIN);
    expect(() => addWorkingTime(cal, from, hour)).toThrow(NoWorkingTimeError);
    expect(() => nextWorkingInstant(cal, from)).toThrow(/no working time in the ten years/);
    expect(workingTimeBetween(cal, from, from + 10 * 86_400_000)).toBe(0);
  });

  it('reject a zone that is not an IANA zone', () => {
    expect(() => workingCalendar({ ...berlinOffice, timeZone: 'Mars/Olympus' })).toThrow(/IANA/);
  });
});
