/** Every route of the API, for the tests and the docs that walk them all. */
import { authRoutes } from './auth-routes.js';
import { decisionRoutes } from './decision-routes.js';
import { definitionRoutes } from './definition-routes.js';
import { eventRoutes } from './event-routes.js';
import { incidentRoutes } from './incident-routes.js';
import { insightApi } from './insight-api.js';
import { instanceRoutes } from './instance-routes.js';
import { activityRoutes } from './activity-routes.js';
import { jobRoutes } from './job-routes.js';
import { messageRoutes } from './message-routes.js';
import { nodeRoutes } from './node-routes.js';
import { systemRoutes } from './system-routes.js';
import { taskFormRoutes } from './task-form-routes.js';
import { taskRoutes } from './task-routes.js';
import { userRoutes } from './user-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { workRoutes } from './work-routes.js';
import { simulationRoutes } from './simulation-routes.js';
import { skillRoutes } from './skill-routes.js';
import { versionRoutes } from './version-routes.js';

export const allRoutes = {
  ...prefixed('system', systemRoutes),
  ...prefixed('nodes', nodeRoutes),
  ...prefixed('auth', authRoutes),
  ...prefixed('users', userRoutes),
  ...prefixed('users', skillRoutes),
  ...prefixed('definitions', definitionRoutes),
  ...prefixed('instances', instanceRoutes),
  ...prefixed('instances', activityRoutes),
  ...prefixed('tasks', taskRoutes),
  ...prefixed('tasks', taskFormRoutes),
  ...prefixed('messages', messageRoutes),
  ...prefixed('incidents', incidentRoutes),
  ...prefixed('jobs', jobRoutes),
  ...prefixed('events', eventRoutes),
  ...prefixed('insight', insightApi),
  ...prefixed('work', workRoutes),
  ...prefixed('simulation', simulationRoutes),
  ...prefixed('webhooks', webhookRoutes),
  ...prefixed('decisions', decisionRoutes),
  ...prefixed('versions', versionRoutes),
};

type Prefixed<G extends string, T> = { [K in keyof T & string as `${G}.${K}`]: T[K] };

function prefixed<G extends string, T extends Record<string, unknown>>(group: G, routes: T): Prefixed<G, T> {
  return Object.fromEntries(
    Object.entries(routes).map(([name, route]) => [`${group}.${name}`, route]),
  ) as Prefixed<G, T>;
}
