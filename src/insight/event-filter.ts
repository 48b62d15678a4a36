/**
 * Which events an analysis looks at. Logs with lifecycle pairs record each activity twice
 * (start and complete); counting both is right for the raw numbers (they are events), while
 * process maps usually want one node visit per execution, so they can keep `complete` events
 * (and events without a lifecycle) only.
 */
import type { EventLog } from './event-log.js';
import { NONE } from './event-log.js';

export type LifecycleFilter = 'all' | 'complete';

/** 1 for each event kept; undefined when all are kept (the fast path). */
export function eventMask(log: EventLog, filter: LifecycleFilter = 'all'): Uint8Array | undefined {
  if (filter === 'all') return undefined;
  const complete = log.lifecycles.indexOf('complete');
  const mask = new Uint8Array(log.eventCount);
  for (let e = 0; e < log.eventCount; e++) {
    const l = log.lifecycle[e]!;
    mask[e] = l === NONE || l === complete ? 1 : 0;
  }
  return mask;
}
