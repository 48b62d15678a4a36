/**
 * Executions of activities, from lifecycle transitions: a `complete` event (or an event
 * without a lifecycle) ends one, paired with the `start` and the `schedule` (offered,
 * Sluice's `element.enabled`) of the same activity in the same case, first in, first out, so
 * overlapping executions of one activity pair up the way they began. Activity times and
 * utilisation both read executions through this one walk.
 */
import { type EventLog, NONE } from './event-log.js';

/** Lifecycle names that mean "offered, not yet begun". */
export const SCHEDULED: ReadonlySet<string> = new Set(['schedule', 'assign', 'reassign', 'enabled', 'offer']);

export interface Execution {
  readonly case: number;
  /** Activity code; NONE for an event without one. */
  readonly activity: number;
  /** Event indices of the completion and of its start (-1 when the log has none). */
  readonly completed: number;
  readonly started: number;
}

/**
 * Calls `visit` for each completion, and `onStart` for each start with the time it was
 * offered (NaN when it was not), in log order.
 */
export function forEachExecution(
  log: EventLog,
  visit: (execution: Execution) => void,
  onStart?: (c: number, activity: number, startedAt: number, scheduledAt: number) => void,
): void {
  const kinds = lifecycleKinds(log);
  const { caseStart, activity, time, lifecycle } = log;
  for (let c = 0; c < log.caseCount; c++) {
    const started = new Map<number, number[]>();
    const scheduled = new Map<number, number[]>();
    for (let e = caseStart[c]!; e < caseStart[c + 1]!; e++) {
      const a = activity[e]!;
      const kind = lifecycle[e]! === NONE ? 'complete' : kinds[lifecycle[e]!];
      if (kind === 'schedule') queue(scheduled, a).push(time[e]!);
      else if (kind === 'start') {
        queue(started, a).push(e);
        onStart?.(c, a, time[e]!, scheduled.get(a)?.shift() ?? Number.NaN);
      } else if (kind === 'complete') {
        const begun = started.get(a)?.shift() ?? -1;
        visit({ case: c, activity: a, completed: e, started: begun });
      }
    }
  }
}

/** Each lifecycle code as start, complete, schedule or other (suspend, abort ...). */
export function lifecycleKinds(log: EventLog): ('start' | 'complete' | 'schedule' | 'other')[] {
  return log.lifecycles.map((l) =>
    l === 'start' ? 'start' : l === 'complete' ? 'complete' : SCHEDULED.has(l) ? 'schedule' : 'other',
  );
}

function queue<T>(map: Map<number, T[]>, a: number): T[] {
  let q = map.get(a);
  if (!q) {
    q = [];
    map.set(a, q);
  }
  return q;
}
