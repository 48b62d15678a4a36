/**
 * Deployed DMN decisions: list them with their versions, and evaluate one with variables.
 * Decisions carry no tenant (the store keeps none for them), so every deployed decision is
 * visible to every signed-in caller of any tenant, as a shared rule library; evaluating one
 * is a pure computation under the FEEL limits, with no effect on any process.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { DecisionError } from '../../expr/dmn.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const decisionParam = z.object({ decisionId: z.string().min(1).max(200) });

const decisionSchema = z
  .object({
    decisionId: z.string(),
    version: z.number().int(),
    name: z.string().optional(),
    resourceName: z.string().optional(),
    deployedAt: z.string().openapi({ description: 'ISO 8601' }),
  })
  .openapi('Decision');

export const decisionRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/decisions',
    tags: ['decisions'],
    summary: 'Every deployed version of every decision, by decision id then version',
    access: {
      roles: 'signed-in',
      scope: 'every decision: decisions carry no tenant and are shared by all tenants',
    },
    request: { query: z.object({ decisionId: z.string().max(200).optional() }) },
    responses: {
      200: {
        description: 'The decisions.',
        content: {
          'application/json': {
            schema: z.object({ items: z.array(decisionSchema) }).openapi('DecisionList'),
          },
        },
      },
    },
  }),
  evaluate: defineRoute({
    method: 'post',
    path: '/api/v1/decisions/{decisionId}/evaluate',
    tags: ['decisions'],
    summary: 'Evaluate a deployed decision (the latest version unless one is given) with variables',
    access: { roles: 'signed-in' },
    problems: [404, 422],
    request: {
      params: decisionParam,
      body: jsonBody(
        z.object({
          variables: z.record(z.string(), z.unknown()).optional(),
          version: z.number().int().min(1).optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: 'The result, as `sluice decide --json` prints it, with the version evaluated.',
        content: {
          'application/json': {
            schema: z
              .object({ decision: z.string(), version: z.number().int(), result: z.unknown() })
              .openapi('DecisionResult'),
          },
        },
      },
    },
  }),
};

export function mountDecisionRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(decisionRoutes.list, async (c) => {
    const { decisionId } = c.req.valid('query');
    const decisions = await c.get('services').sluice.decisions.list();
    const items = decisions
      .filter((d) => decisionId === undefined || d.decisionId === decisionId)
      .map((d) => ({
        decisionId: d.decisionId,
        version: d.version,
        ...(d.name !== undefined && { name: d.name }),
        ...(d.resourceName !== undefined && { resourceName: d.resourceName }),
        deployedAt: new Date(d.deployedAt).toISOString(),
      }));
    return c.json({ items }, 200);
  });

  app.openapi(decisionRoutes.evaluate, async (c) => {
    const { decisionId } = c.req.valid('param');
    const { variables = {}, version } = c.req.valid('json');
    try {
      const evaluation = await c.get('services').sluice.decisions.evaluate(decisionId, variables, version);
      return c.json(
        { decision: decisionId, version: evaluation.decision.version, result: evaluation.result },
        200,
      );
    } catch (error) {
      if (!(error instanceof DecisionError)) throw error;
      throw new HttpProblem(
        422,
        'decision-failed',
        `decision '${decisionId}' could not be evaluated: ${error.message}`,
        'check the variables against the decision’s inputs and rules',
      );
    }
  });
}
