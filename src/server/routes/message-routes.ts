/** Publishing messages to waiting instances and message start events. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import { variablesSchema } from '../http/views.js';
import type { ServerEnv } from '../server-env.js';

export const messageRoutes = {
  correlate: defineRoute({
    method: 'post',
    path: '/api/v1/messages',
    tags: ['messages'],
    summary: 'Publish a message: the waiting instance continues, or a message start event starts one',
    access: { roles: ['operator', 'worker'] },
    problems: [404, 409, 422],
    request: {
      body: jsonBody(
        z.object({
          name: z.string().min(1).max(200),
          correlationKey: z.string().max(200).optional(),
          variables: variablesSchema.optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: 'Correlated; `started` is true when the message started a new instance.',
        content: {
          'application/json': {
            schema: z.object({ instanceId: z.string(), started: z.boolean() }).openapi('Correlated'),
          },
        },
      },
    },
  }),
};

export function mountMessageRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(messageRoutes.correlate, async (c) => {
    const body = c.req.valid('json');
    const services = c.get('services');
    const tenant = c.get('principal')!.tenant;
    // The engine correlates across all processes; the server refuses what would cross tenants.
    const subscriptions = await services.sluice.store.findSubscriptions(body.name, body.correlationKey);
    const owned = await services.tenancy.filterOwned(
      tenant,
      subscriptions.map((s) => s.processId),
    );
    const foreign = subscriptions.filter((s) => !owned.has(s.processId));
    if (foreign.length > 0 && foreign.length === subscriptions.length) {
      throw new HttpProblem(
        404,
        'message-not-correlated',
        `no instance waits for message '${body.name}', and no deployed process starts with it`,
        'check the message name and key',
      );
    }
    if (foreign.length > 0) {
      throw new HttpProblem(
        409,
        'message-ambiguous',
        `message '${body.name}' is awaited in more than one tenant`,
        'use message names of your own (e.g. prefixed with your tenant) until correlation is scoped by tenant',
      );
    }
    const result = await services.sluice.correlate(body.name, {
      ...(body.correlationKey !== undefined && { correlationKey: body.correlationKey }),
      ...(body.variables && { variables: body.variables }),
    });
    return c.json(result, 200);
  });
}
