/**
 * The shapes insight answers over HTTP, one schema per analysis, mirroring the library's
 * types (src/insight). Durations are seconds; instants are ISO 8601 or epoch milliseconds as
 * named; shares and rates are 0..1.
 */
import { z } from '@hono/zod-openapi';

const seconds = z.number().nullable();
const counts = z.record(z.string(), z.number().int());
/** The library returns readonly arrays; the schema says so, and the document is the same. */
export const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

export const distributionSchema = z
  .object({
    count: z.number().int(),
    mean: seconds,
    min: seconds,
    max: seconds,
    median: seconds,
    p75: seconds,
    p90: seconds,
    p95: seconds,
    p99: seconds,
  })
  .openapi('DurationDistribution');

export const summarySchema = z
  .object({
    cases: z.number().int(),
    events: z.number().int(),
    activities: z.number().int(),
    variants: z.number().int(),
    caseDuration: z.object({ median: seconds, mean: seconds, min: seconds, max: seconds }),
    startActivities: counts,
    endActivities: counts,
    activityCounts: counts,
    dfg: list(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
    topVariants: list(z.object({ count: z.number().int(), sequence: list(z.string()) })),
  })
  .openapi('LogSummary');

const nullableRate = z.number().nullable();
export const ratesSchema = z
  .object({
    cases: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    open: z.number().int(),
    failureRate: nullableRate,
    cancellationRate: nullableRate,
    incidents: z.number().int().nullable(),
    casesWithIncidents: z.number().int().nullable(),
    incidentRate: nullableRate,
    slaBreaches: z.number().int().nullable(),
    casesWithSlaBreach: z.number().int().nullable(),
    slaBreachRate: nullableRate,
  })
  .openapi('CaseRates');

export const periodSchema = z
  .object({
    period: z.string(),
    arrived: z.number().int(),
    finished: z.number().int(),
    inProgress: z.number().int(),
  })
  .openapi('PeriodCounts');

export const slaPeriodSchema = z
  .object({
    period: z.string(),
    casesArrived: z.number().int(),
    casesBreached: z.number().int(),
    breachRate: z.number(),
    breaches: z.number().int(),
  })
  .openapi('SlaPeriod');

export const histogramSchema = list(z.object({ from: z.number(), to: z.number(), count: z.number().int() }));

export const heatSchema = z
  .object({
    elementId: z.string(),
    name: z.string(),
    frequency: z.number().int(),
    medianWaitingSeconds: seconds,
    medianProcessingSeconds: seconds,
    meanWaitingSeconds: seconds,
    meanProcessingSeconds: seconds,
    incidents: z.number().int(),
    slaBreaches: z.number().int(),
  })
  .openapi('ElementHeat');

export const edgeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    count: z.number().int(),
    meanSeconds: seconds,
    medianSeconds: seconds,
    totalSeconds: z.number(),
  })
  .openapi('DfgEdge');

export const mapSchema = z
  .object({
    edges: list(edgeSchema),
    hiddenEdges: z.number().int(),
    start: counts,
    end: counts,
    activities: counts,
  })
  .openapi('ProcessMap');

export const variantSchema = z
  .object({
    count: z.number().int(),
    share: z.number(),
    sequence: list(z.string()),
    meanSeconds: seconds,
    medianSeconds: seconds,
  })
  .openapi('VariantStats');

export const bottlenecksSchema = z
  .object({
    totalCycleSeconds: z.number(),
    activities: list(
      z.object({
        activity: z.string(),
        waits: z.number().int(),
        totalSeconds: z.number(),
        meanSeconds: seconds,
        medianSeconds: seconds,
        shareOfCycleTime: z.number(),
      }),
    ),
    transitions: list(edgeSchema.extend({ shareOfCycleTime: z.number() })),
  })
  .openapi('Bottlenecks');

const utilisationRow = {
  executions: z.number().int(),
  busySeconds: seconds,
  availableSeconds: z.number(),
  utilisation: z.number().nullable(),
};
export const utilisationSchema = z
  .object({
    from: z.number().nullable().openapi({ description: 'Epoch milliseconds.' }),
    to: z.number().nullable(),
    people: list(z.object({ person: z.string(), cases: z.number().int(), ...utilisationRow })),
    teams: list(z.object({ team: z.string(), members: list(z.string()), ...utilisationRow })),
  })
  .openapi('Utilisation');

export const workloadSchema = z
  .object({
    resource: z.string(),
    events: z.number().int(),
    cases: z.number().int(),
    activities: counts,
  })
  .openapi('ResourceWorkload');

export const handoverSchema = z
  .object({ from: z.string(), to: z.string(), count: z.number().int() })
  .openapi('Handover');

export const decisionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['exclusiveGateway', 'inclusiveGateway', 'activity']),
    cases: z.number().int(),
    outcomes: list(
      z.object({
        outcome: z.string(),
        flowId: z.string().optional(),
        cases: z.number().int(),
        share: z.number(),
        medianSeconds: seconds,
        meanSeconds: seconds,
        failed: z.number().int(),
        failureShare: z.number(),
      }),
    ),
  })
  .openapi('DecisionPoint');

export const conformanceSchema = z
  .object({
    fitness: z.number(),
    meanCaseFitness: z.number(),
    fittingCases: z.number().int(),
    cases: z.number().int(),
    tokens: z.object({
      produced: z.number().int(),
      consumed: z.number().int(),
      missing: z.number().int(),
      remaining: z.number().int(),
    }),
    deviations: list(
      z.object({
        elementId: z.string(),
        name: z.string(),
        missing: z.number().int(),
        remaining: z.number().int(),
      }),
    ),
    unknownActivities: counts,
  })
  .openapi('Conformance');

export const activityTimesSchema = z
  .object({
    activity: z.string(),
    executions: z.number().int(),
    processing: distributionSchema,
    waiting: distributionSchema,
  })
  .openapi('ActivityTimes');

/** What every answer says about the log it measured. */
export const sourceFields = {
  source: z.string().openapi({ description: '`sluice:<processId>[@version]`, or the uploaded file name.' }),
  clock: z
    .enum(['calendar', 'working'])
    .openapi({ description: '`working` when durations are working time on the calendar given.' }),
};

export const analysisSchema = z
  .object({
    ...sourceFields,
    warnings: list(
      z.object({
        code: z.string(),
        message: z.string(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
        count: z.number().int().optional(),
      }),
    ),
    summary: summarySchema,
    cycleTime: distributionSchema,
    cycleTimeHistogram: histogramSchema,
    rates: ratesSchema,
    sla: list(slaPeriodSchema),
    throughput: list(periodSchema),
    activityTimes: list(activityTimesSchema),
    map: mapSchema,
    variants: list(variantSchema),
    bottlenecks: bottlenecksSchema,
    branches: list(decisionSchema),
    workload: list(workloadSchema),
    handovers: list(handoverSchema),
    utilisation: utilisationSchema,
    arrivals: z.object({ casesPerDay: z.number().nullable(), meanSecondsBetween: z.number().nullable() }),
    rework: z.object({
      casesWithRework: z.number().int(),
      rate: z.number(),
      activities: list(
        z.object({ activity: z.string(), cases: z.number().int(), repeats: z.number().int() }),
      ),
    }),
  })
  .openapi('LogAnalysis');
