/**
 * Insight over HTTP on a deployed process's own history: summary measures and rates, a
 * per-element heatmap for a diagram overlay, the process map, variants, bottlenecks,
 * cycle times with the SLA breach series, workload and utilisation, conformance against the
 * deployed model and branch analysis. Every route reads the process's history (one version
 * or all, the cases that began in an optional time range), and measures durations in
 * calendar time or, given a calendar, in working time on it.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { branchAnalysis } from '../../insight/branches.js';
import { readWorkingCalendar } from '../../insight/calendar-input.js';
import { caseRates } from '../../insight/case-facts.js';
import { casesWithin } from '../../insight/case-window.js';
import { checkConformance } from '../../insight/conformance.js';
import { cycleTimes } from '../../insight/cycle-time-histogram.js';
import { elementHeatmap } from '../../insight/element-heatmap.js';
import type { EventLog } from '../../insight/event-log.js';
import { historyLog } from '../../insight/history-log.js';
import { summarize } from '../../insight/log-summary.js';
import { bottlenecks } from '../../insight/bottlenecks.js';
import { processMap, variantStats } from '../../insight/process-map.js';
import { handovers, workload } from '../../insight/resources.js';
import { slaSeries } from '../../insight/sla-series.js';
import { arrivalRate, throughput } from '../../insight/time-series.js';
import { utilisation } from '../../insight/utilisation.js';
import { onWorkingClock } from '../../insight/working-clock.js';
import type { ProcessGraph } from '../../model/graph.js';
import type { WorkingCalendar } from '../../work/calendar/working-calendar.js';
import { loaded } from '../access/object-rules.js';
import { HttpProblem } from '../http/problem-details.js';
import { type Access, defineRoute } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';
import {
  bottlenecksSchema,
  conformanceSchema,
  decisionSchema,
  distributionSchema,
  handoverSchema,
  heatSchema,
  list,
  histogramSchema,
  mapSchema,
  periodSchema,
  ratesSchema,
  slaPeriodSchema,
  sourceFields,
  summarySchema,
  utilisationSchema,
  variantSchema,
  workloadSchema,
} from './insight-schemas.js';

const instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 instant, e.g. 2026-01-01T00:00:00Z');

export const insightQuery = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .optional()
    .openapi({ description: 'One version; all versions when absent.' }),
  from: instant.optional().openapi({ description: 'Only cases that began at or after this instant.' }),
  to: instant.optional().openapi({ description: 'Only cases that began before this instant.' }),
  calendar: z.string().max(4000).optional().openapi({
    description:
      'Measure durations in working time on this calendar (JSON, as the directory writes calendars), e.g. {"timeZone":"Europe/Berlin","week":"mon-fri 09:00-17:00","holidays":"DE-BY"}.',
  }),
  period: z.enum(['day', 'week', 'month']).default('week').openapi({ description: 'For series over time.' }),
});

const processParam = z.object({ processId: z.string().min(1).max(200) });
const access: Access = { roles: ['operator', 'modeler'], object: 'definition' };

function insightRoute<S extends z.ZodType, Q extends z.ZodObject>(
  name: string,
  summary: string,
  schema: S,
  query: Q,
  description?: string,
) {
  return defineRoute({
    method: 'get',
    path: `/api/v1/insight/processes/{processId}/${name}`,
    tags: ['insight'],
    summary,
    ...(description && { description }),
    access,
    problems: [422],
    request: { params: processParam, query },
    responses: { 200: { description: summary, content: { 'application/json': { schema } } } },
  });
}

const answer = <T extends z.ZodRawShape>(name: string, shape: T) =>
  z.object({ ...sourceFields, ...shape }).openapi(name);

export const insightRoutes = {
  summary: insightRoute(
    'summary',
    'Headline measures: counts, case duration, rates, arrivals, throughput and work in progress',
    answer('InsightSummary', {
      summary: summarySchema,
      cycleTime: distributionSchema,
      rates: ratesSchema,
      arrivals: z.object({ casesPerDay: z.number().nullable(), meanSecondsBetween: z.number().nullable() }),
      throughput: list(periodSchema),
    }),
    insightQuery,
  ),
  heatmap: insightRoute(
    'heatmap',
    'Per BPMN element: frequency, median waiting and processing time, incidents, SLA breaches',
    answer('InsightHeatmap', { elements: list(heatSchema) }),
    insightQuery,
    'Keyed by element id, for a bpmn-js overlay. Waiting runs from enabled (task offered) to started, processing from started to completed.',
  ),
  map: insightRoute(
    'map',
    'The process map: directly-follows graph between executions, with frequencies and step times',
    answer('InsightMap', { map: mapSchema }),
    insightQuery.extend({
      minShare: z.coerce
        .number()
        .min(0)
        .max(1)
        .default(0)
        .openapi({ description: 'Hide edges rarer than this share of the most frequent one.' }),
    }),
  ),
  variants: insightRoute(
    'variants',
    'Variants, most frequent first, with counts, shares and durations',
    answer('InsightVariants', { variants: z.number().int(), top: list(variantSchema) }),
    insightQuery.extend({ top: z.coerce.number().int().min(1).max(500).default(20) }),
  ),
  bottlenecks: insightRoute(
    'bottlenecks',
    'Where cases wait longest, with each wait’s share of total cycle time',
    answer('InsightBottlenecks', { bottlenecks: bottlenecksSchema }),
    insightQuery.extend({ top: z.coerce.number().int().min(1).max(500).default(10) }),
  ),
  cycleTimes: insightRoute(
    'cycle-times',
    'Cycle-time distribution (percentiles and histogram) and the SLA breach series',
    answer('InsightCycleTimes', {
      distribution: distributionSchema,
      histogram: histogramSchema,
      sla: list(slaPeriodSchema),
      throughput: list(periodSchema),
    }),
    insightQuery.extend({ bins: z.coerce.number().int().min(1).max(200).default(20) }),
  ),
  workload: insightRoute(
    'workload',
    'Workload, utilisation and handovers per person and team',
    answer('InsightWorkload', {
      workload: list(workloadSchema),
      utilisation: utilisationSchema,
      handovers: list(handoverSchema),
    }),
    insightQuery,
    'Utilisation is busy working time (started to completed, overlaps counted once) over the working time the calendar offers in the period (from `from` to `to`, else the span of the history); without a calendar people count as available around the clock. Teams are the groups of the people’s accounts.',
  ),
  conformance: insightRoute(
    'conformance',
    'Token-replay fitness of the history against the deployed model, with deviations per element',
    answer('InsightConformance', { version: z.number().int(), conformance: conformanceSchema }),
    insightQuery,
    'Replays against the given version, else the latest.',
  ),
  branches: insightRoute(
    'branches',
    'Per exclusive or inclusive gateway: which outcome leads to longer or failing cases',
    answer('InsightBranches', { decisions: list(decisionSchema) }),
    insightQuery,
  ),
};

type InsightQuery = z.infer<typeof insightQuery>;

interface ProcessHistory {
  readonly log: EventLog;
  /** The same log with its time column on the working clock when a calendar was given. */
  readonly timed: EventLog;
  readonly calendar: WorkingCalendar | undefined;
  readonly graph: ProcessGraph;
  readonly version: number;
  readonly source: { source: string; clock: 'calendar' | 'working' };
}

