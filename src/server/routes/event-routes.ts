/** Live task and instance changes as server-sent events. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const heartbeatMs = 15_000;

export const eventRoutes = {
  stream: defineRoute({
    method: 'get',
    path: '/api/v1/events',
    tags: ['events'],
    summary: 'Server-sent events: `task` and `instance` changes the caller may see',
    description:
      'Events: `ready` once subscribed; `instance` with `{ change: started|completed|terminated|failed, instanceId, processId, version, state, at }`; `task` with `{ change: created|claimed|completed|cancelled, at, task }`; `overflow` before the server drops a stream that fell too far behind. A comment line every 15 s keeps proxies from closing the stream. Changes are not replayed: after a reconnect, list what you need again.',
    access: {
      roles: 'signed-in',
      scope: 'operators: every change of their tenant; users: their tasks and the instances they started',
    },
    problems: [429],
    responses: {
      200: { description: 'The event stream.', content: { 'text/event-stream': { schema: z.string() } } },
    },
  }),
};

export function mountEventRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(eventRoutes.stream, (c) => {
    const principal = c.get('principal')!;
    const { live, config } = c.get('services');
    if (live.countOf(principal) >= config.limits.streamsPerPrincipal) {
      throw new HttpProblem(
        429,
        'too-many-streams',
        `'${principal.name}' has ${config.limits.streamsPerPrincipal} event streams open`,
        'close a stream before opening another; one per browser tab is plenty',
      );
    }
    const subscription = live.subscribe(principal);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => subscription.close());
      const heartbeat = setInterval(
        () => void stream.write(': keep-alive\n\n').catch(() => subscription.close()),
        heartbeatMs,
      );
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ name: principal.name }) });
        let id = 0;
        for await (const message of subscription) {
          await stream.writeSSE({
            event: message.event,
            id: String(++id),
            data: JSON.stringify(message.data),
          });
        }
        if (subscription.overflowed)
          await stream.writeSSE({
            event: 'overflow',
            data: JSON.stringify({ hint: 'reconnect and list again' }),
          });
      } finally {
        clearInterval(heartbeat);
        subscription.close();
      }
    });
  });
}
