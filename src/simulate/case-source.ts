/**
 * Where cases come from: the arrival process (Poisson, empirical inter-arrival times, or
 * Poisson within a weekly timetable) and the data each case carries, which the model's own
 * gateway conditions read when the scenario gives no branch weights.
 */
import { SluiceError } from '../engine/errors.js';
import { parseWeeklyHours } from '../work/calendar/weekly-hours.js';
import { workingCalendar } from '../work/calendar/working-calendar.js';
import { addWorkingTime } from '../work/calendar/working-time.js';
import { type Uniform, cumulate, numberSampler, pick, timeMs, timeSampler } from './distributions.js';
import type { Arrivals, DataSpec, Scenario } from './scenario.js';

/** The next arrival instant after `previous`. */
export type ArrivalClock = (previous: number, random: Uniform) => number;

export function arrivalClock(arrivals: Arrivals): ArrivalClock {
  if (arrivals.kind === 'empirical') {
    const gap = timeSampler(arrivals.interArrival, 'arrivals.interArrival');
    return (previous, random) => previous + gap(random);
  }
  const mean = timeMs(arrivals.per ?? 'PT1H', 'arrivals.per') / arrivals.rate;
  if (arrivals.kind === 'poisson') return (previous, random) => previous - mean * Math.log(1 - random());
  const parsed = parseWeeklyHours(arrivals.week);
  if (parsed.problems.length > 0)
    throw new SluiceError(
      'invalid',
      'scenario-invalid',
      `arrivals.week: ${parsed.problems.join('; ')}`,
      "write opening hours as 'mon-fri 09:00-17:00'",
    );
  const calendar = workingCalendar({
    id: 'arrivals',
    timeZone: arrivals.timeZone ?? 'UTC',
    week: parsed.week,
  });
  // Exponential gaps in open time only: a Poisson process that pauses while the timetable is shut.
  return (previous, random) => addWorkingTime(calendar, previous, -mean * Math.log(1 - random()));
}

export type DataSource = (random: Uniform) => Record<string, unknown>;

/** Case data drawn per case, or undefined when the scenario gives none. */
export function dataSource(data: Scenario['data']): DataSource | undefined {
  const entries = Object.entries(data ?? {});
  if (entries.length === 0) return undefined;
  const draws = entries.map(([name, spec]) => [name, dataDraw(spec, `data.${name}`)] as const);
  return (random) => {
    const vars: Record<string, unknown> = {};
    for (const [name, d] of draws) vars[name] = d(random);
    return vars;
  };
}

/** One generated value (a number, or one of the choices). */
export function dataDraw(spec: DataSpec, where: string): (random: Uniform) => unknown {
  if (spec.kind === 'choice') {
    const values = spec.values;
    const cumulative = cumulate(spec.weights ?? values.map(() => 1), where);
    return (random) => values[pick(cumulative, random())];
  }
  return numberSampler(spec, where);
}