/** Reads the process's history as a log, as the query asks. */
async function processHistory(
  c: Context<ServerEnv>,
  q: InsightQuery,
  label: 'name' | 'id' = 'name',
): Promise<ProcessHistory> {
  const definition = loaded(c, 'definition');
  const store = c.get('services').sluice.store;
  const version = q.version === undefined ? undefined : Number(q.version);
  const chosen =
    version === undefined ? definition : await store.findDefinition(definition.processId, version);
  if (!chosen)
    throw new HttpProblem(
      404,
      'process-not-found',
      `process '${definition.processId}' has no version ${version}`,
      `list its versions with GET /api/v1/definitions/${definition.processId}`,
    );
  const from = q.from === undefined ? undefined : Date.parse(q.from);
  const to = q.to === undefined ? undefined : Date.parse(q.to);
  if (from !== undefined && to !== undefined && to <= from)
    throw new HttpProblem(400, 'empty-range', `'to' (${q.to}) is not after 'from' (${q.from})`, 'swap them');
  const all = await historyLog(store, {
    processId: definition.processId,
    ...(version !== undefined && { version }),
    label,
  });
  const log = casesWithin(all, { ...(from !== undefined && { from }), ...(to !== undefined && { to }) });
  const calendar =
    q.calendar === undefined ? undefined : readWorkingCalendar(q.calendar, 'the calendar parameter');
  return {
    log,
    timed: calendar ? onWorkingClock(log, calendar) : log,
    calendar,
    graph: chosen.graph,
    version: chosen.version,
    source: { source: log.meta.source, clock: calendar ? 'working' : 'calendar' },
  };
}

