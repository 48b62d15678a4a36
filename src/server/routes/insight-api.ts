/** The insight routes together, so the server wires them in with one line each. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ServerEnv } from '../server-env.js';
import { insightRoutes, mountInsightRoutes } from './insight-routes.js';
import {
  insightUploadRoutes,
  logDiscoverPath,
  logUploadLimit,
  logUploadPath,
  mountInsightUploadRoutes,
} from './insight-upload-routes.js';

export const insightApi = { ...insightRoutes, ...insightUploadRoutes };

export function mountInsightApi(app: OpenAPIHono<ServerEnv>): void {
  mountInsightRoutes(app);
  mountInsightUploadRoutes(app);
}

/** Log uploads get their own body limit; every other request keeps `otherwise`. */
export function withLogUploadLimit(otherwise: MiddlewareHandler): MiddlewareHandler {
  const upload = logUploadLimit();
  return (c, next) =>
    c.req.path === logUploadPath || c.req.path === logDiscoverPath ? upload(c, next) : otherwise(c, next);
}
