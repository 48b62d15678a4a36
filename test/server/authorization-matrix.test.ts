/**
 * Every route, called by every role (and by nobody), on an object of the caller's own, on
 * another person's in the same tenant, and on one in another tenant. The expected answer of
 * each cell comes from the route's declared access rule, read through the meaning of each
 * rule written down here, independently of the server's code. A route with no case here, or
 * without a rule, fails. Every answer must also be one the OpenAPI document lists for the
 * route, in the documented media type and shape.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- answers are JSON documents read field by field */
import { sign } from '../../src/connect/signature.js';
import type { z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { problemSchema } from '../../src/server/http/problem-details.js';
import type { Access } from '../../src/server/http/route-spec.js';
import { allRoutes } from '../../src/server/routes/all-routes.js';
import type { Answer, Json } from './server-harness.js';
import { bpmn, flows } from '../support/bpmn.js';
import { teamDecision } from '../rules/fixtures/team-decision.js';
import { away, type Caller, callers, type Column, home, type World, world } from './world.js';

type RouteKey = keyof typeof allRoutes;

interface Call {
  readonly params?: Record<string, string>;
  /** Narrows a list to the item under test, so it is on the first page however many there are. */
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly form?: () => FormData;
  /** For the event stream: read the status and headers, not the endless body. */
  readonly stream?: boolean;
  /** Use a fresh person of the caller's role (signing out, changing a password). */
  readonly fresh?: boolean;
}

interface Case {
  /** Makes the object the path names, of the column's kind, and says how to call the route on it. */
  readonly call: (w: World, caller: Caller, column: Column, item?: string) => Promise<Call>;
  /** For lists: which items the answer holds. */
  readonly listed?: (body: Json) => string[];
  /** For lists: makes an item of the column's kind and returns the id the list shows. */
  readonly item?: (w: World, caller: Caller, column: Column) => Promise<string>;
}

const items = (body: Json): string[] => (body.items as { id: string }[]).map((i) => i.id);
const plain =
  (call: Call = {}) =>
  (): Promise<Call> =>
    Promise.resolve(call);
const taskCall =
  (state: 'offered' | 'claimed' | 'delegated' | 'suspended', body?: unknown) =>
  async (w: World, caller: Caller, column: Column): Promise<Call> => ({
    params: { id: await w.task(column, caller, state) },
    ...(body !== undefined && { body }),
  });
const jobCall =
  (body: (attempt: number) => unknown) =>
  async (w: World, caller: Caller, column: Column): Promise<Call> => {
    const job = await w.job(column, caller);
    return { params: { id: job.id }, body: body(job.attempt) };
  };

const bpmnFile = (processId: string): string =>
  `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="${processId}" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`;

/** Every insight route reads a process's history; the upload analyses a small CSV. */
const insightCases = (): Record<Extract<RouteKey, `insight.${string}`>, Case> => {
  const onProcess: Case = {
    call: (w, _c, column) => Promise.resolve({ params: { processId: w.processOf(column) } }),
  };
  return {
    'insight.summary': onProcess,
    'insight.heatmap': onProcess,
    'insight.map': onProcess,
    'insight.variants': onProcess,
    'insight.bottlenecks': onProcess,
    'insight.cycleTimes': onProcess,
    'insight.workload': onProcess,
    'insight.conformance': onProcess,
    'insight.branches': onProcess,
    'insight.analyzeLog': {
      call: plain({
        form: () => {
          const form = new FormData();
          form.append('log', new Blob(['case,activity,timestamp\n1,a,2026-01-01T10:00:00Z\n']), 'log.csv');
          return form;
        },
      }),
    },
    'insight.discoverLog': {
      call: plain({
        form: () => {
          const form = new FormData();
          form.append('log', new Blob(['case,activity,timestamp\n1,a,2026-01-01T10:00:00Z\n']), 'log.csv');
          return form;
        },
      }),
    },
  };
};

/** An instance running a multi-instance task and a chosen ad-hoc subprocess, for the activity routes. */
const steerModel = (processId: string): string =>
  bpmn(
    processId,
    `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
     <bpmn:userTask id="handle"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= [1]" inputElement="item"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
     <bpmn:adHocSubProcess id="choose" ordering="Sequential" sluice:activation="chosen" xmlns:sluice="https://sluice.dev/schema/bpmn/1.0"><bpmn:userTask id="first"/><bpmn:userTask id="second"/></bpmn:adHocSubProcess>
     <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
     ${flows('s>fork', 'fork>handle', 'fork>choose', 'handle>e1', 'choose>e2')}`,
  );
const steerDeployed = new WeakMap<World, Promise<void>>();
async function steerable(w: World, caller: Caller, column: Column): Promise<string> {
  if (!steerDeployed.has(w)) {
    steerDeployed.set(
      w,
      w.h.deploy(home, steerModel('home-steer')).then(() => w.h.deploy(away, steerModel('away-steer'))),
    );
  }
  await steerDeployed.get(w);
  const starter = column === 'other' ? 'otto' : w.nameOf(caller);
  const { instanceId } = await w.h.sluice.start(column === 'foreign' ? 'away-steer' : 'home-steer', {
    actor: starter,
  });
  await w.h.server.services.tenancy.recordStart(instanceId, column === 'foreign' ? away : home, starter);
  return instanceId;
}

/** A process of its own per tenant for the version routes, so suspending a version stops no other case. */
const versionedDeployed = new WeakMap<World, Promise<void>>();
async function versioned(w: World, column: Column): Promise<string> {
  if (!versionedDeployed.has(w)) {
    const model = (id: string) => bpmn(id, `<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flows('s>e')}`);
    versionedDeployed.set(
      w,
      w.h.deploy(home, model('home-versioned')).then(() => w.h.deploy(away, model('away-versioned'))),
    );
  }
  await versionedDeployed.get(w);
  return column === 'foreign' ? 'away-versioned' : 'home-versioned';
}
const onVersion =
  (body?: unknown) =>
  async (w: World, _c: Caller, column: Column): Promise<Call> => ({
    params: { processId: await versioned(w, column), version: '1' },
    ...(body !== undefined && { body }),
  });

const cases: Record<RouteKey, Case> = {
  'system.health': { call: plain() },
  'system.ready': { call: plain() },
  'system.metrics': { call: plain() },
  'nodes.list': { call: plain() },
  'system.openapi': { call: plain() },
  'auth.setup': {
    call: plain({ body: { token: 'st_wrong', username: 'someone', password: 'long enough password' } }),
  },
  'auth.signIn': { call: plain({ body: { username: 'nobody-at-all', password: 'wrong password' } }) },
  'auth.signOut': { call: plain({ fresh: true }) },
  'auth.me': { call: plain() },
  'auth.password': {
    call: plain({
      fresh: true,
      body: { currentPassword: 'correct horse battery', newPassword: 'another good password' },
    }),
  },
  'users.listUsers': {
    call: plain({ query: { limit: '500' } }),
    listed: items,
    item: (w, _c, column) => w.user(column),
  },
  'users.createUser': {
    call: (w) =>
      Promise.resolve({
        body: { username: w.unique('new'), password: 'long enough password', roles: ['user'] },
      }),
  },
  'users.getUser': { call: async (w, _c, column) => ({ params: { id: await w.user(column) } }) },
  'users.updateUser': {
    call: async (w, _c, column) => ({ params: { id: await w.user(column) }, body: { groups: ['sales'] } }),
  },
  'users.deleteUser': { call: async (w, _c, column) => ({ params: { id: await w.user(column) } }) },
  'users.getSkills': { call: async (w, _c, column) => ({ params: { id: await w.user(column) } }) },
  'users.setSkills': {
    call: async (w, _c, column) => ({
      params: { id: await w.user(column) },
      body: { items: [{ skill: 'network', level: 3 }] },
    }),
  },
  'users.listApiKeys': { call: plain(), listed: items, item: (w, _c, column) => w.apiKey(column) },
  'users.createApiKey': {
    call: (w) => Promise.resolve({ body: { name: w.unique('service'), roles: ['worker'] } }),
  },
  'users.revokeApiKey': { call: async (w, _c, column) => ({ params: { id: await w.apiKey(column) } }) },
  'definitions.list': {
    call: (_w, _c, _column, item) => Promise.resolve({ query: { processId: item! } }),
    listed: (body) => (body.items as { processId: string }[]).map((d) => d.processId),
    item: (w, _c, column) => Promise.resolve(w.processOf(column)),
  },
  'definitions.versions': {
    call: (w, _c, column) => Promise.resolve({ params: { processId: w.processOf(column) } }),
  },
  'definitions.version': {
    call: (w, _c, column) => Promise.resolve({ params: { processId: w.processOf(column), version: '1' } }),
  },
  'definitions.deploy': {
    call: (w) => {
      const id = w.unique('deployed');
      return Promise.resolve({
        form: () => {
          const form = new FormData();
          form.append('files', new Blob([bpmnFile(id)]), `${id}.bpmn`);
          return form;
        },
      });
    },
  },
  'instances.start': { call: plain({ body: { processId: 'home-work', variables: { who: ['nobody'] } } }) },
  'instances.list': {
    call: async (w, _c, _column, item) => ({
      query: { businessKey: (await w.h.sluice.instance(item!)).businessKey! },
    }),
    listed: items,
    item: (w, caller, column) => w.instance(column, caller),
  },
  'instances.get': {
    call: async (w, caller, column) => ({ params: { id: await w.instance(column, caller) } }),
  },
  'instances.cancel': {
    call: async (w, caller, column) => ({ params: { id: await w.instance(column, caller) }, body: {} }),
  },
  'instances.addInstances': {
    call: async (w, caller, column) => ({
      params: { id: await steerable(w, caller, column), elementId: 'handle' },
      body: { items: ['more'] },
    }),
  },
  'instances.activateAdHoc': {
    call: async (w, caller, column) => ({
      params: { id: await steerable(w, caller, column), elementId: 'choose' },
      body: { activityIds: ['second'] },
    }),
  },
  'tasks.list': {
    call: async (w, _c, _column, item) => ({
      query: { instanceId: (await w.h.sluice.store.getTask(item!))!.instanceId },
    }),
    listed: items,
    item: (w, caller, column) => w.task(column, caller),
  },
  'tasks.get': { call: taskCall('offered') },
  'tasks.comments': { call: taskCall('offered') },
  'tasks.form': { call: taskCall('offered') },
  'tasks.comment': { call: taskCall('offered', { text: 'looked at it' }) },
  'tasks.claim': { call: taskCall('offered') },
  'tasks.unclaim': { call: taskCall('claimed') },
  'tasks.start': { call: taskCall('offered') },
  'tasks.complete': { call: taskCall('offered', { variables: { approved: true } }) },
  'tasks.delegate': { call: taskCall('claimed', { to: 'otto' }) },
  'tasks.resolve': { call: taskCall('delegated', { variables: { checked: true } }) },
  'tasks.fail': { call: taskCall('offered', { errorCode: 'CANNOT' }) },
  'tasks.reassign': { call: taskCall('offered', { to: 'otto' }) },
  'tasks.forward': { call: taskCall('offered', { users: ['otto'] }) },
  'tasks.escalate': { call: taskCall('offered', { to: 'otto', priority: 90 }) },
  'tasks.suspend': { call: taskCall('offered') },
  'tasks.resume': { call: taskCall('suspended') },
  'tasks.skip': { call: taskCall('offered') },
  'tasks.update': { call: taskCall('offered', { priority: 70 }) },
  'webhooks.put': {
    call: (w) =>
      Promise.resolve({
        params: { name: w.unique('hook') },
        body: { secret: 'a secret of some length', start: w.processOf('own') },
      }),
  },
  'webhooks.deliver': {
    call: async (w) => {
      const name = w.unique('hook');
      const secret = 'a secret of some length';
      await w.h.sluice.store.saveWebhook({
        name,
        secret,
        action: { start: w.processOf('own') },
        updatedAt: 0,
      });
      const body = { delivery: w.unique('delivery') };
      return {
        params: { name },
        body,
        headers: { 'sluice-signature': sign(secret, JSON.stringify(body), Date.now()) },
      };
    },
  },
  'decisions.list': { call: plain() },
  'decisions.evaluate': {
    call: async (w) => {
      await w.h.sluice.deploy([{ name: 'teams.dmn', content: teamDecision() }]);
      return { params: { decisionId: 'team' }, body: { variables: { amount: 700 } } };
    },
  },
  'messages.correlate': {
    call: async (w) => {
      const { name, key } = await w.waiting('own');
      return { body: { name, correlationKey: key } };
    },
  },
  'incidents.list': {
    call: async (w, _c, _column, item) => ({
      query: { instanceId: (await w.h.sluice.store.getIncident(item!))!.instanceId },
    }),
    listed: items,
    item: (w, _c, column) => w.incident(column),
  },
  'incidents.retry': {
    call: async (w, _c, column) => ({ params: { id: await w.incident(column) }, body: { retries: 2 } }),
  },
  'jobs.fetchAndLock': { call: plain({ body: { types: ['no-such-type'], maxJobs: 5 } }) },
  'jobs.get': { call: async (w, caller, column) => ({ params: { id: (await w.job(column, caller)).id } }) },
  'jobs.complete': { call: jobCall((attempt) => ({ attempt, variables: { done: true } })) },
  'jobs.fail': { call: jobCall((attempt) => ({ attempt, error: 'the service is down', retries: 2 })) },
  'jobs.bpmnError': { call: jobCall((attempt) => ({ attempt, errorCode: 'NO_STOCK' })) },
  'jobs.extendLock': { call: jobCall((attempt) => ({ attempt, lockMs: 60_000 })) },
  'events.stream': { call: plain({ stream: true }) },
  'simulation.simulate': {
    call: (w, _c, column) =>
      Promise.resolve({
        params: { processId: w.processOf(column) },
        body: { scenario: { cases: 10, arrivals: { kind: 'poisson', rate: 1 } }, runs: 1 },
      }),
  },
  'simulation.calibrate': {
    call: (w, _c, column) => Promise.resolve({ params: { processId: w.processOf(column) }, body: {} }),
  },
  ...insightCases(),
  'work.notifications': { call: plain() },
  'work.markRead': { call: plain({ body: { ids: [] } }) },
  'work.taskWork': { call: taskCall('offered') },
  'work.attachments': { call: taskCall('offered') },
  'work.attach': { call: taskCall('offered', { name: 'note.txt', content: 'aGVsbG8=' }) },
  'versions.list': {
    call: async (w, _c, column) => ({ params: { processId: await versioned(w, column) } }),
  },
  'versions.migrate': {
    call: async (w, _c, column) => ({
      params: { processId: await versioned(w, column) },
      body: { from: 1, to: 1, mapEqual: true, instances: [], dryRun: true },
    }),
  },
  'versions.modify': {
    call: async (w, caller, column) => ({
      params: { id: await w.instance(column, caller) },
      body: { operations: [{ op: 'set-variables', variables: { note: 'checked' } }], reason: 'a test' },
    }),
  },
  'versions.suspendInstance': {
    call: async (w, caller, column) => ({ params: { id: await w.instance(column, caller) }, body: {} }),
  },
  'versions.resumeInstance': {
    call: async (w, caller, column) => {
      const id = await w.instance(column, caller);
      await w.h.sluice.suspend(id, { actor: 'test' });
      return { params: { id }, body: {} };
    },
  },
  'versions.suspendVersion': { call: onVersion({ reason: 'a test' }) },
  'versions.resumeVersion': { call: onVersion({}) },
  'versions.historyTtl': { call: onVersion({ days: 30 }) },
  'versions.cleanup': { call: plain({ body: { maxBatches: 1 } }) },
  'work.attachment': {
    call: async (w, caller, column) => {
      const id = await w.task(column, caller, 'offered');
      const file = await w.h.sluice.work.attach(id, {
        name: 'note.txt',
        content: new Uint8Array([104, 105]),
      });
      return { params: { id, attachmentId: file.id } };
    },
  },
};

// ---- what each rule means (the oracle) -----------------------------------------------------

type Expected = 'public' | 'ok' | 401 | 403 | 404 | 409;
const seesAllWork = (caller: Caller): boolean => caller === 'admin' || caller === 'operator';

function expected(access: Access, caller: Caller, column: Column): Expected {
  if (access.roles === 'public') return 'public';
  if (caller === 'anonymous') return 401;
  if (access.roles !== 'signed-in' && caller !== 'admin' && !access.roles.includes(caller)) return 403;
  if (!access.object) return 'ok';
  if (column === 'foreign') return 404;
  if (column === 'own') return 'ok';
  switch (access.object) {
    case 'instance':
    case 'task':
      return seesAllWork(caller) ? 'ok' : 404;
    case 'task-work':
      return seesAllWork(caller) ? 403 : 404;
    case 'job-lock':
      return 409;
    default:
      return 'ok'; // tenant-wide objects: another person's is as good as one's own
  }
}

/** Which items of a list the caller gets. */
function expectedListed(route: RouteKey, caller: Caller, column: Column): boolean {
  if (column === 'foreign') return false;
  const work = route === 'instances.list' || route === 'tasks.list';
  return !work || column === 'own' || seesAllWork(caller);
}

// ---- the walk ----------------------------------------------------------------------------

let w: World;
let document: Json;

beforeAll(async () => {
  w = await world();
  document = (await w.h.request('GET', '/api/v1/openapi.json')).body;
}, 60_000);

const pathOf = (template: string, params: Record<string, string> = {}): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'missing'));

