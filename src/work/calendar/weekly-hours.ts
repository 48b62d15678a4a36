/**
 * Weekly hours as people write them on a command line or in a CSV cell:
 * `mon-fri 09:00-17:00; sat 10:00-14:00`, `mon-fri 08:00-12:00,13:00-17:00`, `mon-sun 22:00-06:00`.
 * Parsing returns the problems instead of throwing, so an import can name the line.
 */
import { type Shift, type WeeklyHours, type Weekday, weekdays } from './calendar-types.js';

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since local midnight of 'HH:MM' (24:00 is 1440), or undefined. */
export function minuteOfDay(text: string): number | undefined {
  if (!TIME.test(text)) return undefined;
  const [hours, minutes] = text.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** What is wrong with one shift, or undefined. */
export function shiftProblem(shift: Shift): string | undefined {
  const from = minuteOfDay(shift.from);
  const to = minuteOfDay(shift.to);
  if (from === undefined) return `shift start '${shift.from}' is not a time HH:MM`;
  if (to === undefined) return `shift end '${shift.to}' is not a time HH:MM (24:00 ends at midnight)`;
  if (from === 1440) return `a shift cannot start at 24:00; start it at 00:00 of the next day`;
  if (from === to) return `shift ${shift.from}-${shift.to} is empty`;
  return undefined;
}

export interface ParsedWeek {
  readonly week: WeeklyHours;
  readonly problems: readonly string[];
}

export function parseWeeklyHours(text: string): ParsedWeek {
  const problems: string[] = [];
  const week: Partial<Record<Weekday, Shift[]>> = {};
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(\S+)\s+(.+)$/.exec(part);
    if (!match) {
      problems.push(`'${part}' should be days then shifts, e.g. 'mon-fri 09:00-17:00'`);
      continue;
    }
    const days = parseDays(match[1]!);
    if (typeof days === 'string') {
      problems.push(days);
      continue;
    }
    for (const range of match[2]!.split(',').map((r) => r.trim())) {
      const [from, to, ...rest] = range.split('-').map((t) => t.trim());
      if (from === undefined || to === undefined || rest.length > 0) {
        problems.push(`'${range}' should be a shift HH:MM-HH:MM`);
        continue;
      }
      const problem = shiftProblem({ from, to });
      if (problem) {
        problems.push(problem);
        continue;
      }
      for (const day of days) (week[day] ??= []).push({ from, to });
    }
  }
  return { week, problems };
}

/** 'mon-fri', 'sat', 'mon,wed,fri', 'sat-mon' (wraps over the weekend). */
function parseDays(text: string): Weekday[] | string {
  const result: Weekday[] = [];
  for (const item of text.toLowerCase().split(',')) {
    const [first, last, ...rest] = item.split('-');
    const start = weekdays.indexOf(first as Weekday);
    const end = last === undefined ? start : weekdays.indexOf(last as Weekday);
    if (start < 0 || end < 0 || rest.length > 0) {
      return `'${text}' is not a day or range of days (mon, tue, wed, thu, fri, sat, sun; e.g. mon-fri)`;
    }
    for (let i = start; ; i = (i + 1) % 7) {
      if (!result.includes(weekdays[i]!)) result.push(weekdays[i]!);
      if (i === end) break;
    }
  }
  return result;
}

/** The text form back again, days with equal shifts run together: 'mon-fri 09:00-17:00'. */
export function formatWeeklyHours(week: WeeklyHours): string {
  const key = (day: Weekday): string => (week[day] ?? []).map((s) => `${s.from}-${s.to}`).join(',');
  const parts: string[] = [];
  let i = 0;
  while (i < 7) {
    const shifts = key(weekdays[i]!);
    let j = i;
    while (j + 1 < 7 && key(weekdays[j + 1]!) === shifts) j++;
    if (shifts !== '') parts.push(`${weekdays[i]}${j > i ? `-${weekdays[j]}` : ''} ${shifts}`);
    i = j + 1;
  }
  return parts.join('; ');
}
