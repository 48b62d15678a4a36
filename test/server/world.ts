/**
 * A small world for access tests: two tenants, one person per role in the first, an outsider
 * `otto` in the same tenant, and `fred` in the other tenant. Objects are made fresh on demand,
 * each as one of three kinds: the caller's own, another person's in the same tenant, or one in
 * the other tenant ("foreign").
 */
import type { Role } from '../../src/server/access/principal.js';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, serverHarness } from './server-harness.js';

export type Column = 'own' | 'other' | 'foreign';
export type Caller = Role | 'anonymous';
export const callers: readonly Caller[] = ['anonymous', 'admin', 'modeler', 'operator', 'worker', 'user'];
export const home = 'default';
export const away = 'away';

/** A user task offered to the users in `who`; a service task whose type is `jobType`. */
export const workModel = (processId: string): string =>
  bpmn(
    processId,
    `<bpmn:startEvent id="s"/>
     <bpmn:exclusiveGateway id="kind" default="f_kind_review"/>
     <bpmn:userTask id="review" name="Review"><bpmn:extensionElements><zeebe:assignmentDefinition candidateUsers="= who"/></bpmn:extensionElements></bpmn:userTask>
     <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="= jobType" retries="3"/></bpmn:extensionElements></bpmn:serviceTask>
     <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
     <bpmn:endEvent id="e"/>
     ${flows('s>kind', 'kind>review', 'kind>work?jobType != null', 'kind>wait?key != null', 'review>e', 'work>e', 'wait>e')}`,
    `<bpmn:message id="m" name="${processId}-message"><bpmn:extensionElements><zeebe:subscription correlationKey="= key"/></bpmn:extensionElements></bpmn:message>`,
  );

export interface World {
  readonly h: Harness;
  readonly as: Record<Caller, Credential | undefined>;
  /** The principal id of each caller (the lock owner of jobs they fetch). */
  readonly ids: Record<string, string>;
  processOf(column: Column): string;
  instance(column: Column, caller: Caller): Promise<string>;
  task(
    column: Column,
    caller: Caller,
    state?: 'offered' | 'claimed' | 'delegated' | 'suspended',
  ): Promise<string>;
  /** A job locked by the caller (own), by another worker of the tenant (other), or in the other tenant. */
  job(column: Column, caller: Caller): Promise<{ id: string; attempt: number }>;
  incident(column: Column): Promise<string>;
  /** An instance waiting for a message; returns its correlation key. */
  waiting(column: Column): Promise<{ name: string; key: string }>;
  user(column: Column): Promise<string>;
  apiKey(column: Column): Promise<string>;
  nameOf(caller: Caller): string;
  fresh(role: Role): Promise<Credential>;
  unique(prefix: string): string;
}

const names: Record<Role, string> = {
  admin: 'ada',
  modeler: 'mona',
  operator: 'opal',
  worker: 'walt',
  user: 'uma',
};

