/**
 * Public holidays from date-holidays, reduced to what working-time arithmetic needs: the set of
 * closed dates of a year, as day numbers. The library's dates are read as local calendar dates
 * ('2025-12-25 00:00:00'), never as instants, so the host's time zone cannot shift a holiday.
 */
import Holidays from 'date-holidays';
import { parseIsoDate } from './civil-days.js';
import type { HolidayRule, HolidayType } from './calendar-types.js';

/** The closed days of a year. */
export type HolidayLookup = (year: number) => ReadonlySet<number>;

export const noHolidays: HolidayLookup = () => new Set();

/** What is wrong with a rule (unknown country or region), or undefined. */
export function holidayRuleProblem(rule: HolidayRule): string | undefined {
  const catalogue = new Holidays();
  const country = rule.country.toUpperCase();
  if (!(country in catalogue.getCountries())) {
    return `unknown holiday country '${rule.country}'; use an ISO 3166 code such as DE, US or GB`;
  }
  if (rule.region !== undefined) {
    const states = catalogue.getStates(country) ?? {};
    if (!(rule.region.toUpperCase() in states)) {
      const known = Object.keys(states).slice(0, 20).join(', ');
      return `unknown holiday region '${rule.region}' of ${country}${known ? `; known: ${known}` : ''}`;
    }
  }
  return undefined;
}

/**
 * Closed days by the rule, computed once per year and kept: a compiled calendar asks for the
 * same year thousands of times. The rule must be valid (see holidayRuleProblem).
 */
export function holidayLookup(rule: HolidayRule): HolidayLookup {
  const country = rule.country.toUpperCase();
  const holidays =
    rule.region !== undefined ? new Holidays(country, rule.region.toUpperCase()) : new Holidays(country);
  const types = new Set<HolidayType>(rule.types ?? ['public']);
  const years = new Map<number, ReadonlySet<number>>();
  return (year) => {
    let days = years.get(year);
    if (!days) {
      const closed = new Set<number>();
      for (const holiday of holidays.getHolidays(year) || []) {
        if (!types.has(holiday.type)) continue;
        const day = parseIsoDate(holiday.date.slice(0, 10));
        if (day !== undefined) closed.add(day);
      }
      days = closed;
      years.set(year, days);
    }
    return days;
  };
}

/** The named holidays of a year, for people to check a calendar ('sluice' shows them). */
export function holidayNames(
  rule: HolidayRule,
  year: number,
): { date: string; name: string; type: string }[] {
  const country = rule.country.toUpperCase();
  const holidays =
    rule.region !== undefined ? new Holidays(country, rule.region.toUpperCase()) : new Holidays(country);
  const types = new Set<string>(rule.types ?? ['public']);
  return (holidays.getHolidays(year) || [])
    .filter((h) => types.has(h.type))
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name, type: h.type }));
}
