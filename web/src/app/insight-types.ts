/**
 * The shapes of the insight routes (docs/api.md, "insight"): a process's own history and an
 * uploaded log answer the same parts, so the analytics panels read either. Durations are
 * seconds; a figure that could not be measured is null.
 */

export interface ElementHeat {
  readonly elementId: string;
  readonly name: string;
  readonly frequency: number;
  readonly medianWaitingSeconds: number | null;
  readonly medianProcessingSeconds: number | null;
  readonly incidents: number;
  readonly slaBreaches: number;
}

export interface DfgEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly meanSeconds: number | null;
  readonly medianSeconds: number | null;
}

export interface ProcessMap {
  readonly edges: readonly DfgEdge[];
  readonly hiddenEdges: number;
  readonly start: Readonly<Record<string, number>>;
  readonly end: Readonly<Record<string, number>>;
  readonly activities: Readonly<Record<string, number>>;
}

export interface VariantStats {
  readonly count: number;
  readonly share: number;
  readonly sequence: readonly string[];
  readonly medianSeconds: number | null;
}

export interface Bottlenecks {
  readonly activities: readonly {
    readonly activity: string;
    readonly waits: number;
    readonly medianSeconds: number | null;
    readonly shareOfCycleTime: number;
  }[];
}

export interface Distribution {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface SlaPeriod {
  readonly period: string;
  readonly casesArrived: number;
  readonly casesBreached: number;
  readonly breachRate: number;
}

interface UtilisationRow {
  readonly executions: number;
  readonly busySeconds: number | null;
  readonly utilisation: number | null;
}

export interface Utilisation {
  readonly people: readonly (UtilisationRow & { readonly person: string; readonly cases: number })[];
  readonly teams: readonly (UtilisationRow & {
    readonly team: string;
    readonly members: readonly string[];
  })[];
}

export interface ResourceWorkload {
  readonly resource: string;
  readonly events: number;
  readonly cases: number;
}

/** What the panels show, whichever source it came from. */
export interface InsightView {
  readonly cases: number;
  readonly map: ProcessMap;
  readonly variants: readonly VariantStats[];
  readonly bottlenecks: Bottlenecks;
  readonly cycleTime: Distribution;
  readonly histogram: readonly HistogramBin[];
  readonly sla: readonly SlaPeriod[];
  readonly utilisation: Utilisation;
  readonly workload: readonly ResourceWorkload[];
}

/** The answer of POST /api/v1/insight/logs (the parts the page shows). */
export interface LogAnalysis {
  readonly source: string;
  readonly warnings: readonly { readonly code: string; readonly message: string; readonly count?: number }[];
  readonly summary: { readonly cases: number; readonly events: number; readonly activities: number };
  readonly cycleTime: Distribution;
  readonly cycleTimeHistogram: readonly HistogramBin[];
  readonly sla: readonly SlaPeriod[];
  readonly map: ProcessMap;
  readonly variants: readonly VariantStats[];
  readonly bottlenecks: Bottlenecks;
  readonly workload: readonly ResourceWorkload[];
  readonly utilisation: Utilisation;
}

export const viewOfLog = (log: LogAnalysis): InsightView => ({
  cases: log.summary.cases,
  map: log.map,
  variants: log.variants,
  bottlenecks: log.bottlenecks,
  cycleTime: log.cycleTime,
  histogram: log.cycleTimeHistogram,
  sla: log.sla,
  utilisation: log.utilisation,
  workload: log.workload,
});
