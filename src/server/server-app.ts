/**
 * The HTTP application: the request guards every request passes, then the routes. It holds no
 * state of its own; everything comes in through `services`, so tests build one in-process and
 * call `app.request()`, and `startServer` puts the same app behind a listening socket.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate } from './auth/authenticate.js';
import { csrfHeader, sessionCookie } from './auth/sessions.js';
import { HttpProblem, invalidRequest, problemMediaType, toProblem } from './http/problem-details.js';
import { bodyLimits, jsonGuard, requestId, securityHeaders } from './http/request-guards.js';
import { webApp } from './http/web-app.js';
import { mountAuthRoutes } from './routes/auth-routes.js';
import { mountDefinitionRoutes, uploadPath } from './routes/definition-routes.js';
import { mountEventRoutes } from './routes/event-routes.js';
import { mountIncidentRoutes } from './routes/incident-routes.js';
import { mountNodeRoutes } from './routes/node-routes.js';
import { mountInsightApi, withLogUploadLimit } from './routes/insight-api.js';
import { mountInstanceRoutes } from './routes/instance-routes.js';
import { mountActivityRoutes } from './routes/activity-routes.js';
import { mountJobRoutes } from './routes/job-routes.js';
import { mountMessageRoutes } from './routes/message-routes.js';
import { mountSystemRoutes } from './routes/system-routes.js';
import { mountTaskFormRoutes } from './routes/task-form-routes.js';
import { mountTaskRoutes } from './routes/task-routes.js';
import { mountUserRoutes } from './routes/user-routes.js';
import { mountWebhookRoutes } from './routes/webhook-routes.js';
import { mountDecisionRoutes } from './routes/decision-routes.js';
import { mountWorkRoutes } from './routes/work-routes.js';
import { mountSimulationRoutes } from './routes/simulation-routes.js';
import { mountSkillRoutes } from './routes/skill-routes.js';
import { mountVersionRoutes } from './routes/version-routes.js';
import type { ServerEnv, ServerServices } from './server-env.js';

export type ServerApp = OpenAPIHono<ServerEnv>;

export interface BuiltApp {
  readonly app: ServerApp;
  /** The OpenAPI 3.1 document of every route. */
  readonly document: () => Record<string, unknown>;
}

function problemResponse(c: Context<ServerEnv>, error: unknown): Response {
  const requestId = c.get('requestId');
  const answer = toProblem(error, requestId);
  if (answer.unexpected)
    c.get('services')?.logger.error({ err: error, requestId, path: c.req.path }, 'request failed');
  const response = c.json(answer.body, answer.status, {
    'Content-Type': problemMediaType,
    ...answer.headers,
  });
  return response;
}

export function createServerApp(services: ServerServices): BuiltApp {
  const app = new OpenAPIHono<ServerEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.target, result.error.issues);
    },
  });

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('services', services);
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath === '/*' ? 'unmatched' : c.req.routePath;
    services.metrics.observeRequest(c.req.method, route, c.res.status, seconds);
    services.logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
        ...(c.get('principal') && { principal: c.get('principal')!.name }),
      },
      'request',
    );
  });
  app.use('*', webApp());
  app.use('*', securityHeaders());
  app.use(
    '*',
    withLogUploadLimit(
      bodyLimits(services.config.limits.jsonBytes, services.config.limits.uploadBytes, uploadPath),
    ),
  );
  app.use('*', jsonGuard());
  app.use('*', authenticate());

  app.onError((error, c) => problemResponse(c, error));
  app.notFound((c) =>
    problemResponse(
      c,
      new HttpProblem(
        404,
        'route-not-found',
        `no route answers ${c.req.method} ${c.req.path}`,
        'the routes are listed in /api/v1/openapi.json',
      ),
    ),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookie,
    description: `A session from POST /api/v1/auth/sign-in. State-changing requests also send the CSRF token in ${csrfHeader}.`,
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (sk_...) an admin made with POST /api/v1/api-keys.',
  });

  let cached: Record<string, unknown> | undefined;
  const document = (): Record<string, unknown> =>
    (cached ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Sluice API',
        version: '1',
        description:
          'Deploy processes, start and drive instances, work on tasks, run external jobs. Errors are application/problem+json with a stable `code` and a `hint`. Each operation states its access rule in `x-sluice-access`.',
      },
      tags: [
        { name: 'system' },
        { name: 'auth' },
        { name: 'users' },
        { name: 'definitions' },
        { name: 'instances' },
        { name: 'tasks' },
        { name: 'messages' },
        { name: 'webhooks' },
        { name: 'decisions' },
        { name: 'incidents' },
        { name: 'jobs' },
        { name: 'events' },
        { name: 'insight' },
        { name: 'simulation' },
        { name: 'notifications' },
      ],
    }) as unknown as Record<string, unknown>);

  mountSystemRoutes(app, document);
  mountAuthRoutes(app);
  mountUserRoutes(app);
  mountSkillRoutes(app);
  mountDefinitionRoutes(app);
  mountInstanceRoutes(app);
  mountActivityRoutes(app);
  mountTaskRoutes(app);
  mountTaskFormRoutes(app);
  mountMessageRoutes(app);
  mountIncidentRoutes(app);
  mountNodeRoutes(app);
  mountJobRoutes(app);
  mountEventRoutes(app);
  mountInsightApi(app);
  mountWorkRoutes(app);
  mountSimulationRoutes(app);
  mountWebhookRoutes(app);
  mountDecisionRoutes(app);
  mountVersionRoutes(app);
  return { app, document };
}
