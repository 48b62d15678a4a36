/**
 * People and work over HTTP: the caller's in-app notification feed, a task's attachments and
 * its work view (RACI, SLA ladder, who an offer leaves out). Everything goes through
 * `sluice.work` (src/engine/work-service.ts).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const notificationSchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({
      description: 'task.assigned, task.offered, task.completed, sla.reminder, sla.escalated, sla.breached',
    }),
    taskId: z.string().nullable(),
    instanceId: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi('Notification');

const attachmentSchema = z
  .object({
    id: z.string(),
    taskId: z.string(),
    name: z.string(),
    mediaType: z.string(),
    size: z.number().int(),
    actor: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Attachment');

const taskWorkSchema = z
  .object({
    raci: z.record(z.string(), z.unknown()).nullable(),
    excluded: z.array(z.string()),
    sla: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('TaskWork');

const iso = (ms: number): string => new Date(ms).toISOString();

export const workRoutes = {
  notifications: defineRoute({
    method: 'get',
    path: '/api/v1/notifications',
    tags: ['notifications'],
    summary: 'The caller’s in-app notifications, newest first',
    access: { roles: ['operator', 'user'], scope: 'the caller’s own notifications' },
    request: {
      query: z.object({
        unread: z.enum(['true', 'false']).default('false'),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: {
      200: {
        description: 'The feed.',
        content: { 'application/json': { schema: z.object({ items: z.array(notificationSchema) }) } },
      },
    },
  }),
  markRead: defineRoute({
    method: 'post',
    path: '/api/v1/notifications/read',
    tags: ['notifications'],
    summary: 'Mark some of the caller’s notifications read',
    access: { roles: ['operator', 'user'], scope: 'the caller’s own notifications' },
    problems: [422],
    request: { body: jsonBody(z.object({ ids: z.array(z.string().max(200)).max(500) })) },
    responses: {
      200: {
        description: 'Marked.',
        content: { 'application/json': { schema: z.object({ marked: z.number().int() }) } },
      },
    },
  }),
  taskWork: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}/work',
    tags: ['tasks'],
    summary: 'A task’s RACI people, SLA ladder and exclusions',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam },
    responses: {
      200: { description: 'The work view.', content: { 'application/json': { schema: taskWorkSchema } } },
    },
  }),
  attachments: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}/attachments',
    tags: ['tasks'],
    summary: 'The files attached to a task, oldest first (without content)',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam },
    responses: {
      200: {
        description: 'The attachments.',
        content: { 'application/json': { schema: z.object({ items: z.array(attachmentSchema) }) } },
      },
    },
  }),
  attach: defineRoute({
    method: 'post',
    path: '/api/v1/tasks/{id}/attachments',
    tags: ['tasks'],
    summary: 'Attach a file to a task (content as base64; 10 MiB at most by default)',
    access: { roles: ['operator', 'user'], object: 'task' },
    problems: [409, 422],
    request: {
      params: idParam,
      body: jsonBody(
        z.object({
          name: z.string().min(1).max(255),
          mediaType: z.string().max(255).optional(),
          content: z.string().max(15_000_000).openapi({ description: 'base64' }),
        }),
      ),
    },
    responses: {
      201: { description: 'Attached.', content: { 'application/json': { schema: attachmentSchema } } },
    },
  }),
  attachment: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}/attachments/{attachmentId}',
    tags: ['tasks'],
    summary: 'One attachment’s content',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam.extend({ attachmentId: z.string().min(1).max(200) }) },
    responses: {
      200: {
        description: 'The file, with its media type.',
        content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
      },
    },
  }),
};

const attachmentView = (
  a: Awaited<ReturnType<ServerEnv['Variables']['services']['sluice']['work']['attachments']>>[number],
) => ({
  id: a.id,
  taskId: a.taskId,
  name: a.name,
  mediaType: a.mediaType,
  size: a.size,
  actor: a.actor ?? null,
  createdAt: iso(a.createdAt),
});

export function mountWorkRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(workRoutes.notifications, async (c) => {
    const q = c.req.valid('query');
    const items = await c
      .get('services')
      .sluice.work.notifications(c.get('principal')!.name, { unread: q.unread === 'true', limit: q.limit });
    return c.json(
      {
        items: items.map((n) => ({
          id: n.id,
          type: n.type,
          taskId: n.taskId ?? null,
          instanceId: n.instanceId,
          data: n.data,
          createdAt: iso(n.createdAt),
          read: n.readAt !== undefined,
        })),
      },
      200,
    );
  });
  app.openapi(workRoutes.markRead, async (c) => {
    const { ids } = c.req.valid('json');
    const marked = await c.get('services').sluice.work.markRead(c.get('principal')!.name, ids);
    return c.json({ marked }, 200);
  });
  app.openapi(workRoutes.taskWork, async (c) => {
    const view = await c.get('services').sluice.work.taskWork(loaded(c, 'task').id);
    const json = (value: object | undefined): Record<string, unknown> | null =>
      value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
    return c.json(
      { raci: json(view?.raci), excluded: [...(view?.excluded ?? [])], sla: json(view?.sla) },
      200,
    );
  });
  app.openapi(workRoutes.attachments, async (c) => {
    const items = await c.get('services').sluice.work.attachments(loaded(c, 'task').id);
    return c.json({ items: items.map(attachmentView) }, 200);
  });
  app.openapi(workRoutes.attach, async (c) => {
    const body = c.req.valid('json');
    const attached = await c.get('services').sluice.work.attach(
      loaded(c, 'task').id,
      {
        name: body.name,
        ...(body.mediaType !== undefined && { mediaType: body.mediaType }),
        content: Buffer.from(body.content, 'base64'),
      },
      { actor: c.get('principal')!.name },
    );
    return c.json(attachmentView(attached), 201);
  });
  app.openapi(workRoutes.attachment, async (c) => {
    const task = loaded(c, 'task');
    const found = await c.get('services').sluice.work.attachment(c.req.valid('param').attachmentId);
    if (!found || found.taskId !== task.id)
      throw new HttpProblem(
        404,
        'attachment-not-found',
        `task '${task.id}' has no attachment '${c.req.valid('param').attachmentId}'`,
      );
    return c.body(Buffer.from(found.content), 200, {
      'content-type': found.mediaType,
      'content-disposition': `attachment; filename="${found.name.replace(/["\\\r\n]/g, '_')}"`,
    });
  });
}
