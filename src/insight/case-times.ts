/**
 * When each case began and ended, and how long it ran: a case's duration is its last
 * timestamp minus its first (max − min, so events out of time order do not make it negative),
 * in seconds. A case without any timestamp has NaN for all three and is left out of every
 * duration statistic.
 */
import type { EventLog } from './event-log.js';

export interface CaseTimes {
  /** Milliseconds since the epoch. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Seconds. */
  readonly duration: Float64Array;
}

export function caseTimes(log: EventLog): CaseTimes {
  const start = new Float64Array(log.caseCount);
  const end = new Float64Array(log.caseCount);
  const duration = new Float64Array(log.caseCount);
  const { caseStart, time } = log;
  for (let c = 0; c < log.caseCount; c++) {
    let min = Infinity;
    let max = -Infinity;
    for (let e = caseStart[c]!; e < caseStart[c + 1]!; e++) {
      const t = time[e]!;
      // NaN fails both comparisons, so events without a time are skipped for free.
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const known = min !== Infinity;
    start[c] = known ? min : Number.NaN;
    end[c] = known ? max : Number.NaN;
    duration[c] = known ? (max - min) / 1000 : Number.NaN;
  }
  return { start, end, duration };
}