async function send(route: (typeof allRoutes)[RouteKey], caller: Caller, call: Call): Promise<Answer> {
  const as = call.fresh && caller !== 'anonymous' ? await w.fresh(caller) : w.as[caller];
  const path =
    pathOf(route.path, call.params) + (call.query ? `?${new URLSearchParams(call.query).toString()}` : '');
  const method = route.method.toUpperCase();
  if (call.stream) {
    const controller = new AbortController();
    const response = await w.h.server.app.request(path, {
      method,
      headers: as?.headers ?? {},
      signal: controller.signal,
    });
    const text = response.ok ? '' : await response.text();
    if (response.ok) await response.body?.cancel();
    controller.abort();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : JSON.parse(text),
      text,
    };
  }
  if (call.form) return w.h.request(method, path, { ...(as && { as }), raw: call.form() });
  return w.h.request(method, path, {
    ...(as && { as }),
    ...(call.body !== undefined && { body: call.body }),
    ...(call.headers && { headers: call.headers }),
  });
}

/** The answer is one the document lists, in its media type and shape. */
function undocumented(route: (typeof allRoutes)[RouteKey], answer: Answer): string | undefined {
  const operation = document.paths?.[route.path]?.[route.method];
  if (!operation) return 'the route is not in the OpenAPI document';
  const response = operation.responses[String(answer.status)];
  if (!response) return `status ${answer.status} is not documented (${answer.text.slice(0, 160)})`;
  if (!response.content) return answer.text === '' ? undefined : 'a body where the document says none';
  const type = (answer.headers.get('content-type') ?? '').split(';')[0]!;
  if (!(type in response.content)) return `content type ${type} is not documented`;
  if (type === 'application/problem+json') {
    const parsed = problemSchema.safeParse(answer.body);
    return parsed.success ? undefined : `not a problem document: ${parsed.error.message}`;
  }
  if (type === 'application/json') {
    const declared = (route.responses as Record<string, { content?: Record<string, { schema: z.ZodType }> }>)[
      String(answer.status)
    ]?.content?.['application/json']?.schema;
    const parsed = declared?.safeParse(answer.body);
    return parsed && !parsed.success
      ? `body does not match the schema: ${parsed.error.message.slice(0, 400)}`
      : undefined;
  }
  return undefined;
}

