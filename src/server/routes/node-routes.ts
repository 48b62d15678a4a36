/** The nodes of the cluster: who is alive, what each holds (job leases, cluster-wide duties). */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { defineRoute } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const nodeSchema = z
  .object({
    id: z.string(),
    host: z.string(),
    pid: z.number().int(),
    startedAt: z.string().describe('ISO 8601'),
    heartbeatAt: z.string().describe('ISO 8601: the last heartbeat'),
    leaseUntil: z.string().describe('ISO 8601: alive until then without another heartbeat'),
    alive: z.boolean(),
    singletons: z.array(z.string()).describe("cluster-wide duties it holds, e.g. 'timers'"),
    jobLeases: z.number().int().describe('jobs it holds under a live lease'),
  })
  .openapi('Node');

export const nodeRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/nodes',
    tags: ['system'],
    summary: 'The engine nodes on this database, their heartbeats and leases',
    access: { roles: ['operator'], scope: 'every node: nodes belong to no tenant' },
    responses: {
      200: {
        description: 'The nodes, oldest first; nodes gone for a day are forgotten.',
        content: {
          'application/json': { schema: z.object({ items: z.array(nodeSchema) }).openapi('NodeList') },
        },
      },
    },
  }),
};

export function mountNodeRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(nodeRoutes.list, async (c) => {
    const { sluice } = c.get('services');
    const nodes = await sluice.store.listNodes(sluice.clock.now());
    const iso = (ms: number): string => new Date(ms).toISOString();
    const items = nodes.map((n) => ({
      ...n,
      singletons: [...n.singletons],
      startedAt: iso(n.startedAt),
      heartbeatAt: iso(n.heartbeatAt),
      leaseUntil: iso(n.leaseUntil),
    }));
    return c.json({ items }, 200);
  });
}
