/**
 * SLA breaches over time: per period (UTC day, week or month) the cases that arrived, how many
 * of them breached an SLA at least once, the share, and the breaches recorded in the period.
 * It needs a log whose source records breaches (Sluice's history); for other logs the series
 * is empty.
 */
import { caseFacts } from './case-facts.js';
import { caseTimes } from './case-times.js';
import type { EventLog } from './event-log.js';
import { type Period, periodStart } from './time-series.js';

export interface SlaPeriod {
  /** The period's first day, YYYY-MM-DD. */
  readonly period: string;
  readonly casesArrived: number;
  readonly casesBreached: number;
  /** casesBreached / casesArrived, 0..1. */
  readonly breachRate: number;
  /** Breaches recorded during the period (of any case). */
  readonly breaches: number;
}

export function slaSeries(log: EventLog, period: Period = 'week'): SlaPeriod[] {
  const facts = caseFacts(log);
  if (!facts.recorded) return [];
  const { start } = caseTimes(log);
  const breached = new Set(facts.slaBreaches.map((m) => m.case));
  const rows = new Map<number, { arrived: number; breachedCases: number; breaches: number }>();
  const at = (t: number) => {
    const key = periodStart(t, period);
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { arrived: 0, breachedCases: 0, breaches: 0 }));
    return r;
  };
  for (let c = 0; c < log.caseCount; c++) {
    if (Number.isNaN(start[c]!)) continue;
    const r = at(start[c]!);
    r.arrived++;
    if (breached.has(c)) r.breachedCases++;
  }
  for (const m of facts.slaBreaches) at(m.at).breaches++;
  return [...rows]
    .sort((a, b) => a[0] - b[0])
    .map(([p, r]) => ({
      period: new Date(p).toISOString().slice(0, 10),
      casesArrived: r.arrived,
      casesBreached: r.breachedCases,
      breachRate: r.arrived === 0 ? 0 : r.breachedCases / r.arrived,
      breaches: r.breaches,
    }));
}
