/**
 * A window on a log: the cases that began in a time range, whole (a case that began inside
 * the range keeps its later events, so its duration is its real duration). Cases without
 * any timestamp fall outside every bounded range.
 */
import { caseTimes } from './case-times.js';
import { factsOf } from './case-facts.js';
import type { EventLog } from './event-log.js';

export interface TimeRange {
  /** Milliseconds since the epoch, inclusive. */
  readonly from?: number;
  /** Milliseconds since the epoch, exclusive. */
  readonly to?: number;
}

export function casesWithin(log: EventLog, range: TimeRange): EventLog {
  if (range.from === undefined && range.to === undefined) return log;
  const { start } = caseTimes(log);
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  const keep: number[] = [];
  for (let c = 0; c < log.caseCount; c++) if (start[c]! >= from && start[c]! < to) keep.push(c);
  return someCases(log, keep);
}

/** The listed cases of a log, in that order, as a log of their own. */
export function someCases(log: EventLog, keep: readonly number[]): EventLog {
  const caseStart = new Uint32Array(keep.length + 1);
  let n = 0;
  keep.forEach((c, i) => {
    caseStart[i] = n;
    n += log.caseStart[c + 1]! - log.caseStart[c]!;
  });
  caseStart[keep.length] = n;
  const pick = <T extends Int32Array | Float64Array>(column: T, fresh: T): T => {
    keep.forEach((c, i) => fresh.set(column.subarray(log.caseStart[c], log.caseStart[c + 1]), caseStart[i]));
    return fresh;
  };
  return {
    ...log,
    caseCount: keep.length,
    eventCount: n,
    caseStart,
    caseIds: keep.map((c) => log.caseIds[c]!),
    activity: pick(log.activity, new Int32Array(n)),
    time: pick(log.time, new Float64Array(n)),
    resource: pick(log.resource, new Int32Array(n)),
    lifecycle: pick(log.lifecycle, new Int32Array(n)),
    ...(log.facts && { facts: factsOf(log.facts, keep) }),
  };
}