/** Teams for utilisation: the groups of the people in the log who have accounts in the tenant. */
async function teamsOf(c: Context<ServerEnv>, people: readonly string[]): Promise<Record<string, string[]>> {
  const identity = c.get('services').identity;
  const tenant = c.get('principal')!.tenant;
  const teams: Record<string, string[]> = {};
  for (const person of people) {
    const user = await identity.userByName(person);
    if (!user || user.tenant !== tenant) continue;
    for (const group of user.groups) (teams[group] ??= []).push(person);
  }
  return teams;
}

export function mountInsightRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(insightRoutes.summary, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    const cycles = cycleTimes(h.timed);
    return c.json(
      {
        ...h.source,
        summary: summarize(h.timed),
        cycleTime: cycles.distribution,
        rates: caseRates(h.log),
        arrivals: arrivalRate(h.log),
        throughput: throughput(h.log, q.period),
      },
      200,
    );
  });

  app.openapi(insightRoutes.heatmap, async (c) => {
    const h = await processHistory(c, c.req.valid('query'), 'id');
    return c.json({ ...h.source, elements: elementHeatmap(h.timed, h.graph) }, 200);
  });

  app.openapi(insightRoutes.map, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    return c.json({ ...h.source, map: processMap(h.timed, { minShare: q.minShare }) }, 200);
  });

  app.openapi(insightRoutes.variants, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    const top = variantStats(h.timed, q.top);
    return c.json({ ...h.source, variants: summarize(h.log, { topVariants: 0 }).variants, top }, 200);
  });

  app.openapi(insightRoutes.bottlenecks, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    return c.json({ ...h.source, bottlenecks: bottlenecks(h.timed, q.top) }, 200);
  });

  app.openapi(insightRoutes.cycleTimes, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    const cycles = cycleTimes(h.timed, q.bins);
    return c.json(
      {
        ...h.source,
        distribution: cycles.distribution,
        histogram: cycles.histogram,
        sla: slaSeries(h.log, q.period),
        throughput: throughput(h.log, q.period),
      },
      200,
    );
  });

  app.openapi(insightRoutes.workload, async (c) => {
    const q = c.req.valid('query');
    const h = await processHistory(c, q);
    const teams = await teamsOf(c, h.log.resources);
    const range = {
      ...(q.from !== undefined && { from: Date.parse(q.from) }),
      ...(q.to !== undefined && { to: Date.parse(q.to) }),
    };
    return c.json(
      {
        ...h.source,
        workload: workload(h.log),
        utilisation: utilisation(h.log, { ...range, teams, ...(h.calendar && { calendar: h.calendar }) }),
        handovers: handovers(h.log),
      },
      200,
    );
  });

  app.openapi(insightRoutes.conformance, async (c) => {
    const h = await processHistory(c, c.req.valid('query'));
    return c.json({ ...h.source, version: h.version, conformance: checkConformance(h.log, h.graph) }, 200);
  });

  app.openapi(insightRoutes.branches, async (c) => {
    const h = await processHistory(c, c.req.valid('query'));
    return c.json({ ...h.source, decisions: branchAnalysis(h.timed, h.graph) }, 200);
  });
}
