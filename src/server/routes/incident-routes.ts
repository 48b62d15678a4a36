/** Incidents: jobs that failed on every retry, and the operators who retry them. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import { listJson, pageOf, pageQuery } from '../http/paging.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import { incidentSchema, incidentView } from '../http/views.js';
import type { ServerEnv } from '../server-env.js';

export const incidentRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/incidents',
    tags: ['incidents'],
    summary: 'Incidents (open unless `open=false`), oldest first',
    access: { roles: ['operator'], scope: 'the incidents of the caller’s tenant' },
    request: {
      query: z.object({
        instanceId: z.string().max(200).optional(),
        open: z.enum(['true', 'false']).default('true'),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of incidents.',
        content: { 'application/json': { schema: pageOf(incidentSchema, 'IncidentPage') } },
      },
    },
  }),
  retry: defineRoute({
    method: 'post',
    path: '/api/v1/incidents/{id}/retry',
    tags: ['incidents'],
    summary: 'Resolve the incident and give its job more attempts',
    access: { roles: ['operator'], object: 'incident' },
    problems: [409, 422],
    request: {
      params: idParam,
      body: {
        ...jsonBody(z.object({ retries: z.number().int().min(1).max(100).default(1) })),
        required: false,
      },
    },
    responses: {
      200: {
        description: 'Resolved; the job runs again.',
        content: {
          'application/json': {
            schema: z
              .object({ ok: z.literal(true), incidentId: z.string(), instanceId: z.string() })
              .openapi('Retried'),
          },
        },
      },
    },
  }),
};

export function mountIncidentRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(incidentRoutes.list, async (c) => {
    const q = c.req.valid('query');
    const services = c.get('services');
    const tenant = c.get('principal')!.tenant;
    const all = await services.sluice.incidents({
      ...(q.instanceId !== undefined && { instanceId: q.instanceId }),
      open: q.open === 'true',
    });
    const owned = await services.tenancy.filterOwned(
      tenant,
      all.map((i) => i.processId),
    );
    const visible = all
      .filter((i) => owned.has(i.processId))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .filter((i) => q.after === undefined || i.id > q.after);
    const items = visible.slice(0, q.limit);
    return c.json(
      listJson({ items, ...(visible.length > q.limit && { next: items.at(-1)!.id }) }, incidentView),
      200,
    );
  });

  app.openapi(incidentRoutes.retry, async (c) => {
    const incident = loaded(c, 'incident');
    const { retries } = c.req.valid('json');
    const { instanceId } = await c.get('services').sluice.retryIncident(incident.id, {
      retries: retries ?? 1,
      actor: c.get('principal')!.name,
    });
    return c.json({ ok: true as const, incidentId: incident.id, instanceId }, 200);
  });
}
