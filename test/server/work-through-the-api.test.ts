/**
 * Scenarios of the API at work: deploying and reading definitions, starting and paging
 * instances, people working through their tasks, messages, and tenants kept apart.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- answers are JSON documents read field by field */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, type Json, serverHarness } from './server-harness.js';

const expense = (id = 'expense', candidates = 'finance') =>
  bpmn(
    id,
    `<bpmn:startEvent id="s"/>
     <bpmn:userTask id="approve" name="Approve the expense"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="${candidates}"/></bpmn:extensionElements></bpmn:userTask>
     <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
     <bpmn:endEvent id="e"/>${flows('s>approve', 'approve>paid', 'paid>e')}`,
    `<bpmn:message id="m" name="expense-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="= ref"/></bpmn:extensionElements></bpmn:message>`,
  );

const form = (...files: [string, string][]): FormData => {
  const data = new FormData();
  for (const [name, content] of files) data.append('files', new Blob([content]), name);
  return data;
};

let h: Harness;
let mona: Credential;
let opal: Credential;
beforeEach(async () => {
  h = await serverHarness();
  mona = await h.user('mona', ['modeler']);
  opal = await h.user('opal', ['operator']);
});
afterEach(() => h.close());

async function pages(path: string, as: Credential, limit: number): Promise<Json[][]> {
  const all: Json[][] = [];
  let after: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Json = await h.request(
      'GET',
      `${path}${separator}limit=${limit}${after ? `&after=${after}` : ''}`,
      { as },
    );
    expect(answer.status).toBe(200);
    all.push(answer.body.items);
    after = answer.body.next;
  } while (after !== null);
  return all;
}

describe('definitions', () => {
  it('are deployed as new versions, unchanged content keeps its version, and the source can be read back', async () => {
    const first = await h.request('POST', '/api/v1/deployments', {
      as: mona,
      raw: form(['expense.bpmn', expense()]),
    });
    expect(first.body).toEqual({
      deployed: [{ processId: 'expense', version: 1, created: true }],
      decisions: [],
      findings: [],
    });
    const same = await h.request('POST', '/api/v1/deployments', {
      as: mona,
      raw: form(['expense.bpmn', expense()]),
    });
    expect(same.body.deployed).toEqual([{ processId: 'expense', version: 1, created: false }]);
    const changed = await h.request('POST', '/api/v1/deployments', {
      as: mona,
      raw: form(['expense.bpmn', expense('expense', 'managers')]),
    });
    expect(changed.body.deployed).toEqual([{ processId: 'expense', version: 2, created: true }]);
    const versions = await h.request('GET', '/api/v1/definitions/expense', { as: opal });
    expect(versions.body.versions.map((v: Json) => v.version)).toEqual([2, 1]);
    const source = await h.request('GET', '/api/v1/definitions/expense/versions/1', { as: opal });
    expect(source.body).toMatchObject({
      processId: 'expense',
      version: 1,
      sourceKind: 'bpmn',
      resourceName: 'expense.bpmn',
    });
    expect(source.body.source).toContain('candidateGroups="finance"');
    expect((await h.request('GET', '/api/v1/definitions/expense/versions/3', { as: opal })).status).toBe(404);
  });

  it('deploy all files or none, and a process id belongs to the tenant that deployed it first', async () => {
    const broken = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><oops';
    const mixed = await h.request('POST', '/api/v1/deployments', {
      as: mona,
      raw: form(['expense.bpmn', expense()], ['broken.bpmn', broken]),
    });
    expect(mixed.status).toBe(422);
    expect(await h.sluice.store.findDefinition('expense')).toBeUndefined();
    await h.request('POST', '/api/v1/deployments', { as: mona, raw: form(['expense.bpmn', expense()]) });
    const rival = await h.user('rita', ['modeler'], { tenant: 'away' });
    const taken = await h.request('POST', '/api/v1/deployments', {
      as: rival,
      raw: form(['expense.bpmn', expense('expense', 'x')]),
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'process-id-taken']);
    const theirs = await h.request('GET', '/api/v1/definitions', { as: rival });
    expect(theirs.body.items).toEqual([]);
  });
});

