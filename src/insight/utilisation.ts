/**
 * Workload and utilisation per person and team. A person is busy while they work on an
 * execution they completed (from its `start` to its `complete`, overlapping executions
 * counted once); utilisation is that busy working time over the working time available on
 * their calendar in the period analysed. Both are measured on the person's calendar, so an
 * hour of work at night counts as busy time that their calendar did not offer, and
 * utilisation can exceed 1 (overtime). A team adds up its members.
 *
 * Without a calendar a person is taken to be available around the clock. A log with
 * completions only has no busy time: utilisation is null, the workload counts remain.
 */
import { continuousCalendar } from '../work/calendar/calendar-types.js';
import { mergeIntervals, type WorkingCalendar, workingCalendar } from '../work/calendar/working-calendar.js';
import type { Interval } from '../work/calendar/calendar-types.js';
import { type EventLog, NONE } from './event-log.js';
import { forEachExecution } from './executions.js';
import { timeSpan, workingClock } from './working-clock.js';

export interface UtilisationOptions {
  /** The period, epoch milliseconds; default the span of the log's timestamps. */
  readonly from?: number;
  readonly to?: number;
  /** Each person's calendar; `calendar` for those it does not know. */
  readonly calendarOf?: (person: string) => WorkingCalendar | undefined;
  /** The calendar of everyone else; default around the clock. */
  readonly calendar?: WorkingCalendar;
  /** Teams and their members; people in none are reported alone. */
  readonly teams?: Readonly<Record<string, readonly string[]>>;
}

export interface PersonUtilisation {
  readonly person: string;
  /** Executions completed by the person. */
  readonly executions: number;
  readonly cases: number;
  /** Working seconds spent on executions; null when the log has no start events. */
  readonly busySeconds: number | null;
  /** Working seconds their calendar offers in the period. */
  readonly availableSeconds: number;
  /** busy / available; null when either is unknown or nothing was available. */
  readonly utilisation: number | null;
}

export interface TeamUtilisation {
  readonly team: string;
  readonly members: readonly string[];
  readonly executions: number;
  readonly busySeconds: number | null;
  readonly availableSeconds: number;
  readonly utilisation: number | null;
}

export interface Utilisation {
  readonly from: number | null;
  readonly to: number | null;
  readonly people: readonly PersonUtilisation[];
  readonly teams: readonly TeamUtilisation[];
}

export function utilisation(log: EventLog, options: UtilisationOptions = {}): Utilisation {
  const span = timeSpan(log);
  const from = options.from ?? span?.from;
  const to = options.to ?? span?.to;
  if (from === undefined || to === undefined || !(to > from))
    return { from: from ?? null, to: to ?? null, people: [], teams: [] };
  const fallback = options.calendar ?? workingCalendar(continuousCalendar);
  const n = log.resources.length;
  const executions = new Uint32Array(n);
  const cases = log.resources.map(() => new Set<number>());
  const busy: Interval[][] = log.resources.map(() => []);
  let timed = false;
  forEachExecution(log, ({ case: c, completed, started }) => {
    const r = log.resource[completed]!;
    if (r === NONE) return;
    executions[r]!++;
    cases[r]!.add(c);
    if (started < 0) return;
    timed = true;
    const start = Math.max(from, log.time[started]!);
    const end = Math.min(to, log.time[completed]!);
    if (end > start) busy[r]!.push({ start, end });
  });
  const people = log.resources
    .map((person, r): PersonUtilisation => {
      const clock = workingClock(options.calendarOf?.(person) ?? fallback, from, to);
      const available = (clock(to) - clock(from)) / 1000;
      const busyMs = mergeIntervals(busy[r]!).reduce((s, i) => s + clock(i.end) - clock(i.start), 0);
      const busySeconds = timed ? busyMs / 1000 : null;
      return {
        person,
        executions: executions[r]!,
        cases: cases[r]!.size,
        busySeconds,
        availableSeconds: available,
        utilisation: ratio(busySeconds, available),
      };
    })
    .filter((p) => p.executions > 0)
    .sort((a, b) => (b.busySeconds ?? 0) - (a.busySeconds ?? 0) || b.executions - a.executions);
  const byName = new Map(people.map((p) => [p.person, p]));
  const teams = Object.entries(options.teams ?? {})
    .map(([team, members]): TeamUtilisation => {
      const rows = members.map((m) => byName.get(m)).filter((p) => p !== undefined);
      const busySeconds = timed ? rows.reduce((s, p) => s + p.busySeconds!, 0) : null;
      const availableSeconds = members.reduce((s, m) => {
        const clock = workingClock(options.calendarOf?.(m) ?? fallback, from, to);
        return s + (clock(to) - clock(from)) / 1000;
      }, 0);
      return {
        team,
        members: [...members],
        executions: rows.reduce((s, p) => s + p.executions, 0),
        busySeconds,
        availableSeconds,
        utilisation: ratio(busySeconds, availableSeconds),
      };
    })
    .sort((a, b) => (a.team < b.team ? -1 : 1));
  return { from, to, people, teams };
}

const ratio = (busy: number | null, available: number): number | null =>
  busy === null || available <= 0 ? null : busy / available;
