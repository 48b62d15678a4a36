/**
 * Everything insight measures about one log, in one plain object: the summary of the JSON
 * contract, cycle-time percentiles, activity times, rework, resources, throughput, the
 * process map, variants with durations and the bottleneck ranking. The HTML report and the
 * HTTP API render it; each part is also its own function for callers that need one.
 */
import { activityTimes, type ActivityTimes } from './activity-times.js';
import { type Bottlenecks, bottlenecks } from './bottlenecks.js';
import { caseTimes } from './case-times.js';
import type { EventLog } from './event-log.js';
import { type LogSummary, summarize } from './log-summary.js';
import { type ProcessMap, type VariantStats, processMap, variantStats } from './process-map.js';
import { type Handover, type ResourceWorkload, handovers, workload } from './resources.js';
import { type Rework, rework } from './rework.js';
import { type Distribution, distribution } from './statistics.js';
import { type ArrivalRate, type PeriodCounts, type Period, arrivalRate, throughput } from './time-series.js';

export interface LogAnalysis {
  readonly summary: LogSummary;
  readonly cycleTime: Distribution;
  readonly activityTimes: readonly ActivityTimes[];
  readonly rework: Rework;
  readonly workload: readonly ResourceWorkload[];
  readonly handovers: readonly Handover[];
  readonly throughput: readonly PeriodCounts[];
  readonly arrivals: ArrivalRate;
  readonly map: ProcessMap;
  readonly variants: readonly VariantStats[];
  readonly bottlenecks: Bottlenecks;
}

export interface AnalysisOptions {
  readonly period?: Period;
  readonly topVariants?: number;
  /** Hide map edges below this share of the most frequent one (0..1). */
  readonly minEdgeShare?: number;
}

export function analyze(log: EventLog, options: AnalysisOptions = {}): LogAnalysis {
  return {
    summary: summarize(log, { topVariants: options.topVariants ?? 10 }),
    cycleTime: distribution(caseTimes(log).duration),
    activityTimes: activityTimes(log),
    rework: rework(log),
    workload: workload(log),
    handovers: handovers(log),
    throughput: throughput(log, options.period ?? 'month'),
    arrivals: arrivalRate(log),
    map: processMap(log, { minShare: options.minEdgeShare ?? 0 }),
    variants: variantStats(log, options.topVariants ?? 20),
    bottlenecks: bottlenecks(log),
  };
}
