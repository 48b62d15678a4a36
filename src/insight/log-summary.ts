/**
 * The headline numbers of a log, in the shape `sluice mine --json` prints: counts, case
 * duration, start and end activities, activity counts, the directly-follows pairs and the
 * most frequent variants. Durations are in seconds; duration statistics are over the cases
 * with at least one timestamp and are null when no case has one.
 */
import { caseTimes } from './case-times.js';
import { directlyFollows } from './directly-follows.js';
import { type EventLog, activityName } from './event-log.js';
import { distribution } from './statistics.js';
import { variantNames, variants } from './variants.js';

export interface LogSummary {
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  readonly variants: number;
  readonly caseDuration: {
    readonly median: number | null;
    readonly mean: number | null;
    readonly min: number | null;
    readonly max: number | null;
  };
  readonly startActivities: Record<string, number>;
  readonly endActivities: Record<string, number>;
  readonly activityCounts: Record<string, number>;
  readonly dfg: { readonly from: string; readonly to: string; readonly count: number }[];
  readonly topVariants: { readonly count: number; readonly sequence: string[] }[];
}

export interface SummaryOptions {
  /** How many variants `topVariants` lists; default 10. */
  readonly topVariants?: number;
}

export function summarize(log: EventLog, options: SummaryOptions = {}): LogSummary {
  const counts = activityCounts(log);
  const found = variants(log);
  const duration = distribution(caseTimes(log).duration);
  return {
    cases: log.caseCount,
    events: log.eventCount,
    activities: Object.keys(counts).length,
    variants: found.variants.length,
    caseDuration: { median: duration.median, mean: duration.mean, min: duration.min, max: duration.max },
    startActivities: boundaryActivities(log, 'start'),
    endActivities: boundaryActivities(log, 'end'),
    activityCounts: counts,
    dfg: directlyFollows(log, { performance: false }).map(({ from, to, count }) => ({ from, to, count })),
    topVariants: found.variants
      .slice(0, options.topVariants ?? 10)
      .map((v) => ({ count: v.count, sequence: variantNames(log, v) })),
  };
}

/** Events per activity, most frequent first (ties by name). */
export function activityCounts(log: EventLog): Record<string, number> {
  const counts = new Uint32Array(log.activities.length + 1);
  for (let e = 0; e < log.eventCount; e++) {
    const a = log.activity[e]!;
    counts[a < 0 ? log.activities.length : a]!++;
  }
  const entries: [string, number][] = [];
  counts.forEach((n, a) => {
    if (n > 0) entries.push([activityName(log, a === log.activities.length ? -1 : a), n]);
  });
  return sortedRecord(entries);
}

/** How many cases begin (or end) with each activity. */
export function boundaryActivities(log: EventLog, which: 'start' | 'end'): Record<string, number> {
  const counts = new Map<number, number>();
  for (let c = 0; c < log.caseCount; c++) {
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    if (from === to) continue;
    const a = log.activity[which === 'start' ? from : to - 1]!;
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return sortedRecord([...counts].map(([a, n]) => [activityName(log, a), n]));
}

function sortedRecord(entries: [string, number][]): Record<string, number> {
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
