/**
 * The external-worker protocol. A worker fetches and locks jobs by type, then reports each
 * one with the `attempt` it got: complete, fail (retried with backoff, then an incident) or
 * throw a BPMN error (caught by an error boundary event). It extends the lock while it works.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { loaded } from '../access/object-rules.js';
import { defineRoute, idParam, jsonBody } from '../http/route-spec.js';
import { jobSchema, jobView, variablesSchema } from '../http/views.js';
import type { ServerEnv } from '../server-env.js';

const workerId = z
  .string()
  .regex(/^[A-Za-z0-9._:@-]{1,64}$/)
  .default('default')
  .openapi({ description: 'Names the worker process in the lock (default `default`).' });
const attempt = z.number().int().min(1).openapi({ description: 'The `attempt` of the fetched job.' });
const reported = z
  .object({ ok: z.literal(true), jobId: z.string(), instanceId: z.string() })
  .openapi('JobReported');
const reportResponses = {
  200: { description: 'Reported.', content: { 'application/json': { schema: reported } } },
};

export const jobRoutes = {
  fetchAndLock: defineRoute({
    method: 'post',
    path: '/api/v1/jobs/fetch-and-lock',
    tags: ['jobs'],
    summary: 'Fetch due jobs of the given types and lock them for this worker',
    description:
      'With `waitMs` the request waits (long polling) until a job is due or the time is up; it answers an empty list then.',
    access: { roles: ['worker'], scope: 'jobs of the caller’s tenant' },
    request: {
      body: jsonBody(
        z.object({
          workerId,
          types: z.array(z.string().min(1).max(200)).min(1).max(50),
          maxJobs: z.number().int().min(1).max(100).default(10),
          lockMs: z
            .number()
            .int()
            .min(1000)
            .max(24 * 3600_000)
            .default(300_000),
          waitMs: z.number().int().min(0).max(30_000).default(0),
        }),
      ),
    },
    responses: {
      200: {
        description: 'The jobs locked (maybe none).',
        content: {
          'application/json': { schema: z.object({ jobs: z.array(jobSchema) }).openapi('LockedJobs') },
        },
      },
    },
  }),
  get: defineRoute({
    method: 'get',
    path: '/api/v1/jobs/{id}',
    tags: ['jobs'],
    summary: 'One job: its type, attempt, retries, lock and last error',
    access: { roles: ['operator', 'worker'], object: 'job' },
    request: { params: idParam },
    responses: { 200: { description: 'The job.', content: { 'application/json': { schema: jobSchema } } } },
  }),
  complete: defineRoute({
    method: 'post',
    path: '/api/v1/jobs/{id}/complete',
    tags: ['jobs'],
    summary: 'Report the job done, with variables to set',
    access: { roles: ['worker'], object: 'job-lock' },
    problems: [422],
    request: {
      params: idParam,
      body: jsonBody(z.object({ attempt, variables: variablesSchema.optional() })),
    },
    responses: reportResponses,
  }),
  fail: defineRoute({
    method: 'post',
    path: '/api/v1/jobs/{id}/fail',
    tags: ['jobs'],
    summary: 'Report a technical failure: retried after a backoff while retries last, then an incident',
    access: { roles: ['worker'], object: 'job-lock' },
    problems: [422],
    request: {
      params: idParam,
      body: jsonBody(
        z.object({
          attempt,
          error: z.string().min(1).max(10_000),
          retries: z
            .number()
            .int()
            .min(0)
            .max(100)
            .optional()
            .openapi({ description: 'Retries left; default one less than the job had.' }),
          retryInMs: z
            .number()
            .int()
            .min(0)
            .max(30 * 24 * 3600_000)
            .optional()
            .openapi({
              description:
                "Backoff; default the task's (sluice:retryBackoff), else doubling from 1 s to 5 min.",
            }),
        }),
      ),
    },
    responses: reportResponses,
  }),
  bpmnError: defineRoute({
    method: 'post',
    path: '/api/v1/jobs/{id}/bpmn-error',
    tags: ['jobs'],
    summary: 'Report a business error; an error boundary event with the code catches it',
    access: { roles: ['worker'], object: 'job-lock' },
    problems: [422],
    request: {
      params: idParam,
      body: jsonBody(
        z.object({
          attempt,
          errorCode: z.string().min(1).max(200),
          message: z.string().max(10_000).optional(),
          variables: variablesSchema.optional(),
        }),
      ),
    },
    responses: reportResponses,
  }),
  extendLock: defineRoute({
    method: 'post',
    path: '/api/v1/jobs/{id}/extend-lock',
    tags: ['jobs'],
    summary: 'Keep the lock while the work takes longer',
    access: { roles: ['worker'], object: 'job-lock' },
    request: {
      params: idParam,
      body: jsonBody(
        z.object({
          workerId,
          attempt,
          lockMs: z
            .number()
            .int()
            .min(1000)
            .max(24 * 3600_000),
        }),
      ),
    },
    responses: {
      200: {
        description: 'Extended.',
        content: {
          'application/json': {
            schema: z
              .object({ ok: z.literal(true), jobId: z.string(), lockedUntil: z.string() })
              .openapi('LockExtended'),
          },
        },
      },
    },
  }),
};

export function mountJobRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(jobRoutes.fetchAndLock, async (c) => {
    const body = c.req.valid('json');
    const jobs = await c.get('services').jobs.fetchAndLock(c.get('principal')!, body, c.req.raw.signal);
    return c.json({ jobs: jobs.map(jobView) }, 200);
  });

  app.openapi(jobRoutes.get, (c) => c.json(jobView(loaded(c, 'job')), 200));

  app.openapi(jobRoutes.complete, async (c) => {
    const job = loaded(c, 'job-lock');
    const body = c.req.valid('json');
    await c.get('services').jobs.report(job, body.attempt, {
      kind: 'complete',
      actor: c.get('principal')!.name,
      ...(body.variables && { variables: body.variables }),
    });
    return c.json({ ok: true as const, jobId: job.id, instanceId: job.instanceId }, 200);
  });

  app.openapi(jobRoutes.fail, async (c) => {
    const job = loaded(c, 'job-lock');
    const body = c.req.valid('json');
    await c.get('services').jobs.report(job, body.attempt, {
      kind: 'fail',
      error: body.error,
      ...(body.retries !== undefined && { retries: body.retries }),
      ...(body.retryInMs !== undefined && { retryInMs: body.retryInMs }),
    });
    return c.json({ ok: true as const, jobId: job.id, instanceId: job.instanceId }, 200);
  });

  app.openapi(jobRoutes.bpmnError, async (c) => {
    const job = loaded(c, 'job-lock');
    const body = c.req.valid('json');
    await c.get('services').jobs.report(job, body.attempt, {
      kind: 'bpmn-error',
      errorCode: body.errorCode,
      ...(body.message !== undefined && { message: body.message }),
      ...(body.variables && { variables: body.variables }),
    });
    return c.json({ ok: true as const, jobId: job.id, instanceId: job.instanceId }, 200);
  });

  app.openapi(jobRoutes.extendLock, async (c) => {
    const job = loaded(c, 'job-lock');
    const body = c.req.valid('json');
    const until = await c
      .get('services')
      .jobs.extendLock(c.get('principal')!, job, body.workerId, body.attempt, body.lockMs);
    return c.json({ ok: true as const, jobId: job.id, lockedUntil: new Date(until).toISOString() }, 200);
  });
}
