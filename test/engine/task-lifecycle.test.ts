import { describe, expect, it } from 'vitest';
import { createSluice, VirtualClock } from '../../src/index.js';
import { bpmn, flows } from '../support/bpmn.js';

const groups: Record<string, string[]> = {
  ann: ['support'],
  bob: ['support'],
  cy: ['finance'],
  sue: ['leads'],
};

const model = bpmn(
  'request',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="handle" name="Handle the request">
     <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="support"/><zeebe:taskSchedule dueDate="= due"/></bpmn:extensionElements>
   </bpmn:userTask>
   <bpmn:boundaryEvent id="unsolvable" attachedToRef="handle"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
   <bpmn:endEvent id="done"/><bpmn:endEvent id="given-up"/>
   ${flows('s>handle', 'handle>done', 'unsolvable>given-up')}`,
  '<bpmn:error id="e" errorCode="UNSOLVABLE"/>',
);

async function setup() {
  const clock = new VirtualClock();
  const sluice = await createSluice({ db: ':memory:', clock, groupsOf: (user) => groups[user] ?? [] });
  await sluice.deploy([{ name: 'request.bpmn', content: model }]);
  const start = async (due = '2030-02-01T00:00:00Z') => {
    const { instanceId } = await sluice.start('request', { variables: { due } });
    const [task] = (await sluice.tasks({ instanceId })).items;
    return { instanceId, taskId: task!.id };
  };
  const events = async (instanceId: string) =>
    (await sluice.instance(instanceId)).history
      .filter((e) => e.type.startsWith('task.') || e.type === 'element.started')
      .map((e) => [e.type, e.actor, (e.data as { reason?: string } | undefined)?.reason]);
  return { sluice, start, events };
}

describe('a user task through its life', () => {
  it('is claimed by a candidate and completed by its assignee, each step recorded with actor and reason', async () => {
    const { sluice, start, events } = await setup();
    const { instanceId, taskId } = await start();
    await sluice.taskAction(taskId, { op: 'claim' }, { actor: 'ann', reason: 'my turn' });
    await sluice.taskAction(taskId, { op: 'comment', text: 'asked the customer for logs' }, { actor: 'ann' });
    await sluice.completeTask(taskId, { actor: 'ann', variables: { solved: true } });
    expect((await sluice.instance(instanceId)).status).toBe('completed');
    expect(await events(instanceId)).toEqual([
      ['task.claimed', 'ann', 'my turn'],
      ['element.started', 'ann', undefined],
      ['task.commented', 'ann', undefined],
    ]);
    expect((await sluice.taskComments(taskId)).map((c) => [c.actor, c.text])).toEqual([
      ['ann', 'asked the customer for logs'],
    ]);
  });

  it('refuses a claim or completion by someone who is not a candidate, changing nothing', async () => {
    const { sluice, start } = await setup();
    const { instanceId, taskId } = await start();
    const before = await sluice.instance(instanceId);
    await expect(sluice.claimTask(taskId, 'cy')).rejects.toThrow(
      `'cy' is not a candidate for task '${taskId}'`,
    );
    await expect(sluice.completeTask(taskId, { actor: 'cy' })).rejects.toThrow(/not a candidate/);
    await sluice.claimTask(taskId, 'ann');
    await expect(sluice.completeTask(taskId, { actor: 'bob' })).rejects.toThrow(
      `task '${taskId}' is assigned to 'ann', not to 'bob'`,
    );
    const after = await sluice.instance(instanceId);
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    expect((await sluice.store.getTask(taskId))?.assignee).toBe('ann');
  });

  it('goes back to its owner after a delegate resolves it, and cannot be completed while delegated', async () => {
    const { sluice, start } = await setup();
    const { taskId } = await start();
    await sluice.claimTask(taskId, 'ann');
    await sluice.taskAction(
      taskId,
      { op: 'delegate', to: 'cy' },
      { actor: 'ann', reason: 'needs a refund check' },
    );
    expect(await sluice.store.getTask(taskId)).toMatchObject({ assignee: 'cy', owner: 'ann' });
    await expect(sluice.completeTask(taskId, { actor: 'cy' })).rejects.toThrow(
      /delegated to 'cy'; they resolve it back to 'ann'/,
    );
    await sluice.taskAction(taskId, { op: 'resolve', variables: { refund: 20 } }, { actor: 'cy' });
    const task = await sluice.store.getTask(taskId);
    expect(task?.assignee).toBe('ann');
    expect(task?.owner).toBeUndefined();
    await sluice.completeTask(taskId, { actor: 'ann' });
  });

  it('cannot be worked on while suspended, and continues after resume', async () => {
    const { sluice, start } = await setup();
    const { taskId } = await start();
    await sluice.taskAction(taskId, { op: 'suspend' }, { actor: 'sue', reason: 'waiting for the customer' });
    expect((await sluice.store.getTask(taskId))?.suspended).toBe(true);
    await expect(sluice.claimTask(taskId, 'ann')).rejects.toThrow(/is suspended; resume it first/);
    await sluice.taskAction(taskId, { op: 'resume' }, { actor: 'sue' });
    await sluice.claimTask(taskId, 'ann');
  });

  it('is forwarded to another group, and escalated to a supervisor with a higher priority', async () => {
    const { sluice, start } = await setup();
    const { taskId } = await start();
    await sluice.taskAction(
      taskId,
      { op: 'forward', groups: ['finance'] },
      { actor: 'sue', reason: 'a billing question' },
    );
    expect((await sluice.tasks({ candidateGroup: 'support' })).items).toEqual([]);
    expect((await sluice.tasks({ candidateGroup: 'finance' })).items.map((t) => t.id)).toEqual([taskId]);
    await sluice.claimTask(taskId, 'cy');
    await sluice.taskAction(taskId, { op: 'escalate', to: 'sue', priority: 90 }, { reason: 'overdue' });
    expect(await sluice.store.getTask(taskId)).toMatchObject({ assignee: 'sue', priority: 90 });
  });

  it('skipped, lets the process go on; failed, is caught as a business error', async () => {
    const { sluice, start } = await setup();
    const skipped = await start();
    await sluice.taskAction(skipped.taskId, { op: 'skip' }, { actor: 'sue', reason: 'duplicate request' });
    expect((await sluice.instance(skipped.instanceId)).status).toBe('completed');
    expect((await sluice.store.getTask(skipped.taskId))?.state).toBe('skipped');

    const failed = await start();
    await sluice.claimTask(failed.taskId, 'bob');
    await sluice.taskAction(
      failed.taskId,
      { op: 'fail', errorCode: 'UNSOLVABLE', message: 'hardware fault' },
      { actor: 'bob' },
    );
    const details = await sluice.instance(failed.instanceId);
    expect(details.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId)).toEqual([
      's',
      'unsolvable',
      'given-up',
    ]);
  });

  it("lists mine and my groups' work by due date or priority, with counts", async () => {
    const { sluice, start } = await setup();
    const late = await start('2030-03-01T00:00:00Z');
    const soon = await start('2030-01-15T00:00:00Z');
    const other = await start('2030-01-10T00:00:00Z');
    await sluice.claimTask(other.taskId, 'bob');
    await sluice.taskAction(late.taskId, { op: 'update', priority: 80 }, { actor: 'sue' });
    const mine = { workableBy: { user: 'ann', groups: ['support'] } };
    expect((await sluice.tasks({ ...mine, orderBy: 'due' })).items.map((t) => t.id)).toEqual([
      soon.taskId,
      late.taskId,
    ]);
    expect((await sluice.tasks({ ...mine, orderBy: 'priority' })).items.map((t) => t.id)).toEqual([
      late.taskId,
      soon.taskId,
    ]);
    expect(await sluice.store.countTasks(mine)).toBe(2);
    expect(await sluice.store.countTasks({ dueBefore: Date.parse('2030-02-01T00:00:00Z') })).toBe(2);
  });
});
