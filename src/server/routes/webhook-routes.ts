/**
 * Inbound webhooks: a modeler names a webhook, its secret and what a delivery does (start a
 * process, correlate a message); senders post signed deliveries to it. See
 * docs/automation.md for the signature and the idempotency key.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute, jsonBody } from '../http/route-spec.js';
import { deliverWebhook } from '../jobs/inbound-webhooks.js';
import type { ServerEnv } from '../server-env.js';

const nameParam = z.object({ name: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) });
const feel = z.string().min(1).max(2000);

export const webhookRoutes = {
  put: defineRoute({
    method: 'put',
    path: '/api/v1/webhooks/{name}',
    tags: ['webhooks'],
    summary: 'Create or replace an inbound webhook: its secret and what a delivery does',
    access: { roles: ['modeler'] },
    problems: [404, 422],
    request: {
      params: nameParam,
      body: jsonBody(
        z.object({
          secret: z
            .string()
            .min(16)
            .max(200)
            .openapi({ description: 'The HMAC-SHA256 key senders sign with.' }),
          start: z.string().min(1).max(200).optional().openapi({ description: 'Start this process.' }),
          message: z
            .string()
            .min(1)
            .max(200)
            .optional()
            .openapi({ description: 'Or correlate this message.' }),
          correlationKey: feel.optional().openapi({ description: 'FEEL over `body` and `headers`.' }),
          variables: feel
            .optional()
            .openapi({ description: 'FEEL over `body` and `headers`; default the body.' }),
          idempotencyKey: feel.optional().openapi({
            description:
              'FEEL over `body` and `headers`; default the Idempotency-Key header, else the body hash.',
          }),
        }),
      ),
    },
    responses: {
      200: {
        description: 'Saved.',
        content: {
          'application/json': {
            schema: z.object({ ok: z.literal(true), name: z.string() }).openapi('WebhookSaved'),
          },
        },
      },
    },
  }),
  deliver: defineRoute({
    method: 'post',
    path: '/api/v1/webhooks/{name}/deliveries',
    tags: ['webhooks'],
    summary: 'Deliver an event: signed with the webhook secret; one idempotency key acts once',
    access: {
      roles: 'public',
      why: 'senders prove themselves with an HMAC-SHA256 signature of the body under the webhook secret',
    },
    problems: [401, 404, 422],
    request: { params: nameParam },
    responses: {
      200: {
        description: 'Done, or a repeat of a delivery done before (`duplicate`).',
        content: {
          'application/json': {
            schema: z
              .object({ instanceId: z.string().optional(), started: z.boolean(), duplicate: z.boolean() })
              .openapi('WebhookDelivered'),
          },
        },
      },
    },
  }),
};

const strip = (text: string | undefined): string | undefined => text?.replace(/^\s*=/, '');

export function mountWebhookRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(webhookRoutes.put, async (c) => {
    const { name } = c.req.valid('param');
    const body = c.req.valid('json');
    const services = c.get('services');
    if ((body.start === undefined) === (body.message === undefined))
      throw new HttpProblem(
        422,
        'webhook-action-invalid',
        'a webhook either starts a process or correlates a message',
        'give `start` or `message`, not both',
      );
    if (body.start !== undefined && !(await services.tenancy.owns(c.get('principal')!.tenant, body.start)))
      throw new HttpProblem(
        404,
        'process-not-found',
        `no process '${body.start}' is deployed in your tenant`,
        'deploy it first',
      );
    const correlationKey = strip(body.correlationKey);
    const variables = strip(body.variables);
    const idempotencyKey = strip(body.idempotencyKey);
    await services.sluice.store.saveWebhook({
      name,
      secret: body.secret,
      action:
        body.start !== undefined
          ? { start: body.start }
          : { message: body.message!, ...(correlationKey !== undefined && { correlationKey }) },
      ...(variables !== undefined && { variables }),
      ...(idempotencyKey !== undefined && { idempotencyKey }),
      updatedAt: services.clock.now(),
    });
    return c.json({ ok: true as const, name }, 200);
  });

  app.openapi(webhookRoutes.deliver, async (c) => {
    const { name } = c.req.valid('param');
    const rawBody = await c.req.text();
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, key) => (headers[key] = value));
    return c.json(await deliverWebhook(c.get('services').sluice, name, { rawBody, headers }), 200);
  });
}
