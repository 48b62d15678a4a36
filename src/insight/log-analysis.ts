/**
 * Everything insight measures about one log, in one plain object: the summary of the JSON
 * contract, cycle-time percentiles and histogram, failure, incident, cancellation and SLA
 * breach rates, activity times, rework, resources and utilisation, throughput and work in
 * progress, the process map, variants with durations, the bottleneck ranking and the branch
 * analysis. The HTML report and the HTTP API render it; each part is also its own function
 * for callers that need one.
 *
 * With a calendar every duration is working time on it (the log is read on its working
 * clock, see working-clock.ts); periods (throughput, SLA series) stay in calendar time.
 */
import { activityTimes, type ActivityTimes } from './activity-times.js';
import { type Bottlenecks, bottlenecks } from './bottlenecks.js';
import type { EventLog } from './event-log.js';
import { type LogSummary, summarize } from './log-summary.js';
import { type ProcessMap, type VariantStats, processMap, variantStats } from './process-map.js';
import { type Handover, type ResourceWorkload, handovers, workload } from './resources.js';
import { type Rework, rework } from './rework.js';
import type { ProcessGraph } from '../model/graph.js';
import type { WorkingCalendar } from '../work/calendar/working-calendar.js';
import { type DecisionPoint, branchAnalysis } from './branches.js';
import { type CaseRates, caseRates } from './case-facts.js';
import { type CycleTimes, cycleTimes } from './cycle-time-histogram.js';
import { type SlaPeriod, slaSeries } from './sla-series.js';
import { type Utilisation, type UtilisationOptions, utilisation } from './utilisation.js';
import { onWorkingClock } from './working-clock.js';
import type { Distribution } from './statistics.js';
import { type ArrivalRate, type PeriodCounts, type Period, arrivalRate, throughput } from './time-series.js';

export interface LogAnalysis {
  /** What durations count: real time, or working time on the calendar given. */
  readonly clock: 'calendar' | 'working';
  readonly summary: LogSummary;
  readonly cycleTime: Distribution;
  readonly cycleTimeHistogram: CycleTimes['histogram'];
  readonly rates: CaseRates;
  readonly sla: readonly SlaPeriod[];
  readonly utilisation: Utilisation;
  readonly branches: readonly DecisionPoint[];
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
  /** Measure durations in working time on this calendar (and utilisation on it). */
  readonly calendar?: WorkingCalendar;
  /** For utilisation: each person's calendar, and teams with their members. */
  readonly people?: Pick<UtilisationOptions, 'calendarOf' | 'teams'>;
  /** The model, for branch analysis by gateway (else by the directly-follows graph). */
  readonly model?: ProcessGraph;
}

export function analyze(log: EventLog, options: AnalysisOptions = {}): LogAnalysis {
  const timed = options.calendar ? onWorkingClock(log, options.calendar) : log;
  const cycles = cycleTimes(timed);
  return {
    clock: options.calendar ? 'working' : 'calendar',
    summary: summarize(timed, { topVariants: options.topVariants ?? 10 }),
    cycleTime: cycles.distribution,
    cycleTimeHistogram: cycles.histogram,
    rates: caseRates(log),
    sla: slaSeries(log, options.period ?? 'month'),
    utilisation: utilisation(log, {
      ...options.people,
      ...(options.calendar && { calendar: options.calendar }),
    }),
    branches: branchAnalysis(timed, options.model),
    activityTimes: activityTimes(timed),
    rework: rework(log),
    workload: workload(log),
    handovers: handovers(log),
    throughput: throughput(log, options.period ?? 'month'),
    arrivals: arrivalRate(log),
    map: processMap(timed, { minShare: options.minEdgeShare ?? 0 }),
    variants: variantStats(timed, options.topVariants ?? 20),
    bottlenecks: bottlenecks(timed),
  };
}
