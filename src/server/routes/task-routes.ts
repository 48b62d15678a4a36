/**
 * Human tasks and their lifecycle. Operators list every task of their tenant; a `user` lists
 * the tasks they may work on. Work on a task (claim, start, complete, delegate ...) is for its
 * assignee, or a candidate while it is unassigned, whatever the caller's roles; steering it
 * (reassign, forward, escalate, suspend, skip ...) is for operators.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { TaskFilter, TaskRecord } from '../../store/store.js';
import { loaded } from '../access/object-rules.js';
import { type Principal, seesAllWork } from '../access/principal.js';
import { maySeeTask } from '../access/visibility.js';
import { filteredPage, listJson, type Listed, pageOf, pageQuery } from '../http/paging.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import {
  isoTime,
  taskDetailSchema,
  taskDetailView,
  taskSchema,
  taskStates,
  taskView,
} from '../http/views.js';
import type { ServerEnv, ServerServices } from '../server-env.js';
import { type Operation, type OperationName, operations } from './task-operations.js';

const taskOk = z
  .object({ ok: z.literal(true), taskId: z.string(), instanceId: z.string() })
  .openapi('TaskOk');
const okResponses = { 200: { description: 'Done.', content: { 'application/json': { schema: taskOk } } } };

const operationRoute = (name: OperationName) => {
  const operation = operations[name] as Operation<z.ZodObject>;
  return defineRoute({
    method: 'post',
    path: `/api/v1/tasks/{id}/${name}`,
    tags: ['tasks'],
    summary: operation.summary,
    access: { roles: operation.roles, object: operation.object },
    problems: [409, 422],
    request: {
      params: idParam,
      // An operation whose body has a required field needs the body; the others may omit it.
      body: jsonBody(operation.body, operation.body.safeParse({}).success === false),
    },
    responses: okResponses,
  });
};

const commentSchema = z
  .object({
    id: z.string(),
    taskId: z.string(),
    actor: z.string().nullable(),
    text: z.string(),
    at: z.string(),
  })
  .openapi('TaskComment');

export const taskRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/tasks',
    tags: ['tasks'],
    summary: 'Tasks (open unless `state` says otherwise), oldest first',
    access: {
      roles: ['operator', 'user'],
      scope:
        'operators: every task of their tenant; users: the tasks assigned to them, or unassigned and offered to them or their groups',
    },
    request: {
      query: z.object({
        assignee: z.string().max(200).optional(),
        candidateUser: z.string().max(200).optional(),
        candidateGroup: z.string().max(200).optional(),
        instanceId: z.string().max(200).optional(),
        processId: z.string().max(200).optional(),
        dueBefore: z.iso.datetime().optional(),
        state: z.enum(taskStates).default('open'),
        ...pageQuery,
      }),
    },
    responses: {
      200: {
        description: 'A page of tasks.',
        content: { 'application/json': { schema: pageOf(taskSchema, 'TaskPage') } },
      },
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}',
    tags: ['tasks'],
    summary: 'One task, with the variables it was created with',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam },
    responses: {
      200: { description: 'The task.', content: { 'application/json': { schema: taskDetailSchema } } },
    },
  }),
  comments: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}/comments',
    tags: ['tasks'],
    summary: 'The comments on a task, oldest first',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam },
    responses: {
      200: {
        description: 'The comments.',
        content: { 'application/json': { schema: z.object({ items: z.array(commentSchema) }) } },
      },
    },
  }),
  comment: defineRoute({
    method: 'post',
    path: '/api/v1/tasks/{id}/comments',
    tags: ['tasks'],
    summary: 'Comment on a task',
    access: { roles: ['operator', 'user'], object: 'task' },
    problems: [409, 422],
    request: { params: idParam, body: jsonBody(z.object({ text: z.string().min(1).max(10_000) })) },
    responses: { 201: { description: 'Commented.', content: { 'application/json': { schema: taskOk } } } },
  }),
  claim: operationRoute('claim'),
  unclaim: operationRoute('unclaim'),
  start: operationRoute('start'),
  complete: operationRoute('complete'),
  delegate: operationRoute('delegate'),
  resolve: operationRoute('resolve'),
  fail: operationRoute('fail'),
  reassign: operationRoute('reassign'),
  forward: operationRoute('forward'),
  escalate: operationRoute('escalate'),
  suspend: operationRoute('suspend'),
  resume: operationRoute('resume'),
  skip: operationRoute('skip'),
  update: operationRoute('update'),
};

type Query = Omit<TaskFilter, 'limit'> & { limit: number };

async function listTasks(
  services: ServerServices,
  principal: Principal,
  query: Query,
): Promise<Listed<TaskRecord>> {
  const { store } = services.sluice;
  const keep = async (task: TaskRecord): Promise<boolean> =>
    maySeeTask(principal, task) && (await services.tenancy.owns(principal.tenant, task.processId));
  const { after: _after, ...filter } = query;
  const scoped: TaskFilter = seesAllWork(principal)
    ? filter
    : { ...filter, workableBy: { user: principal.name, groups: principal.groups } };
  return filteredPage(
    (after, limit) => store.listTasks({ ...scoped, limit, ...(after !== undefined && { after }) }),
    keep,
    (t) => t.id,
    query.limit,
    query.after,
  );
}

/** People named in an operation must be users of the caller's tenant. */
async function checkPeople(
  services: ServerServices,
  principal: Principal,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    const user = await services.identity.userByName(name);
    if (!user || user.tenant !== principal.tenant || user.disabled)
      throw new HttpProblem(
        422,
        'unknown-user',
        `there is no active user '${name}' in your tenant`,
        'name a user listed by GET /api/v1/users',
      );
  }
}

