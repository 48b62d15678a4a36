/**
 * The log over time: per period (UTC day, ISO week starting Monday, or month), the cases that
 * arrived (first event), the cases that finished (last event), and the work in progress at
 * the period's end. Arrival rate is cases per day over the span from the first arrival to the
 * last, with the mean time between arrivals.
 */
import { caseTimes } from './case-times.js';
import type { EventLog } from './event-log.js';
import { mean } from './statistics.js';

export type Period = 'day' | 'week' | 'month';

export interface PeriodCounts {
  /** The period's first day, YYYY-MM-DD. */
  readonly period: string;
  readonly arrived: number;
  readonly finished: number;
  readonly inProgress: number;
}

export interface ArrivalRate {
  readonly casesPerDay: number | null;
  readonly meanSecondsBetween: number | null;
}

const DAY = 86_400_000;

export function periodStart(ms: number, period: Period): number {
  const d = new Date(ms);
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Math.floor(ms / DAY) * DAY;
  if (period === 'day') return day;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

export function throughput(log: EventLog, period: Period = 'month'): PeriodCounts[] {
  const { start, end } = caseTimes(log);
  const arrived = new Map<number, number>();
  const finished = new Map<number, number>();
  for (let c = 0; c < log.caseCount; c++) {
    if (Number.isNaN(start[c]!)) continue;
    const a = periodStart(start[c]!, period);
    const f = periodStart(end[c]!, period);
    arrived.set(a, (arrived.get(a) ?? 0) + 1);
    finished.set(f, (finished.get(f) ?? 0) + 1);
  }
  const periods = [...new Set([...arrived.keys(), ...finished.keys()])].sort((x, y) => x - y);
  let open = 0;
  return periods.map((p) => {
    const a = arrived.get(p) ?? 0;
    const f = finished.get(p) ?? 0;
    open += a - f;
    return { period: new Date(p).toISOString().slice(0, 10), arrived: a, finished: f, inProgress: open };
  });
}

export function arrivalRate(log: EventLog): ArrivalRate {
  const starts = Array.from(caseTimes(log).start)
    .filter((t) => !Number.isNaN(t))
    .sort((x, y) => x - y);
  if (starts.length < 2) return { casesPerDay: null, meanSecondsBetween: null };
  const gaps = starts.slice(1).map((t, i) => (t - starts[i]!) / 1000);
  const spanDays = (starts.at(-1)! - starts[0]!) / DAY;
  return { casesPerDay: spanDays > 0 ? starts.length / spanDays : null, meanSecondsBetween: mean(gaps) };
}
