/**
 * Versions and change over HTTP (docs/versions.md): the versions of a process with their
 * suspension and history time-to-live; migrating running instances to another version (a dry
 * run first); modifying, suspending and resuming one instance; suspending and resuming a
 * version; and the history cleanup. Every change records the caller as its actor.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import { variablesSchema } from '../http/views.js';
import type { ServerEnv } from '../server-env.js';

const processParam = z.object({ processId: z.string().min(1).max(200) });
const versionParams = processParam.extend({ version: z.string().regex(/^[1-9]\d{0,8}$/) });
const elementId = z.string().min(1).max(200);
const reason = z.string().max(1000).optional();
const version = z.number().int().min(1);

const versionInfoSchema = z
  .object({
    processId: z.string(),
    version: z.number().int(),
    name: z.string().optional(),
    deployedAt: z.string().openapi({ description: 'ISO 8601' }),
    suspended: z.boolean(),
    historyTtlDays: z
      .number()
      .nullable()
      .openapi({ description: 'Days ended instances are kept; null: forever' }),
    activeInstances: z.number().int(),
  })
  .openapi('VersionInfo');

const counts = z.object({ timers: z.number().int(), subscriptions: z.number().int() });
const migrationReportSchema = z
  .object({
    processId: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    dryRun: z.boolean(),
    mapping: z.record(z.string(), z.string()),
    instances: z.array(
      z.object({
        instanceId: z.string(),
        tokens: z.array(z.object({ tokenId: z.string(), from: z.string(), to: z.string() })),
        carried: counts.extend({ tasks: z.number().int(), jobs: z.number().int() }),
        created: counts,
        closed: counts,
      }),
    ),
    problems: z.array(
      z.object({
        instanceId: z.string().optional(),
        elementId: z.string(),
        message: z.string(),
        hint: z.string(),
      }),
    ),
    migrated: z.number().int(),
    failed: z.array(z.object({ instanceId: z.string(), error: z.string() })),
  })
  .openapi('MigrationReport');

const modifyOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('cancel'), elementId: elementId.optional(), tokenId: elementId.optional() }),
  z.object({ op: z.literal('start-before'), elementId, variables: variablesSchema.optional() }),
  z.object({ op: z.literal('start-after'), elementId, variables: variablesSchema.optional() }),
  z.object({ op: z.literal('set-variables'), variables: variablesSchema, scopeId: elementId.optional() }),
]);

const instanceOk = z.object({ ok: z.literal(true), instanceId: z.string() }).openapi('InstanceChanged');
const versionsChanged = z
  .object({ processId: z.string(), versions: z.array(z.number().int()), instances: z.number().int() })
  .openapi('VersionsSuspension');
const optionalBody = <T extends z.ZodTypeAny>(schema: T) => ({ ...jsonBody(schema), required: false });

const suspendVersion = (suspend: boolean) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/definitions/{processId}/versions/{version}/${suspend ? 'suspend' : 'resume'}`,
    tags: ['definitions'],
    summary: suspend
      ? 'Suspend a version: it starts no instances; `instances: true` suspends its running instances too'
      : 'Resume a suspended version; `instances: true` resumes its suspended instances too',
    access: { roles: ['operator'], object: 'definition' },
    request: {
      params: versionParams,
      body: optionalBody(z.object({ instances: z.boolean().optional(), reason })),
    },
    responses: {
      200: {
        description: 'The versions changed and how many instances with them.',
        content: { 'application/json': { schema: versionsChanged } },
      },
    },
  });

const changeInstance = (action: 'suspend' | 'resume') =>
  defineRoute({
    method: 'post',
    path: `/api/v1/instances/{id}/${action}`,
    tags: ['instances'],
    summary:
      action === 'suspend'
        ? 'Suspend an instance: it takes only operator commands; its timers and jobs wait'
        : 'Resume a suspended instance; its timers and jobs fall due at their original times',
    access: { roles: ['operator'], object: 'instance' },
    problems: [409, 422],
    request: { params: idParam, body: optionalBody(z.object({ reason })) },
    responses: { 200: { description: 'Done.', content: { 'application/json': { schema: instanceOk } } } },
  });

export const versionRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/definitions/{processId}/versions',
    tags: ['definitions'],
    summary: 'Every version of a process with its suspension, history time-to-live and running instances',
    access: { roles: ['operator'], object: 'definition' },
    request: { params: processParam },
    responses: {
      200: {
        description: 'The versions, oldest first.',
        content: {
          'application/json': {
            schema: z
              .object({ processId: z.string(), versions: z.array(versionInfoSchema) })
              .openapi('ProcessVersions'),
          },
        },
      },
    },
  }),
  migrate: defineRoute({
    method: 'post',
    path: '/api/v1/definitions/{processId}/migrate',
    tags: ['definitions'],
    summary: 'Move running instances to another version by an explicit element mapping (dryRun: the plan)',
    description:
      'Validated first against both versions and every instance; any problem refuses the whole migration ' +
      '(422 `migration-invalid`, each problem named). A dry run answers the per-instance plan with the problems instead.',
    access: { roles: ['operator'], object: 'definition' },
    problems: [422],
    request: {
      params: processParam,
      body: jsonBody(
        z.object({
          from: version,
          to: version,
          mapping: z.record(elementId, elementId).default({}),
          mapEqual: z.boolean().optional(),
          instances: z.array(z.string().min(1).max(200)).max(100_000).optional(),
          dryRun: z.boolean().optional(),
          batchSize: z.number().int().min(1).max(10_000).optional(),
          reason,
        }),
      ),
    },
    responses: {
      200: {
        description: 'The plan (dry run) or what was migrated.',
        content: { 'application/json': { schema: migrationReportSchema } },
      },
    },
  }),
  modify: defineRoute({
    method: 'post',
    path: '/api/v1/instances/{id}/modify',
    tags: ['instances'],
    summary: 'Cancel tokens, start before or after elements, set variables; all checked before any applies',
    description: '422 `modification-invalid` names each unknown token, element or scope.',
    access: { roles: ['operator'], object: 'instance' },
    problems: [409, 422],
    request: {
      params: idParam,
      body: jsonBody(z.object({ operations: z.array(modifyOp).min(1).max(1000), reason })),
    },
    responses: { 200: { description: 'Modified.', content: { 'application/json': { schema: instanceOk } } } },
  }),
  suspendInstance: changeInstance('suspend'),
  resumeInstance: changeInstance('resume'),
  suspendVersion: suspendVersion(true),
  resumeVersion: suspendVersion(false),
  historyTtl: defineRoute({
    method: 'put',
    path: '/api/v1/definitions/{processId}/versions/{version}/history-ttl',
    tags: ['definitions'],
    summary: 'How many days ended instances of a version are kept (null: forever)',
    access: { roles: ['operator'], object: 'definition' },
    request: {
      params: versionParams,
      body: jsonBody(z.object({ days: z.number().min(0).max(36_500).nullable() })),
    },
    responses: {
      200: {
        description: 'Set.',
        content: {
          'application/json': {
            schema: z
              .object({
                processId: z.string(),
                version: z.number().int(),
                historyTtlDays: z.number().nullable(),
              })
              .openapi('HistoryTtl'),
          },
        },
      },
    },
  }),
  cleanup: defineRoute({
    method: 'post',
    path: '/api/v1/history/cleanup',
    tags: ['instances'],
    summary: 'Delete ended instances older than their version’s history time-to-live, with their history',
    description:
      'Covers every process of every tenant: each version’s time-to-live is its operators’ choice.',
    access: { roles: ['admin'] },
    request: {
      body: optionalBody(
        z.object({
          batchSize: z.number().int().min(1).max(10_000).optional(),
          maxBatches: z.number().int().min(1).optional(),
        }),
      ),
    },
    responses: {
      200: {
        description: 'What was deleted.',
        content: {
          'application/json': {
            schema: z
              .object({
                instances: z.number().int(),
                historyRows: z.number().int(),
                batches: z.number().int(),
              })
              .openapi('HistoryCleanup'),
          },
        },
      },
    },
  }),
};

export function mountVersionRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(versionRoutes.list, async (c) => {
    const { processId } = loaded(c, 'definition');
    const versions = await c.get('services').sluice.versions(processId);
    return c.json(
      {
        processId,
        versions: versions.map((v) => ({
          processId: v.processId,
          version: v.version,
          ...(v.name !== undefined && { name: v.name }),
          deployedAt: new Date(v.deployedAt).toISOString(),
          suspended: v.suspended,
          historyTtlDays: v.historyTtlDays ?? null,
          activeInstances: v.activeInstances,
        })),
      },
      200,
    );
  });

  app.openapi(versionRoutes.migrate, async (c) => {
    const { processId } = loaded(c, 'definition');
    const body = c.req.valid('json');
    const report = await c.get('services').sluice.migrate({
      processId,
      from: body.from,
      to: body.to,
      mapping: body.mapping,
      ...(body.mapEqual !== undefined && { mapEqual: body.mapEqual }),
      ...(body.instances !== undefined && { instances: body.instances }),
      ...(body.dryRun !== undefined && { dryRun: body.dryRun }),
      ...(body.batchSize !== undefined && { batchSize: body.batchSize }),
      ...(body.reason !== undefined && { reason: body.reason }),
      actor: c.get('principal')!.name,
    });
    return c.json(
      {
        ...report,
        instances: report.instances.map((plan) => ({ ...plan, tokens: [...plan.tokens] })),
        problems: [...report.problems],
        failed: [...report.failed],
      },
      200,
    );
  });

  app.openapi(versionRoutes.modify, async (c) => {
    const instance = loaded(c, 'instance');
    const { operations, reason } = c.req.valid('json');
    const ops = operations.map((op, i) => {
      if (op.op !== 'cancel') return op;
      if (op.tokenId !== undefined && op.elementId === undefined)
        return { op: 'cancel' as const, tokenId: op.tokenId };
      if (op.elementId !== undefined && op.tokenId === undefined)
        return { op: 'cancel' as const, elementId: op.elementId };
      throw new HttpProblem(
        400,
        'invalid-request',
        `operation ${i + 1}: a cancel names exactly one of tokenId and elementId; this one names ${op.tokenId === undefined ? 'neither' : 'both'}`,
        'give { "op": "cancel", "elementId": "..." } to cancel every token at an element, or a tokenId for one',
      );
    });
    await c.get('services').sluice.modify(instance.id, ops, {
      actor: c.get('principal')!.name,
      ...(reason !== undefined && { reason }),
    });
    return c.json({ ok: true as const, instanceId: instance.id }, 200);
  });

  for (const [route, suspend] of [
    [versionRoutes.suspendInstance, true],
    [versionRoutes.resumeInstance, false],
  ] as const) {
    app.openapi(route, async (c) => {
      const instance = loaded(c, 'instance');
      const { reason } = c.req.valid('json');
      const by = { actor: c.get('principal')!.name, ...(reason !== undefined && { reason }) };
      const { sluice } = c.get('services');
      await (suspend ? sluice.suspend(instance.id, by) : sluice.resume(instance.id, by));
      return c.json({ ok: true as const, instanceId: instance.id }, 200);
    });
  }

  for (const [route, suspend] of [
    [versionRoutes.suspendVersion, true],
    [versionRoutes.resumeVersion, false],
  ] as const) {
    app.openapi(route, async (c) => {
      const { processId, version } = loaded(c, 'definition');
      const body = c.req.valid('json');
      const options = {
        version,
        actor: c.get('principal')!.name,
        ...(body.instances !== undefined && { instances: body.instances }),
        ...(body.reason !== undefined && { reason: body.reason }),
      };
      const { sluice } = c.get('services');
      const done = await (suspend
        ? sluice.suspendDefinition(processId, options)
        : sluice.resumeDefinition(processId, options));
      return c.json({ processId, ...done }, 200);
    });
  }

  app.openapi(versionRoutes.historyTtl, async (c) => {
    const { processId, version } = loaded(c, 'definition');
    const { days } = c.req.valid('json');
    await c.get('services').sluice.setHistoryTtl(processId, days, { version });
    return c.json({ processId, version, historyTtlDays: days }, 200);
  });

  app.openapi(versionRoutes.cleanup, async (c) => {
    const body = c.req.valid('json');
    const report = await c.get('services').sluice.cleanupHistory({
      ...(body.batchSize !== undefined && { batchSize: body.batchSize }),
      ...(body.maxBatches !== undefined && { maxBatches: body.maxBatches }),
    });
    return c.json(report, 200);
  });
}
