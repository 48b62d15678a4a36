/**
 * Event order inside cases. XES keeps document order, which is what the source system wrote
 * and what variants use by default. Sorting by timestamp instead (stably: equal times keep
 * their order, events without a time go last) is what a log whose events were written out of
 * time order needs: `interval_event_log` has 9 variants in document order and 10 by time.
 */
import type { EventLog } from './event-log.js';

export function sortedByTimestamp(log: EventLog): EventLog {
  const order = new Uint32Array(log.eventCount);
  const { caseStart, time } = log;
  const key = (e: number): number => (Number.isNaN(time[e]!) ? Infinity : time[e]!);
  let changed = false;
  for (let c = 0; c < log.caseCount; c++) {
    const from = caseStart[c]!;
    const to = caseStart[c + 1]!;
    let sorted = true;
    for (let e = from + 1; e < to; e++) if (key(e) < key(e - 1)) sorted = false;
    const events = Array.from({ length: to - from }, (_, i) => from + i);
    if (!sorted) {
      events.sort((a, b) => key(a) - key(b) || a - b);
      changed = true;
    }
    order.set(events, from);
  }
  if (!changed) return log;
  const pick = <T extends Int32Array | Float64Array>(column: T): T =>
    column.map((_, i) => column[order[i]!]!) as T;
  return {
    ...log,
    activity: pick(log.activity),
    time: pick(log.time),
    resource: pick(log.resource),
    lifecycle: pick(log.lifecycle),
  };
}