describe('the authorization matrix', () => {
  it('has a case for every route, and every route declares its access rule in the document', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(allRoutes).sort());
    for (const route of Object.values(allRoutes)) {
      const operation = document.paths[route.path][route.method];
      expect(operation['x-sluice-access'], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  for (const [key, route] of Object.entries(allRoutes) as [RouteKey, (typeof allRoutes)[RouteKey]][]) {
    const access = route.access;
    const columns: Column[] = access.object || cases[key].item ? ['own', 'other', 'foreign'] : ['own'];
    it(`${route.method.toUpperCase()} ${route.path} answers each role as its rule says`, async () => {
      const wrong: string[] = [];
      for (const caller of callers) {
        for (const column of columns) {
          const spec = cases[key];
          const item = spec.item && (await spec.item(w, caller, column));
          const call = await spec.call(w, caller, column, item);
          const answer = await send(route, caller, call);
          const cell = `${caller} × ${column}`;
          const want = expected(access, caller, column);
          const problem = undocumented(route, answer);
          if (problem) wrong.push(`${cell}: ${problem}`);
          const ok = answer.status >= 200 && answer.status < 300;
          if (want === 'ok' && !ok)
            wrong.push(`${cell}: wanted 2xx, got ${answer.status} ${answer.text.slice(0, 200)}`);
          if (typeof want === 'number' && answer.status !== want)
            wrong.push(`${cell}: wanted ${want}, got ${answer.status} ${answer.text.slice(0, 200)}`);
          if (
            want === 'public' &&
            (answer.status === 401 || answer.status === 403) &&
            !['auth.setup', 'auth.signIn'].includes(key)
          )
            wrong.push(`${cell}: a public route asked for credentials`);
          if (ok && spec.listed && item !== undefined) {
            const listed = spec.listed(answer.body).includes(item);
            if (listed !== expectedListed(key, caller, column))
              wrong.push(`${cell}: the item is ${listed ? 'listed' : 'missing'}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