describe('instances', () => {
  it('page with a cursor, filtered by process and state, each instance once', async () => {
    await h.deploy('default', expense());
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const answer = await h.request('POST', '/api/v1/instances', {
        as: opal,
        body: { processId: 'expense', businessKey: `E-${i}`, variables: { ref: `E-${i}` } },
      });
      expect(answer.status).toBe(201);
      ids.push(answer.body.instanceId);
    }
    const seen = await pages('/api/v1/instances?processId=expense&state=active', opal, 3);
    expect(seen.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(seen.flat().map((i) => i.id)).toEqual(ids);
    const one = await h.request('GET', `/api/v1/instances?businessKey=E-4`, { as: opal });
    expect(one.body.items.map((i: Json) => i.id)).toEqual([ids[4]]);
    const details = await h.request('GET', `/api/v1/instances/${ids[0]}`, { as: opal });
    expect(details.body).toMatchObject({
      state: 'active',
      businessKey: 'E-0',
      activeElements: ['approve'],
      variables: { ref: 'E-0' },
    });
    expect(details.body.history[0]).toMatchObject({ type: 'instance.started', actor: 'opal' });
    const cancelled = await h.request('POST', `/api/v1/instances/${ids[0]}/cancel`, {
      as: opal,
      body: { reason: 'duplicate' },
    });
    expect(cancelled.body).toEqual({ ok: true, instanceId: ids[0] });
    const again = await h.request('POST', `/api/v1/instances/${ids[0]}/cancel`, { as: opal });
    expect([again.status, again.body.code]).toEqual([409, 'instance-ended']);
  });

  it('are listed to a user only when they started them', async () => {
    await h.deploy('default', expense());
    const uma = await h.user('uma', ['user']);
    const mine = await h.request('POST', '/api/v1/instances', { as: uma, body: { processId: 'expense' } });
    await h.request('POST', '/api/v1/instances', { as: opal, body: { processId: 'expense' } });
    const listed = await h.request('GET', '/api/v1/instances', { as: uma });
    expect(listed.body.items.map((i: Json) => i.id)).toEqual([mine.body.instanceId]);
    const unknown = await h.request('POST', '/api/v1/instances', { as: uma, body: { processId: 'nope' } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'process-not-found']);
  });
});

