/**
 * Simulation of a deployed process: run a scenario (with its what-ifs) on the latest or a
 * given version, and calibrate a baseline scenario from the process's own history. Runs are
 * bounded so one request cannot hold the server for long; larger studies belong to the CLI.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { historyLog } from '../../insight/history-log.js';
import type { ProcessGraph } from '../../model/graph.js';
import { calibrate } from '../../simulate/calibrate.js';
import { simulate } from '../../simulate/replications.js';
import { parseScenario } from '../../simulate/scenario.js';
import { loaded } from '../access/object-rules.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

/** Simulated cases one request may ask for: runs × cases × (baseline + what-ifs). */
export const maxSimulatedCases = 2_000_000;

const processParam = z.object({ processId: z.string().min(1).max(200) });
const versionField = z.number().int().min(1).optional();
const json = z.record(z.string(), z.unknown());

const estimate = z.object({
  mean: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const scenarioResult = z.object({
  name: z.string(),
  runs: z.number().int(),
  cases: z.number(),
  cycleTime: z.object({ mean: estimate, median: estimate, p90: estimate }),
  waitingTime: estimate,
  cost: estimate,
  slaBreachRate: estimate,
  utilisation: z.record(z.string(), estimate),
  activities: z.array(json),
  unfinished: z.number(),
  failed: z.number(),
  executions: z.number(),
  notes: z.array(z.string()),
});
const reportSchema = z
  .object({
    processId: z.string(),
    seed: z.number().int(),
    baseline: scenarioResult,
    whatIf: z.array(
      scenarioResult.extend({
        difference: z.object({
          cycleTime: estimate,
          waitingTime: estimate,
          cost: estimate,
          slaBreachRate: estimate,
        }),
      }),
    ),
  })
  .openapi('SimulationReport');
const calibrationSchema = z
  .object({
    scenario: json,
    observed: z.object({
      cases: z.number().int(),
      medianCycleTime: z.number().nullable(),
      meanCycleTime: z.number().nullable(),
      arrivalsPerHour: z.number(),
    }),
    resources: z.array(
      z.object({
        pool: z.string(),
        activities: z.array(z.string()),
        people: z.number().int(),
        calendar: z.string().optional(),
      }),
    ),
    notes: z.array(z.string()),
  })
  .openapi('Calibration');

export const simulationRoutes = {
  simulate: defineRoute({
    method: 'post',
    path: '/api/v1/definitions/{processId}/simulations',
    tags: ['simulation'],
    summary: 'Simulate the process under a scenario and compare its what-ifs with the baseline',
    access: { roles: ['modeler', 'operator'], object: 'definition' },
    problems: [422],
    request: {
      params: processParam,
      body: jsonBody(
        z.object({
          scenario: json.openapi({ description: 'A scenario as docs/simulation.md describes it.' }),
          version: versionField,
          runs: z.number().int().min(1).max(50).optional(),
          seed: z.number().int().min(0).optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: 'The baseline and each what-if, with 95% confidence intervals over the runs.',
        content: { 'application/json': { schema: reportSchema } },
      },
    },
  }),
  calibrate: defineRoute({
    method: 'post',
    path: '/api/v1/definitions/{processId}/calibration',
    tags: ['simulation'],
    summary: "A baseline scenario fitted to the process's history (arrivals, durations, branching)",
    access: { roles: ['modeler', 'operator'], object: 'definition' },
    problems: [422],
    request: {
      params: processParam,
      body: jsonBody(z.object({ version: versionField, cases: z.number().int().min(1).optional() })),
    },
    responses: {
      200: {
        description: 'The fitted scenario, what the history itself shows, and notes on what was assumed.',
        content: { 'application/json': { schema: calibrationSchema } },
      },
    },
  }),
};

export function mountSimulationRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(simulationRoutes.simulate, async (c) => {
    const body = c.req.valid('json');
    const graph = await deployedGraph(c, body.version);
    const scenario = parseScenario(body.scenario);
    const runs = body.runs ?? 5;
    const total = runs * (scenario.cases ?? 1000) * (1 + (scenario.whatIf?.length ?? 0));
    if (total > maxSimulatedCases)
      throw new HttpProblem(
        422,
        'simulation-too-large',
        `the request asks for ${total} simulated cases; one request may simulate at most ${maxSimulatedCases}`,
        'lower cases, runs or the number of what-ifs, or run the study with sluice simulate',
      );
    const report = simulate(graph, scenario, { runs, ...(body.seed !== undefined && { seed: body.seed }) });
    return c.json(asJson(reportSchema, report), 200);
  });

  app.openapi(simulationRoutes.calibrate, async (c) => {
    const body = c.req.valid('json');
    const graph = await deployedGraph(c, body.version);
    const log = await historyLog(c.get('services').sluice.store, {
      processId: graph.id,
      ...(body.version !== undefined && { version: body.version }),
    });
    const { graph: _graph, ...fitted } = calibrate(log, {
      graph,
      ...(body.cases !== undefined && { cases: body.cases }),
    });
    return c.json(asJson(calibrationSchema, fitted), 200);
  });
}

async function deployedGraph(c: Context<ServerEnv>, version: number | undefined): Promise<ProcessGraph> {
  const definition = loaded(c, 'definition');
  if (version === undefined || version === definition.version) return definition.graph;
  const other = await c.get('services').sluice.store.findDefinition(definition.processId, version);
  if (!other)
    throw new HttpProblem(
      404,
      'process-not-found',
      `process '${definition.processId}' has no version ${version}`,
      `list its versions with GET /api/v1/definitions/${definition.processId}`,
    );
  return other.graph;
}

/** The value as the documented JSON: figures that could not be measured (NaN) become null. */
function asJson<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const text = JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? null : v,
  );
  return schema.parse(JSON.parse(text));
}
