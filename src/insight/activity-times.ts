/**
 * Time spent in and before each activity, from lifecycle transitions: processing time runs
 * from `start` to `complete`, waiting time from `schedule` (Sluice's `element.enabled`: a
 * task was created or offered) to `start`. Transitions are paired per case and activity in
 * first-in, first-out order, so overlapping executions of one activity pair up the way they
 * began. Logs with complete events only have neither, and say so with zero counts.
 */
import { type EventLog, NONE, activityName } from './event-log.js';
import { type Distribution, distribution } from './statistics.js';

export interface ActivityTimes {
  readonly activity: string;
  /** Executions: complete events, or events without a lifecycle. */
  readonly executions: number;
  /** Seconds. */
  readonly processing: Distribution;
  readonly waiting: Distribution;
}

/** Lifecycle names that mean "offered, not yet begun". */
export const SCHEDULED: ReadonlySet<string> = new Set(['schedule', 'assign', 'reassign', 'enabled', 'offer']);

export function activityTimes(log: EventLog): ActivityTimes[] {
  const kinds = lifecycleKinds(log);
  const n = log.activities.length + 1;
  const slot = (a: number): number => (a === NONE ? n - 1 : a);
  const executions = new Uint32Array(n);
  const processing: number[][] = Array.from({ length: n }, () => []);
  const waiting: number[][] = Array.from({ length: n }, () => []);
  const { caseStart, activity, time, lifecycle } = log;
  for (let c = 0; c < log.caseCount; c++) {
    const started = new Map<number, number[]>();
    const scheduled = new Map<number, number[]>();
    for (let e = caseStart[c]!; e < caseStart[c + 1]!; e++) {
      const a = slot(activity[e]!);
      const kind = lifecycle[e]! === NONE ? 'complete' : kinds[lifecycle[e]!];
      const t = time[e]!;
      if (kind === 'schedule') queue(scheduled, a).push(t);
      else if (kind === 'start') {
        queue(started, a).push(t);
        const offered = scheduled.get(a)?.shift();
        if (offered !== undefined && !Number.isNaN(t - offered)) waiting[a]!.push((t - offered) / 1000);
      } else if (kind === 'complete') {
        executions[a]!++;
        const begun = started.get(a)?.shift();
        if (begun !== undefined && !Number.isNaN(t - begun)) processing[a]!.push((t - begun) / 1000);
      }
    }
  }
  const result: ActivityTimes[] = [];
  for (let a = 0; a < n; a++) {
    if (executions[a] === 0 && processing[a]!.length === 0 && waiting[a]!.length === 0) continue;
    result.push({
      activity: activityName(log, a === n - 1 ? NONE : a),
      executions: executions[a]!,
      processing: distribution(processing[a]!),
      waiting: distribution(waiting[a]!),
    });
  }
  return result.sort((x, y) => y.executions - x.executions || (x.activity < y.activity ? -1 : 1));
}

/** Each lifecycle code as start, complete, schedule or other (suspend, abort ...). */
export function lifecycleKinds(log: EventLog): ('start' | 'complete' | 'schedule' | 'other')[] {
  return log.lifecycles.map((l) =>
    l === 'start' ? 'start' : l === 'complete' ? 'complete' : SCHEDULED.has(l) ? 'schedule' : 'other',
  );
}

function queue(map: Map<number, number[]>, a: number): number[] {
  let q = map.get(a);
  if (!q) {
    q = [];
    map.set(a, q);
  }
  return q;
}
