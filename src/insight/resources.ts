/**
 * Who does the work: events, cases and activities per resource, and handovers, the times a
 * case passes from one resource to another between consecutive executions (complete events,
 * or events without a lifecycle). Events without a resource take no part.
 */
import { forEachStep } from './directly-follows.js';
import { type EventLog, NONE } from './event-log.js';
import { eventMask } from './event-filter.js';

export interface ResourceWorkload {
  readonly resource: string;
  readonly events: number;
  readonly cases: number;
  /** Events per activity, most first. */
  readonly activities: Readonly<Record<string, number>>;
}

export interface Handover {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

export function workload(log: EventLog): ResourceWorkload[] {
  const events = new Uint32Array(log.resources.length);
  const cases = new Uint32Array(log.resources.length);
  const lastCase = new Int32Array(log.resources.length).fill(-1);
  const perActivity = log.resources.map(() => new Map<number, number>());
  for (let c = 0; c < log.caseCount; c++) {
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const r = log.resource[e]!;
      if (r === NONE) continue;
      events[r]!++;
      if (lastCase[r] !== c) {
        lastCase[r] = c;
        cases[r]!++;
      }
      const a = log.activity[e]!;
      perActivity[r]!.set(a, (perActivity[r]!.get(a) ?? 0) + 1);
    }
  }
  return log.resources
    .map((resource, r) => ({
      resource,
      events: events[r]!,
      cases: cases[r]!,
      activities: Object.fromEntries(
        [...perActivity[r]!].sort((x, y) => y[1] - x[1]).map(([a, n]) => [log.activities[a] ?? '(none)', n]),
      ),
    }))
    .filter((w) => w.events > 0)
    .sort((x, y) => y.events - x.events);
}

export function handovers(log: EventLog): Handover[] {
  const counts = new Map<number, number>();
  const size = log.resources.length;
  forEachStep(log, eventMask(log, 'complete'), (a, b) => {
    const from = log.resource[a]!;
    const to = log.resource[b]!;
    if (from === NONE || to === NONE || from === to) return;
    const key = from * size + to;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts]
    .map(([key, count]) => ({
      from: log.resources[Math.floor(key / size)]!,
      to: log.resources[key % size]!,
      count,
    }))
    .sort((x, y) => y.count - x.count || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : 1));
}
