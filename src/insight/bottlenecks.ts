/**
 * Where cases wait. For each execution of an activity, the wait is the time from the case's
 * previous completion to the moment the execution began (its `start` event, or its completion
 * when the log records completions only, in which case the wait includes the work itself).
 * A case's first execution has no wait: nothing was done before it. Activities are ranked by
 * total wait, with its share of all cases' cycle time; transitions (directly-follows steps
 * between completions) are ranked the same way.
 */
import { caseTimes } from './case-times.js';
import { type DfgEdge, directlyFollows } from './directly-follows.js';
import { type EventLog, NONE, activityName } from './event-log.js';
import { lifecycleKinds } from './executions.js';
import { percentile, sortedValues } from './statistics.js';

export interface ActivityWait {
  readonly activity: string;
  readonly waits: number;
  readonly totalSeconds: number;
  readonly meanSeconds: number | null;
  readonly medianSeconds: number | null;
  /** Total wait over the sum of all case durations, 0..1. */
  readonly shareOfCycleTime: number;
}

export interface TransitionWait extends DfgEdge {
  readonly shareOfCycleTime: number;
}

export interface Bottlenecks {
  readonly totalCycleSeconds: number;
  readonly activities: readonly ActivityWait[];
  readonly transitions: readonly TransitionWait[];
}

export function bottlenecks(log: EventLog, top = 10): Bottlenecks {
  let totalCycle = 0;
  for (const d of caseTimes(log).duration) if (!Number.isNaN(d)) totalCycle += d;
  const share = (seconds: number): number => (totalCycle > 0 ? seconds / totalCycle : 0);
  const waits = waitsPerActivity(log);
  const activities = [...waits]
    .map(([a, list]) => {
      const sorted = sortedValues(list);
      const total = sorted.reduce((s, v) => s + v, 0);
      return {
        activity: activityName(log, a),
        waits: sorted.length,
        totalSeconds: total,
        meanSeconds: sorted.length === 0 ? null : total / sorted.length,
        medianSeconds: percentile(sorted, 50),
        shareOfCycleTime: share(total),
      };
    })
    .sort((x, y) => y.totalSeconds - x.totalSeconds)
    .slice(0, top);
  const transitions = directlyFollows(log, { lifecycle: 'complete' })
    .sort((x, y) => y.totalSeconds - x.totalSeconds)
    .slice(0, top)
    .map((edge) => ({ ...edge, shareOfCycleTime: share(edge.totalSeconds) }));
  return { totalCycleSeconds: totalCycle, activities, transitions };
}

function waitsPerActivity(log: EventLog): Map<number, number[]> {
  const kinds = lifecycleKinds(log);
  const waits = new Map<number, number[]>();
  const record = (a: number, seconds: number): void => {
    if (Number.isNaN(seconds)) return;
    let list = waits.get(a);
    if (!list) waits.set(a, (list = []));
    // Parallel branches can start before the previous completion: that is no wait.
    list.push(Math.max(0, seconds));
  };
  for (let c = 0; c < log.caseCount; c++) {
    let lastCompletion = Number.NaN;
    const begun = new Map<number, number>();
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const a = log.activity[e]!;
      const t = log.time[e]!;
      const kind = log.lifecycle[e] === NONE ? 'complete' : kinds[log.lifecycle[e]!];
      if (kind === 'start') {
        record(a, (t - lastCompletion) / 1000);
        begun.set(a, (begun.get(a) ?? 0) + 1);
      } else if (kind === 'complete') {
        const open = begun.get(a) ?? 0;
        if (open > 0) begun.set(a, open - 1);
        else record(a, (t - lastCompletion) / 1000);
        if (!(t <= lastCompletion)) lastCompletion = t;
      }
    }
  }
  return waits;
}
