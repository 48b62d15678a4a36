/**
 * Steering activities of a running instance from outside the model: more items for a running
 * multi-instance activity (WCP-15), and the next activities of an ad-hoc subprocess whose
 * activation is chosen (WCP-17, WCP-40).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const activityParams = z.object({
  id: z.string().min(1).max(200),
  elementId: z.string().min(1).max(200),
});

const okSchema = z
  .object({ ok: z.literal(true), instanceId: z.string(), elementId: z.string() })
  .openapi('ActivityOk');

export const activityRoutes = {
  addInstances: defineRoute({
    method: 'post',
    path: '/api/v1/instances/{id}/activities/{elementId}/add-instances',
    tags: ['instances'],
    summary: 'Give a running multi-instance activity more items, one instance each (WCP-15)',
    description:
      'A parallel activity starts an instance per item at once; a sequential one runs them after its current items. ' +
      '422 `multi-instance-not-running` when no body of that activity runs.',
    access: { roles: ['operator'], object: 'instance' },
    problems: [409, 422],
    request: {
      params: activityParams,
      body: jsonBody(z.object({ items: z.array(z.unknown()).min(1).max(10_000) })),
    },
    responses: { 200: { description: 'Added.', content: { 'application/json': { schema: okSchema } } } },
  }),
  activateAdHoc: defineRoute({
    method: 'post',
    path: '/api/v1/instances/{id}/activities/{elementId}/activate',
    tags: ['instances'],
    summary:
      'Start chosen activities of a running ad-hoc subprocess with sluice:activation="chosen" (WCP-17, 40)',
    description:
      'Each offered activity runs once; a Sequential ad-hoc subprocess takes one at a time, while nothing inside runs. ' +
      'Refusals (422) name what is still offered: `ad-hoc-not-running`, `ad-hoc-automatic`, ' +
      '`ad-hoc-activity-not-offered`, `ad-hoc-busy`, `ad-hoc-nothing-chosen`, `ad-hoc-ambiguous`.',
    access: { roles: ['operator'], object: 'instance' },
    problems: [409, 422],
    request: {
      params: activityParams,
      body: jsonBody(z.object({ activityIds: z.array(z.string().min(1).max(200)).min(1).max(1000) })),
    },
    responses: { 200: { description: 'Started.', content: { 'application/json': { schema: okSchema } } } },
  }),
};

export function mountActivityRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(activityRoutes.addInstances, async (c) => {
    const instance = loaded(c, 'instance');
    const { elementId } = c.req.valid('param');
    const { items } = c.req.valid('json');
    await c.get('services').sluice.addInstances(instance.id, elementId, items, {
      actor: c.get('principal')!.name,
    });
    return c.json({ ok: true as const, instanceId: instance.id, elementId }, 200);
  });

  app.openapi(activityRoutes.activateAdHoc, async (c) => {
    const instance = loaded(c, 'instance');
    const { elementId } = c.req.valid('param');
    const { activityIds } = c.req.valid('json');
    await c.get('services').sluice.activateAdHoc(instance.id, elementId, activityIds, {
      actor: c.get('principal')!.name,
    });
    return c.json({ ok: true as const, instanceId: instance.id, elementId }, 200);
  });
}
