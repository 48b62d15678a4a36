/** Workflow resource patterns 12-20: push, the system distributes work. */
import { afterEach, describe, expect, it } from 'vitest';
import { type WorkHarness, workHarness } from '../../work/work-harness.js';
import { doTask, onlyTask, taskChain } from './resource-models.js';

let h: WorkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const deskWork = (user: string, groups = ['desk']) => ({ workableBy: { user, groups } });

describe('workflow resource patterns: push', () => {
  it('WRP-12 Distribution by offer, single resource: one person is offered the task, not bound to it', async () => {
    h = await workHarness([taskChain('p', 'sluice:responsible="user:kim"')]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    expect([task.assignee, task.candidateUsers]).toEqual([undefined, ['kim']]);
    expect((await h.sluice.work.notifications('kim')).map((n) => n.type)).toEqual(['task.offered']);
    await h.sluice.claimTask(task.id, 'kim');
    expect((await onlyTask(h, id)).assignee).toBe('kim');
  });

  it('WRP-13 Distribution by offer, multiple resources: the group sees it until one of them takes it', async () => {
    h = await workHarness([taskChain('p', 'sluice:responsible="group:desk"')]);
    const id = await h.start('p');
    const task = await onlyTask(h, id);
    expect((await h.sluice.tasks(deskWork('ana'))).items.map((t) => t.id)).toEqual([task.id]);
    expect((await h.sluice.tasks(deskWork('ben'))).items.map((t) => t.id)).toEqual([task.id]);
    await h.sluice.claimTask(task.id, 'ana');
    expect((await h.sluice.tasks(deskWork('ben'))).items).toEqual([]);
    expect((await h.sluice.tasks(deskWork('ana'))).items.map((t) => t.id)).toEqual([task.id]);
  });

  it('WRP-14 Distribution by allocation, single resource: the task is bound to one person, who is told', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:assignment="shortest-queue" sluice:responsible="group:desk"'),
    ]);
    const id = await h.start('p');
    expect((await onlyTask(h, id)).assignee).toBe('ana');
    expect((await h.sluice.work.notifications('ana')).map((n) => n.type)).toEqual(['task.assigned']);
    expect(await h.sluice.work.notifications('ben')).toEqual([]);
  });

  it('WRP-15 Random allocation: the task goes to one of the candidates, drawn at random', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="random" sluice:responsible="group:desk"')]);
    for (let i = 0; i < 4; i++) {
      const id = await h.start('p');
      expect(['ana', 'ben']).toContain((await onlyTask(h, id)).assignee);
      const [allocated] = await h.events(id, 'task.allocated');
      expect(allocated!.data).toMatchObject({ strategy: 'random' });
    }
  });

  it('WRP-16 Round robin allocation: the candidates take turns', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:assignment="round-robin" sluice:responsible="group:desk"'),
    ]);
    const held: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) held.push((await onlyTask(h, await h.start('p'))).assignee);
    expect(held).toEqual(['ana', 'ben', 'ana', 'ben']);
  });

  it('WRP-17 Shortest queue: the task goes to whoever holds the least open work', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:assignment="shortest-queue" sluice:responsible="group:desk"'),
    ]);
    const first = await h.start('p');
    const second = await h.start('p');
    expect([(await onlyTask(h, first)).assignee, (await onlyTask(h, second)).assignee]).toEqual([
      'ana',
      'ben',
    ]);
    const third = await h.start('p'); // one each: ties go by id
    expect((await onlyTask(h, third)).assignee).toBe('ana');
    await doTask(h, first, 'ana');
    await doTask(h, third, 'ana');
    expect((await onlyTask(h, await h.start('p'))).assignee).toBe('ana'); // ana 0, ben 1
  });

  it('WRP-18 Early distribution (not supported): nobody is offered a task before it is enabled', async () => {
    h = await workHarness([
      taskChain('p', 'sluice:responsible="group:desk"', 'sluice:assignment="direct" sluice:assignee="kim"'),
    ]);
    const id = await h.start('p');
    expect((await h.sluice.tasks({ assignee: 'kim' })).items).toEqual([]);
    expect(await h.sluice.work.notifications('kim')).toEqual([]);
    await doTask(h, id, 'ana');
    expect((await h.sluice.tasks({ assignee: 'kim' })).items.map((t) => t.elementId)).toEqual(['t2']);
  });

  it('WRP-19 Distribution on enablement: the task is allocated at the moment it is enabled', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="direct" sluice:assignee="ben"')]);
    const id = await h.start('p');
    const { history } = await h.sluice.instance(id);
    const enabled = history.find((e) => e.type === 'element.enabled' && e.elementId === 't1');
    const allocated = history.find((e) => e.type === 'task.allocated');
    expect(allocated?.at).toBe(enabled?.at);
    expect((await onlyTask(h, id)).assignee).toBe('ben');
  });

  it('WRP-20 Late distribution (not supported): a task nobody could take is not pushed when someone frees up', async () => {
    h = await workHarness([taskChain('p', 'sluice:assignment="round-robin" sluice:responsible="user:ana"')]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await h.start('p'));
    expect((await onlyTask(h, ids[3]!)).assignee).toBeUndefined(); // ana is at capacity (3)
    await doTask(h, ids[0]!, 'ana');
    await h.advance(60_000);
    // The work stays an open offer that ana may pull; the engine does not distribute it late.
    const waiting = await onlyTask(h, ids[3]!);
    expect([waiting.assignee, waiting.candidateUsers]).toEqual([undefined, ['ana']]);
    await h.sluice.claimTask(waiting.id, 'ana');
  });
});
