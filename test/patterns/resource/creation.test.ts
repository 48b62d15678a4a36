/** Workflow resource patterns 1-11: creation (Russell, ter Hofstede, Edmond, van der Aalst 2005). */
import { afterEach, describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../../support/bpmn.js';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { doTask, onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const groupsOf = (user: string): string[] =>
  ({ ana: ['desk'], ben: ['desk'], kim: ['approvers'] })[user] ?? [];

describe('workflow resource patterns: creation', () => {
  it('WRP-01 Direct allocation: the model names the person who gets the task', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ben"')]);
    const id = await h.start('p');
    expect((await onlyTask(h, id)).assignee).toBe('ben');
  });

  it('WRP-02 Role-based allocation: the task is offered to a role, and only its members may take it', async () => {
    h = await workHarness(
      [taskChain('p', 'sluice:assignment="role" sluice:responsible="group:desk"')],
      {},
      undefined,
      { groupsOf },
    );
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    expect([task.assignee, task.candidateGroups]).toEqual([undefined, ['desk']]);
    await expect(h.sluice.claimTask(task.id, 'kim')).rejects.toMatchObject({ code: 'task-not-allowed' });
    await h.sluice.claimTask(task.id, 'ana');
    expect((await onlyTask(h, id)).assignee).toBe('ana');
  });

  it('WRP-03 Deferred allocation: who gets the task is read from case data when it is created', async () => {
    const model = bpmn(
      'p',
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t1"><bpmn:extensionElements>
         <zeebe:assignmentDefinition assignee="=coordinator"/></bpmn:extensionElements></bpmn:userTask>
       <bpmn:endEvent id="e"/>${flows('s>t1', 't1>e')}`,
    );
    h = await workHarness([model]);
    const first = await h.start('p', { variables: { coordinator: 'kim' } });
    const second = await h.start('p', { variables: { coordinator: 'ben' } });
    expect((await onlyTask(h, first)).assignee).toBe('kim');
    expect((await onlyTask(h, second)).assignee).toBe('ben');
  });

  it('WRP-04 Authorization: someone who is not a candidate cannot complete the task, and nothing changes', async () => {
    h = await workHarness([taskChain('p', 'sluice:responsible="group:desk"')], {}, undefined, { groupsOf });
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    const before = (await h.events(id)).length;
    await expect(h.sluice.completeTask(task.id, { actor: 'kim' })).rejects.toMatchObject({
      code: 'task-not-allowed',
    });
    expect((await h.events(id)).length).toBe(before);
    expect((await onlyTask(h, id)).state).toBe(task.state);
    // Privileges are per task (who may work on it), not per operation: a detour such as
    // reassign is not checked against the actor, which is why the rating is +/-.
    await h.sluice.taskAction(task.id, { op: 'reassign', to: 'ben' }, { actor: 'kim' });
    expect((await onlyTask(h, id)).assignee).toBe('ben');
  });

  it('WRP-05 Separation of duties: whoever did the first task may not do the second', async () => {
    h = await workHarness([
      taskChain(
        'p',
        'sluice:responsible="group:desk"',
        'sluice:separate-from="t1" sluice:responsible="group:desk"',
      ),
    ]);
    const id = await h.start('p');
    await doTask(h, id, 'ana');
    const second = await onlyTask(h, id);
    await expect(h.sluice.claimTask(second.id, 'ana')).rejects.toMatchObject({ code: 'task-excluded' });
    await h.sluice.claimTask(second.id, 'ben');
  });

  it('WRP-06 Case handling: every later task of the case goes to the person who took it on', async () => {
    const chained = 'sluice:responsible="group:desk" sluice:chained="true"';
    h = await workHarness([taskChain('p', 'sluice:responsible="group:desk"', chained, chained)]);
    const id = await h.start('p');
    await doTask(h, id, 'ben');
    expect((await onlyTask(h, id)).assignee).toBe('ben');
    await doTask(h, id, 'ben');
    expect((await onlyTask(h, id)).assignee).toBe('ben');
    // The case is not allocated as a whole: the first task is still an open offer (hence +/-).
    const other = await h.start('p');
    expect((await onlyTask(h, other)).assignee).toBeUndefined();
  });

  it('WRP-07 Retain familiar: the person who did an earlier task of the case gets the later one', async () => {
    h = await workHarness([
      taskChain(
        'p',
        'sluice:responsible="group:desk"',
        'sluice:assignment="history" sluice:familiar-from="t1" sluice:responsible="group:desk"',
      ),
    ]);
    const id = await h.start('p');
    await doTask(h, id, 'ben');
    const [allocated] = await h.events(id, 'task.allocated');
    expect(allocated!.data).toMatchObject({ assignee: 'ben', strategy: 'history' });
  });

  it('WRP-08 Capability-based allocation: the most qualified person with the skill gets the task', async () => {
    h = await workHarness([
      taskChain(
        'p',
        'sluice:assignment="capability" sluice:skills="network:3" sluice:responsible="group:desk"',
      ),
      taskChain(
        'q',
        'sluice:assignment="capability" sluice:skills="network:5" sluice:responsible="group:desk"',
      ),
    ]);
    await h.sluice.work.directory.apply({
      skills: [
        { userId: 'ana', skill: 'network', level: 2 },
        { userId: 'ben', skill: 'network', level: 4 },
      ],
    });
    expect((await onlyTask(h, await h.start('p'))).assignee).toBe('ben');
    const nobody = await h.start('q');
    expect((await onlyTask(h, nobody)).assignee).toBeUndefined();
    const [offered] = await h.events(nobody, 'task.offered');
    expect(offered!.data).toMatchObject({ unassigned: true });
  });

  it('WRP-09 History-based allocation: the case history chooses; without one the fallback does', async () => {
    const model = taskChain(
      'p',
      'sluice:responsible="group:desk"',
      'sluice:assignment="history" sluice:responsible="group:desk"',
    );
    h = await workHarness([
      model,
      taskChain(
        'q',
        'sluice:assignment="history" sluice:fallback="shortest-queue" sluice:responsible="group:desk"',
      ),
    ]);
    const id = await h.start('p');
    await doTask(h, id, 'ben');
    expect((await onlyTask(h, id)).assignee).toBe('ben');
    // History is this case's only: a new case, even of a task ben always did, goes to the fallback.
    const fresh = await h.start('q');
    const [allocated] = await h.events(fresh, 'task.allocated');
    expect(allocated!.data).toMatchObject({ assignee: 'ana', strategy: 'shortest-queue' });
  });

  it("WRP-10 Organisational allocation: the task goes to the initiator's supervisor", async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="organisational"')]);
    const id = await h.start('p', { actor: 'ana' });
    expect((await onlyTask(h, id)).assignee).toBe('sue');
  });

  it('WRP-11 Automatic execution: a service task runs with no person and leaves no work item', async () => {
    const model = bpmn(
      'p',
      `<bpmn:startEvent id="s"/>${serviceTask('charge', 'charge')}<bpmn:endEvent id="e"/>${flows('s>charge', 'charge>e')}`,
    );
    h = await workHarness([model]);
    h.sluice.registerHandler('charge', () => ({ charged: true }));
    const id = await h.start('p');
    await h.advance(0);
    const details = await h.sluice.instance(id);
    expect([details.status, details.variables.charged]).toEqual(['completed', true]);
    expect((await h.sluice.tasks({ instanceId: id })).items).toEqual([]);
    const done = details.history.find((e) => e.type === 'element.completed' && e.elementId === 'charge');
    expect(done?.actor).toBeUndefined();
  });
});
