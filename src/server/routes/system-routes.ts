/** Liveness, readiness, metrics and the OpenAPI document. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute } from '../http/route-spec.js';
import { prometheusContentType } from '../metrics/metrics-registry.js';
import type { ServerEnv } from '../server-env.js';

const status = z.object({ status: z.string() }).openapi('Status');

export const systemRoutes = {
  health: defineRoute({
    method: 'get',
    path: '/health',
    tags: ['system'],
    summary: 'Liveness: the process answers',
    access: { roles: 'public', why: 'probes of orchestrators carry no credentials' },
    responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: status } } } },
  }),
  ready: defineRoute({
    method: 'get',
    path: '/ready',
    tags: ['system'],
    summary: 'Readiness: the database answers',
    access: { roles: 'public', why: 'probes of orchestrators carry no credentials' },
    problems: [503],
    responses: {
      200: { description: 'Ready to serve.', content: { 'application/json': { schema: status } } },
    },
  }),
  metrics: defineRoute({
    method: 'get',
    path: '/metrics',
    tags: ['system'],
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    description:
      'Scrape with an API key of role operator: `authorization: { credentials: sk_... }` in the scrape config.',
    access: { roles: ['operator'] },
    responses: { 200: { description: 'The metrics.', content: { 'text/plain': { schema: z.string() } } } },
  }),
  openapi: defineRoute({
    method: 'get',
    path: '/api/v1/openapi.json',
    tags: ['system'],
    summary: 'This API as an OpenAPI 3.1 document',
    access: { roles: 'public', why: 'the description of the API is no secret; it lets clients be generated' },
    responses: {
      200: {
        description: 'The OpenAPI document.',
        content: { 'application/json': { schema: z.object({ openapi: z.string() }).passthrough() } },
      },
    },
  }),
};

export function mountSystemRoutes(
  app: OpenAPIHono<ServerEnv>,
  document: () => Record<string, unknown>,
): void {
  app.openapi(systemRoutes.health, (c) => c.json({ status: 'ok' }, 200));
  app.openapi(systemRoutes.ready, async (c) => {
    try {
      await c.get('services').ping();
    } catch {
      throw new HttpProblem(
        503,
        'not-ready',
        'the database does not answer',
        'check the database; the server retries on the next probe',
      );
    }
    return c.json({ status: 'ready' }, 200);
  });
  app.openapi(systemRoutes.metrics, async (c) => {
    const text = await c.get('services').metrics.text();
    return c.text(text, 200, { 'Content-Type': prometheusContentType });
  });
  app.openapi(systemRoutes.openapi, (c) => c.json({ openapi: '3.1.0', ...document() }, 200));
}
