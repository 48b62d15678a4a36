/**
 * Rework: an activity executed more than once in a case. Executions are complete events (or
 * events without a lifecycle), so a start/complete pair counts once. `repeats` is the number
 * of executions beyond the first, summed over cases.
 */
import { type EventLog, activityName } from './event-log.js';
import { eventMask } from './event-filter.js';

export interface ActivityRework {
  readonly activity: string;
  /** Cases that executed the activity more than once. */
  readonly cases: number;
  readonly repeats: number;
}

export interface Rework {
  /** Cases in which any activity was executed more than once. */
  readonly casesWithRework: number;
  /** Share of all cases, 0..1. */
  readonly rate: number;
  readonly activities: readonly ActivityRework[];
}

export function rework(log: EventLog): Rework {
  const mask = eventMask(log, 'complete');
  const n = log.activities.length + 1;
  const seen = new Uint32Array(n);
  const touched: number[] = [];
  const cases = new Uint32Array(n);
  const repeats = new Uint32Array(n);
  let casesWithRework = 0;
  for (let c = 0; c < log.caseCount; c++) {
    touched.length = 0;
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      if (mask && mask[e] === 0) continue;
      const a = log.activity[e]! < 0 ? n - 1 : log.activity[e]!;
      if (seen[a]!++ === 0) touched.push(a);
    }
    let any = false;
    for (const a of touched) {
      if (seen[a]! > 1) {
        cases[a]!++;
        repeats[a]! += seen[a]! - 1;
        any = true;
      }
      seen[a] = 0;
    }
    if (any) casesWithRework++;
  }
  const activities: ActivityRework[] = [];
  for (let a = 0; a < n; a++) {
    if (cases[a]! > 0)
      activities.push({
        activity: activityName(log, a === n - 1 ? -1 : a),
        cases: cases[a]!,
        repeats: repeats[a]!,
      });
  }
  activities.sort((x, y) => y.repeats - x.repeats || y.cases - x.cases);
  return { casesWithRework, rate: log.caseCount === 0 ? 0 : casesWithRework / log.caseCount, activities };
}
