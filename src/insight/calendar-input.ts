/**
 * A calendar given to insight from outside (`sluice mine --calendar`, the HTTP `calendar`
 * parameter): one calendar written as the directory writes calendars, e.g.
 * `{"timeZone": "Europe/Berlin", "week": "mon-fri 09:00-17:00", "holidays": "DE-BY"}`. It is
 * read by the directory's own reader, so it means exactly what it means there.
 */
import { SluiceError } from '../engine/errors.js';
import type { WorkCalendar } from '../work/calendar/calendar-types.js';
import { type WorkingCalendar, workingCalendar } from '../work/calendar/working-calendar.js';
import { describeProblem } from '../work/directory/directory.js';
import { calendarProblems } from '../work/directory/directory-checks.js';
import { readDirectoryJson } from '../work/directory/directory-import.js';

const example = '{"timeZone": "Europe/Berlin", "week": "mon-fri 09:00-17:00", "holidays": "DE-BY"}';

/** Reads one calendar from JSON text; throws SluiceError `invalid-calendar` naming each problem. */
export function readCalendar(text: string, source = 'calendar'): WorkCalendar {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${source} must be one calendar object`);
  const record = { id: 'calendar', ...(value as Record<string, unknown>) };
  const read = readDirectoryJson(JSON.stringify({ calendars: [record] }), { file: source });
  const errors = read.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw invalid(errors.map(describeProblem).join('; '));
  const calendar = read.changes.calendars?.[0];
  if (!calendar) throw invalid(`${source} holds no calendar`);
  const wrong = calendarProblems(calendar);
  if (wrong.length > 0) throw invalid(wrong.map((p) => `${source} ${p.field}: ${p.message}`).join('; '));
  return calendar;
}

/** Reads and compiles a calendar for working-time arithmetic. */
export function readWorkingCalendar(text: string, source?: string): WorkingCalendar {
  return workingCalendar(readCalendar(text, source));
}

const invalid = (message: string): SluiceError =>
  new SluiceError('invalid', 'invalid-calendar', message, `write a calendar as ${example}`);
