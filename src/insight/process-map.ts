/**
 * A process map: the directly-follows graph between executions (complete events, or events
 * without a lifecycle) with frequencies and times, where rare edges can be hidden, plus the
 * activities as nodes with their counts and the variants with their counts and durations.
 * This is what `sluice mine --html` draws.
 */
import { caseTimes } from './case-times.js';
import { type DfgEdge, directlyFollows } from './directly-follows.js';
import { type EventLog, activityName } from './event-log.js';
import { type LifecycleFilter, eventMask } from './event-filter.js';
import { boundaryActivities } from './log-summary.js';
import { percentile, sortedValues } from './statistics.js';
import { variantNames, variants } from './variants.js';

export interface ProcessMap {
  readonly edges: readonly DfgEdge[];
  /** Edges hidden by `minShare`. */
  readonly hiddenEdges: number;
  readonly start: Readonly<Record<string, number>>;
  readonly end: Readonly<Record<string, number>>;
  /** The nodes: executions per activity (complete events, or events without a lifecycle). */
  readonly activities: Readonly<Record<string, number>>;
}

export interface VariantStats {
  readonly count: number;
  /** Share of all cases, 0..1. */
  readonly share: number;
  readonly sequence: readonly string[];
  readonly meanSeconds: number | null;
  readonly medianSeconds: number | null;
}

export interface MapOptions {
  readonly lifecycle?: LifecycleFilter;
  /** Hide edges whose count is below this share of the most frequent edge (0..1). */
  readonly minShare?: number;
}

export function processMap(log: EventLog, options: MapOptions = {}): ProcessMap {
  const all = directlyFollows(log, { lifecycle: options.lifecycle ?? 'complete' });
  const most = all[0]?.count ?? 0;
  const edges = all.filter((e) => e.count >= (options.minShare ?? 0) * most);
  return {
    edges,
    hiddenEdges: all.length - edges.length,
    start: boundaryActivities(log, 'start'),
    end: boundaryActivities(log, 'end'),
    activities: executionCounts(log),
  };
}

function executionCounts(log: EventLog): Record<string, number> {
  const mask = eventMask(log, 'complete');
  const counts = new Map<string, number>();
  for (let e = 0; e < log.eventCount; e++) {
    if (mask && mask[e] === 0) continue;
    const name = activityName(log, log.activity[e]!);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

export function variantStats(log: EventLog, top = 20): VariantStats[] {
  const { duration } = caseTimes(log);
  return variants(log)
    .variants.slice(0, top)
    .map((v) => {
      const sorted = sortedValues(Array.from(v.cases, (c) => duration[c]!));
      const total = sorted.reduce((s, d) => s + d, 0);
      return {
        count: v.count,
        share: log.caseCount === 0 ? 0 : v.count / log.caseCount,
        sequence: variantNames(log, v),
        meanSeconds: sorted.length === 0 ? null : total / sorted.length,
        medianSeconds: percentile(sorted, 50),
      };
    });
}
