/**
 * Insight: process mining and analytics on event logs, from Sluice's own history or from XES
 * and CSV files. Logs are columnar (`EventLog`); every analysis is a pure function of one.
 */
export {
  type EventLog,
  type LogMeta,
  MISSING_ACTIVITY,
  NONE,
  activityName,
  caseActivities,
} from './event-log.js';
export { EventLogBuilder, type EventFields, eventLogOf } from './event-log-builder.js';
export { EventLogImportError, type LogFinding, formatLogFinding } from './log-findings.js';
export { importXes, importXesFile, type ImportedLog, type XesOptions } from './xes-import.js';
export { importCsv, importCsvFile, type CsvColumns, type CsvOptions } from './csv-import.js';
export { importLogFile, type LogFileOptions } from './import-log-file.js';
export { historyLog, type HistoryLogOptions, type HistoryStore } from './history-log.js';
export { toXes, writeXesFile, xesChunks } from './xes-export.js';
export { toCsv, writeCsvFile } from './csv-export.js';
export { timestampFormat, guessTimestampFormat, type TimestampFormat } from './timestamp-formats.js';
export { parseIsoTime } from './timestamps.js';
export { sortedByTimestamp } from './log-order.js';
export { summarize, activityCounts, boundaryActivities, type LogSummary } from './log-summary.js';
export { variants, variantNames, type Variant, type Variants } from './variants.js';
export { directlyFollows, type DfgEdge, type DfgOptions } from './directly-follows.js';
export { caseTimes, type CaseTimes } from './case-times.js';
export { distribution, percentile, median, type Distribution } from './statistics.js';
export { activityTimes, type ActivityTimes } from './activity-times.js';
export { workload, handovers, type ResourceWorkload, type Handover } from './resources.js';
export { rework, type Rework, type ActivityRework } from './rework.js';
export { throughput, arrivalRate, type Period, type PeriodCounts, type ArrivalRate } from './time-series.js';
export { processMap, variantStats, type ProcessMap, type VariantStats } from './process-map.js';
export { bottlenecks, type Bottlenecks, type ActivityWait, type TransitionWait } from './bottlenecks.js';
export { analyze, type LogAnalysis, type AnalysisOptions } from './log-analysis.js';
export { htmlReport } from './html-report.js';
export { summaryLines } from './summary-text.js';
export type { LifecycleFilter } from './event-filter.js';
export { checkConformance } from './conformance.js';
export { tokenReplay, type Conformance, type ElementDeviation, type ReplayOptions } from './token-replay.js';
export { petriNet, type PetriNet, type Transition } from './petri-net.js';
export { processModel } from './process-model.js';
export { discoverProcess, type Discovered, type DiscoveryOptions } from './discovery.js';
export { inductiveMiner } from './inductive-miner.js';
export { type ProcessTree, treeText } from './process-tree.js';
export {
  caseFacts,
  caseRates,
  caseOutcomes,
  type CaseFacts,
  type CaseMark,
  type CaseOutcome,
  type CaseRates,
} from './case-facts.js';
export { casesWithin, someCases, type TimeRange } from './case-window.js';
export { cycleTimes, type CycleTimes, type HistogramBin } from './cycle-time-histogram.js';
export { slaSeries, type SlaPeriod } from './sla-series.js';
export { elementHeatmap, type ElementHeat } from './element-heatmap.js';
export {
  utilisation,
  type Utilisation,
  type UtilisationOptions,
  type PersonUtilisation,
  type TeamUtilisation,
} from './utilisation.js';
export { branchAnalysis, type BranchOutcome, type DecisionPoint } from './branches.js';
export { onWorkingClock, workingClock } from './working-clock.js';
export { readCalendar, readWorkingCalendar } from './calendar-input.js';
export { importLogBytes, type LogBytesOptions } from './import-log-bytes.js';