describe('tasks', () => {
  it('reach the members of the candidate group, who claim, delegate, resolve and complete them', async () => {
    await h.deploy('default', expense());
    const ann = await h.user('ann', ['user'], { groups: ['finance'] });
    const bob = await h.user('bob', ['user'], { groups: ['finance'] });
    const cy = await h.user('cy', ['user'], { groups: ['sales'] });
    const { body } = await h.request('POST', '/api/v1/instances', {
      as: opal,
      body: { processId: 'expense', variables: { ref: 'E-1' } },
    });
    const taskIds = async (who: Credential): Promise<string[]> =>
      (await h.request('GET', '/api/v1/tasks', { as: who })).body.items.map((t: Json) => t.id);
    const [taskId] = await taskIds(ann);
    expect(await taskIds(bob)).toEqual([taskId]);
    expect(await taskIds(cy)).toEqual([]);
    expect((await h.request('POST', `/api/v1/tasks/${taskId}/claim`, { as: cy })).status).toBe(404);
    expect((await h.request('POST', `/api/v1/tasks/${taskId}/claim`, { as: ann })).body.ok).toBe(true);
    expect(await taskIds(bob)).toEqual([]);
    const stranger = await h.request('POST', `/api/v1/tasks/${taskId}/delegate`, {
      as: ann,
      body: { to: 'nobody' },
    });
    expect([stranger.status, stranger.body.code]).toEqual([422, 'unknown-user']);
    await h.request('POST', `/api/v1/tasks/${taskId}/delegate`, {
      as: ann,
      body: { to: 'cy', reason: 'knows the customer' },
    });
    const early = await h.request('POST', `/api/v1/tasks/${taskId}/complete`, { as: cy });
    expect([early.status, early.body.code]).toEqual([409, 'task-delegated']);
    await h.request('POST', `/api/v1/tasks/${taskId}/resolve`, {
      as: cy,
      body: { variables: { checkedBy: 'cy' } },
    });
    await h.request('POST', `/api/v1/tasks/${taskId}/comments`, { as: ann, body: { text: 'looks fine' } });
    const done = await h.request('POST', `/api/v1/tasks/${taskId}/complete`, {
      as: ann,
      body: { variables: { approved: true } },
    });
    expect(done.body).toEqual({ ok: true, taskId, instanceId: body.instanceId });
    const closed = await h.request('GET', `/api/v1/tasks/${taskId}`, { as: ann });
    expect(closed.body).toMatchObject({ state: 'completed', endedBy: 'ann', assignee: 'ann', owner: null });
    const comments = await h.request('GET', `/api/v1/tasks/${taskId}/comments`, { as: opal });
    expect(comments.body.items.map((c: Json) => [c.actor, c.text])).toEqual([['ann', 'looks fine']]);
    const history = (await h.sluice.instance(body.instanceId)).history.filter((e) =>
      e.type.startsWith('task.'),
    );
    expect(history.map((e) => [e.type, e.actor])).toEqual([
      ['task.claimed', 'ann'],
      ['task.delegated', 'ann'],
      ['task.resolved', 'cy'],
      ['task.commented', 'ann'],
    ]);
  });

  it('are steered by operators: suspended work cannot be done until resumed, and a reassigned task goes to its new assignee', async () => {
    await h.deploy('default', expense());
    const ann = await h.user('ann', ['user'], { groups: ['finance'] });
    const dan = await h.user('dan', ['user']);
    await h.request('POST', '/api/v1/instances', { as: opal, body: { processId: 'expense' } });
    const [task] = (await h.request('GET', '/api/v1/tasks', { as: opal })).body.items;
    await h.request('POST', `/api/v1/tasks/${task.id}/suspend`, { as: opal, body: { reason: 'audit' } });
    const held = await h.request('POST', `/api/v1/tasks/${task.id}/claim`, { as: ann });
    expect([held.status, held.body.code]).toEqual([409, 'task-suspended']);
    await h.request('POST', `/api/v1/tasks/${task.id}/resume`, { as: opal });
    await h.request('POST', `/api/v1/tasks/${task.id}/reassign`, { as: opal, body: { to: 'dan' } });
    await h.request('POST', `/api/v1/tasks/${task.id}/update`, {
      as: opal,
      body: { priority: 80, due: '2031-01-01T00:00:00.000Z' },
    });
    expect((await h.request('GET', '/api/v1/tasks', { as: ann })).body.items).toEqual([]);
    const dans = (await h.request('GET', '/api/v1/tasks', { as: dan })).body.items;
    expect(dans).toMatchObject([
      { id: task.id, assignee: 'dan', priority: 80, due: '2031-01-01T00:00:00.000Z' },
    ]);
    const refused = await h.request('POST', `/api/v1/tasks/${task.id}/reassign`, {
      as: ann,
      body: { to: 'ann' },
    });
    expect(refused.status).toBe(403);
  });

  it('page with a cursor for operators and for users alike', async () => {
    await h.deploy('default', expense());
    const ann = await h.user('ann', ['user'], { groups: ['finance'] });
    for (let i = 0; i < 5; i++)
      await h.request('POST', '/api/v1/instances', { as: opal, body: { processId: 'expense' } });
    expect((await pages('/api/v1/tasks', opal, 2)).map((p) => p.length)).toEqual([2, 2, 1]);
    const annPages = await pages('/api/v1/tasks', ann, 2);
    expect(annPages.flat()).toHaveLength(5);
    expect(new Set(annPages.flat().map((t) => t.id)).size).toBe(5);
  });
});

describe('messages', () => {
  it('continue the waiting instance of the tenant, and are refused across tenants', async () => {
    await h.deploy('default', expense());
    const ann = await h.user('ann', ['user'], { groups: ['finance'] });
    const { body } = await h.request('POST', '/api/v1/instances', {
      as: opal,
      body: { processId: 'expense', variables: { ref: 'E-9' } },
    });
    const [task] = (await h.request('GET', '/api/v1/tasks', { as: ann })).body.items;
    await h.request('POST', `/api/v1/tasks/${task.id}/complete`, { as: ann });
    const stranger = await h.apiKey('bank', ['worker'], 'away');
    const foreign = await h.request('POST', '/api/v1/messages', {
      as: stranger,
      body: { name: 'expense-paid', correlationKey: 'E-9' },
    });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'message-not-correlated']);
    const bank = await h.apiKey('bank', ['worker']);
    const paid = await h.request('POST', '/api/v1/messages', {
      as: bank,
      body: { name: 'expense-paid', correlationKey: 'E-9', variables: { amount: 12.5 } },
    });
    expect(paid.body).toEqual({ instanceId: body.instanceId, started: false });
    expect((await h.sluice.instance(body.instanceId)).status).toBe('completed');
    const nobody = await h.request('POST', '/api/v1/messages', {
      as: bank,
      body: { name: 'expense-paid', correlationKey: 'E-9' },
    });
    expect([nobody.status, nobody.body.code]).toEqual([404, 'message-not-correlated']);
  });
});