export async function world(): Promise<World> {
  const h = await serverHarness();
  const as: Record<Caller, Credential | undefined> = { anonymous: undefined } as Record<
    Caller,
    Credential | undefined
  >;
  for (const [role, name] of Object.entries(names) as [Role, string][]) as[role] = await h.user(name, [role]);
  await h.user('otto', ['user']);
  await h.user('fred', ['admin'], { tenant: away });
  await h.deploy(home, workModel('home-work'));
  await h.deploy(away, workModel('away-work'));
  const { identity, tenancy, jobs } = h.server.services;
  const ids: Record<string, string> = {};
  for (const name of [...Object.values(names), 'otto', 'fred'])
    ids[name] = (await identity.userByName(name))!.id;
  const homeWorker = await identity.createApiKey({
    name: 'home-worker',
    roles: ['worker'],
    tenant: home,
    createdBy: 'test',
  });
  const awayWorker = await identity.createApiKey({
    name: 'away-worker',
    roles: ['worker'],
    tenant: away,
    createdBy: 'test',
  });
  let counter = 0;
  const unique = (prefix: string): string => `${prefix}-${++counter}`;
  const nameOf = (caller: Caller): string => (caller === 'anonymous' ? 'nobody' : names[caller]);
  const processOf = (column: Column): string => (column === 'foreign' ? 'away-work' : 'home-work');

  const start = async (
    column: Column,
    starter: string,
    variables: Record<string, unknown>,
  ): Promise<string> => {
    const { instanceId } = await h.sluice.start(processOf(column), { variables, actor: starter });
    await tenancy.recordStart(instanceId, column === 'foreign' ? away : home, starter);
    return instanceId;
  };

  const lockJob = async (
    owner: string,
    column: Column,
  ): Promise<{ id: string; attempt: number; instanceId: string }> => {
    const jobType = unique('job');
    const instanceId = await start(column, 'otto', { jobType });
    const [job] = await h.sluice.store.acquireJobs({
      owner,
      now: Date.now(),
      leaseMs: 600_000,
      limit: 1,
      types: [jobType],
    });
    if (!job) throw new Error('no job to lock');
    return { id: job.id, attempt: job.attempt, instanceId };
  };

  return {
    h,
    as,
    ids,
    processOf,
    nameOf,
    unique,
    instance: async (column, caller) => {
      const starter = column === 'other' ? 'otto' : nameOf(caller);
      const businessKey = unique('case');
      const { instanceId } = await h.sluice.start(processOf(column), {
        variables: { who: ['nobody'] },
        businessKey,
        actor: starter,
      });
      await tenancy.recordStart(instanceId, column === 'foreign' ? away : home, starter);
      return instanceId;
    },
    async task(column, caller, state = 'offered') {
      const person = column === 'other' ? 'otto' : nameOf(caller);
      const instanceId = await start(column, 'otto', { who: [person] });
      const [task] = (await h.sluice.tasks({ instanceId })).items;
      const id = task!.id;
      if (state === 'claimed' || state === 'delegated')
        await h.sluice.taskAction(id, { op: 'claim' }, { actor: person });
      if (state === 'delegated') {
        // Delegated by its owner to the person who must resolve it.
        await h.sluice.taskAction(id, { op: 'reassign', to: 'olivia' }, { actor: 'test' });
        await h.sluice.taskAction(id, { op: 'delegate', to: person }, { actor: 'olivia' });
      }
      if (state === 'suspended') await h.sluice.taskAction(id, { op: 'suspend' }, { actor: 'test' });
      return id;
    },
    async job(column, caller) {
      const owner =
        column === 'foreign'
          ? `ext:${awayWorker.apiKey.id}:default`
          : column === 'other'
            ? `ext:${homeWorker.apiKey.id}:default`
            : `ext:${ids[nameOf(caller)] ?? 'nobody'}:default`;
      const { id, attempt } = await lockJob(owner, column);
      return { id, attempt };
    },
    async incident(column) {
      const { id, attempt } = await lockJob('ext:test:default', column);
      const job = (await h.sluice.store.getJob(id))!;
      await jobs.report(job, attempt, { kind: 'fail', error: 'boom', retries: 0 });
      const incident = (await h.sluice.incidents({ open: true })).find((i) => i.jobId === id);
      if (!incident) throw new Error('no incident');
      return incident.id;
    },
    async waiting(column) {
      const key = unique('key');
      await start(column, 'otto', { key });
      return { name: `${processOf(column)}-message`, key };
    },
    async user(column) {
      const user = await identity.createUser({
        username: unique('someone'),
        password: 'a long enough password',
        roles: ['user'],
        tenant: column === 'foreign' ? away : home,
      });
      return user.id;
    },
    async apiKey(column) {
      const { apiKey } = await identity.createApiKey({
        name: unique('key'),
        roles: ['worker'],
        tenant: column === 'foreign' ? away : home,
        createdBy: 'test',
      });
      return apiKey.id;
    },
    async fresh(role) {
      return h.user(unique(role), [role]);
    },
  };
}
