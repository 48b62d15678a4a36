/**
 * Object-level access: before a route's handler runs, the object its path names is loaded and
 * checked against the caller. Objects of another tenant, and objects the caller may not see,
 * answer 404 exactly as objects that do not exist, so ids cannot be probed; an object the
 * caller sees but may not act on answers 403 (or 409 for a job locked by someone else).
 */
import type { Context } from 'hono';
import type { InstanceState } from '../../core/types.js';
import type { DefinitionRecord, IncidentRecord, JobRecord, TaskRecord } from '../../store/store.js';
import type { ApiKey, User } from '../auth/identity-store.js';
import { HttpProblem } from '../http/problem-details.js';
import type { ServerEnv, ServerServices } from '../server-env.js';
import { type Principal, seesAllWork } from './principal.js';
import { lockPrefix, maySeeTask, mayWorkOn } from './visibility.js';

export interface LoadedObjects {
  readonly definition: DefinitionRecord;
  readonly instance: InstanceState;
  readonly task: TaskRecord;
  readonly 'task-work': TaskRecord;
  readonly incident: IncidentRecord;
  readonly job: JobRecord;
  readonly 'job-lock': JobRecord;
  readonly user: User;
  readonly 'api-key': ApiKey;
}

export type ObjectRule = keyof LoadedObjects;

interface RuleDefinition<T> {
  /** The path parameter that names the object. */
  readonly param: string;
  /** What the rule demands, for the OpenAPI document and the docs. */
  readonly says: string;
  load(
    services: ServerServices,
    principal: Principal,
    id: string,
    params: Record<string, string>,
  ): Promise<T>;
}

const notFound = (what: string, id: string, hint: string): HttpProblem =>
  new HttpProblem(404, `${what}-not-found`, `no ${what.replace('-', ' ')} has id '${id}'`, hint);

/** The instance as the caller may see it: their tenant, and for a `user` their own. */
export async function visibleInstance(
  services: ServerServices,
  principal: Principal,
  id: string,
): Promise<InstanceState> {
  const missing = notFound('instance', id, 'list the instances you may see with GET /api/v1/instances');
  const record = await services.sluice.store.loadInstance(id);
  if (!record || !(await services.tenancy.owns(principal.tenant, record.state.processId))) throw missing;
  if (seesAllWork(principal) || (await services.tenancy.starterOf(id)) === principal.name)
    return record.state;
  for (const state of ['open', 'completed'] as const) {
    const tasks = await services.sluice.store.listTasks({ instanceId: id, state, limit: 1000 });
    if (tasks.items.some((task) => maySeeTask(principal, task))) return record.state;
  }
  throw missing;
}

async function visibleTask(services: ServerServices, principal: Principal, id: string): Promise<TaskRecord> {
  const task = await services.sluice.store.getTask(id);
  if (
    !task ||
    !(await services.tenancy.owns(principal.tenant, task.processId)) ||
    !maySeeTask(principal, task)
  )
    throw notFound('task', id, 'list the tasks you may work on with GET /api/v1/tasks');
  return task;
}

async function tenantJob(services: ServerServices, principal: Principal, id: string): Promise<JobRecord> {
  const job = await services.sluice.store.getJob(id);
  if (!job || !(await services.tenancy.owns(principal.tenant, job.processId)))
    throw notFound('job', id, 'fetch and lock jobs with POST /api/v1/jobs/fetch-and-lock');
  return job;
}

export const objectRules: { readonly [K in ObjectRule]: RuleDefinition<LoadedObjects[K]> } = {
  definition: {
    param: 'processId',
    says: 'the process belongs to the caller’s tenant',
    async load(services, principal, processId, params) {
      const version = params.version === undefined ? undefined : Number(params.version);
      const definition =
        (await services.tenancy.owns(principal.tenant, processId)) &&
        (await services.sluice.store.findDefinition(processId, version));
      if (!definition) {
        throw new HttpProblem(
          404,
          'process-not-found',
          version === undefined
            ? `no process with id '${processId}' is deployed`
            : `process '${processId}' has no version ${version}`,
          'list deployed processes with GET /api/v1/definitions',
        );
      }
      return definition;
    },
  },
  instance: {
    param: 'id',
    says: 'operators see every instance of their tenant; users the instances they started or have a task in',
    load: (services, principal, id) => visibleInstance(services, principal, id),
  },
  task: {
    param: 'id',
    says: 'operators see every task of their tenant; users the tasks they may work on or have closed',
    load: (services, principal, id) => visibleTask(services, principal, id),
  },
  'task-work': {
    param: 'id',
    says: 'only the assignee, or while unassigned a candidate user or a member of a candidate group',
    async load(services, principal, id) {
      const task = await visibleTask(services, principal, id);
      if (!mayWorkOn(principal, task)) {
        throw new HttpProblem(
          403,
          'not-a-candidate',
          task.assignee === undefined
            ? `'${principal.name}' is not a candidate for task '${id}'`
            : `task '${id}' is assigned to '${task.assignee}'`,
          'only the assignee, or a candidate while the task is unassigned, may claim or complete it',
        );
      }
      return task;
    },
  },
  incident: {
    param: 'id',
    says: 'the incident’s process belongs to the caller’s tenant',
    async load(services, principal, id) {
      const incident = await services.sluice.store.getIncident(id);
      if (!incident || !(await services.tenancy.owns(principal.tenant, incident.processId)))
        throw notFound('incident', id, 'list open incidents with GET /api/v1/incidents');
      return incident;
    },
  },
  job: {
    param: 'id',
    says: 'the job’s process belongs to the caller’s tenant',
    load: (services, principal, id) => tenantJob(services, principal, id),
  },
  'job-lock': {
    param: 'id',
    says: 'the caller’s credential holds the job’s lock (fetched it and the lock has not expired)',
    async load(services, principal, id) {
      const job = await tenantJob(services, principal, id);
      const held =
        job.leaseOwner?.startsWith(lockPrefix(principal)) === true &&
        (job.leaseUntil ?? 0) >= services.clock.now();
      if (!held) {
        throw new HttpProblem(
          409,
          'job-not-locked',
          `job '${id}' is not locked by you: it was never fetched with your credential, or its lock expired`,
          'fetch jobs with POST /api/v1/jobs/fetch-and-lock and report before the lock expires (extend it while working)',
        );
      }
      return job;
    },
  },
  user: {
    param: 'id',
    says: 'the user belongs to the caller’s tenant',
    async load(services, principal, id) {
      const user = await services.identity.user(id);
      if (!user || user.tenant !== principal.tenant)
        throw notFound('user', id, 'list users with GET /api/v1/users');
      return user;
    },
  },
  'api-key': {
    param: 'id',
    says: 'the key belongs to the caller’s tenant',
    async load(services, principal, id) {
      const key = await services.identity.apiKey(id);
      if (!key || key.tenant !== principal.tenant)
        throw notFound('api-key', id, 'list API keys with GET /api/v1/api-keys');
      return key;
    },
  },
};

/** The object the route's rule loaded, typed by the rule. */
export function loaded<K extends ObjectRule>(c: Context<ServerEnv>, _rule: K): LoadedObjects[K] {
  return c.get('object') as LoadedObjects[K];
}
