/**
 * Time spent in and before each activity, from lifecycle transitions: processing time runs
 * from `start` to `complete`, waiting time from `schedule` (Sluice's `element.enabled`: a
 * task was created or offered) to `start`. Transitions are paired per case and activity in
 * first-in, first-out order, so overlapping executions of one activity pair up the way they
 * began. Logs with complete events only have neither, and say so with zero counts.
 */
import { type EventLog, NONE, activityName } from './event-log.js';
import { forEachExecution } from './executions.js';
import { type Distribution, distribution } from './statistics.js';

export interface ActivityTimes {
  readonly activity: string;
  /** Executions: complete events, or events without a lifecycle. */
  readonly executions: number;
  /** Seconds. */
  readonly processing: Distribution;
  readonly waiting: Distribution;
}

export function activityTimes(log: EventLog): ActivityTimes[] {
  const n = log.activities.length + 1;
  const slot = (a: number): number => (a === NONE ? n - 1 : a);
  const executions = new Uint32Array(n);
  const processing: number[][] = Array.from({ length: n }, () => []);
  const waiting: number[][] = Array.from({ length: n }, () => []);
  const { time } = log;
  forEachExecution(
    log,
    ({ activity, completed, started }) => {
      const a = slot(activity);
      executions[a]!++;
      if (started >= 0 && !Number.isNaN(time[completed]! - time[started]!))
        processing[a]!.push((time[completed]! - time[started]!) / 1000);
    },
    (_c, activity, startedAt, scheduledAt) => {
      if (!Number.isNaN(startedAt - scheduledAt))
        waiting[slot(activity)]!.push((startedAt - scheduledAt) / 1000);
    },
  );
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
