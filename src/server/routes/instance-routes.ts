/** Starting, listing, reading and cancelling instances. */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { InstanceFilter, InstanceSummary } from '../../store/store.js';
import { loaded } from '../access/object-rules.js';
import { type Principal, seesAllWork } from '../access/principal.js';
import { filteredPage, listJson, type Listed, pageOf, pageQuery } from '../http/paging.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import {
  instanceSchema,
  instanceSummarySchema,
  instanceSummaryView,
  instanceView,
  summaryOfState,
  variablesSchema,
} from '../http/views.js';
import type { ServerEnv, ServerServices } from '../server-env.js';

const okSchema = z.object({ ok: z.literal(true), instanceId: z.string() }).openapi('InstanceOk');

export const instanceRoutes = {
  start: defineRoute({
    method: 'post',
    path: '/api/v1/instances',
    tags: ['instances'],
    summary: 'Start an instance of a process (latest version unless `version` is given)',
    access: { roles: ['operator', 'user'] },
    problems: [404, 422],
    request: {
      body: jsonBody(
        z.object({
          processId: z.string().min(1).max(200),
          version: z.number().int().min(1).optional(),
          businessKey: z.string().min(1).max(200).optional(),
          variables: variablesSchema.optional(),
        }),
      ),
    },
    responses: {
      201: {
        description: 'Started; `state` is the instance’s state once it reached its first wait state.',
        content: {
          'application/json': {
            schema: z
              .object({
                instanceId: z.string(),
                state: z.enum(['active', 'completed', 'terminated', 'failed']),
              })
              .openapi('Started'),
          },
        },
      },
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/api/v1/instances',
    tags: ['instances'],
    summary: 'Instances, oldest first',
    access: {
      roles: ['operator', 'user'],
      scope: 'operators: every instance of their tenant; users: the instances they started',
    },
    request: {
      query: z.object({
        processId: z.string().max(200).optional(),
        state: z.enum(['active', 'completed', 'terminated', 'failed']).optional(),
        businessKey: z.string().max(200).optional(),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of instances.',
        content: { 'application/json': { schema: pageOf(instanceSummarySchema, 'InstancePage') } },
      },
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/v1/instances/{id}',
    tags: ['instances'],
    summary: 'One instance with its variables, open incidents and history',
    access: { roles: ['operator', 'user'], object: 'instance' },
    request: { params: idParam },
    responses: {
      200: { description: 'The instance.', content: { 'application/json': { schema: instanceSchema } } },
    },
  }),
  cancel: defineRoute({
    method: 'post',
    path: '/api/v1/instances/{id}/cancel',
    tags: ['instances'],
    summary: 'Terminate an active instance; its tasks, jobs, timers and subscriptions are withdrawn',
    access: { roles: ['operator'], object: 'instance' },
    problems: [409, 422],
    request: {
      params: idParam,
      body: { ...jsonBody(z.object({ reason: z.string().max(1000).optional() })), required: false },
    },
    responses: { 200: { description: 'Cancelled.', content: { 'application/json': { schema: okSchema } } } },
  }),
};

async function listInstances(
  services: ServerServices,
  principal: Principal,
  filter: InstanceFilter & { limit: number },
): Promise<Listed<InstanceSummary>> {
  const { sluice, tenancy } = services;
  const matches = (i: InstanceSummary): boolean =>
    (filter.processId === undefined || i.processId === filter.processId) &&
    (filter.status === undefined || i.status === filter.status) &&
    (filter.businessKey === undefined || i.businessKey === filter.businessKey);
  if (seesAllWork(principal)) {
    return filteredPage(
      (after, limit) =>
        sluice.store.listInstances({ ...filter, limit, ...(after !== undefined && { after }) }),
      (i) => tenancy.owns(principal.tenant, i.processId),
      (i) => i.id,
      filter.limit,
      filter.after,
    );
  }
  // A user's own instances: the ids the server recorded when they started them.
  return filteredPage(
    async (after, limit) => {
      const { ids, more } = await tenancy.startedBy(principal.tenant, principal.name, limit, after);
      const items: InstanceSummary[] = [];
      for (const id of ids) {
        const record = await sluice.store.loadInstance(id);
        if (record) items.push(summaryOfState(record.state));
      }
      return { items, ...(more && ids.length > 0 && { next: ids.at(-1)! }) };
    },
    matches,
    (i) => i.id,
    filter.limit,
    filter.after,
  );
}

export function mountInstanceRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(instanceRoutes.start, async (c) => {
    const body = c.req.valid('json');
    const services = c.get('services');
    const principal = c.get('principal')!;
    if (
      !(await services.tenancy.owns(principal.tenant, body.processId)) ||
      !(await services.sluice.store.findDefinition(body.processId))
    ) {
      throw new HttpProblem(
        404,
        'process-not-found',
        `no process with id '${body.processId}' is deployed`,
        'list deployed processes with GET /api/v1/definitions',
      );
    }
    const { instanceId, state } = await services.sluice.start(body.processId, {
      ...(body.variables && { variables: body.variables }),
      ...(body.businessKey !== undefined && { businessKey: body.businessKey }),
      ...(body.version !== undefined && { version: body.version }),
      actor: principal.name,
    });
    await services.tenancy.recordStart(instanceId, principal.tenant, principal.name);
    return c.json({ instanceId, state: state.status }, 201);
  });

  app.openapi(instanceRoutes.list, async (c) => {
    const query = c.req.valid('query');
    const listed = await listInstances(c.get('services'), c.get('principal')!, {
      limit: query.limit,
      ...(query.processId !== undefined && { processId: query.processId }),
      ...(query.state !== undefined && { status: query.state }),
      ...(query.businessKey !== undefined && { businessKey: query.businessKey }),
      ...(query.after !== undefined && { after: query.after }),
    });
    return c.json(listJson(listed, instanceSummaryView), 200);
  });

  app.openapi(instanceRoutes.get, async (c) => {
    const details = await c.get('services').sluice.instance(loaded(c, 'instance').id);
    return c.json(instanceView(details), 200);
  });

  app.openapi(instanceRoutes.cancel, async (c) => {
    const instance = loaded(c, 'instance');
    const body = c.req.valid('json');
    await c.get('services').sluice.cancel(instance.id, {
      actor: c.get('principal')!.name,
      ...(body.reason !== undefined && { reason: body.reason }),
    });
    return c.json({ ok: true as const, instanceId: instance.id }, 200);
  });
}
