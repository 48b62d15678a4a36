/** Every route of the API, for the tests and the docs that walk them all. */
import { authRoutes } from './auth-routes.js';
import { definitionRoutes } from './definition-routes.js';
import { eventRoutes } from './event-routes.js';
import { incidentRoutes } from './incident-routes.js';
import { instanceRoutes } from './instance-routes.js';
import { jobRoutes } from './job-routes.js';
import { messageRoutes } from './message-routes.js';
import { systemRoutes } from './system-routes.js';
import { taskRoutes } from './task-routes.js';
import { userRoutes } from './user-routes.js';

export const allRoutes = {
  ...prefixed('system', systemRoutes),
  ...prefixed('auth', authRoutes),
  ...prefixed('users', userRoutes),
  ...prefixed('definitions', definitionRoutes),
  ...prefixed('instances', instanceRoutes),
  ...prefixed('tasks', taskRoutes),
  ...prefixed('messages', messageRoutes),
  ...prefixed('incidents', incidentRoutes),
  ...prefixed('jobs', jobRoutes),
  ...prefixed('events', eventRoutes),
};

type Prefixed<G extends string, T> = { [K in keyof T & string as `${G}.${K}`]: T[K] };

function prefixed<G extends string, T extends Record<string, unknown>>(group: G, routes: T): Prefixed<G, T> {
  return Object.fromEntries(
    Object.entries(routes).map(([name, route]) => [`${group}.${name}`, route]),
  ) as Prefixed<G, T>;
}
