/** The Sluice server: the HTTP API, identity and access, live events and metrics. */
export {
  createServer,
  listen,
  type Listening,
  type ServerOptions,
  type SluiceServer,
} from './sluice-server.js';
export { createServerApp, type ServerApp } from './server-app.js';
export type { ServerServices, ServerLimits } from './server-env.js';
export { roles, type Role, type Principal } from './access/principal.js';
export { allRoutes } from './routes/all-routes.js';