export function mountTaskRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(taskRoutes.list, async (c) => {
    const q = c.req.valid('query');
    const listed = await listTasks(c.get('services'), c.get('principal')!, {
      state: q.state,
      limit: q.limit,
      ...(q.assignee !== undefined && { assignee: q.assignee }),
      ...(q.candidateUser !== undefined && { candidateUser: q.candidateUser }),
      ...(q.candidateGroup !== undefined && { candidateGroup: q.candidateGroup }),
      ...(q.instanceId !== undefined && { instanceId: q.instanceId }),
      ...(q.processId !== undefined && { processId: q.processId }),
      ...(q.dueBefore !== undefined && { dueBefore: Date.parse(q.dueBefore) }),
      ...(q.after !== undefined && { after: q.after }),
    });
    return c.json(listJson(listed, taskView), 200);
  });

  app.openapi(taskRoutes.get, (c) => c.json(taskDetailView(loaded(c, 'task')), 200));

  app.openapi(taskRoutes.comments, async (c) => {
    const comments = await c.get('services').sluice.taskComments(loaded(c, 'task').id);
    return c.json(
      {
        items: comments.map((m) => ({
          id: m.id,
          taskId: m.taskId,
          actor: m.actor ?? null,
          text: m.text,
          at: isoTime(m.at)!,
        })),
      },
      200,
    );
  });

  app.openapi(taskRoutes.comment, async (c) => {
    const task = loaded(c, 'task');
    const { text } = c.req.valid('json');
    const { instanceId } = await c
      .get('services')
      .sluice.taskAction(task.id, { op: 'comment', text }, { actor: c.get('principal')!.name });
    return c.json({ ok: true as const, taskId: task.id, instanceId }, 201);
  });

  for (const name of Object.keys(operations) as OperationName[]) {
    const operation = operations[name] as Operation<z.ZodObject>;
    const route = taskRoutes[name];
    app.openapi(route, async (c) => {
      const task = loaded(c, 'task');
      const body = (c.req.valid('json' as never) ?? {}) as z.infer<typeof operation.body> & {
        reason?: string;
      };
      const services = c.get('services');
      const principal = c.get('principal')!;
      await checkPeople(services, principal, operation.people?.(body) ?? []);
      const { instanceId } = await services.sluice.taskAction(task.id, operation.action(body), {
        actor: principal.name,
        ...(body.reason !== undefined && { reason: body.reason }),
      });
      return c.json({ ok: true as const, taskId: task.id, instanceId }, 200);
    });
  }
}
